package app

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/internal/osslofd"
	"sealdesk/ofd"
	"sealdesk/pdfview"
	"sealdesk/place"
	"sealdesk/store"
)

// ofdLetter writes a short Chinese 公文 as a new OFD file in dir.
func ofdLetter(t testing.TB, dir, name string) string {
	t.Helper()
	var b bytes.Buffer
	if err := ofd.WriteLetter(&b, ofd.Letter{
		Header: "示例科技有限公司", Number: "示科发〔2026〕7号", Title: "关于启用电子印章的通知",
		Body:    []string{"各部门：", "自即日起，公司公文和合同统一使用电子印章，纸质印章停止使用。", "特此通知。"},
		Closing: []string{"示例科技有限公司", "2026年11月22日"},
	}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func fileSM3(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sm3Hex(b)
}

// TestStampOFD: request → approval → stamp of an OFD with the SM2 official
// seal, checked by the project's verifier and by OpenSSL; the original
// untouched; the approval used once; a second stamp (a new request on the
// stamped copy) keeps the first signature valid.
func TestStampOFD(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	cust := login(t, w, "custodian")
	dir := t.TempDir()
	doc := ofdLetter(t, dir, "通知.ofd")
	before := fileSM3(t, doc)

	id := approved(t, w, "official", doc, 1, 150, 240)
	req, err := w.db.Request(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if req.DocHash != before {
		t.Fatalf("the request covers %s, the OFD file's SM3 is %s", req.DocHash, before)
	}
	first := filepath.Join(dir, "通知-盖章.ofd")
	res, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: first, PIN: DemoPIN})
	if err != nil {
		t.Fatal(err)
	}
	if got := fileSM3(t, doc); got != before {
		t.Fatalf("the original changed: %s → %s", before, got)
	}
	if res.OutHash != fileSM3(t, first) || len(res.Fields) != 1 || !strings.HasSuffix(res.Field, "Signature.xml") {
		t.Fatalf("result %+v (file SM3 %s)", res, fileSM3(t, first))
	}
	if e := lastEntry(t, w); e.Kind != EntryStamp || e.Outcome != store.OutcomeOK || e.OutHash != res.OutHash || e.DocHash != before {
		t.Fatalf("ledger: %+v", e)
	}
	if r, _ := w.db.Request(ctx, id); r.Status != store.RequestUsed {
		t.Fatalf("request status %s", r.Status)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	roots, _ := w.Roots()
	checkOFDVerifies(t, first, 1)
	v, err := VerifyFile(ctx, first, VerifyOptions{Roots: roots, At: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if s := v.Signatures; !v.Valid || v.Kind != KindOFD || len(s) != 1 || s[0].Trust != Trusted || s[0].SealName != DemoOrganisation || s[0].Page != 1 || !s[0].CoversWholeDocument {
		t.Fatalf("verify: %+v", v)
	}
	osslofd.Verify(t, first, 1)

	// The approval is spent.
	again := filepath.Join(dir, "again.ofd")
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: again, PIN: DemoPIN}); Code(err) != "already_used" {
		t.Fatalf("second stamp on one approval = %v", err)
	}
	if _, err := os.Stat(again); !os.IsNotExist(err) {
		t.Fatalf("a refused stamp wrote %s", again)
	}

	// A second stamp, another approval, on the stamped copy, two marks.
	id2, err := w.Request(ctx, cust, RequestInput{Seal: "finance", DocPath: first, Reason: "会签",
		Placements: place.List{{Page: 1, XMM: 60, YMM: 240}, {Page: 1, XMM: 105, YMM: 60}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id2, "同意"); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(dir, "通知-会签.ofd")
	res2, err := w.Stamp(ctx, cust, StampInput{RequestID: id2, OutPath: second, PIN: DemoPIN})
	if err != nil {
		t.Fatal(err)
	}
	if len(res2.Fields) != 2 {
		t.Fatalf("two marks gave %v", res2.Fields)
	}
	v, err = VerifyFile(ctx, second, VerifyOptions{Roots: roots, At: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid || len(v.Signatures) != 3 {
		t.Fatalf("after the second stamp: %+v", v)
	}
	for i, s := range v.Signatures {
		if s.Integrity != Valid || s.Trust != Trusted || s.ModifiedAfter {
			t.Errorf("signature %d: %+v", i+1, s)
		}
	}
	osslofd.Verify(t, second, 3)
}

// checkOFDVerifies runs ofd.Verify directly: every signature intact.
func checkOFDVerifies(t *testing.T, path string, n int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ofd.Verify(bytes.NewReader(b), int64(len(b)), ofd.VerifyOptions{})
	if err != nil || len(rep.Signatures) != n {
		t.Fatalf("ofd.Verify: %v %+v", err, rep)
	}
	for _, s := range rep.Signatures {
		if !s.Intact || s.SealErr != nil {
			t.Fatalf("%s: intact %v, seal %v, %v", s.Path, s.Intact, s.SealErr, s.IntegrityErr)
		}
	}
}

// TestRequestOFDRefused: what an OFD cannot be stamped with or at is refused
// when the request is filed, with a message in both languages, and nothing
// is written.
func TestRequestOFDRefused(t *testing.T) {
	dir := t.TempDir()
	good := ofdLetter(t, dir, "通知.ofd")
	data, _ := os.ReadFile(good)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	truncated := write("truncated.ofd", data[:len(data)/2])
	var evil bytes.Buffer
	zw := zip.NewWriter(&evil)
	for _, n := range []string{"OFD.xml", "../../evil.xml"} {
		fw, _ := zw.Create(n)
		fw.Write([]byte(`<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>`))
	}
	zw.Close()
	traversal := write("traversal.ofd", evil.Bytes())
	noDoc := write("nodoc.ofd", zipOf(t, map[string]string{"OFD.xml": `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`}))

	spot := func(seal, doc string, page int, x, y float64) RequestInput {
		return RequestInput{Seal: seal, DocPath: doc, Page: page, XMM: x, YMM: y}
	}
	tests := []struct {
		name   string
		in     RequestInput
		code   string
		zhWant string // a word the Chinese message must hold
	}{
		{"ECDSA seal", spot("contract", good, 1, 150, 240), CodeOFDSealNotSM2, "SM2"},
		{"truncated package", spot("official", truncated, 1, 150, 240), "ofd_unreadable", "OFD"},
		{"path traversal name", spot("official", traversal, 1, 150, 240), "ofd_unsafe", "不安全"},
		{"missing Document.xml", spot("official", noDoc, 1, 150, 240), "ofd_missing", "缺少"},
		{"page after the last", spot("official", good, 2, 150, 240), "page_range", "页"},
		{"seal over the edge", spot("official", good, 1, 5, 240), "off_page", "页面"},
		{"seam", RequestInput{Seal: "official", DocPath: good, Seam: &SeamInput{Edge: place.Right}}, CodeOFDNoSeam, "骑缝"},
		{"keyword", RequestInput{Seal: "official", DocPath: good, Keyword: &pdfview.KeywordRule{Keyword: "通知"}}, CodeOFDNoKeyword, "关键字"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := demo(t)
			s := login(t, w, "custodian")
			snap := dbSnapshot(t, w)
			_, err := w.Request(context.Background(), s, tc.in)
			if Code(err) != tc.code {
				t.Fatalf("Request = %v (code %q), want %q", err, Code(err), tc.code)
			}
			zh, en := Message(err, "zh-CN"), Message(err, "en")
			if !strings.Contains(zh, tc.zhWant) || strings.HasPrefix(en, "err.") || en == zh {
				t.Errorf("messages %q / %q", zh, en)
			}
			if after := dbSnapshot(t, w); after != snap {
				t.Fatalf("the store changed: %s → %s", snap, after)
			}
		})
	}
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for n, s := range files {
		fw, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(s))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestStampOFDChangedAfterApproval: an OFD changed after its approval is
// refused, nothing is written, the refusal is in the ledger.
func TestStampOFDChangedAfterApproval(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	dir := t.TempDir()
	doc := ofdLetter(t, dir, "通知.ofd")
	id := approved(t, w, "official", doc, 1, 150, 240)
	// Another letter under the same name: a valid OFD, other bytes.
	var b bytes.Buffer
	if err := ofd.WriteLetter(&b, ofd.Letter{Title: "关于调整会议时间的通知", Body: []string{"会议改至下午三时。"}}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(doc, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.ofd")
	_, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
	if Code(err) != "doc_changed" {
		t.Fatalf("stamp of a changed OFD = %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a refused stamp wrote its output")
	}
	if e := lastEntry(t, w); e.Kind != EntryStamp || e.Outcome == store.OutcomeOK {
		t.Fatalf("ledger: %+v", e)
	}
	if r, _ := w.db.Request(ctx, id); r.Status != store.RequestApproved {
		t.Fatalf("status %s: a refusal before reserving leaves the approval as it was", r.Status)
	}
}

// TestOFDCarriesWitness (issue 12 point 5, OFD): a stamped OFD carries the
// ledger's head at its reservation in a file its own signature covers
// (ofd.WitnessFile); `ledger verify --witness` reads it; a second stamp's
// witness leaves the first signature unmodified; once the reservation's
// entry is rewritten with SQL and the chain and heads re-made with the
// workstation key, the OFD's witness says so.
func TestOFDCarriesWitness(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	cust := login(t, w, "custodian")
	dir := t.TempDir()
	doc := ofdLetter(t, dir, "通知.ofd")
	id := approved(t, w, "official", doc, 1, 150, 240)
	first := filepath.Join(dir, "first.ofd")
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: first, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	start := entryOf(t, w, "stamp.start", "custodian")
	checks, err := w.CheckWitnesses(ctx, []string{first})
	if err != nil || len(checks) != 1 || checks[0].Err != nil || checks[0].Witness.Seq != start.Seq {
		t.Fatalf("witness of the stamped OFD: %+v, %v (stamp.start is %d)", checks, err, start.Seq)
	}
	id2 := approved(t, w, "finance", first, 1, 60, 240)
	second := filepath.Join(dir, "second.ofd")
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id2, OutPath: second, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	data := mustRead(t, second)
	rep, err := ofd.Verify(bytes.NewReader(data), int64(len(data)), ofd.VerifyOptions{})
	if err != nil || len(rep.Signatures) != 2 {
		t.Fatalf("verify: %v, %+v", err, rep)
	}
	for _, s := range rep.Signatures {
		if !s.Intact || s.ModifiedAfter || s.Witness == nil {
			t.Fatalf("signature %s: intact %v, modified %v (%s), witness %q", s.ID, s.Intact, s.ModifiedAfter, s.Modification, s.Witness)
		}
	}
	if checks, err := w.CheckWitnesses(ctx, []string{second}); err != nil || len(checks) != 2 {
		t.Fatalf("witnesses of the twice-stamped OFD: %+v, %v", checks, err)
	}

	sqlExec(t, w, "UPDATE ledger SET detail = 'pid 1; output other.ofd' WHERE seq = ?", start.Seq)
	rechain(t, w, start.Seq)
	checks, err = w.CheckWitnesses(ctx, []string{first})
	if err != nil || Code(checks[0].Err) != "witness_rewritten" {
		t.Fatalf("after the rewrite: %+v, %v", checks, err)
	}
}

// TestDemoHasOFD (issue 15 point 4): the demo workspace holds a one-page
// 公文 in OFD beside the contract, unsigned, which the SM2 official seal
// stamps through the workflow.
func TestDemoHasOFD(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	doc := filepath.Join(w.Home, "documents", DemoOFD)
	data := mustRead(t, doc)
	if DetectFormat(data) != FormatOFD {
		t.Fatalf("%s is not an OFD", DemoOFD)
	}
	rep, err := ofd.Verify(bytes.NewReader(data), int64(len(data)), ofd.VerifyOptions{})
	if err != nil || rep.Documents != 1 || len(rep.Signatures) != 0 {
		t.Fatalf("demo OFD: %+v, %v", rep, err)
	}
	id := approved(t, w, "official", doc, 1, 150, 240)
	out := filepath.Join(t.TempDir(), "通知-盖章.ofd")
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	checkOFDVerifies(t, out, 1)
}
