package main

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEditedRowCLI (issue 12 points 2 and 6): the approval rule of the
// contract seal lowered with plain SQL on the workspace file. `sealctl ledger
// verify` exits 1 naming the table and the row, in both languages; the next
// approval is refused naming them; the audit report is written but not
// intact, and says which row.
func TestEditedRowCLI(t *testing.T) {
	home, _, _ := auditHome(t)
	if r := sealctl(t, "rule", "--home", home, "--as", "admin", "--seal", "contract", "--required", "2"); r.code != 0 {
		t.Fatalf("rule set: %+v", r)
	}
	if r := sealctl(t, "ledger", "verify", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify before the edit: %+v", r)
	}
	db, err := sql.Open("sqlite3", filepath.Join(home, "workspace.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE approval_rules SET required = 1 WHERE seal_id = 'contract'"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	r := sealctl(t, "ledger", "verify", "--home", home)
	if r.code != 1 || !strings.Contains(r.stderr, "approval_rules") || !strings.Contains(r.stderr, "contract") || !strings.Contains(r.stderr, "台账") {
		t.Fatalf("ledger verify after the edit (zh-CN): %+v", r)
	}
	r = sealctlAt(t, time.Now(), "ledger", "verify", "--home", home)
	if r.code != 1 || !strings.Contains(r.stderr, `approval_rules row "contract" differs from the ledger`) {
		t.Fatalf("ledger verify after the edit (en): %+v", r)
	}

	doc := filepath.Join(home, "documents", "示例合同.pdf")
	id := strings.TrimSpace(sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "finance", "--doc", doc, "--page", "1", "--x", "100", "--y", "200", "--reason", "报销").stdout)
	if id == "" {
		t.Fatal("no request filed for the finance seal")
	}
	id = strings.TrimSpace(sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", "100", "--y", "200", "--reason", "合同").stdout)
	if id != "" {
		t.Fatalf("a request for the contract seal was filed over the edited rule: %s", id)
	}

	today := time.Now().Format(time.DateOnly)
	out := filepath.Join(t.TempDir(), "report.pdf")
	r = sealctl(t, "audit", "report", "--home", home, "--as", "auditor", "--from", today, "--to", today, "--out", out, "--json")
	var res struct {
		Intact bool `json:"ledger_intact"`
	}
	json.Unmarshal([]byte(r.stdout), &res)
	if r.code != 1 || res.Intact {
		t.Fatalf("audit report over an edited row: %+v", r)
	}
	if txt := strings.ReplaceAll(pdfText(t, out), " ", ""); !strings.Contains(txt, "approval_rules") {
		t.Fatal("the report does not name the edited row")
	}
}
