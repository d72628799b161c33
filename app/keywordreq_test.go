package app

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/internal/testpdf"
	"sealdesk/pdfview"
)

func mutoolCJK(t testing.TB, pages ...[]testpdf.CJKText) string {
	t.Helper()
	p, err := testpdf.MutoolCJK(t.TempDir(), "模板.pdf", pages...)
	if errors.Is(err, testpdf.ErrNoMutool) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Keyword placement (issue 16 point 2) in a request: the seal's centre goes
// on the keyword in a document another tool wrote; the approval signs the
// positions found and the rule; two matches with no index are refused with
// the count and the pages, nothing filed; "all" puts a mark on each.
func TestRequestByKeyword(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	doc := mutoolCJK(t,
		[]testpdf.CJKText{{Text: "甲方（盖章）", X: 80, Y: 200}, {Text: "乙方（盖章）", X: 330, Y: 200}},
		[]testpdf.CJKText{{Text: "附件一", X: 80, Y: 700}, {Text: "盖章处", X: 300, Y: 150}})
	cust := login(t, w, "custodian")
	id, err := w.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: doc, Keyword: &pdfview.KeywordRule{Keyword: "盖章处"}, Reason: "附件"})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := w.StampRequest(ctx, id)
	// 盖章处 at 16 pt from x = 300 pt, baseline 150 pt up: centre ≈ (300+24) pt
	// across, 841.89−150−~5 pt down (the font is not embedded: PDFium's
	// fallback glyph boxes put the centre within a couple of mm of the em box's).
	wantX, wantY := (300.0+24)/72*25.4, (841.89-150-5.5)/72*25.4
	if len(r.Placements) != 1 || r.Placements[0].Page != 2 || math.Abs(r.Placements[0].XMM-wantX) > 1.5 || math.Abs(r.Placements[0].YMM-wantY) > 2.5 {
		t.Fatalf("placements %s, want page 2 near (%.1f, %.1f) mm", r.Placements, wantX, wantY)
	}
	if r.Rule != "keyword 盖章处" || !strings.Contains(PlacementsText("zh-CN", r), "按关键字“盖章处”定位") {
		t.Errorf("rule %q, text %q", r.Rule, PlacementsText("zh-CN", r))
	}
	// The rule is signed: changed with SQL after approval, the stamp is refused.
	if err := w.Approve(ctx, login(t, w, "approver"), id, "同意"); err != nil {
		t.Fatal(err)
	}
	sqlExec(t, w, "UPDATE requests SET rule = 'keyword 乙方' WHERE id = ?", id)
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "x.pdf"), PIN: DemoPIN}); err == nil {
		t.Fatal("a rule edited after approval was stamped")
	}

	before := len(mustRequests(t, w))
	_, err = w.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: doc, Keyword: &pdfview.KeywordRule{Keyword: "(盖章)"}})
	if Code(err) != CodeKeywordAmbiguous || !strings.Contains(Message(err, "zh-CN"), "出现 2 次（第 1 页）") {
		t.Fatalf("two matches, no index: %v / %s", err, Message(err, "zh-CN"))
	}
	if _, err := w.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: doc, Keyword: &pdfview.KeywordRule{Keyword: "丙方"}}); Code(err) != CodeKeywordNone {
		t.Fatalf("no match: %v", err)
	}
	if n := len(mustRequests(t, w)); n != before {
		t.Fatalf("%d requests filed by refused keywords", n-before)
	}
	all, err := w.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: doc,
		Keyword: &pdfview.KeywordRule{Keyword: "（盖章）", Index: pdfview.AllMatches, DYMM: -5}})
	if err != nil {
		t.Fatal(err)
	}
	r, _ = w.StampRequest(ctx, all)
	if len(r.Placements) != 2 || r.Placements[0].XMM >= r.Placements[1].XMM {
		t.Fatalf("all matches: %s", r.Placements)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), all, "同意"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	if res, err := w.Stamp(ctx, cust, StampInput{RequestID: all, OutPath: out, PIN: DemoPIN}); err != nil || len(res.Fields) != 2 {
		t.Fatalf("stamp: %v", err)
	}
	if rep := pdfsig(t, out); strings.Count(rep, "Signature is Valid.") != 2 {
		t.Fatalf("pdfsig:\n%s", rep)
	}
}
