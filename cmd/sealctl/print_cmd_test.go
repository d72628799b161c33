package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrintTour: a printer asks for two copies of a stamped contract, an
// approver allows them, exactly two are produced, a third is refused, and each
// copy is traced back to the original from a poppler rendering of the copy.
func TestPrintTour(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	home := filepath.Join(t.TempDir(), "demo")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatal(r)
	}
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	id := strings.TrimSpace(sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "2", "--x", "60", "--y", "90").stdout)
	sealctl(t, "approve", "--home", home, "--as", "approver", id)
	stamped := filepath.Join(t.TempDir(), "stamped.pdf")
	if r := sealctl(t, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", stamped); r.code != 0 {
		t.Fatal(r)
	}

	r := sealctl(t, "print-request", "--home", home, "--as", "printer", "--doc", stamped, "--copies", "2", "--reason", "报送")
	pid := strings.TrimSpace(r.stdout)
	if r.code != 0 || r.stdout != pid+"\n" || !strings.HasPrefix(pid, "P") {
		t.Fatalf("print-request must print the id alone: %+v", r)
	}
	out := t.TempDir()
	if r := sealctl(t, "print", "--home", home, "--as", "printer", "--request", pid, "--out", out); r.code == 0 || !strings.Contains(r.stderr, "尚未获批") {
		t.Fatalf("print before approval: %+v", r)
	}
	if r := sealctl(t, "approve", "--home", home, "--as", "approver", pid); r.code != 0 {
		t.Fatal(r)
	}
	r = sealctl(t, "print", "--home", home, "--as", "printer", "--request", pid, "--out", out)
	files := strings.Fields(r.stdout)
	if r.code != 0 || len(files) != 2 {
		t.Fatalf("print: %+v", r)
	}
	if r := sealctl(t, "print", "--home", home, "--as", "printer", "--request", pid, "--out", t.TempDir()); r.code != 1 || !strings.Contains(r.stderr, "已全部打印") {
		t.Fatalf("third copy: %+v", r)
	}
	if es, _ := os.ReadDir(out); len(es) != 2 {
		t.Fatalf("%d files in the output folder", len(es))
	}

	// Render copy 2 with poppler, an independent renderer, and read the QR code from its pixels.
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatalf("pdftoppm is not installed: %v", err)
	}
	png := filepath.Join(t.TempDir(), "scan")
	if b, err := exec.Command("pdftoppm", "-r", "150", "-png", "-singlefile", files[1], png).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	r = sealctl(t, "verify-copy", "--image", png+".png", "--original", stamped, "--json")
	var rep struct {
		Payload struct {
			Copy, Of int
			Request  string
		} `json:"payload"`
		Belongs *bool `json:"belongs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 {
		t.Fatalf("verify-copy: %v %+v", err, r)
	}
	if rep.Belongs == nil || !*rep.Belongs || rep.Payload.Copy != 2 || rep.Payload.Of != 2 || rep.Payload.Request != pid {
		t.Fatalf("verify-copy report: %s", r.stdout)
	}
	if r := sealctl(t, "verify-copy", "--image", png+".png", "--original", doc); r.code != 1 || !strings.Contains(r.stdout, "不属于") {
		t.Fatalf("copy against the unstamped original: %+v", r)
	}
	if r := sealctl(t, "verify-copy", "--qr", "hello"); r.code == 0 {
		t.Fatalf("junk QR accepted: %+v", r)
	}
}
