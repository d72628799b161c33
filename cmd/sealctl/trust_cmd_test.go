package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrustCLI: `trust list` shows the workspace's recorded anchors; a root
// dropped into trust/ is not among them and does not make another
// organisation's ledger extract importable; `trust add` by an administrator
// does (a custodian is refused), and the addition is a ledger entry.
func TestTrustCLI(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	field, hq := filepath.Join(t.TempDir(), "field"), filepath.Join(t.TempDir(), "hq")
	for _, h := range []string{field, hq} {
		if r := sealctl(t, "init-demo", "--home", h); r.code != 0 {
			t.Fatal(r)
		}
	}
	list := func() []map[string]any {
		t.Helper()
		r := sealctl(t, "trust", "list", "--home", hq, "--json")
		var as []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &as); err != nil || r.code != 0 {
			t.Fatalf("trust list: %v %+v", err, r)
		}
		return as
	}
	if n := len(list()); n != 2 {
		t.Fatalf("a demo workspace trusts %d anchors, want its own 2", n)
	}
	extract := filepath.Join(t.TempDir(), "field.json")
	if r := sealctl(t, "ledger", "export", "--home", field, "--as", "auditor", "--out", extract); r.code != 0 {
		t.Fatal(r)
	}
	for _, name := range []string{"demo-sm2-root.pem", "demo-ecdsa-root.pem"} {
		b, _ := os.ReadFile(filepath.Join(field, "trust", name))
		os.WriteFile(filepath.Join(hq, "trust", "dropped-"+name), b, 0o600)
	}
	if n := len(list()); n != 2 {
		t.Fatalf("files dropped into trust/ became anchors: %d", n)
	}
	if r := sealctl(t, "ledger", "import", "--home", hq, "--as", "auditor", extract); r.code != 1 || !strings.Contains(r.stderr, "trusted") && !strings.Contains(r.stderr, "信任") {
		t.Fatalf("import trusting a dropped file: %+v", r)
	}
	root := filepath.Join(field, "trust", "demo-sm2-root.pem")
	if r := sealctl(t, "trust", "add", "--home", hq, "--as", "custodian", root); r.code != 1 {
		t.Fatalf("custodian adds an anchor: %+v", r)
	}
	trustRoots(t, hq, field)
	if n := len(list()); n != 4 {
		t.Fatalf("anchors after trust add: %d", n)
	}
	if r := sealctl(t, "ledger", "import", "--home", hq, "--as", "auditor", extract); r.code != 0 {
		t.Fatalf("import after trust add: %+v", r)
	}
	r := sealctl(t, "ledger", "--home", hq, "--kind", "trust.add", "--outcome", "ok", "--format", "json")
	var es []map[string]any
	json.Unmarshal([]byte(r.stdout), &es)
	if len(es) != 4 || es[3]["actor"] != "admin" {
		t.Fatalf("trust.add entries: %v", es)
	}
}
