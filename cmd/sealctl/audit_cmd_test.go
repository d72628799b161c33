package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pdfText is pdftotext's text of a PDF.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	text, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(text)
}

// TestAuditReportCLI: the report of today is written, signed and verifiable
// with sealctl verify, in Chinese and with --lang en in English; an existing
// file is refused and left as it was; a custodian is refused and the refusal
// is in the ledger; bad dates are bad input.
func TestAuditReportCLI(t *testing.T) {
	home, id, _ := auditHome(t)
	today := time.Now().Format(time.DateOnly)
	out := filepath.Join(t.TempDir(), "审计报告.pdf")
	r := sealctl(t, "audit", "report", "--home", home, "--as", "auditor", "--from", today, "--to", today, "--out", out, "--json")
	var res struct {
		Path   string `json:"path"`
		Stamps int    `json:"stamps"`
		Intact bool   `json:"ledger_intact"`
		SM3    string `json:"sm3"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 || res.Stamps != 1 || !res.Intact || len(res.SM3) != 64 {
		t.Fatalf("audit report: %v %+v", err, r)
	}
	if text := pdfText(t, out); !strings.Contains(text, id) || !strings.Contains(text, "用印审计报告") {
		t.Fatalf("request %s or the Chinese title not in the report:\n%s", id, text)
	}
	if r := sealctl(t, "verify", "--home", home, out); r.code != 0 || !strings.Contains(r.stdout, "SealDesk workstation") {
		t.Fatalf("verify the report: %+v", r)
	}

	outEN := filepath.Join(t.TempDir(), "audit-en.pdf")
	if r := sealctl(t, "--lang", "en", "audit", "report", "--home", home, "--as", "auditor", "--from", today, "--to", today, "--out", outEN); r.code != 0 ||
		!strings.Contains(r.stdout, "audit report written to") {
		t.Fatalf("audit report --lang en: %+v", r)
	}
	if text := pdfText(t, outEN); !strings.Contains(text, id) || !strings.Contains(text, "Seal use audit report") {
		t.Fatalf("request %s or the English title not in the report:\n%s", id, text)
	}

	before, _ := os.ReadFile(out)
	if r := sealctl(t, "audit", "report", "--home", home, "--as", "auditor", "--from", today, "--to", today, "--out", out); r.code == 0 || !strings.Contains(r.stderr, "已存在") {
		t.Fatalf("report over an existing file: %+v", r)
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
		t.Fatal("an existing report was changed")
	}
	if r := sealctl(t, "audit", "report", "--home", home, "--as", "custodian", "--from", today, "--to", today, "--out", out+"2"); r.code != 1 {
		t.Fatalf("custodian: %+v", r)
	}
	if _, err := os.Stat(out + "2"); err == nil {
		t.Fatal("a refused report was written")
	}
	r = sealctl(t, "ledger", "--home", home, "--kind", "audit.report", "--outcome", "refused", "--format", "json")
	var refused []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &refused); err != nil || r.code != 0 || len(refused) != 1 || refused[0]["actor"] != "custodian" {
		t.Fatalf("the custodian's refusal is not in the ledger: %v %+v", err, r)
	}
	if r := sealctl(t, "audit", "report", "--home", home, "--as", "auditor", "--from", "2026-13-01", "--to", today, "--out", out+"3"); r.code != 2 {
		t.Fatalf("bad date: %+v", r)
	}
}

// TestAuditReportBrokenLedgerCLI: on a ledger edited behind SealDesk's back
// the report is still written (auditors need it most then), but the command
// says so and exits 1, so a script cannot take it for a clean audit.
func TestAuditReportBrokenLedgerCLI(t *testing.T) {
	home, _, _ := auditHome(t)
	db, err := sql.Open("sqlite3", filepath.Join(home, "workspace.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE ledger SET actor = 'mallory' WHERE seq = 3"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	today := time.Now().Format(time.DateOnly)
	out := filepath.Join(t.TempDir(), "report.pdf")
	r := sealctl(t, "audit", "report", "--home", home, "--as", "auditor", "--from", today, "--to", today, "--out", out)
	if r.code != 1 || !strings.Contains(r.stdout, "警告：台账哈希链已断裂") {
		t.Fatalf("report on a broken ledger: %+v", r)
	}
	if !strings.Contains(strings.ReplaceAll(pdfText(t, out), " ", ""), "台账哈希链在第3条记录处断裂") {
		t.Fatal("the report does not say where the chain breaks")
	}
}
