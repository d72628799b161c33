package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/internal/hostsecret"
	"sealdesk/internal/testpdf"
	"sealdesk/pdfview"
	"sealdesk/store"
)

// testNow is the fixed clock of the tests: the demo's certificates and seals are
// valid from an hour before it for years.
var testNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)

// template is a demo workspace made once; each test works on its own copy.
var template string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sealdesk-app-test")
	if err != nil {
		panic(err)
	}
	template = filepath.Join(dir, "demo")
	// Workstation secrets go to the tests' own folder, never the user's.
	os.Setenv(hostsecret.EnvDir, filepath.Join(dir, "secrets"))
	if err := InitDemo(context.Background(), template, rand.Reader, testNow); err != nil {
		fmt.Fprintln(os.Stderr, "init demo:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// demo returns an open copy of the demo workspace.
func demo(t testing.TB) *Workspace {
	t.Helper()
	home := filepath.Join(t.TempDir(), "demo")
	if err := copyTree(template, home); err != nil {
		t.Fatal(err)
	}
	w, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	w.Now = func() time.Time { return testNow }
	t.Cleanup(func() { w.Close() })
	return w
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

func login(t testing.TB, w *Workspace, name string) *Session {
	t.Helper()
	s, err := w.Login(context.Background(), name, DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func demoDoc(w *Workspace) string { return filepath.Join(w.Home, docsDir, DemoDocument) }

// approved files and approves a request, returning its id.
func approved(t testing.TB, w *Workspace, sealID, doc string, page int, x, y float64) string {
	t.Helper()
	ctx := context.Background()
	id, err := w.Request(ctx, login(t, w, "custodian"), RequestInput{Seal: sealID, DocPath: doc, Page: page, XMM: x, YMM: y, Reason: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, "同意"); err != nil {
		t.Fatal(err)
	}
	return id
}

// allEntries is the whole ledger, row records included.
func allEntries(t testing.TB, w *Workspace) []store.Entry {
	t.Helper()
	es, err := w.db.Ledger(context.Background(), store.LedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// actEntries is the ledger without its row records (issue 12): the entries
// of acts, which most tests count. Row records are configcheck_test's.
func actEntries(t testing.TB, w *Workspace) []store.Entry {
	t.Helper()
	var out []store.Entry
	for _, e := range allEntries(t, w) {
		if e.Kind != store.KindRow {
			out = append(out, e)
		}
	}
	return out
}

// ledgerCount counts the entries of acts.
func ledgerCount(t testing.TB, w *Workspace) int {
	t.Helper()
	return len(actEntries(t, w))
}

// lastEntry is the entry of the last act.
func lastEntry(t testing.TB, w *Workspace) store.Entry {
	t.Helper()
	es := actEntries(t, w)
	if len(es) == 0 {
		t.Fatal("empty ledger")
	}
	return es[len(es)-1]
}

func needTool(t testing.TB, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s is not installed (packaging/install-deps.sh installs it): %v", tool, err)
	}
}

// pdfsig runs poppler's validator and returns its report.
func pdfsig(t testing.TB, path string) string {
	t.Helper()
	needTool(t, "pdfsig")
	out, _ := exec.Command("pdfsig", "-nocert", path).CombinedOutput()
	return string(out)
}

func qpdfCheck(t testing.TB, path string) {
	t.Helper()
	needTool(t, "qpdf")
	out, err := exec.Command("qpdf", "--check", path).CombinedOutput()
	if err != nil || strings.Contains(string(out), "WARNING") || strings.Contains(string(out), "ERROR") {
		t.Fatalf("qpdf --check %s: %v\n%s", path, err, out)
	}
}

func TestDemoWorkspace(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	seals, err := w.db.Seals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	algs := map[string]bool{}
	for _, s := range seals {
		kinds[s.Kind] = s.Name
		algs[s.Algorithm] = true
		if s.Status != store.SealActive || !strings.HasPrefix(s.KeyRef, "soft:") {
			t.Errorf("seal %s: status %s key %s", s.ID, s.Status, s.KeyRef)
		}
		// The key file holds no plain key and opens with the demo PIN only.
		raw, _ := os.ReadFile(filepath.Join(w.Home, strings.TrimPrefix(s.KeyRef, "soft:")))
		if bytes.Contains(raw, []byte("PRIVATE KEY")) || len(raw) == 0 {
			t.Errorf("seal %s: key file is missing or in the clear", s.ID)
		}
	}
	for _, k := range []string{"official", "contract", "finance", "invoice", "legal-rep"} {
		if kinds[k] == "" {
			t.Errorf("no %s seal", k)
		}
	}
	if !algs["SM2"] || !algs["ECDSA-P256"] {
		t.Errorf("algorithms %v: want SM2 and ECDSA-P256", algs)
	}
	for _, u := range []string{"custodian", "approver", "printer", "auditor", "admin"} {
		if _, err := w.Login(ctx, u, "demo"); err != nil {
			t.Errorf("login %s: %v", u, err)
		}
	}
	if _, err := w.Login(ctx, "custodian", "wrong"); Code(err) != "login" {
		t.Errorf("wrong password: %v", err)
	}
	if n, err := w.VerifyLedger(ctx); err != nil || n == 0 {
		t.Errorf("ledger: %d %v", n, err)
	}
}

// TestStampECDSAEndToEnd runs request → approve → stamp with the ECDSA contract
// seal and checks the result with pdfsig, qpdf, PDFium and our own verifier.
func TestStampECDSAEndToEnd(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	doc := demoDoc(w)
	orig, _ := os.ReadFile(doc)
	id := approved(t, w, "contract", doc, 2, 60, 90)
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	res, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
	if err != nil {
		t.Fatal(err)
	}
	stamped, _ := os.ReadFile(out)
	if after, _ := os.ReadFile(doc); !bytes.Equal(after, orig) {
		t.Fatal("the original document changed")
	}
	if !bytes.HasPrefix(stamped, orig) {
		t.Fatal("the stamped file does not start with the original bytes: not an incremental update")
	}
	rep := pdfsig(t, out)
	if strings.Count(rep, "Signature is Valid.") != 1 || !strings.Contains(rep, "Total document signed") {
		t.Fatalf("pdfsig:\n%s", rep)
	}
	qpdfCheck(t, out)
	checkPDFium(t, stamped, []int{1}, 2, 60, 90)

	roots, _ := w.Roots()
	v, err := VerifyFile(ctx, out, VerifyOptions{Roots: roots, At: testNow})
	if err != nil {
		t.Fatal(err)
	}
	s := v.Signatures[0]
	if !v.Valid || s.Integrity != Valid || !s.CoversWholeDocument || s.ModifiedAfter || s.Trust != Trusted ||
		s.Algorithm != "ECDSA-P256" || s.SealName != "示例科技有限公司合同专用章" || s.SealCheck != Valid || s.Page != 2 {
		t.Fatalf("verify: %+v", v)
	}
	// Without anchors the signer is unknown, but the signature is still intact.
	if v, _ := VerifyFile(ctx, out, VerifyOptions{At: testNow}); v.Signatures[0].Trust != Unknown || !v.Valid {
		t.Fatalf("verify without anchors: %+v", v.Signatures[0])
	}
	e := lastEntry(t, w)
	if e.Kind != "stamp" || e.Outcome != store.OutcomeOK || e.RequestID != id || e.OutHash != res.OutHash {
		t.Fatalf("ledger entry %+v", e)
	}
	// The output hash goes on from the read's SM3 state: it is still that of the file.
	if b, err := os.ReadFile(out); err != nil || sm3Hex(b) != res.OutHash {
		t.Fatalf("output hash %s is not the file's (%v)", res.OutHash, err)
	}
}

// checkPDFium opens the PDF in PDFium (WebAssembly), counts signatures and looks
// for the seal's red on page (1-based) around (x, y) mm.
func checkPDFium(t testing.TB, pdf []byte, wantSigs []int, page int, x, y float64) {
	t.Helper()
	r := renderer(t)
	d, err := r.Open(pdf)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	sigs, err := d.Signatures()
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != len(wantSigs) {
		t.Fatalf("PDFium sees %d signatures, want %d", len(sigs), len(wantSigs))
	}
	const dpi = 72
	img, err := d.Render(context.Background(), page-1, dpi)
	if err != nil {
		t.Fatal(err)
	}
	if n := redAround(img, x/25.4*dpi, y/25.4*dpi, 8/25.4*dpi); n < 20 {
		t.Fatalf("only %d red pixels around (%v, %v) mm on page %d: the seal is not drawn there", n, x, y, page)
	}
	// And no seal red far away from it (the top-left corner of the page).
	if n := redAround(img, 15/25.4*dpi, 15/25.4*dpi, 8/25.4*dpi); n > 0 {
		t.Fatalf("%d red pixels in the page corner", n)
	}
}

func redAround(img *image.RGBA, cx, cy, radius float64) int {
	n := 0
	for y := int(cy - radius); y <= int(cy+radius); y++ {
		for x := int(cx - radius); x <= int(cx+radius); x++ {
			if !(image.Point{x, y}.In(img.Bounds())) {
				continue
			}
			c := img.RGBAAt(x, y)
			if c.R > 150 && c.G < 110 && c.B < 110 {
				n++
			}
		}
	}
	return n
}

var sharedRenderer *pdfview.Renderer

func renderer(t testing.TB) *pdfview.Renderer {
	t.Helper()
	if sharedRenderer == nil {
		r, err := pdfview.NewRenderer(pdfview.RendererOptions{CacheDir: filepath.Join(os.TempDir(), "sealdesk-test-pdfium-cache")})
		if err != nil {
			t.Fatal(err)
		}
		sharedRenderer = r
	}
	return sharedRenderer
}

// TestStampSM2AndStampAgain stamps with an SM2 seal, then stamps the result with
// a second seal: both signatures stay intact, the first is not "modified after".
func TestStampSM2AndStampAgain(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	cust := login(t, w, "custodian")
	doc := demoDoc(w)
	first := filepath.Join(t.TempDir(), "first.pdf")
	id := approved(t, w, "official", doc, 2, 50, 60)
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: first, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(t.TempDir(), "second.pdf")
	id2 := approved(t, w, "contract", first, 2, 120, 60)
	if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id2, OutPath: second, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	roots, _ := w.Roots()
	v, err := VerifyFile(ctx, second, VerifyOptions{Roots: roots, At: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Signatures) != 2 || !v.Valid {
		t.Fatalf("verify: %+v", v)
	}
	a, b := v.Signatures[0], v.Signatures[1]
	if a.Algorithm != "SM2" || a.Integrity != Valid || a.CoversWholeDocument || a.ModifiedAfter || a.SealName != DemoOrganisation || a.Trust != Trusted {
		t.Fatalf("first signature: %+v", a)
	}
	if b.Algorithm != "ECDSA-P256" || b.Integrity != Valid || !b.CoversWholeDocument {
		t.Fatalf("second signature: %+v", b)
	}
	// poppler cannot check SM2, but must see the ECDSA one valid over the whole file.
	rep := pdfsig(t, second)
	if !strings.Contains(rep, "Signature is Valid.") || !strings.Contains(rep, "Total document signed") {
		t.Fatalf("pdfsig:\n%s", rep)
	}
	qpdfCheck(t, second)
	data, _ := os.ReadFile(second)
	checkPDFium(t, data, []int{1, 2}, 2, 50, 60)

	// One changed byte inside the signed range makes the signature invalid.
	i := bytes.Index(data, []byte("Signatures and seals"))
	if i < 0 {
		t.Fatal("marker text not found")
	}
	data[i] ^= 0x20
	v, err = Verify(ctx, data, VerifyOptions{Roots: roots, At: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if v.Valid || v.Signatures[0].Integrity != Invalid || v.Signatures[1].Integrity != Invalid {
		t.Fatalf("tampered file verified: %+v", v)
	}
}

// TestStampRefusals checks every refusal: a clear error, no output file, and
// the refusal in the ledger.
func TestStampRefusals(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(t *testing.T, w *Workspace) (StampInput, *Session)
		code  string
	}{
		{"no approval", func(t *testing.T, w *Workspace) (StampInput, *Session) {
			s := login(t, w, "custodian")
			id, err := w.Request(ctx, s, RequestInput{Seal: "finance", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200})
			if err != nil {
				t.Fatal(err)
			}
			return StampInput{RequestID: id, PIN: DemoPIN}, s
		}, "not_approved"},
		{"rejected", func(t *testing.T, w *Workspace) (StampInput, *Session) {
			s := login(t, w, "custodian")
			id, _ := w.Request(ctx, s, RequestInput{Seal: "finance", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200})
			if err := w.Reject(ctx, login(t, w, "approver"), id, "不同意"); err != nil {
				t.Fatal(err)
			}
			return StampInput{RequestID: id, PIN: DemoPIN}, s
		}, "rejected"},
		{"document changed after approval", func(t *testing.T, w *Workspace) (StampInput, *Session) {
			doc := filepath.Join(t.TempDir(), "c.pdf")
			os.WriteFile(doc, testpdf.Simple(1), 0o600)
			id := approved(t, w, "finance", doc, 1, 100, 200)
			os.WriteFile(doc, testpdf.Simple(2), 0o600)
			return StampInput{RequestID: id, PIN: DemoPIN}, login(t, w, "custodian")
		}, "doc_changed"},
		{"another document given", func(t *testing.T, w *Workspace) (StampInput, *Session) {
			id := approved(t, w, "finance", demoDoc(w), 1, 100, 200)
			other := filepath.Join(t.TempDir(), "other.pdf")
			os.WriteFile(other, testpdf.Simple(1), 0o600)
			return StampInput{RequestID: id, DocPath: other, PIN: DemoPIN}, login(t, w, "custodian")
		}, "doc_changed"},
		{"already used", func(t *testing.T, w *Workspace) (StampInput, *Session) {
			id := approved(t, w, "finance", demoDoc(w), 1, 100, 200)
			s := login(t, w, "custodian")
			if _, err := w.Stamp(ctx, s, StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "first.pdf"), PIN: DemoPIN}); err != nil {
				t.Fatal(err)
			}
			return StampInput{RequestID: id, PIN: DemoPIN}, s
		}, "already_used"},
		{"approved by the requester (row written with SQL)", func(t *testing.T, w *Workspace) (StampInput, *Session) {
			s := login(t, w, "custodian")
			id, _ := w.Request(ctx, s, RequestInput{Seal: "finance", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200})
			sqlExec(t, w, "INSERT INTO approvals(request_id, approver, decision, comment, at) VALUES(?, 'custodian', 'approve', '', '2026-11-22T10:00:00.000000000Z')", id)
			sqlExec(t, w, "UPDATE requests SET status = 'approved' WHERE id = ?", id)
			return StampInput{RequestID: id, PIN: DemoPIN}, s
		}, "self_approval"},
		{"wrong PIN", func(t *testing.T, w *Workspace) (StampInput, *Session) {
			id := approved(t, w, "finance", demoDoc(w), 1, 100, 200)
			return StampInput{RequestID: id, PIN: "000001"}, login(t, w, "custodian")
		}, "pin_incorrect"},
		{"not a custodian", func(t *testing.T, w *Workspace) (StampInput, *Session) {
			id := approved(t, w, "finance", demoDoc(w), 1, 100, 200)
			return StampInput{RequestID: id, PIN: DemoPIN}, login(t, w, "approver")
		}, "role"},
		{"seal suspended after approval", func(t *testing.T, w *Workspace) (StampInput, *Session) {
			id := approved(t, w, "finance", demoDoc(w), 1, 100, 200)
			setupSQL(t, w, "UPDATE seals SET status = 'suspended' WHERE id = 'finance'")
			return StampInput{RequestID: id, PIN: DemoPIN}, login(t, w, "custodian")
		}, "seal_suspended"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := demo(t)
			in, s := tc.setup(t, w)
			in.OutPath = filepath.Join(t.TempDir(), "out.pdf")
			before := ledgerCount(t, w)
			_, err := w.Stamp(ctx, s, in)
			if Code(err) != tc.code {
				t.Fatalf("Stamp = %v (code %q), want code %q", err, Code(err), tc.code)
			}
			if _, err := os.Stat(in.OutPath); !errors.Is(err, os.ErrNotExist) {
				t.Fatal("an output file was written")
			}
			if ledgerCount(t, w) != before+1 {
				t.Fatal("the refusal is not in the ledger")
			}
			if e := lastEntry(t, w); e.Kind != "stamp" || e.Outcome != store.OutcomeRefused || !strings.HasPrefix(e.Detail, tc.code) {
				t.Fatalf("ledger entry %+v", e)
			}
			for _, lang := range []string{"zh-CN", "en"} {
				if m := Message(err, lang); m == "" || strings.HasPrefix(m, "err.") {
					t.Errorf("%s message %q", lang, m)
				}
			}
		})
	}
}

func sqlExec(t testing.TB, w *Workspace, q string, args ...any) {
	t.Helper()
	if _, err := w.sqlite().SQL().Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

func TestSelfApprovalRefused(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	// A user who holds both roles still cannot approve their own request.
	setupSQL(t, w, "UPDATE users SET roles = 'custodian approver' WHERE name = 'custodian'")
	s := login(t, w, "custodian")
	id, err := w.Request(ctx, s, RequestInput{Seal: "contract", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, s, id, ""); Code(err) != "self_approval" {
		t.Fatalf("Approve own request = %v", err)
	}
	if e := lastEntry(t, w); e.Kind != "approve" || e.Outcome != store.OutcomeRefused {
		t.Fatalf("ledger entry %+v", e)
	}
	if r, _ := w.db.Request(ctx, id); r.Status != store.RequestPending {
		t.Fatalf("request status %s", r.Status)
	}
}

// TestRequestBadInput: each bad input gets its own clear error and leaves the store unchanged.
func TestRequestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	good := testpdf.Simple(2)
	notPDF := write("notes.pdf", []byte("这不是PDF文件，只是一些文字。\n"))
	truncated := write("truncated.pdf", good[:len(good)/2])
	plain := write("plain.pdf", good)
	encrypted := filepath.Join(dir, "encrypted.pdf")
	needTool(t, "qpdf")
	if out, err := exec.Command("qpdf", "--encrypt", "user", "owner", "256", "--", plain, encrypted).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --encrypt: %v\n%s", err, out)
	}
	tests := []struct {
		name string
		in   RequestInput
		code string
	}{
		{"not a PDF", RequestInput{Seal: "contract", DocPath: notPDF, Page: 1, XMM: 100, YMM: 100}, "not_pdf"},
		{"truncated PDF", RequestInput{Seal: "contract", DocPath: truncated, Page: 1, XMM: 100, YMM: 100}, "pdf_damaged"},
		{"encrypted PDF", RequestInput{Seal: "contract", DocPath: encrypted, Page: 1, XMM: 100, YMM: 100}, "pdf_encrypted"},
		{"missing file", RequestInput{Seal: "contract", DocPath: filepath.Join(dir, "none.pdf"), Page: 1, XMM: 100, YMM: 100}, "file_missing"},
		{"page 0", RequestInput{Seal: "contract", DocPath: plain, Page: 0, XMM: 100, YMM: 100}, "page_range"},
		{"page after the last", RequestInput{Seal: "contract", DocPath: plain, Page: 3, XMM: 100, YMM: 100}, "page_range"},
		{"position off the page", RequestInput{Seal: "contract", DocPath: plain, Page: 1, XMM: 300, YMM: 100}, "off_page"},
		{"seal over the edge", RequestInput{Seal: "contract", DocPath: plain, Page: 1, XMM: 5, YMM: 100}, "off_page"},
		{"missing seal", RequestInput{Seal: "no-such-seal", DocPath: plain, Page: 1, XMM: 100, YMM: 100}, "seal_missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := demo(t)
			s := login(t, w, "custodian") // a sign-in is a ledger entry of its own
			before := dbSnapshot(t, w)
			_, err := w.Request(context.Background(), s, tc.in)
			if Code(err) != tc.code {
				t.Fatalf("Request = %v (code %q), want %q", err, Code(err), tc.code)
			}
			for _, lang := range []string{"zh-CN", "en"} {
				m := Message(err, lang)
				if m == "" || strings.HasPrefix(m, "err.") {
					t.Errorf("%s message %q", lang, m)
				}
			}
			if after := dbSnapshot(t, w); after != before {
				t.Fatalf("the store changed: %s → %s", before, after)
			}
		})
	}
}

func dbSnapshot(t testing.TB, w *Workspace) string {
	var reqs, ledger int
	w.sqlite().SQL().QueryRow("SELECT count(*) FROM requests").Scan(&reqs)
	w.sqlite().SQL().QueryRow("SELECT count(*) FROM ledger").Scan(&ledger)
	return fmt.Sprintf("%d requests, %d ledger entries", reqs, ledger)
}

func TestStampOutputRules(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	id := approved(t, w, "contract", demoDoc(w), 1, 100, 200)
	s := login(t, w, "custodian")
	// Never over the original.
	if _, err := w.Stamp(ctx, s, StampInput{RequestID: id, OutPath: demoDoc(w), PIN: DemoPIN}); Code(err) != "out_is_input" {
		t.Fatalf("out = in: %v", err)
	}
	// Never over another file.
	existing := filepath.Join(t.TempDir(), "exists.pdf")
	os.WriteFile(existing, []byte("keep me"), 0o600)
	if _, err := w.Stamp(ctx, s, StampInput{RequestID: id, OutPath: existing, PIN: DemoPIN}); Code(err) != "out_exists" {
		t.Fatalf("existing out: %v", err)
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Fatal("an existing file was overwritten")
	}
	// The approval was not consumed by those refusals.
	if _, err := w.Stamp(ctx, s, StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "ok.pdf"), PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
}
