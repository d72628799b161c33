package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// TestLedgerVerifyWitnessCatchesCutTail: a stamped PDF carries the ledger's
// head when it was signed. Cutting the ledger's tail with SQL, heads and
// signatures with it, leaves a ledger whose every remaining entry has its
// signed head, so `ledger verify` alone says intact; with --witness and the
// PDF that left the PC it says the tail was cut (issue 12 point 5).
func TestLedgerVerifyWitnessCatchesCutTail(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	home := filepath.Join(t.TempDir(), "demo")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatalf("init-demo: %+v", r)
	}
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	r := sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "official", "--doc", doc, "--page", "1", "--x", "100", "--y", "200", "--reason", "witness")
	if r.code != 0 {
		t.Fatalf("request: %+v", r)
	}
	id := strings.TrimSpace(r.stdout)
	if r := sealctl(t, "approve", "--home", home, "--as", "approver", id); r.code != 0 {
		t.Fatalf("approve: %+v", r)
	}
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	if r := sealctl(t, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out); r.code != 0 {
		t.Fatalf("stamp: %+v", r)
	}
	if r := sealctl(t, "ledger", "verify", "--home", home, "--witness", out); r.code != 0 || !strings.Contains(r.stdout, "见证相符") {
		t.Fatalf("verify with an honest witness: %+v", r)
	}

	// Cut from the stamp's reservation on: the witnessed entry and all after it.
	db, err := sql.Open("sqlite3", filepath.Join(home, "workspace.db"))
	if err != nil {
		t.Fatal(err)
	}
	var seq int64
	if err := db.QueryRow("SELECT seq FROM ledger WHERE kind = 'stamp.start' AND request_id = ?", id).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DELETE FROM ledger WHERE seq >= ?", "DELETE FROM ledger_heads WHERE seq >= ?", "DELETE FROM ledger_sigs WHERE seq >= ?"} {
		if _, err := db.Exec(q, seq); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	if r := sealctl(t, "ledger", "verify", "--home", home); r.code != 0 {
		t.Fatalf("the cut ledger should look intact on its own: %+v", r)
	}
	r = sealctl(t, "ledger", "verify", "--home", home, "--witness", out)
	if r.code != 1 || !strings.Contains(r.stderr, "台账尾部被删除") || !strings.Contains(r.stderr, "stamped.pdf") {
		t.Fatalf("verify --witness after the cut: %+v", r)
	}
	// A file with no witness is bad input, said so.
	if r := sealctl(t, "ledger", "verify", "--home", home, "--witness", doc); r.code == 0 || !strings.Contains(r.stderr, "没有可读的台账见证") {
		t.Fatalf("verify --witness with an unstamped file: %+v", r)
	}
}
