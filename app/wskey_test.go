package app

import (
	"context"
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sealdesk/assets"
	"strings"
	"testing"

	"sealdesk/device"
	"sealdesk/internal/hostsecret"
	"sealdesk/internal/kdf"
	"sealdesk/store"
)

// TestWorkstationKeyNotBesideItsSecret (issue 12 point 4): a new workspace
// holds no secret for its workstation key, and the workspace files copied to a
// machine (or an account) without the host secret do not open it: no entry
// can be appended there with a valid head.
func TestWorkstationKeyNotBesideItsSecret(t *testing.T) {
	w := demo(t)
	if _, err := os.Stat(filepath.Join(w.Home, wsLegacySecret)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s exists in a new workspace: %v", wsLegacySecret, err)
	}
	// The key file, unlocked with every file of the workspace, stays shut.
	err := filepath.WalkDir(w.Home, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if s := strings.TrimSpace(string(b)); len(s) == 64 {
			if _, err := hex.DecodeString(s); err == nil {
				t.Errorf("%s looks like a key secret", p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	home := w.Home
	w.Close()

	other := t.TempDir()
	t.Setenv(hostsecret.EnvDir, other) // another account, without the host secret
	w2, err := Open(home)
	if err == nil {
		w2.Close()
		t.Fatal("the workspace opened without its host secret")
	}
	if Code(err) != CodeHostSecretMissing || !strings.Contains(Message(err, assets.LangZH), other) {
		t.Fatalf("open without the host secret = %v, want host_secret_missing naming %s", err, other)
	}
	// Nothing is left behind: no new secret that would open nothing.
	if left, _ := os.ReadDir(other); len(left) != 0 {
		t.Fatalf("opening made %d files in the other account's secret folder", len(left))
	}
}

// TestWorkstationKeyMigratesFromSecretFile: a workspace whose workstation key
// is sealed under ca/workstation.secret (as before issue 12) is re-sealed
// under the host secret at its first use, the file is deleted, and the ledger
// goes on verifying.
func TestWorkstationKeyMigratesFromSecretFile(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	// Make it old: the key sealed under a secret file beside it.
	secret, err := w.workstationKeySecret()
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(w.Home, wsKeyFile)
	k, err := device.OpenSoftKey(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := k.UnlockWithSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	old := make([]byte, 32)
	rand.Read(old)
	if err := device.SealSoftKey(keyPath, signer, hex.EncodeToString(old)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(w.Home, wsLegacySecret), []byte(hex.EncodeToString(old)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	home := w.Home
	w.Close()

	w2, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	login(t, w2, "admin") // appends entries: the key must open
	if _, err := os.Stat(filepath.Join(home, wsLegacySecret)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s still exists after the migration: %v", wsLegacySecret, err)
	}
	k2, err := device.OpenSoftKey(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k2.Unlock(hex.EncodeToString(old)); err == nil {
		t.Fatal("the old secret still opens the workstation key")
	}
	if _, err := k2.UnlockWithSecret(secret); err != nil {
		t.Fatalf("the host secret does not open the migrated key: %v", err)
	}
	if _, err := w2.VerifyLedgerFull(ctx); err != nil {
		t.Fatalf("ledger after the migration: %v", err)
	}
	var n int
	w2.sqlite().SQL().QueryRow("SELECT count(*) FROM ledger WHERE kind = 'login' AND outcome = ?", store.OutcomeOK).Scan(&n)
	if n == 0 {
		t.Fatal("no sign-in recorded")
	}
}

// TestWorkstationKeyMovesToHKDF (issue 18): a workstation key sealed with
// scrypt under the host secret (every workspace before issue 18) still opens;
// its first open re-seals it with HKDF-SM3 under the same secret, and from
// then on opening it runs no scrypt. The ledger it signed goes on verifying.
// The crash-safety of the move is TestWorkstationKeyMoveSurvivesCrashes in
// cmd/sealctl.
func TestWorkstationKeyMovesToHKDF(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	secret, err := w.workstationKeySecret()
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(w.Home, wsKeyFile)
	k, err := device.OpenSoftKey(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if k.KDF() != device.KDFHKDFSM3 {
		t.Fatalf("a new workspace's workstation key uses %s", k.KDF())
	}
	signer, err := k.UnlockWithSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := device.SealSoftKey(keyPath, signer, workstationKeyPIN(secret)); err != nil { // as before issue 18
		t.Fatal(err)
	}
	home := w.Home
	w.Close()

	opens := func() int64 {
		w, err := Open(home)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		before := kdf.Runs()
		if _, _, err := w.workstationSigner(); err != nil {
			t.Fatalf("open the workstation key: %v", err)
		}
		return kdf.Runs() - before
	}
	if n := opens(); n != 1 {
		t.Fatalf("the old key file opened with %d scrypt runs, want 1", n)
	}
	k, _ = device.OpenSoftKey(keyPath)
	if k.KDF() != device.KDFHKDFSM3 {
		t.Fatalf("after its first open the key file still uses %s", k.KDF())
	}
	if got, err := k.UnlockWithSecret(secret); err != nil || !got.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(signer.Public()) {
		t.Fatalf("the re-sealed file does not hold the same key: %v", err)
	}
	if n := opens(); n != 0 {
		t.Fatalf("the re-sealed key opened with %d scrypt runs, want 0", n)
	}
	w2, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	login(t, w2, "admin")
	if _, err := w2.VerifyLedgerFull(ctx); err != nil {
		t.Fatalf("ledger after the move: %v", err)
	}
}
