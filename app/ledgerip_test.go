package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLedgerRecordsWorkstationAndIP: every entry names the workstation (id
// and host) and its address; an extract carries the address to headquarters,
// which merges it, and an extract whose address was edited is refused.
func TestLedgerRecordsWorkstationAndIP(t *testing.T) {
	ctx := context.Background()
	field := demo(t)
	field.ip = "192.0.2.10" // pinned: the test machine's own address varies
	center := hq(t, field)
	approved(t, field, "contract", demoDoc(field), 1, 100, 200)
	e := lastEntry(t, field)
	host, _ := os.Hostname()
	if e.IP != "192.0.2.10" || !strings.HasSuffix(e.Workstation, "@"+host) || len(e.Workstation) <= len(host)+1 {
		t.Fatalf("entry workstation %q ip %q", e.Workstation, e.IP)
	}
	path := filepath.Join(t.TempDir(), "x.json")
	if _, err := field.ExportLedger(ctx, login(t, field, "auditor"), ExportOptions{}, path); err != nil {
		t.Fatal(err)
	}
	rep, err := center.ImportLedger(ctx, login(t, center, "auditor"), path)
	if err != nil || !rep.Clean() {
		t.Fatalf("import: %+v, %v", rep, err)
	}
	merged, _ := center.db.RemoteEntries(ctx, rep.Workstation)
	if merged[len(merged)-1].IP != "192.0.2.10" {
		t.Fatalf("merged entry lost its address: %+v", merged[len(merged)-1])
	}
	var x LedgerExtract
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	x.Entries[len(x.Entries)-2].IP = "198.51.100.1"
	edited := filepath.Join(t.TempDir(), "edited.json")
	b, _ = json.Marshal(&x)
	os.WriteFile(edited, b, 0o600)
	if _, err := hq(t, field).ImportLedger(ctx, login(t, center, "auditor"), edited); Code(err) != "extract_broken" {
		t.Fatalf("extract with an edited address: %v", err)
	}
}
