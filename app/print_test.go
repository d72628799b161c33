package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/copies"
	"sealdesk/internal/testpdf"
	"sealdesk/store"
)

// stampedDemo stamps the demo contract with the contract seal and returns the path.
func stampedDemo(t testing.TB, w *Workspace) string {
	t.Helper()
	id := approved(t, w, "contract", demoDoc(w), 2, 60, 90)
	out := filepath.Join(t.TempDir(), "合同-已盖章.pdf")
	if _, err := w.Stamp(context.Background(), login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPrintExactlyTheApprovedCopies(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	doc := stampedDemo(t, w)
	printer := login(t, w, "printer")
	id, err := w.RequestPrint(ctx, printer, doc, 2, "报送税务局")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(id, "P") {
		t.Fatalf("print request id %q", id)
	}
	dir := t.TempDir()
	if _, err := w.Print(ctx, printer, PrintInput{RequestID: id, OutDir: dir}); Code(err) != "not_approved" {
		t.Fatalf("print before approval: %v", err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, "同意复印两份"); err != nil {
		t.Fatal(err)
	}
	res, err := w.Print(ctx, printer, PrintInput{RequestID: id, OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 2 || fmt.Sprint(res.Copies) != "[1 2]" {
		t.Fatalf("printed %v %v", res.Files, res.Copies)
	}
	// A third copy is refused, and the refusal is recorded.
	before := ledgerCount(t, w)
	if _, err := w.Print(ctx, printer, PrintInput{RequestID: id, OutDir: t.TempDir()}); Code(err) != "print_exhausted" {
		t.Fatalf("third copy: %v", err)
	}
	if e := lastEntry(t, w); ledgerCount(t, w) != before+1 || e.Kind != "print" || e.Outcome != store.OutcomeRefused {
		t.Fatalf("refusal not recorded: %+v", e)
	}
	es, _ := w.db.Ledger(ctx, store.LedgerFilter{Kind: "print", RequestID: id})
	if countOK(es) != 2 {
		t.Fatalf("ledger has %d print entries, want 2", countOK(es))
	}
	// Each copy's entry names the exact bytes of that copy.
	var printed []store.Entry
	for _, e := range es {
		if e.Outcome == store.OutcomeOK {
			printed = append(printed, e)
		}
	}
	for i, f := range res.Files {
		data, _ := os.ReadFile(f)
		if want := strings.ToLower(copies.DocHash(data)); printed[i].OutHash != want {
			t.Fatalf("copy %d: ledger out hash %s, file SM3 %s", i+1, printed[i].OutHash, want)
		}
	}

	// Each copy's QR, read from the copy's rendered pixels, leads back to the original.
	r, err := w.renderer()
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range res.Files {
		data, _ := os.ReadFile(f)
		d, err := r.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		img, err := d.Render(ctx, 0, 150)
		d.Close()
		if err != nil {
			t.Fatal(err)
		}
		text, err := copies.DecodeQR(img)
		if err != nil {
			t.Fatalf("copy %d: %v", i+1, err)
		}
		// The same page as a scan: ReadCopyScan, the faces' QR reader, agrees.
		scan := filepath.Join(t.TempDir(), "scan.png")
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(scan, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := ReadCopyScan(scan); err != nil || got != text {
			t.Fatalf("copy %d as a scan: %q, %v", i+1, got, err)
		}
		rep, err := VerifyCopy(ctx, text, doc)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Belongs == nil || !*rep.Belongs || rep.Payload.Copy != i+1 || rep.Payload.Of != 2 || rep.Payload.Request != id {
			t.Fatalf("copy %d: %+v", i+1, rep)
		}
		if rep, _ := VerifyCopy(ctx, text, demoDoc(w)); rep == nil || *rep.Belongs {
			t.Fatalf("copy %d matched the unstamped document", i+1)
		}
	}
}

func countOK(es []store.Entry) int {
	n := 0
	for _, e := range es {
		if e.Outcome == store.OutcomeOK {
			n++
		}
	}
	return n
}

func TestPrintRefusals(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	printer := login(t, w, "printer")
	plain := filepath.Join(t.TempDir(), "plain.pdf")
	os.WriteFile(plain, testpdf.Simple(1), 0o600)
	if _, err := w.RequestPrint(ctx, printer, plain, 1, ""); Code(err) != "not_stamped" {
		t.Fatalf("unstamped document: %v", err)
	}
	doc := stampedDemo(t, w)
	if _, err := w.RequestPrint(ctx, printer, doc, 0, ""); Code(err) != "bad_copies" {
		t.Fatalf("zero copies: %v", err)
	}
	if _, err := w.RequestPrint(ctx, login(t, w, "custodian"), doc, 1, ""); Code(err) != "role" {
		t.Fatalf("custodian asking for copies: %v", err)
	}
	id, err := w.RequestPrint(ctx, printer, doc, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, ""); err != nil {
		t.Fatal(err)
	}
	// The stamped file changed after the approval: refused.
	data, _ := os.ReadFile(doc)
	os.WriteFile(doc, append(data, '\n'), 0o600)
	if _, err := w.Print(ctx, printer, PrintInput{RequestID: id, OutDir: t.TempDir()}); Code(err) != "doc_changed" {
		t.Fatalf("changed document: %v", err)
	}
	if VerifyCopyErr := func() error { _, err := VerifyCopy(ctx, "not a copy code", ""); return err }(); Code(VerifyCopyErr) != "copy_qr" {
		t.Fatalf("bad QR text: %v", VerifyCopyErr)
	}
}

// TestPrintToCUPS sends copies to a CUPS queue that the test sets up: a private
// cupsd on a socket in a temporary folder with a file-backed queue.
func TestPrintToCUPS(t *testing.T) {
	sock := startCUPS(t)
	t.Setenv("CUPS_SERVER", sock)
	w := demo(t)
	ctx := context.Background()
	doc := stampedDemo(t, w)
	printer := login(t, w, "printer")
	id, err := w.RequestPrint(ctx, printer, doc, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, ""); err != nil {
		t.Fatal(err)
	}
	res, err := w.Print(ctx, printer, PrintInput{RequestID: id, Printer: "sealdesk-test"})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.Copies) != "[1]" || len(res.Files) != 0 {
		t.Fatalf("result %+v", res)
	}
	out, _ := exec.Command("lpstat", "-W", "all", "-o", "sealdesk-test").CombinedOutput()
	if !strings.Contains(string(out), "sealdesk-test") {
		t.Fatalf("no job on the queue:\n%s", out)
	}
}

func startCUPS(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"cupsd", "lpadmin", "lp", "lpstat"} {
		if _, err := exec.LookPath(tool); err != nil {
			if _, err := os.Stat("/usr/sbin/" + tool); err != nil {
				t.Skipf("CUPS is not installed (%s missing; packaging/install-deps.sh installs it): printing to a queue is not tested here", tool)
			}
		}
	}
	// cupsd runs its filters and backends as the unprivileged "lp" user, so the
	// folders they touch must be open to it.
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	sock := filepath.Join(dir, "cups.sock")
	for _, d := range []string{"spool", "cache", "state", "logs", "ppd", "out"} {
		os.MkdirAll(filepath.Join(dir, d), 0o777)
		os.Chmod(filepath.Join(dir, d), 0o777)
	}
	os.WriteFile(filepath.Join(dir, "cupsd.conf"), []byte("Listen "+sock+"\nLogLevel warn\nDefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "cups-files.conf"), []byte(fmt.Sprintf("FileDevice Yes\nServerRoot %[1]s\nRequestRoot %[1]s/spool\nCacheDir %[1]s/cache\nStateDir %[1]s/state\nAccessLog %[1]s/logs/access_log\nErrorLog %[1]s/logs/error_log\nPageLog %[1]s/logs/page_log\n", dir)), 0o644)
	cupsd := "cupsd"
	if _, err := exec.LookPath(cupsd); err != nil {
		cupsd = "/usr/sbin/cupsd"
	}
	cmd := exec.Command(cupsd, "-f", "-c", filepath.Join(dir, "cupsd.conf"), "-s", filepath.Join(dir, "cups-files.conf"))
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start a private cupsd: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(deadline) {
			logs, _ := os.ReadFile(filepath.Join(dir, "logs", "error_log"))
			t.Skipf("private cupsd did not start: %s", logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	lpadmin := "lpadmin"
	if _, err := exec.LookPath(lpadmin); err != nil {
		lpadmin = "/usr/sbin/lpadmin"
	}
	out, err := exec.Command(lpadmin, "-h", sock, "-p", "sealdesk-test", "-E", "-v", "file://"+filepath.Join(dir, "out", "printed.prn")).CombinedOutput()
	if err != nil {
		t.Fatalf("lpadmin: %v\n%s", err, out)
	}
	return sock
}

// TestReadCopyScanErrors: the faces tell a file they cannot read from an
// image without a copy's QR code by the error's code alone.
func TestReadCopyScanErrors(t *testing.T) {
	dir := t.TempDir()
	blank := filepath.Join(dir, "blank.png")
	var buf bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 200, 200))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	notImage := filepath.Join(dir, "notes.png")
	for path, data := range map[string][]byte{blank: buf.Bytes(), notImage: []byte("not an image")} {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for path, code := range map[string]string{blank: CodeCopyQR, notImage: CodeFileRead, filepath.Join(dir, "gone.png"): CodeFileMissing} {
		if _, err := ReadCopyScan(path); Code(err) != code {
			t.Errorf("%s: %v, want code %s", filepath.Base(path), err, code)
		}
	}
}
