package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"sealdesk/ofd"
)

// runOut runs the real binary and keeps its standard output too.
func runOut(bin string, env []string, args ...string) (stdout string, r procResult) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r.stderr = errb.String()
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.killed = true
		}
	} else if err != nil {
		r.code, r.stderr = -1, r.stderr+err.Error()
	}
	return out.String(), r
}

// writeOFDLetter writes a short 公文 as a new OFD file.
func writeOFDLetter(t *testing.T, path, title string) {
	t.Helper()
	var b bytes.Buffer
	if err := ofd.WriteLetter(&b, ofd.Letter{Header: "示例科技有限公司", Title: title,
		Body: []string{"各部门：", "请按通知要求执行。"}, Closing: []string{"示例科技有限公司", "2026年11月22日"}}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// ofdRequest files and approves, with the real binary, a request of the
// official seal on an OFD.
func ofdRequest(t *testing.T, bin, home, doc, x string) string {
	t.Helper()
	out, r := runOut(bin, nil, "request", "--home", home, "--as", "custodian", "--seal", "official", "--doc", doc, "--page", "1", "--x", x, "--y", "240", "--reason", "发文")
	id := strings.TrimSpace(out)
	if r.code != 0 || id == "" {
		t.Fatalf("request: %q %+v", out, r)
	}
	if r := runBinary(bin, nil, "approve", "--home", home, "--as", "approver", id); r.code != 0 {
		t.Fatalf("approve: %+v", r)
	}
	return id
}

// TestStampOFDWithBinary: sealctl request → approve → stamp on an OFD with
// the real binary, then sealctl verify --json of the output exits 0 with
// the signature trusted; an ECDSA seal is refused at request, in Chinese.
func TestStampOFDWithBinary(t *testing.T) {
	bin := realBinary(t)
	home := procWorkspace(t)
	dir := t.TempDir()
	doc := filepath.Join(dir, "通知.ofd")
	writeOFDLetter(t, doc, "关于启用电子印章的通知")
	orig, _ := os.ReadFile(doc)

	id := ofdRequest(t, bin, home, doc, "150")
	out := filepath.Join(dir, "通知-盖章.ofd")
	if r := runBinary(bin, nil, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out); r.code != 0 {
		t.Fatalf("stamp: %+v", r)
	}
	if now, _ := os.ReadFile(doc); !bytes.Equal(now, orig) {
		t.Fatal("the original OFD changed")
	}
	js, r := runOut(bin, nil, "verify", "--json", "--home", home, out)
	if r.code != 0 {
		t.Fatalf("verify: %s %+v", js, r)
	}
	var rep struct {
		Kind       string
		Valid      bool
		Signatures []struct{ Integrity, Trust string }
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Kind != "ofd" || !rep.Valid || len(rep.Signatures) != 1 || rep.Signatures[0].Integrity != "valid" || rep.Signatures[0].Trust != "trusted" {
		t.Fatalf("report %s", js)
	}
	rows := ledgerOf(t, home, id)
	if count(rows, "stamp", "ok") != 1 || count(rows, "stamp.start", "ok") != 1 {
		t.Fatalf("ledger: %+v", rows)
	}
	if r := runBinary(bin, nil, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", filepath.Join(dir, "again.ofd")); r.code != 1 {
		t.Fatalf("second stamp on one approval: %+v", r)
	}

	_, r = runOut(bin, nil, "request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", "150", "--y", "240")
	if r.code != 1 || !strings.Contains(r.stderr, "SM2") || !strings.Contains(r.stderr, "OFD") {
		t.Fatalf("ECDSA seal on an OFD: %+v", r)
	}
	bad := filepath.Join(dir, "cut.ofd")
	os.WriteFile(bad, orig[:len(orig)/2], 0o600)
	if _, r := runOut(bin, nil, "request", "--home", home, "--as", "custodian", "--seal", "official", "--doc", bad, "--page", "1", "--x", "150", "--y", "240"); r.code != 2 || !strings.Contains(r.stderr, "OFD") {
		t.Fatalf("truncated OFD: %+v", r)
	}
	if r := sealctl(t, "ledger", "verify", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify: %+v", r)
	}
}

// TestCrashDuringOFDStamp kills the real binary while it stamps an OFD.
// An OFD is a new package, not the document plus an update, so a signed
// temporary file is never rolled forward: recovery removes it and records
// the stamp failed, whatever the point (a PDF "signed" rolls forward:
// TestCrashAtEveryStep). Once committed it is moved into place as a PDF's.
func TestCrashDuringOFDStamp(t *testing.T) {
	bin := realBinary(t)
	home := procWorkspace(t)
	doc := filepath.Join(t.TempDir(), "通知.ofd")
	writeOFDLetter(t, doc, "关于年终盘点的通知")
	for i, tc := range []struct {
		point  string
		status string
		output bool
	}{
		{"midwrite", "failed", false},
		{"signed", "failed", false}, // complete and synced, not committed: rolled back
		{"committed", "used", true},
	} {
		t.Run(tc.point, func(t *testing.T) {
			id := ofdRequest(t, bin, home, doc, []string{"60", "100", "140"}[i])
			outDir := t.TempDir()
			out := filepath.Join(outDir, "stamped.ofd")
			r := runBinary(bin, []string{"SEALDESK_CRASH_AT=" + tc.point}, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out)
			if !r.killed {
				t.Fatalf("not killed at %s: %+v", tc.point, r)
			}
			if rr := runBinary(bin, nil, "seals", "--home", home); rr.code != 0 {
				t.Fatalf("command after the crash: %+v", rr)
			}
			if st := requestStatus(t, home, id); st != tc.status {
				t.Fatalf("status after recovery = %s, want %s", st, tc.status)
			}
			if _, err := os.Stat(out); (err == nil) != tc.output {
				t.Fatalf("output after recovery: %v, want present %v", err, tc.output)
			}
			if tc.output {
				if js, r := runOut(bin, nil, "verify", "--json", "--home", home, out); r.code != 0 {
					t.Fatalf("verify: %s %+v", js, r)
				}
			}
			if left, _ := filepath.Glob(filepath.Join(outDir, ".*")); len(left) != 0 {
				t.Fatalf("temporary files left: %v", left)
			}
			rows := ledgerOf(t, home, id)
			wantOK, wantFailed := 0, 1
			if tc.output {
				wantOK, wantFailed = 1, 0
			}
			if count(rows, "stamp", "ok") != wantOK || count(rows, "stamp", "failed") != wantFailed {
				t.Fatalf("ledger after recovery: %+v", rows)
			}
			if tc.point == "signed" && !strings.Contains(sealctl(t, "ledger", "--home", home, "--request", id, "--format", "json").stdout, "never rolled forward") {
				t.Error("the ledger does not say why a complete OFD was not rolled forward")
			}
			if again := runBinary(bin, nil, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", filepath.Join(outDir, "again.ofd")); again.code != 1 {
				t.Fatalf("second stamp after recovery: %+v", again)
			}
		})
	}
}
