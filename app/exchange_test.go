package app

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hq makes a second, independent workspace (its own workstation id and CA) that
// trusts the field workstation's anchors, as headquarters would.
func hq(t testing.TB, field *Workspace) *Workspace {
	t.Helper()
	home := filepath.Join(t.TempDir(), "hq")
	if err := InitDemo(context.Background(), home, rand.Reader, testNow); err != nil {
		t.Fatal(err)
	}
	w, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	w.Now = func() time.Time { return testNow }
	t.Cleanup(func() { w.Close() })
	if field != nil {
		trust(t, w, field)
	}
	return w
}

// TestLedgerRoundTrip runs two workspaces side by side: the field workstation
// works offline and exports its ledger; headquarters checks and merges it,
// then sees duplicates, a gap and a fork for what they are (a fork that
// rewrites a head it imported is refused).
func TestLedgerRoundTrip(t *testing.T) {
	ctx := context.Background()
	field := demo(t)
	center := hq(t, field)
	fieldAuditor, hqAuditor := login(t, field, "auditor"), login(t, center, "auditor")
	dir := t.TempDir()

	approved(t, field, "contract", demoDoc(field), 1, 100, 200)
	n, err := field.ExportLedger(ctx, fieldAuditor, ExportOptions{}, filepath.Join(dir, "1.json"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := center.ImportLedger(ctx, hqAuditor, filepath.Join(dir, "1.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Clean() || rep.New != n || rep.Duplicates != 0 {
		t.Fatalf("first import: %+v (exported %d)", rep, n)
	}
	merged, _ := center.db.RemoteEntries(ctx, rep.Workstation)
	if len(merged) != n {
		t.Fatalf("%d entries merged, want %d", len(merged), n)
	}

	// More work in the field; the next full export merges only what is new.
	approved(t, field, "finance", demoDoc(field), 1, 100, 200)
	n2, err := field.ExportLedger(ctx, fieldAuditor, ExportOptions{}, filepath.Join(dir, "2.json"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err = center.ImportLedger(ctx, hqAuditor, filepath.Join(dir, "2.json"))
	if err != nil || !rep.Clean() || rep.Duplicates != n || rep.New != n2-n {
		t.Fatalf("second import: %+v, %v", rep, err)
	}

	// An extract that starts after entries headquarters never got: a gap.
	approved(t, field, "invoice", demoDoc(field), 1, 100, 200)
	last, _, _ := field.db.LastEntry(ctx)
	if _, err := field.ExportLedger(ctx, fieldAuditor, ExportOptions{FromSeq: last.Seq - 1}, filepath.Join(dir, "3.json")); err != nil {
		t.Fatal(err)
	}
	rep, err = center.ImportLedger(ctx, hqAuditor, filepath.Join(dir, "3.json"))
	if err != nil || len(rep.Gap) != 2 || rep.Gap[1] != last.Seq-2 {
		t.Fatalf("gap import: %+v, %v", rep, err)
	}

	// A copy of the field workspace that goes its own way: the same workstation,
	// the same sequence numbers, other entries — a fork.
	forkHome := filepath.Join(t.TempDir(), "fork")
	if err := copyTree(field.Home, forkHome); err != nil {
		t.Fatal(err)
	}
	approved(t, field, "official", demoDoc(field), 1, 100, 200)
	fork, err := Open(forkHome)
	if err != nil {
		t.Fatal(err)
	}
	defer fork.Close()
	fork.Now = func() time.Time { return testNow.Add(time.Hour) }
	approved(t, fork, "legal-rep", demoDoc(fork), 1, 100, 200)
	if _, err := field.ExportLedger(ctx, fieldAuditor, ExportOptions{}, filepath.Join(dir, "4.json")); err != nil {
		t.Fatal(err)
	}
	if _, err := center.ImportLedger(ctx, hqAuditor, filepath.Join(dir, "4.json")); err != nil {
		t.Fatal(err)
	}
	if _, err := fork.ExportLedger(ctx, login(t, fork, "auditor"), ExportOptions{}, filepath.Join(dir, "fork.json")); err != nil {
		t.Fatal(err)
	}
	// It holds other entries where 4.json's head was: refused whole, as
	// rewriting what headquarters already holds (issue 12 point 5).
	rep, err = center.ImportLedger(ctx, hqAuditor, filepath.Join(dir, "fork.json"))
	if Code(err) != "extract_rewrites" {
		t.Fatalf("fork import: %+v, %v", rep, err)
	}
	if _, err := center.VerifyLedger(ctx); err != nil {
		t.Fatalf("headquarters' own ledger after imports: %v", err)
	}
}

// TestLedgerExtractRefused: an edited extract, and one from a workstation
// headquarters does not trust, are refused whole and nothing is merged.
func TestLedgerExtractRefused(t *testing.T) {
	ctx := context.Background()
	field := demo(t)
	center := hq(t, field)
	approved(t, field, "contract", demoDoc(field), 1, 100, 200)
	path := filepath.Join(t.TempDir(), "x.json")
	if _, err := field.ExportLedger(ctx, login(t, field, "auditor"), ExportOptions{}, path); err != nil {
		t.Fatal(err)
	}
	var x LedgerExtract
	b, _ := os.ReadFile(path)
	json.Unmarshal(b, &x)
	x.Entries[2].Detail = "nothing happened"
	edited := filepath.Join(t.TempDir(), "edited.json")
	b, _ = json.Marshal(&x)
	os.WriteFile(edited, b, 0o600)
	if _, err := center.ImportLedger(ctx, login(t, center, "auditor"), edited); Code(err) != "extract_broken" || !strings.Contains(err.Error(), "altered") ||
		!strings.Contains(Message(err, "zh-CN"), "条记录在写入后被修改") {
		t.Fatalf("edited extract: %v / %s", err, Message(err, "zh-CN"))
	}
	// Why a file is not accepted is said in the reader's language too.
	garbage := filepath.Join(t.TempDir(), "notes.json")
	os.WriteFile(garbage, []byte("这不是台账"), 0o600)
	if _, err := center.ImportLedger(ctx, login(t, center, "auditor"), garbage); Code(err) != "extract_broken" ||
		Message(err, "zh-CN") != "台账导出文件 "+garbage+" 无法接受：这不是 SealDesk 台账导出文件" {
		t.Fatalf("a file that is no extract: %s", Message(err, "zh-CN"))
	}
	// The organisation renamed in the file: the signed certificate says otherwise.
	x = LedgerExtract{}
	b, _ = os.ReadFile(path)
	json.Unmarshal(b, &x)
	x.Organisation = "另一家公司"
	renamed := filepath.Join(t.TempDir(), "renamed.json")
	b, _ = json.Marshal(&x)
	os.WriteFile(renamed, b, 0o600)
	if _, err := center.ImportLedger(ctx, login(t, center, "auditor"), renamed); Code(err) != "extract_broken" || !strings.Contains(err.Error(), "organisation") ||
		!strings.Contains(Message(err, "zh-CN"), "导出文件写明单位 \"另一家公司\"") {
		t.Fatalf("extract with a renamed organisation: %v", err)
	}
	// Headquarters without the field's anchors.
	stranger := hq(t, nil)
	if _, err := stranger.ImportLedger(ctx, login(t, stranger, "auditor"), path); Code(err) != "extract_broken" || !strings.Contains(err.Error(), "not trusted") {
		t.Fatalf("untrusted extract: %v", err)
	}
	if es, _ := center.db.RemoteEntries(ctx, x.Workstation); len(es) != 0 {
		t.Fatalf("%d entries merged from refused extracts", len(es))
	}
	if _, err := field.ExportLedger(ctx, login(t, field, "custodian"), ExportOptions{}, filepath.Join(t.TempDir(), "y.json")); Code(err) != "role" {
		t.Fatalf("custodian exports: %v", err)
	}
}
