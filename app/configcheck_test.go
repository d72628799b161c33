package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/crypto/scrypt"

	"sealdesk/assets"
	"sealdesk/device"
	"sealdesk/store"
)

// The attacks of issue 12 on configuration rows (point 6): each edits the real
// workspace file with plain SQL through its own database/sql connection, as
// someone with the workspace folder and sqlite3 would, and the next act that
// uses the row — and `ledger verify` — refuses, naming the table and the row.

// attackSQL runs statements on the workspace file through a connection of its
// own, outside SealDesk.
func attackSQL(t testing.TB, w *Workspace, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+w.sqlite().Path()+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// setupSQL changes rows with SQL and records every authenticated row it
// changed in the ledger, as a SealDesk feature without its own method would:
// the set-up of tests whose subject is not the row check.
func setupSQL(t testing.TB, w *Workspace, q string, args ...any) {
	t.Helper()
	sqlExec(t, w, q, args...)
	ctx := context.Background()
	err := w.db.Update(ctx, func(tx store.Txn) error {
		rows, err := tx.GuardedRows(ctx)
		if err != nil {
			return err
		}
		recs, err := tx.RecordedRows(ctx)
		if err != nil {
			return err
		}
		for _, r := range recs {
			rows = append(rows, r.Row) // deleted rows too
		}
		seen := map[store.RowRef]bool{}
		for _, r := range rows {
			if seen[r] {
				continue
			}
			seen[r] = true
			if tx.CheckRow(ctx, r) == nil {
				continue
			}
			if err := tx.RecordRow(ctx, w.recordRow, r, "system", "test set-up"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// refusedNaming fails unless err is a row refusal whose message names table
// and key in both languages.
func refusedNaming(t testing.TB, what string, err error, table, key string) {
	t.Helper()
	if c := Code(err); c != "row_changed" && c != "row_unrecorded" {
		t.Fatalf("%s: got %v, want a refusal naming %s row %s", what, err, table, key)
	}
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		if m := Message(err, lang); !strings.Contains(m, table) || !strings.Contains(m, key) {
			t.Errorf("%s: %s message does not name %s row %s: %q", what, lang, table, key, m)
		}
	}
}

// ledgerVerifyNames checks that `ledger verify` refuses naming table and key.
func ledgerVerifyNames(t testing.TB, w *Workspace, table, key string) {
	t.Helper()
	_, err := w.VerifyLedger(context.Background())
	refusedNaming(t, "ledger verify", err, table, key)
}

// TestApprovalRuleLoweredWithSQL: a rule of two approvals set to one with
// sqlite3 after the first approval, the request set to "approved": the stamp
// is refused, naming the approval_rules row of the seal.
func TestApprovalRuleLoweredWithSQL(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	if err := w.SetApprovalRule(ctx, login(t, w, "admin"), "contract", 2, nil); err != nil {
		t.Fatal(err)
	}
	id := approved(t, w, "contract", demoDoc(w), 1, 100, 200) // one approval of two: still pending
	attackSQL(t, w, "UPDATE approval_rules SET required = 1 WHERE seal_id = 'contract'",
		"UPDATE requests SET status = 'approved' WHERE id = '"+id+"'")
	out := filepath.Join(t.TempDir(), "out.pdf")
	_, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
	refusedNaming(t, "stamp", err, "approval_rules", "contract")
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a stamped file was written")
	}
	ledgerVerifyNames(t, w, "approval_rules", "contract")

	// Lowered before the first approval: the approval itself is refused.
	w2 := demo(t)
	if err := w2.SetApprovalRule(ctx, login(t, w2, "admin"), "contract", 2, nil); err != nil {
		t.Fatal(err)
	}
	id2, err := w2.Request(ctx, login(t, w2, "custodian"), RequestInput{Seal: "contract", DocPath: demoDoc(w2), Page: 1, XMM: 100, YMM: 200})
	if err != nil {
		t.Fatal(err)
	}
	attackSQL(t, w2, "UPDATE approval_rules SET required = 1 WHERE seal_id = 'contract'")
	refusedNaming(t, "approve", w2.Approve(ctx, login(t, w2, "approver"), id2, "同意"), "approval_rules", "contract")
	if r, _ := w2.db.Request(ctx, id2); r.Status != store.RequestPending {
		t.Fatalf("request %s after the refused approval", r.Status)
	}
}

// TestGrantUnwithdrawnWithSQL: a withdrawn grant made active again with
// sqlite3 gives neither a request nor a stamp.
func TestGrantUnwithdrawnWithSQL(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	admin := login(t, w, "admin")
	id := approved(t, w, "official", demoDoc(w), 1, 100, 200)
	gs, err := w.db.Grants(ctx, "custodian", "official")
	if err != nil || len(gs) != 1 {
		t.Fatalf("grants %v, %v", gs, err)
	}
	g := gs[0].ID
	if err := w.WithdrawGrant(ctx, admin, g); err != nil {
		t.Fatal(err)
	}
	attackSQL(t, w, fmt.Sprintf("UPDATE grants SET withdrawn_at = '', withdrawn_by = '' WHERE id = %d", g))
	cust := login(t, w, "custodian")
	key := fmt.Sprint(g)
	_, err = w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "out.pdf"), PIN: DemoPIN})
	refusedNaming(t, "stamp", err, "grants", key)
	_, err = w.Request(ctx, cust, RequestInput{Seal: "official", DocPath: demoDoc(w), Page: 1, XMM: 100, YMM: 200})
	refusedNaming(t, "request", err, "grants", key)
	ledgerVerifyNames(t, w, "grants", key)
}

// TestPrinterMadeCustodianWithSQL: the printer given a grant of the contract
// seal (an inserted row) and the custodian role: `ledger verify` names the
// inserted grant, and the printer's next sign-in is refused naming their row.
func TestPrinterMadeCustodianWithSQL(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	attackSQL(t, w, `INSERT INTO grants(user, seal_id, valid_from, valid_to, granted_by, granted_at)
		SELECT 'printer', seal_id, valid_from, valid_to, granted_by, granted_at FROM grants WHERE user = 'custodian' AND seal_id = 'contract'`)
	var g int64
	if err := w.sqlite().SQL().QueryRow("SELECT MAX(id) FROM grants").Scan(&g); err != nil {
		t.Fatal(err)
	}
	ledgerVerifyNames(t, w, "grants", fmt.Sprint(g))
	attackSQL(t, w, "UPDATE users SET roles = 'printer custodian' WHERE name = 'printer'")
	_, err := w.Login(ctx, "printer", DemoPassword)
	refusedNaming(t, "sign-in", err, "users", "printer")
	if e := lastEntry(t, w); e.Kind != "login" || e.Outcome != store.OutcomeRefused || !strings.Contains(e.Detail, "row_changed") {
		t.Fatalf("refusal not recorded: %+v", e)
	}
	ledgerVerifyNames(t, w, "users", "printer")
	// Nor does the administrator grant a seal to the edited user.
	_, err = w.GrantSeal(ctx, login(t, w, "admin"), "printer", "finance", time.Time{}, time.Time{})
	refusedNaming(t, "grant", err, "users", "printer")
	// A session opened before the edit cannot use the role either: the
	// stamp request checks the row again.
	w2 := demo(t)
	setupSQL(t, w2, "UPDATE users SET roles = 'printer custodian' WHERE name = 'printer'")
	p := login(t, w2, "printer")
	attackSQL(t, w2, "UPDATE users SET display_name = '某人' WHERE name = 'printer'")
	_, err = w2.Request(ctx, p, RequestInput{Seal: "contract", DocPath: demoDoc(w2), Page: 1, XMM: 100, YMM: 200})
	refusedNaming(t, "request", err, "users", "printer")
}

// TestPasswordHashCopiedWithSQL: the custodian's password hash copied onto
// admin: signing in as admin with the custodian's password is refused.
func TestPasswordHashCopiedWithSQL(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	setupSQL(t, w, "UPDATE users SET password_hash = ? WHERE name = 'custodian'", mustHash(t, "custodian-only"))
	attackSQL(t, w, "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE name = 'custodian') WHERE name = 'admin'")
	_, err := w.Login(ctx, "admin", "custodian-only")
	refusedNaming(t, "sign-in", err, "users", "admin")
	ledgerVerifyNames(t, w, "users", "admin")
}

func mustHash(t testing.TB, pw string) string {
	t.Helper()
	h, err := HashPassword(pw, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestWeakKDFHashWithSQL: a password hash with scrypt N=2 (a guessing
// attack's dream) set on admin is refused at sign-in.
func TestWeakKDFHashWithSQL(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	salt := []byte("0123456789abcdef")
	k, err := scrypt.Key([]byte("x"), salt, 2, 8, 1, 32)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawStdEncoding
	weak := fmt.Sprintf("scrypt$2$8$1$%s$%s", enc.EncodeToString(salt), enc.EncodeToString(k))
	if ok, _ := openPassword(weak, "x"); !ok {
		t.Fatal("the weak hash does not even check (the test is wrong)")
	}
	attackSQL(t, w, "UPDATE users SET password_hash = '"+weak+"' WHERE name = 'admin'")
	_, err = w.Login(ctx, "admin", "x")
	refusedNaming(t, "sign-in", err, "users", "admin")
	ledgerVerifyNames(t, w, "users", "admin")
}

// TestPrintCountResetLedgerVerify: print_requests.printed set back is refused
// at the next print (TestPrintCountResetWithSQL) and named by `ledger verify`.
func TestPrintCountResetLedgerVerify(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	doc := stampedDemo(t, w)
	printer := login(t, w, "printer")
	id, err := w.RequestPrint(ctx, printer, doc, 2, "报送")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, "同意"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Print(ctx, printer, PrintInput{RequestID: id, OutDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.VerifyLedger(ctx); err != nil {
		t.Fatalf("ledger before the edit: %v", err)
	}
	attackSQL(t, w, "UPDATE print_requests SET printed = 0 WHERE id = '"+id+"'")
	ledgerVerifyNames(t, w, "print_requests", id)
	// Copies raised instead of the count lowered: the ledger agrees on the
	// count, the row check does not.
	w2 := demo(t)
	doc2 := stampedDemo(t, w2)
	p2 := login(t, w2, "printer")
	id2, err := w2.RequestPrint(ctx, p2, doc2, 1, "报送")
	if err != nil {
		t.Fatal(err)
	}
	if err := w2.Approve(ctx, login(t, w2, "approver"), id2, "同意"); err != nil {
		t.Fatal(err)
	}
	attackSQL(t, w2, "UPDATE print_requests SET copies = 50 WHERE id = '"+id2+"'")
	dir := t.TempDir()
	_, err = w2.Print(ctx, p2, PrintInput{RequestID: id2, OutDir: dir})
	if Code(err) != "row_changed" && Code(err) != "approval_signature" {
		t.Fatalf("print with copies raised: %v", err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Fatalf("copies were written: %v", es)
	}
	ledgerVerifyNames(t, w2, "print_requests", id2)
}

// TestSealSwappedWithSQL: the contract seal's certificate, key reference,
// picture and seal data replaced by the legal representative's: an approval
// for 合同专用章 no longer yields a PDF bearing 李明华's seal.
func TestSealSwappedWithSQL(t *testing.T) {
	ctx := context.Background()
	for _, col := range []string{"cert", "key_ref", "picture", "seal_data", "cert, key_ref, picture, seal_data, chain"} {
		t.Run(col, func(t *testing.T) {
			w := demo(t)
			id := approved(t, w, "contract", demoDoc(w), 1, 100, 200)
			var set []string
			for _, c := range strings.Split(col, ", ") {
				set = append(set, c+" = (SELECT "+c+" FROM seals WHERE id = 'legal-rep')")
			}
			attackSQL(t, w, "UPDATE seals SET "+strings.Join(set, ", ")+" WHERE id = 'contract'")
			out := filepath.Join(t.TempDir(), "out.pdf")
			_, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
			refusedNaming(t, "stamp", err, "seals", "contract")
			if _, err := os.Stat(out); err == nil {
				t.Fatal("a stamped file was written")
			}
			ledgerVerifyNames(t, w, "seals", "contract")
		})
	}
}

// TestSettingChangedWithSQL: a setting (the file size limit) and the demo
// marker, edited with sqlite3, are named by `ledger verify`.
func TestSettingChangedWithSQL(t *testing.T) {
	w := demo(t)
	attackSQL(t, w, "INSERT INTO meta(key, value) VALUES('max_file_mb', '999999') ON CONFLICT(key) DO UPDATE SET value = excluded.value")
	ledgerVerifyNames(t, w, "meta", "max_file_mb")
}

// TestRowsRecordedAndChecked: SealDesk's own changes verify; each is one
// "row" entry; a row deleted outside SealDesk is caught too; and the check of
// one row is one primary-key read plus one lookup in the partial index.
func TestRowsRecordedAndChecked(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	admin := login(t, w, "admin")
	before := len(allEntries(t, w))
	if err := w.SetApprovalRule(ctx, admin, "finance", 1, []string{"approver"}); err != nil {
		t.Fatal(err)
	}
	es := allEntries(t, w)[before:]
	// The row record comes first, so the act's own entry stays the last.
	if len(es) != 2 || es[1].Kind != "rule" || es[0].Kind != store.KindRow || es[0].DocName != "approval_rules/finance" || es[0].Actor != "admin" {
		t.Fatalf("entries of a rule change: %+v", es)
	}
	if _, err := w.VerifyLedger(ctx); err != nil {
		t.Fatal(err)
	}
	// An idle change records nothing: a right password leaves the row as it was.
	n := len(allEntries(t, w))
	login(t, w, "custodian")
	if got := len(allEntries(t, w)); got != n+1 {
		t.Fatalf("a sign-in wrote %d entries", got-n)
	}
	// A change through SealDesk never blesses an edit made around it.
	attackSQL(t, w, "UPDATE approval_rules SET approvers = '' WHERE seal_id = 'finance'")
	err := w.SetApprovalRule(ctx, admin, "finance", 1, []string{"approver"})
	refusedNaming(t, "rule change over an edited row", err, "approval_rules", "finance")
	attackSQL(t, w, "UPDATE approval_rules SET approvers = 'approver' WHERE seal_id = 'finance'")
	if _, err := w.VerifyLedger(ctx); err != nil {
		t.Fatalf("row put back: %v", err)
	}
	attackSQL(t, w, "DELETE FROM approval_rules WHERE seal_id = 'finance'")
	ledgerVerifyNames(t, w, "approval_rules", "finance")

	if p := queryPlan(t, w, store.RowRecordQuery, "users/admin"); !strings.Contains(p, "USING INDEX ledger_rows") || strings.Contains(p, "SCAN") || strings.Contains(p, "TEMP B-TREE") {
		t.Fatalf("the record lookup is not one index search: %s", p)
	}
}

// queryPlan is SQLite's plan for q, its steps joined by "; ".
func queryPlan(t *testing.T, w *Workspace, q string, args ...any) string {
	t.Helper()
	rows, err := w.sqlite().SQL().Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		rows.Scan(&id, &parent, &unused, &detail)
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

// TestRowsAdoptedOnUpgrade: a workspace from before authenticated rows (no
// "row" entries, migration 0020 just applied) records its rows once, as found, at the first
// open: one adopt entry per row, the ledger verifies, stamps work, and a later
// edit is refused.
func TestRowsAdoptedOnUpgrade(t *testing.T) {
	ctx := context.Background()
	home := filepath.Join(t.TempDir(), "old")
	if err := InitDemo(ctx, home, rand.Reader, testNow); err != nil {
		t.Fatal(err)
	}
	w, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	// As an older SealDesk left it, just upgraded: its ledger has no row
	// records (take them out and re-chain) and migration 0020 has set the
	// adopt marker.
	w.Close()
	rechainWithout(t, filepath.Join(home, dbFile), "row")
	w, err = Open(home)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.Now = func() time.Time { return testNow }
	adopted, _ := w.db.Ledger(ctx, store.LedgerFilter{Kind: store.KindRow})
	all, _ := w.db.GuardedRows(ctx)
	if len(adopted) != len(all) || len(all) < 15 || !strings.HasPrefix(adopted[0].Detail, "adopt") || adopted[0].Actor != "system" {
		t.Fatalf("%d rows, %d adopted: %+v", len(all), len(adopted), adopted[:1])
	}
	if v, _ := w.db.Meta(ctx, metaRowsAdopt); v != "" {
		t.Fatal("adopt marker left")
	}
	if _, err := w.VerifyLedger(ctx); err != nil {
		t.Fatal(err)
	}
	id := approved(t, w, "official", demoDoc(w), 1, 100, 200)
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "1.pdf"), PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	attackSQL(t, w, "UPDATE users SET roles = 'admin' WHERE name = 'auditor'")
	_, err = w.Login(ctx, "auditor", DemoPassword)
	refusedNaming(t, "sign-in", err, "users", "auditor")
}

// rechainWithout removes the entries of kind from a closed workspace's ledger,
// recomputes the chain, drops the heads and sets the adopt marker as
// migration 0020 does: a ledger as SealDesk wrote it before row records
// existed, just upgraded. (Its heads are unsigned; an old workspace's heads
// would be signed, which the adoption does not look at.)
func rechainWithout(t *testing.T, path, kind string) {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	es, err := db.Ledger(ctx, store.LedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	q := db.SQL()
	for _, s := range []string{"DELETE FROM ledger", "DELETE FROM ledger_heads", "INSERT INTO meta(key, value) VALUES('rows_adopt_pending', '1')"} {
		if _, err := q.Exec(s); err != nil {
			t.Fatal(s, err)
		}
	}
	prev := make([]byte, 32)
	var seq int64
	for _, e := range es {
		if e.Kind == kind {
			continue
		}
		seq++
		e.Seq = seq
		e.PrevHash = prev
		e.Hash = e.ComputeHash(prev)
		prev = e.Hash
		if _, err := q.Exec("INSERT INTO ledger(seq, at, actor, kind, outcome, seal_id, request_id, doc_name, doc_hash, out_hash, detail, workstation, ip, prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			e.Seq, e.At.UTC().Format("2006-01-02T15:04:05.000000000Z07:00"), e.Actor, e.Kind, e.Outcome, e.SealID, e.RequestID, e.DocName, e.DocHash, e.OutHash, e.Detail, e.Workstation, e.IP, e.PrevHash, e.Hash); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDemoCAKeyNotUnderSealPIN: the demo's CA root and maker keys do not open
// with the demo seal PIN that the README prints; a demo workspace opens them
// with its own secret, kept outside the workspace folder (issue 12 point 2).
func TestDemoCAKeyNotUnderSealPIN(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	for _, name := range []string{"sm2-root.key", "ecdsa-root.key", makerFile} {
		k, err := device.OpenSoftKey(filepath.Join(w.Home, "ca", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := k.Unlock(DemoPIN); !errors.Is(err, device.ErrPINIncorrect) {
			t.Fatalf("%s with the demo seal PIN: %v", name, err)
		}
	}
	if _, _, _, err := w.loadCA(ctx, device.AlgSM2, DemoPIN); Code(err) != "pin" && !errors.Is(err, device.ErrPINIncorrect) {
		t.Fatalf("CA with the demo seal PIN: %v", err)
	}
	if _, _, _, err := w.loadCA(ctx, device.AlgSM2, ""); err != nil {
		t.Fatalf("CA with the demo workspace's own secret: %v", err)
	}
	// Someone with the workspace folder but another OS account's secrets
	// has neither the secret nor a way to open the CA keys.
	t.Setenv("SEALDESK_SECRET_DIR", t.TempDir())
	w2, err := Open(w.Home)
	if err == nil {
		defer w2.Close()
		if _, _, _, err := w2.loadCA(ctx, device.AlgSM2, ""); err == nil {
			t.Fatal("the CA keys opened without this account's secret")
		}
	}
}

// TestRowRecordForgedWithSQL: the contract seal's certificate swapped and a
// matching row record appended to the ledger, chained correctly, with plain
// SQL. Without a head signed by the workstation key the record does not
// count: the next stamp is refused naming the row, also when the attacker
// signs the head with a seal's SM2 key and certificate instead (issue 12:
// "re-signed with a seal's key"), and `ledger verify` refuses too. The record
// may also name "system", whose entries carry no user's signature: then only
// the record's own head tells it, since the refusal's entry chains over it
// with an honest head, and `ledger verify` must still name the row.
func TestRowRecordForgedWithSQL(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		signHead bool
		actor    string
	}{{false, "admin"}, {true, "admin"}, {false, "system"}} {
		signHead := c.signHead
		t.Run(fmt.Sprintf("head signed by a seal: %v, actor %s", signHead, c.actor), func(t *testing.T) {
			w := demo(t)
			id := approved(t, w, "contract", demoDoc(w), 1, 100, 200)
			attackSQL(t, w, "UPDATE seals SET cert = (SELECT cert FROM seals WHERE id = 'legal-rep') WHERE id = 'contract'")
			ref := store.SealRow("contract")
			have, err := w.sqlite().RowHash(ctx, ref)
			if err != nil {
				t.Fatal(err)
			}
			last, _, err := w.db.LastEntry(ctx)
			if err != nil {
				t.Fatal(err)
			}
			e := store.Entry{Seq: last.Seq + 1, At: testNow, Actor: c.actor, Kind: store.KindRow, Outcome: store.OutcomeOK,
				DocName: ref.String(), DocHash: have, Detail: "row content recorded", Workstation: last.Workstation, IP: last.IP}
			e.PrevHash = last.Hash
			e.Hash = e.ComputeHash(last.Hash)
			db, err := sql.Open("sqlite3", "file:"+w.sqlite().Path()+"?_busy_timeout=10000")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec("INSERT INTO ledger(seq, at, actor, kind, outcome, seal_id, request_id, doc_name, doc_hash, out_hash, detail, workstation, ip, prev_hash, hash) VALUES(?, ?, ?, ?, ?, '', '', ?, ?, '', ?, ?, ?, ?, ?)",
				e.Seq, e.At.UTC().Format("2006-01-02T15:04:05.000000000Z07:00"), e.Actor, e.Kind, e.Outcome, e.DocName, e.DocHash, e.Detail, e.Workstation, e.IP, e.PrevHash, e.Hash); err != nil {
				t.Fatal(err)
			}
			if got, _, _ := w.db.LastEntry(ctx); !bytes.Equal(got.Hash, e.ComputeHash(got.PrevHash)) {
				t.Fatal("the forged entry does not chain (the test is wrong)")
			}
			if signHead {
				seals, _ := w.db.Seals(ctx)
				var sl store.Seal
				for _, s := range seals {
					if s.Algorithm == device.AlgSM2 {
						sl = s
						break
					}
				}
				key, err := device.OpenKey(sl.KeyRef, DemoPIN, device.OpenOptions{Dir: w.Home, Cert: sl.Cert, Chain: sl.Chain})
				if err != nil {
					t.Fatal(err)
				}
				signer := key.Signer
				h := store.Head{Seq: e.Seq, Hash: e.Hash, At: testNow, Workstation: e.Workstation, Cert: sl.Cert}
				if h.Signature, err = signMessage(signer, headStatement(h), rand.Reader); err != nil {
					t.Fatal(err)
				}
				if _, err := db.Exec("INSERT INTO ledger_heads(seq, hash, at, workstation, signature, cert) VALUES(?, ?, ?, ?, ?, ?)",
					h.Seq, h.Hash, h.At.UTC().Format("2006-01-02T15:04:05.000000000Z07:00"), h.Workstation, h.Signature, h.Cert); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(t.TempDir(), "out.pdf")
			_, err = w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN})
			if Code(err) != "row_record_forged" {
				t.Fatalf("stamp over a forged record: %v", err)
			}
			for _, lang := range []string{assets.LangZH, assets.LangEN} {
				if m := Message(err, lang); !strings.Contains(m, "seals") || !strings.Contains(m, "contract") {
					t.Errorf("%s message does not name the row: %q", lang, m)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatal("a stamped file was written")
			}
			_, err = w.VerifyLedger(ctx)
			if err == nil {
				t.Fatal("ledger verify accepted the forged record")
			}
			if c.actor == "system" && (Code(err) != "row_record_forged" || !strings.Contains(Message(err, assets.LangEN), "contract")) {
				t.Fatalf("ledger verify over a record chained over by an honest entry = %v, want row_record_forged naming the row", err)
			}
		})
	}
}

// TestRowRecordSignedByActor (issue 12 point 2): the row record of a change
// an administrator makes is signed by the administrator's own key, like the
// act's entry, not only covered by the workstation's head; with that
// signature removed, or replaced by another user's, the full check names the
// row record.
func TestRowRecordSignedByActor(t *testing.T) {
	ctx := context.Background()
	for _, tamper := range []string{"",
		"DELETE FROM ledger_sigs WHERE seq = ?",
		"UPDATE ledger_sigs SET (signature, cert) = (SELECT s.signature, s.cert FROM ledger_sigs s JOIN ledger l USING(seq) WHERE l.actor = 'custodian' LIMIT 1) WHERE seq = ?",
	} {
		w := demo(t)
		login(t, w, "custodian")
		admin := login(t, w, "admin")
		before := len(allEntries(t, w))
		if err := w.SetApprovalRule(ctx, admin, "finance", 1, []string{"approver"}); err != nil {
			t.Fatal(err)
		}
		row := allEntries(t, w)[before]
		if row.Kind != store.KindRow {
			t.Fatalf("entry %d is %s, not the row record", row.Seq, row.Kind)
		}
		if tamper == "" {
			var cert []byte
			if err := w.sqlite().SQL().QueryRow("SELECT cert FROM ledger_sigs WHERE seq = ?", row.Seq).Scan(&cert); err != nil {
				t.Fatalf("the row record %d carries no signature of its actor: %v", row.Seq, err)
			}
			if c, err := smx509.ParseCertificate(cert); err != nil || c.Subject.SerialNumber != userSerialPrefix+"admin" {
				t.Fatalf("row record signed by %v (%v), want the admin's certificate", c, err)
			}
			if _, err := w.VerifyLedgerFull(ctx); err != nil {
				t.Fatal(err)
			}
			continue
		}
		sqlExec(t, w, tamper, row.Seq)
		_, err := w.VerifyLedgerFull(ctx)
		var ce *store.ChainError
		if !errors.As(err, &ce) || ce.Seq != row.Seq {
			t.Errorf("%s: VerifyLedgerFull = %v, want the row record %d named", tamper, err, row.Seq)
		}
	}
}
