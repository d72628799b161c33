package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/app"
)

// TestPairedDemoWorkstations: `init-demo --home FIELD --field-of HQ` makes a
// second demo workstation paired with headquarters through the recorded acts
// of `trust add` (an administrator's trust.add entry on each side), and the
// README's field round trip runs: request at the field, approval at
// headquarters, approval import and stamp at the field, the field's ledger
// imported and verified at headquarters. A demo workstation made without
// pairing has its approval and its ledger refused at the same steps. A wrong
// headquarters password or a root replaced in headquarters' trust/ folder
// creates nothing.
func TestPairedDemoWorkstations(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	dir := t.TempDir()
	hq, field, lone := filepath.Join(dir, "hq"), filepath.Join(dir, "field"), filepath.Join(dir, "lone")
	for _, h := range []string{hq, lone} {
		if r := sealctl(t, "init-demo", "--home", h); r.code != 0 {
			t.Fatal(r)
		}
	}

	// Refusals first, so that they leave headquarters as it was.
	t.Run("wrong headquarters password", func(t *testing.T) {
		t.Setenv("SEALDESK_PASSWORD", "wrong")
		f := filepath.Join(dir, "f-wrong")
		if r := sealctl(t, "init-demo", "--home", f, "--field-of", hq); r.code != 1 || !strings.Contains(r.stderr, "密码错误") {
			t.Fatalf("%+v", r)
		}
		if app.Exists(f) {
			t.Fatal("a field workspace was created although headquarters refused the sign-in")
		}
	})
	t.Run("replaced root file at headquarters", func(t *testing.T) {
		root := filepath.Join(hq, "trust", "demo-sm2-root.pem")
		own, _ := os.ReadFile(root)
		other, _ := os.ReadFile(filepath.Join(lone, "trust", "demo-sm2-root.pem"))
		os.WriteFile(root, other, 0o600)
		defer os.WriteFile(root, own, 0o600)
		f := filepath.Join(dir, "f-replaced")
		r := sealctl(t, "--lang", "en", "init-demo", "--home", f, "--field-of", hq)
		if r.code != 1 || !strings.Contains(r.stderr, "is not a trust anchor this workspace's ledger records") || app.Exists(f) {
			t.Fatalf("%+v (created: %v)", r, app.Exists(f))
		}
	})
	t.Run("--as without --field-of", func(t *testing.T) {
		f := filepath.Join(dir, "f-as")
		if r := sealctl(t, "init-demo", "--home", f, "--as", "admin"); r.code != 2 || !strings.Contains(r.stderr, "--field-of") || app.Exists(f) {
			t.Fatalf("%+v", r)
		}
	})
	t.Run("not a workspace", func(t *testing.T) {
		if r := sealctl(t, "init-demo", "--home", filepath.Join(dir, "f-none"), "--field-of", filepath.Join(dir, "none")); r.code != 2 {
			t.Fatalf("%+v", r)
		}
	})

	r := sealctl(t, "init-demo", "--home", field, "--field-of", hq)
	if r.code != 0 || r.stdout != field+"\n" || !strings.Contains(r.stderr, "已与总部工作区 "+hq+" 配对") {
		t.Fatalf("init-demo --field-of: %+v", r)
	}
	for _, h := range []string{hq, field} {
		r := sealctl(t, "ledger", "--home", h, "--kind", "trust.add", "--user", "admin", "--format", "json")
		var es []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &es); err != nil || len(es) != 2 {
			t.Fatalf("%s: the pairing must be two trust.add entries by admin: %v %s", filepath.Base(h), err, r.stdout)
		}
	}

	// The README's round trip, from the paired field and from the lone workstation.
	roundTrip := func(ws string) (approvalImport, ledgerImport result) {
		t.Helper()
		tmp := t.TempDir()
		id := strings.TrimSpace(sealctl(t, "request", "--home", ws, "--as", "custodian", "--seal", "contract",
			"--doc", filepath.Join(ws, "documents", app.DemoDocument), "--page", "1", "--x", "100", "--y", "200").stdout)
		req, approved := filepath.Join(tmp, "req.json"), filepath.Join(tmp, "approved.json")
		for _, args := range [][]string{
			{"request", "export", "--home", ws, "--as", "custodian", id, "--out", req},
			{"approval", "import", "--home", hq, "--as", "approver", req},
			{"approve", "--home", hq, "--as", "approver", id},
			{"request", "export", "--home", hq, "--as", "approver", id, "--out", approved},
		} {
			if r := sealctl(t, args...); r.code != 0 {
				t.Fatalf("%v: %+v", args, r)
			}
		}
		approvalImport = sealctl(t, "approval", "import", "--home", ws, "--as", "custodian", approved)
		if approvalImport.code == 0 {
			out := filepath.Join(tmp, "stamped.pdf")
			if r := sealctl(t, "stamp", "--home", ws, "--as", "custodian", "--request", id, "--out", out); r.code != 0 {
				t.Fatalf("stamp at %s: %+v", filepath.Base(ws), r)
			}
			r := sealctl(t, "verify", "--home", hq, "--json", out)
			if r.code != 0 || !strings.Contains(r.stdout, `"trust": "trusted"`) {
				t.Fatalf("headquarters does not trust the field's stamp: %+v", r)
			}
		}
		extract := filepath.Join(tmp, "ledger.json")
		if r := sealctl(t, "ledger", "export", "--home", ws, "--as", "auditor", "--out", extract); r.code != 0 {
			t.Fatal(r)
		}
		return approvalImport, sealctl(t, "ledger", "import", "--home", hq, "--as", "auditor", "--json", extract)
	}

	ai, li := roundTrip(lone)
	if ai.code != 1 || ai.stderr == "" {
		t.Fatalf("approval import at an unpaired workstation: %+v", ai)
	}
	if li.code != 1 || li.stderr == "" {
		t.Fatalf("ledger import from an unpaired workstation: %+v", li)
	}
	ai, li = roundTrip(field)
	if ai.code != 0 {
		t.Fatalf("approval import at the paired field: %+v", ai)
	}
	var merged struct{ New int }
	if err := json.Unmarshal([]byte(li.stdout), &merged); err != nil || li.code != 0 || merged.New == 0 {
		t.Fatalf("ledger import from the paired field: %v %+v", err, li)
	}
	if r := sealctl(t, "ledger", "verify", "--home", hq); r.code != 0 {
		t.Fatalf("ledger verify at headquarters: %+v", r)
	}
}
