package main

import (
	"encoding/hex"
	"path/filepath"
	"strconv"
	"testing"

	"sealdesk/device"
	"sealdesk/internal/hostsecret"
)

// TestWorkstationKeyMoveSurvivesCrashes (issue 18): a workstation key sealed
// with scrypt, as every workspace before issue 18 has it, moves to HKDF-SM3
// at its first open; the real binary killed just before and just after the
// re-seal leaves a key that the next command opens, and ends with the key
// under HKDF-SM3 and a ledger that verifies.
func TestWorkstationKeyMoveSurvivesCrashes(t *testing.T) {
	bin := realBinary(t)
	home := procWorkspace(t)
	keyPath := filepath.Join(home, "ca", "workstation.key")
	db := openRaw(t, home)
	var id string
	if err := db.QueryRow("SELECT value FROM meta WHERE key = 'workstation_id'").Scan(&id); err != nil {
		t.Fatal(err)
	}
	db.Close()
	host, err := hostsecret.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	secret := hostsecret.Derive(host, "sealdesk/workstation-key/v1") // app's wsKeySecretInfo
	kdfOf := func() string {
		k, err := device.OpenSoftKey(keyPath)
		if err != nil {
			t.Fatal(err)
		}
		return k.KDF()
	}
	// Make it old: scrypt under the secret in hex, as SealDesk sealed it before.
	k, err := device.OpenSoftKey(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := k.UnlockWithSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := device.SealSoftKey(keyPath, signer, hex.EncodeToString(secret)); err != nil {
		t.Fatal(err)
	}

	// Killed after unlocking the old file, before the re-seal: still old.
	// A request appends to the ledger, so it opens the workstation key.
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	spot := 0
	request := func() []string {
		spot++
		return []string{"request", "--home", home, "--as", "custodian", "--seal", "official", "--doc", doc,
			"--page", "1", "--x", strconv.Itoa(50 + spot), "--y", "100", "--reason", "迁移"}
	}
	if r := runBinary(bin, []string{"SEALDESK_CRASH_AT=wskey-unlocked"}, request()...); !r.killed {
		t.Fatalf("not killed before the re-seal: %+v", r)
	}
	if got := kdfOf(); got != device.KDFScrypt {
		t.Fatalf("after a crash before the re-seal the key file uses %s", got)
	}
	// Killed right after the re-seal (the new file in place, synced).
	if r := runBinary(bin, []string{"SEALDESK_CRASH_AT=wskey-resealed"}, request()...); !r.killed {
		t.Fatalf("not killed after the re-seal: %+v", r)
	}
	if got := kdfOf(); got != device.KDFHKDFSM3 {
		t.Fatalf("after a crash after the re-seal the key file uses %s", got)
	}
	if r := runBinary(bin, nil, request()...); r.code != 0 {
		t.Fatalf("command after the crashes: %+v", r)
	}
	k, _ = device.OpenSoftKey(keyPath)
	if _, err := k.UnlockWithSecret(secret); err != nil {
		t.Fatalf("the moved key does not open with the host secret: %v", err)
	}
	if r := runBinary(bin, nil, "ledger", "verify", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify after the move: %+v", r)
	}
}
