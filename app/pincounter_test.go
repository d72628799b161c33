package app

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/assets"
	"sealdesk/device"
)

// TestEditedPINCounterRefusesStamp: the finance seal's key is locked by wrong
// PINs; resetting its counter (or raising its limit) in the key file's JSON does
// not give the tries back: the stamp is refused with "ask the administrator to
// re-issue the key", in both languages, and the right PIN does not help.
func TestEditedPINCounterRefusesStamp(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ field string }{{"failures"}, {"max_tries"}} {
		t.Run(tc.field, func(t *testing.T) {
			w := demo(t)
			sl, err := w.db.Seal(ctx, "finance")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(w.Home, strings.TrimPrefix(sl.KeyRef, "soft:"))
			for i := 0; i < device.SoftKeyMaxTries; i++ {
				k, err := device.OpenSoftKey(path)
				if err != nil {
					t.Fatal(err)
				}
				k.Unlock("000001")
			}
			b, _ := os.ReadFile(path)
			m := map[string]any{}
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			if m["failures"] != float64(device.SoftKeyMaxTries) || m["mac"] == nil {
				t.Fatalf("demo key after %d wrong PINs: failures %v, mac %v", device.SoftKeyMaxTries, m["failures"], m["mac"])
			}
			if tc.field == "failures" {
				m["failures"] = 0
			} else {
				m["max_tries"] = 100
			}
			b, _ = json.Marshal(m)
			os.WriteFile(path, b, 0o600)

			id := approved(t, w, "finance", demoDoc(w), 1, 100, 200)
			_, err = w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "out.pdf"), PIN: DemoPIN})
			if !errors.Is(err, device.ErrCounterTampered) {
				t.Fatalf("stamp with an edited counter: %v", err)
			}
			if msg := Message(err, assets.LangZH); !strings.Contains(msg, "重新签发") {
				t.Fatalf("zh-CN message: %s", msg)
			}
			if msg := Message(err, assets.LangEN); !strings.Contains(msg, "ask the administrator to re-issue the key") {
				t.Fatalf("en message: %s", msg)
			}
		})
	}
}

// TestWorkstationSecretOutsideWorkspace: the secret behind the counters lives
// in the secret folder (0600 in 0700), not in the workspace; a workspace
// copied to another account, which lacks it, refuses its keys.
func TestWorkstationSecretOutsideWorkspace(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	id, _ := w.db.Meta(ctx, "workstation_id")
	dir := os.Getenv("SEALDESK_SECRET_DIR")
	fi, err := os.Stat(filepath.Join(dir, "workstation-"+id+".secret"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v %v", err, fi)
	}
	if rel, err := filepath.Rel(w.Home, dir); err == nil && !strings.HasPrefix(rel, "..") {
		t.Fatalf("secret folder %s inside the workspace", dir)
	}
	w.Close()

	t.Setenv("SEALDESK_SECRET_DIR", t.TempDir()) // another account: no secret yet
	if w2, err := Open(w.Home); Code(err) != CodeHostSecretMissing {
		if err == nil {
			w2.Close()
		}
		t.Fatalf("a workspace copied without its secret opened: %v", err)
	}
	// The key files themselves also refuse a counter key they were not
	// sealed with: device.TestSoftKeyForeignCounterKey.
}
