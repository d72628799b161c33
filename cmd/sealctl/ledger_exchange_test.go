package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLedgerExchangeCLI: a field workstation exports its ledger, headquarters
// (a second workspace that trusts the field's anchors) imports it; a second
// import of the same file only finds duplicates.
func TestLedgerExchangeCLI(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	field, hq := filepath.Join(t.TempDir(), "field"), filepath.Join(t.TempDir(), "hq")
	for _, h := range []string{field, hq} {
		if r := sealctl(t, "init-demo", "--home", h); r.code != 0 {
			t.Fatal(r)
		}
	}
	trustRoots(t, hq, field)
	doc := filepath.Join(field, "documents", "示例合同.pdf")
	id := strings.TrimSpace(sealctl(t, "request", "--home", field, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", "100", "--y", "200").stdout)
	sealctl(t, "approve", "--home", field, "--as", "approver", id)
	if r := sealctl(t, "stamp", "--home", field, "--as", "custodian", "--request", id, "--out", filepath.Join(t.TempDir(), "s.pdf")); r.code != 0 {
		t.Fatal(r)
	}
	extract := filepath.Join(t.TempDir(), "field-ledger.json")
	if r := sealctl(t, "ledger", "export", "--home", field, "--as", "auditor", "--out", extract); r.code != 0 || !strings.Contains(r.stdout, "已导出") {
		t.Fatalf("export: %+v", r)
	}
	r := sealctl(t, "ledger", "import", "--home", hq, "--as", "auditor", "--json", extract)
	var rep struct{ New, Duplicates int }
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 || rep.New == 0 || rep.Duplicates != 0 {
		t.Fatalf("import: %v %+v", err, r)
	}
	if r := sealctl(t, "ledger", "import", "--home", hq, "--as", "auditor", extract); r.code != 0 || !strings.Contains(r.stdout, "新合并 0 条") {
		t.Fatalf("second import: %+v", r)
	}
	// An edited extract is refused.
	b, _ := os.ReadFile(extract)
	os.WriteFile(extract, []byte(strings.Replace(string(b), `"Outcome": "ok"`, `"Outcome": "refused"`, 1)), 0o600)
	if r := sealctl(t, "ledger", "import", "--home", hq, "--as", "auditor", extract); r.code == 0 || !strings.Contains(r.stderr, "无法接受") {
		t.Fatalf("edited extract: %+v", r)
	}
	if r := sealctl(t, "ledger", "verify", "--home", hq); r.code != 0 {
		t.Fatalf("hq ledger: %+v", r)
	}
}

// TestOfflineApprovalCLI: request export at the field, approval at
// headquarters, approval import back at the field, stamp offline.
func TestOfflineApprovalCLI(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	field, hq := filepath.Join(t.TempDir(), "field"), filepath.Join(t.TempDir(), "hq")
	for _, h := range []string{field, hq} {
		if r := sealctl(t, "init-demo", "--home", h); r.code != 0 {
			t.Fatal(r)
		}
	}
	trustRoots(t, field, hq)
	doc := filepath.Join(field, "documents", "示例合同.pdf")
	id := strings.TrimSpace(sealctl(t, "request", "--home", field, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", "100", "--y", "200").stdout)
	dir := t.TempDir()
	if r := sealctl(t, "request", "export", "--home", field, "--as", "custodian", id, "--out", filepath.Join(dir, "req.json")); r.code != 0 {
		t.Fatalf("request export: %+v", r)
	}
	if r := sealctl(t, "approval", "import", "--home", hq, "--as", "approver", filepath.Join(dir, "req.json")); r.code != 0 {
		t.Fatalf("import at hq: %+v", r)
	}
	if r := sealctl(t, "approve", "--home", hq, "--as", "approver", id); r.code != 0 {
		t.Fatalf("approve at hq: %+v", r)
	}
	if r := sealctl(t, "request", "export", "--home", hq, "--as", "approver", id, "--out", filepath.Join(dir, "approved.json")); r.code != 0 {
		t.Fatalf("export at hq: %+v", r)
	}
	if r := sealctl(t, "approval", "import", "--home", field, "--as", "custodian", filepath.Join(dir, "approved.json")); r.code != 0 || !strings.Contains(r.stdout, "approved") {
		t.Fatalf("approval import at the field: %+v", r)
	}
	if r := sealctl(t, "stamp", "--home", field, "--as", "custodian", "--request", id, "--out", filepath.Join(t.TempDir(), "s.pdf")); r.code != 0 {
		t.Fatalf("offline stamp: %+v", r)
	}
}

// trustRoots makes workspace to trust from's demo roots, as an administrator
// does: `sealctl trust add` (a file dropped into trust/ is not trusted).
func trustRoots(t *testing.T, to, from string) {
	t.Helper()
	args := []string{"trust", "add", "--home", to, "--as", "admin"}
	for _, name := range []string{"demo-sm2-root.pem", "demo-ecdsa-root.pem"} {
		args = append(args, filepath.Join(from, "trust", name))
	}
	if r := sealctl(t, args...); r.code != 0 {
		t.Fatalf("trust add: %+v", r)
	}
}
