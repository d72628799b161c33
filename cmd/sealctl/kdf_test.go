package main

import (
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/internal/kdf"
)

// TestStampDerivesEachSecretOnce counts the scrypt runs of each command of
// a stamp (issue 18 point 3): the stamp derives the sign-in password and the
// seal's PIN once each, never a secret twice. Request and approve derive the
// password, which also opens the user's own key (one scrypt run yields both).
// The workstation key (which signs the ledger head) is sealed under a random
// secret and opens with HKDF-SM3, no scrypt (issue 18 point 1).
func TestStampDerivesEachSecretOnce(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	t.Setenv("SEALDESK_PIN", "135790")
	home := filepath.Join(t.TempDir(), "demo")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatalf("init-demo: %+v", r)
	}
	runs := func(args ...string) (result, int64) {
		before := kdf.Runs()
		r := sealctl(t, args...)
		if r.code != 0 {
			t.Fatalf("%s: %+v", args[0], r)
		}
		return r, kdf.Runs() - before
	}
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	r, request := runs("request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", "100", "--y", "200", "--reason", "kdf")
	id := strings.TrimSpace(r.stdout)
	_, approve := runs("approve", "--home", home, "--as", "approver", "--comment", "同意", id)
	_, stamp := runs("stamp", "--home", home, "--as", "custodian", "--request", id, "--out", filepath.Join(t.TempDir(), "out.pdf"))
	t.Logf("scrypt runs: request %d, approve %d, stamp %d", request, approve, stamp)
	// The workstation key, sealed under a random secret, takes no scrypt
	// run since issue 18 (HKDF-SM3): what is left is the person's secrets.
	if request != 1 || approve != 1 {
		t.Fatalf("request ran %d, approve %d key derivations, want 1 each (password with the user's key)", request, approve)
	}
	if stamp != 2 {
		t.Fatalf("stamp ran %d key derivations, want 2 (password, PIN)", stamp)
	}
}
