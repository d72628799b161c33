package app

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/place"
	"sealdesk/store"
)

// One request, several placements (issue 16 point 1): the approver signs all
// of them, one stamp with one PIN puts the seal at each (a signature a mark),
// pdfsig, PDFium and our verifier agree, and the ledger names every mark.
func TestStampSeveralPlacements(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	doc := demoDoc(w)
	marks := place.List{{Page: 1, XMM: 60, YMM: 90}, {Page: 2, XMM: 60, YMM: 90}, {Page: 2, XMM: 150, YMM: 240}}
	id, err := w.Request(ctx, login(t, w, "custodian"), RequestInput{Seal: "contract", DocPath: doc, Placements: marks, Reason: "合同及附件"})
	if err != nil {
		t.Fatal(err)
	}
	req := lastEntry(t, w)
	for _, want := range []string{"page 1 at (60.0, 90.0) mm", "page 2 at (60.0, 90.0) mm", "page 2 at (150.0, 240.0) mm"} {
		if !strings.Contains(req.Detail, want) {
			t.Errorf("request entry %q does not name %q", req.Detail, want)
		}
	}
	// The same marks again are the same request; other marks are another.
	if _, err := w.Request(ctx, login(t, w, "custodian"), RequestInput{Seal: "contract", DocPath: doc, Placements: marks}); Code(err) != "duplicate_request" {
		t.Fatalf("the same placements again: %v, want duplicate_request", err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, "同意"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	res, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Fields, ",") != "Seal1,Seal1-2,Seal1-3" {
		t.Errorf("fields %v", res.Fields)
	}
	if rep := pdfsig(t, out); strings.Count(rep, "Signature is Valid.") != 3 || !strings.Contains(rep, "Total document signed") {
		t.Fatalf("pdfsig:\n%s", rep)
	}
	qpdfCheck(t, out)
	stamped, _ := os.ReadFile(out)
	checkPDFium(t, stamped, []int{1, 2, 3}, 1, 60, 90)
	checkPDFium(t, stamped, []int{1, 2, 3}, 2, 150, 240)
	roots, _ := w.Roots()
	v, err := VerifyFile(ctx, out, VerifyOptions{Roots: roots, At: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid || len(v.Signatures) != 3 {
		t.Fatalf("verify: valid %v, %d signatures", v.Valid, len(v.Signatures))
	}
	for i, s := range v.Signatures {
		if s.Page != marks[i].Page || s.ModifiedAfter || s.Trust != Trusted {
			t.Errorf("signature %d: page %d modified %v trust %v", i+1, s.Page, s.ModifiedAfter, s.Trust)
		}
	}
	e := lastEntry(t, w)
	if e.Kind != EntryStamp || e.Outcome != store.OutcomeOK || !strings.Contains(e.Detail, "page 2 at (150.0, 240.0) mm") ||
		!strings.Contains(e.Detail, "Seal1, Seal1-2, Seal1-3") {
		t.Fatalf("stamp entry %+v", e)
	}
}

// The approver signs every mark: a mark moved with SQL after approval makes
// the approval fail its signature, and the stamp is refused.
func TestPlacementsEditedWithSQLRefused(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	marks := place.List{{Page: 1, XMM: 60, YMM: 90}, {Page: 2, XMM: 60, YMM: 90}}
	id, err := w.Request(ctx, login(t, w, "custodian"), RequestInput{Seal: "contract", DocPath: demoDoc(w), Placements: marks})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, "同意"); err != nil {
		t.Fatal(err)
	}
	sqlExec(t, w, "UPDATE requests SET placements = ? WHERE id = ?", "1:60.000:90.000 2:60.000:90.000 2:100.000:100.000", id)
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	_, err = w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
	if err == nil {
		t.Fatal("a mark added with SQL after approval was stamped")
	}
	if _, serr := os.Stat(out); !os.IsNotExist(serr) {
		t.Errorf("a refused stamp left %s", out)
	}
	t.Logf("refused: %v", err)
}

// A cross-page seal (骑缝章) over both pages of the demo contract: each page
// shows its half of the seal at the right edge, at the same height, and the
// halves join — the seal's red at page 1's cut edge is where it is at page 2's
// (rendered by PDFium here; poppler in pdfsign's TestSignSeamSlices).
func TestStampSeam(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	id, err := w.Request(ctx, login(t, w, "custodian"), RequestInput{Seal: "contract", DocPath: demoDoc(w),
		Seam: &SeamInput{Edge: place.Right}})
	if err != nil {
		t.Fatal(err)
	}
	if d := lastEntry(t, w).Detail; !strings.Contains(d, "seam right pages 1-2") || !strings.Contains(d, "slice 2/2") {
		t.Errorf("request entry %q does not name the seam and its slices", d)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, "同意"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "seam.pdf")
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	if rep := pdfsig(t, out); strings.Count(rep, "Signature is Valid.") != 2 {
		t.Fatalf("pdfsig:\n%s", rep)
	}
	stamped, _ := os.ReadFile(out)
	d, err := renderer(t).Open(stamped)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	const dpi = 144
	var pages [2]*image.RGBA
	for i := range pages {
		if pages[i], err = d.Render(ctx, i, dpi); err != nil {
			t.Fatal(err)
		}
	}
	sl, err := w.FindSeal(ctx, "contract")
	if err != nil {
		t.Fatal(err)
	}
	px := func(mm float64) int { return int(mm / 25.4 * dpi) }
	pw := pages[0].Bounds().Dx()
	half := px(sl.WidthMM / 2)
	redRows := func(img *image.RGBA, x int) map[int]bool {
		rows := map[int]bool{}
		for y := 0; y < img.Bounds().Dy(); y++ {
			if c := img.RGBAAt(x, y); c.R > 150 && c.G < 110 && c.B < 110 {
				rows[y] = true
			}
		}
		return rows
	}
	// Page 1 ends with the seal's middle column at its right edge; page 2's
	// slice starts with it, half a seal in from its right edge.
	a, b := redRows(pages[0], pw-2), redRows(pages[1], pw-half+1)
	if len(a) < 5 || len(b) < 5 {
		t.Fatalf("no seal at the cut: %d red rows on page 1's edge, %d on page 2's slice", len(a), len(b))
	}
	same := 0
	for y := range a {
		if b[y] || b[y-1] || b[y+1] {
			same++
		}
	}
	if same*10 < len(a)*8 {
		t.Errorf("the halves do not join: %d of %d red rows at page 1's cut match page 2's", same, len(a))
	}
	// Nothing of the seal left of the slice on either page.
	for i, img := range pages {
		if n := redAround(img, float64(pw-half-px(8)), float64(img.Bounds().Dy()/2), float64(px(4))); n > 0 {
			t.Errorf("page %d: %d seal-red pixels left of its slice", i+1, n)
		}
	}
}

// Bad seam and page input is refused with the problem named, nothing filed.
func TestPlacementInputRefused(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	s := login(t, w, "custodian")
	before := ledgerCount(t, w)
	for _, tc := range []struct {
		name string
		in   RequestInput
		code string
	}{
		{"seam over one page", RequestInput{Seam: &SeamInput{Edge: place.Right, Pages: "2"}}, "seam_pages"},
		{"seam edge", RequestInput{Seam: &SeamInput{Edge: "diagonal"}}, "seam_edge"},
		{"seam pages past the end", RequestInput{Seam: &SeamInput{Edge: place.Left, Pages: "1-3"}}, "page_list"},
		{"a mark past the last page", RequestInput{Placements: place.List{{Page: 1, XMM: 60, YMM: 90}, {Page: 3, XMM: 60, YMM: 90}}}, "page_range"},
		{"a mark off its page", RequestInput{Placements: place.List{{Page: 1, XMM: 60, YMM: 90}, {Page: 2, XMM: 500, YMM: 90}}}, "off_page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Seal, tc.in.DocPath = "contract", demoDoc(w)
			_, err := w.Request(ctx, s, tc.in)
			if Code(err) != tc.code {
				t.Fatalf("Request = %v, want %s", err, tc.code)
			}
			if msg := Message(err, "zh-CN"); strings.Contains(msg, "err.") || msg == "" {
				t.Errorf("message %q", msg)
			}
		})
	}
	if n := ledgerCount(t, w); n != before {
		t.Errorf("%d entries written for refused input", n-before)
	}
}

// A request file carries the exact document (issue 16 point 1): headquarters
// sees the pages of a request made in the field, with every mark, approves
// all the marks, and the field stamps them offline; a file whose document is
// not the requested one is refused whole.
func TestRequestFileCarriesTheDocument(t *testing.T) {
	ctx := context.Background()
	field := demo(t)
	center := hq(t, field)
	trust(t, field, center)
	dir := t.TempDir()
	cust := login(t, field, "custodian")
	marks := place.List{{Page: 1, XMM: 60, YMM: 90}, {Page: 2, XMM: 150, YMM: 240}}
	id, err := field.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: demoDoc(field), Placements: marks, Reason: "外勤合同"})
	if err != nil {
		t.Fatal(err)
	}
	if err := field.ExportRequest(ctx, cust, id, filepath.Join(dir, "req.json")); err != nil {
		t.Fatal(err)
	}
	if e := lastEntry(t, field); !strings.Contains(e.Detail, "with the document") {
		t.Errorf("export entry %q", e.Detail)
	}

	// The same file with one byte of its document changed is refused whole.
	var f RequestFile
	b, _ := os.ReadFile(filepath.Join(dir, "req.json"))
	if err := json.Unmarshal(b, &f); err != nil || len(f.Document) == 0 {
		t.Fatalf("the request file carries no document: %v", err)
	}
	f.Document[len(f.Document)/2] ^= 1
	b, _ = json.Marshal(&f)
	os.WriteFile(filepath.Join(dir, "swapped.json"), b, 0o600)
	appr := login(t, center, "approver")
	if _, err := center.ImportRequest(ctx, appr, filepath.Join(dir, "swapped.json")); Code(err) != "request_file" {
		t.Fatalf("a request file with another document: %v", err)
	}

	if _, err := center.ImportRequest(ctx, appr, filepath.Join(dir, "req.json")); err != nil {
		t.Fatal(err)
	}
	got, err := center.StampRequest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.DocPath, center.Home) || got.Placements.String() != marks.String() {
		t.Fatalf("at headquarters: document %s, placements %s", got.DocPath, got.Placements)
	}
	if doc, err := center.OpenDocument(ctx, got.DocPath); err != nil || doc.SM3 != got.DocHash {
		t.Fatalf("headquarters cannot read the carried document: %v", err)
	}
	if err := center.Approve(ctx, appr, id, "总部同意"); err != nil {
		t.Fatal(err)
	}
	if err := center.ExportRequest(ctx, appr, id, filepath.Join(dir, "approved.json")); err != nil {
		t.Fatal(err)
	}
	if _, err := field.ImportRequest(ctx, cust, filepath.Join(dir, "approved.json")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	res, err := field.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
	if err != nil {
		t.Fatalf("offline stamp: %v", err)
	}
	if len(res.Fields) != 2 {
		t.Fatalf("fields %v", res.Fields)
	}
}

// Everything else follows (issue 16 point 5): the audit report names a seam
// stamp's edge and pages and a multi-mark stamp's every spot; a paper copy of
// the seam-stamped file is printed with both slices (PDFium renders the
// copy: the seal's red at each page's right edge).
func TestSeamInReportAndCopies(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	cust := login(t, w, "custodian")
	seam, err := w.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: demoDoc(w), Seam: &SeamInput{Edge: place.Right}})
	if err != nil {
		t.Fatal(err)
	}
	multi, err := w.Request(ctx, cust, RequestInput{Seal: "contract", DocPath: demoDoc(w),
		Placements: place.List{{Page: 1, XMM: 60, YMM: 90}, {Page: 2, XMM: 150, YMM: 240}}})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "seam.pdf")
	for i, id := range []string{seam, multi} {
		if err := w.Approve(ctx, login(t, w, "approver"), id, "同意"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: filepath.Join(filepath.Dir(out), fmt.Sprint(i, ".pdf")), PIN: DemoPIN}); err != nil {
			t.Fatal(err)
		}
	}
	out = filepath.Join(filepath.Dir(out), "0.pdf")
	path := filepath.Join(t.TempDir(), "report.pdf")
	o := auditDay()
	o.Lang = "zh-CN"
	if _, err := w.AuditReport(ctx, login(t, w, "auditor"), o, path); err != nil {
		t.Fatal(err)
	}
	// The table's cells wrap: each phrase is looked for where it is not cut.
	text := strings.Join(strings.Fields(pdftotext(t, path)), "")
	for _, want := range []string{"骑缝章：右边，2", "第1页(60.0,90.0)", "毫米；第2页(150.0,", "240.0)毫米"} {
		if !strings.Contains(text, want) {
			t.Errorf("the audit report does not say %q", want)
		}
	}

	printer := login(t, w, "printer")
	pid, err := w.RequestPrint(ctx, printer, out, 1, "存档")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), pid, "同意"); err != nil {
		t.Fatal(err)
	}
	res, err := w.Print(ctx, printer, PrintInput{RequestID: pid, OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	copyPDF, _ := os.ReadFile(res.Files[0])
	d, err := renderer(t).Open(copyPDF)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for i := 0; i < 2; i++ {
		img, err := d.Render(ctx, i, 72)
		if err != nil {
			t.Fatal(err)
		}
		// The right-most 15 mm of the page, around its middle: the slice.
		b := img.Bounds()
		n := 0
		for y := b.Dy() / 3; y < 2*b.Dy()/3; y++ {
			for x := b.Dx() - 43; x < b.Dx(); x++ {
				if c := img.RGBAAt(x, y); c.R > 150 && c.G < 110 && c.B < 110 {
					n++
				}
			}
		}
		if n < 40 {
			t.Errorf("copy page %d: %d seal-red pixels at the right edge, no slice", i+1, n)
		}
	}
}
