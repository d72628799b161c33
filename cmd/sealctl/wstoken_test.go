package main

import (
	"bytes"
	"crypto"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/device"
	"sealdesk/internal/sm2token/tokentest"
)

// TestWorkstationKeyOnToken (issue 12 point 4): with the real binary and a
// PKCS#11 module that signs SM2 (internal/sm2token), an administrator moves
// the workstation key onto the token. A wrong token PIN changes nothing; a
// move killed half-way is finished by the next act.
// After the move the software key file is gone, the record holds no PIN in
// clear, every head from the move on is signed by the token's key, and the
// ledger verifies. With the token pulled out, an act is refused with a
// message saying so and the ledger is untouched, while `ledger verify` still
// works (it needs only certificates). Someone who copied the software key
// before the move, and puts it back with the host secret in hand, gets an
// act through, but `ledger verify` names the head it signed.
func TestWorkstationKeyOnToken(t *testing.T) {
	bin := realBinary(t)
	home := procWorkspace(t)
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	keyPath := filepath.Join(home, "ca", "workstation.key")
	oldKey, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}

	priv, pkcs8 := tokentest.NewKey(t)
	const tokenPIN = "24681357"
	lib := tokentest.Build(t, t.TempDir())
	tokentest.Install(t, tokentest.State{Label: "工作站密钥", Serial: "WS2026000001", UserPIN: tokenPIN, SOPIN: "97531086",
		MaxTries: 5, Key: pkcs8, ID: []byte{0x07}, KeyLabel: "workstation"})
	uri := device.URI{Token: "工作站密钥", ID: []byte{0x07}, ModulePath: lib}.String()
	run := func(env []string, args ...string) procResult {
		t.Helper()
		return runBinary(bin, append([]string{"SEALDESK_LANG=zh-CN"}, env...), args...)
	}
	entries := func() int {
		db := openRaw(t, home)
		defer db.Close()
		var n int
		if err := db.QueryRow("SELECT count(*) FROM ledger").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// A custodian may not; a wrong token PIN moves nothing.
	if r := run(nil, "keys", "workstation", "--home", home, "--as", "custodian", "--key", uri); r.code != exitRefused {
		t.Fatalf("custodian: %+v", r)
	}
	if r := run([]string{"SEALDESK_PIN=11112222"}, "keys", "workstation", "--home", home, "--as", "admin", "--key", uri); r.code == 0 {
		t.Fatalf("wrong token PIN: %+v", r)
	}
	if _, err := os.Stat(keyPath); err != nil {
		t.Fatalf("a refused move touched the software key: %v", err)
	}
	if _, err := os.Stat(filepath.Join(home, "ca", "workstation.token")); err == nil {
		t.Fatal("a refused move wrote the token record")
	}

	// Killed once the record is written, before the software key is
	// deleted and the move recorded: the next act signs with the token and
	// deletes the left-over key; the move, run again, is recorded.
	if r := run([]string{"SEALDESK_PIN=" + tokenPIN, "SEALDESK_CRASH_AT=wskey-token-written"}, "keys", "workstation", "--home", home, "--as", "admin", "--key", uri); !r.killed {
		t.Fatalf("not killed at wskey-token-written: %+v", r)
	}
	if _, err := os.Stat(keyPath); err != nil {
		t.Fatalf("the software key went before the crash point: %v", err)
	}
	if r := run(nil, "request", "--home", home, "--as", "custodian", "--seal", "official", "--doc", doc,
		"--page", "1", "--x", "50", "--y", "200", "--reason", "迁移中断后"); r.code != 0 {
		t.Fatalf("request after the interrupted move: %+v", r)
	}
	if _, err := os.Stat(keyPath); !os.IsNotExist(err) {
		t.Fatalf("the software key survived the interrupted move: %v", err)
	}
	if r := run(nil, "ledger", "verify", "--full", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify --full after the interrupted move: %+v", r)
	}

	r := run([]string{"SEALDESK_PIN=" + tokenPIN}, "keys", "workstation", "--home", home, "--as", "admin", "--key", uri)
	if r.code != 0 || !strings.Contains(r.stderr, "工作站密钥已迁移到 USB 密钥") {
		t.Fatalf("move: %+v", r)
	}
	rec, err := os.ReadFile(filepath.Join(home, "ca", "workstation.token"))
	if err != nil || bytes.Contains(rec, []byte(tokenPIN)) {
		t.Fatalf("token record: %v, PIN in clear %v", err, bytes.Contains(rec, []byte(tokenPIN)))
	}

	// Acts go on, signed by the token.
	id := approvedRequest(t, home, doc)
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	if r := run(nil, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out); r.code != 0 {
		t.Fatalf("stamp after the move: %+v", r)
	}
	if r := run(nil, "ledger", "verify", "--full", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify --full: %+v", r)
	}
	db := openRaw(t, home)
	var moveSeq int64
	var certSM3 string
	if err := db.QueryRow("SELECT seq, doc_hash FROM ledger WHERE kind = 'workstation.key' AND outcome = 'ok'").Scan(&moveSeq, &certSM3); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("SELECT seq, cert FROM ledger_heads WHERE seq >= ?", moveSeq)
	if err != nil {
		t.Fatal(err)
	}
	heads := 0
	for rows.Next() {
		var seq int64
		var cert []byte
		rows.Scan(&seq, &cert)
		if sum := sm3.Sum(cert); hex.EncodeToString(sum[:]) != certSM3 {
			t.Errorf("head %d is not signed by the token's certificate", seq)
		}
		c, err := smx509.ParseCertificate(cert)
		if err != nil || !bytes.Equal(pkixOf(t, c.PublicKey), pkixOf(t, &priv.PublicKey)) {
			t.Errorf("head %d: certificate of another key (%v)", seq, err)
		}
		heads++
	}
	rows.Close()
	db.Close()
	if heads < 4 {
		t.Fatalf("%d heads after the move", heads)
	}

	// The token pulled out: nothing happens, and the person is told why.
	n := entries()
	r = run([]string{tokentest.Env + "="}, "request", "--home", home, "--as", "custodian", "--seal", "official", "--doc", doc,
		"--page", "1", "--x", "30", "--y", "30", "--reason", "拔出密钥")
	if r.code == 0 || !strings.Contains(r.stderr, "工作站密钥所在的 USB 密钥不可用") {
		t.Fatalf("request with the token out: %+v", r)
	}
	if got := entries(); got != n {
		t.Fatalf("the ledger grew by %d entries with the token out", got-n)
	}
	if r := run([]string{tokentest.Env + "="}, "ledger", "verify", "--home", home); r.code != 0 {
		t.Fatalf("ledger verify without the token: %+v", r)
	}

	// The attacker's copy of the software key, put back with the host
	// secret: an act goes through, the check names its head.
	if err := os.WriteFile(keyPath, oldKey, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(home, "ca", "workstation.token"), filepath.Join(t.TempDir(), "moved-away")); err != nil {
		t.Fatal(err)
	}
	if r := run(nil, "request", "--home", home, "--as", "custodian", "--seal", "official", "--doc", doc,
		"--page", "1", "--x", "40", "--y", "40", "--reason", "旧密钥"); r.code != 0 {
		t.Fatalf("request with the old key put back: %+v", r)
	}
	r = run(nil, "ledger", "verify", "--home", home)
	if r.code != 1 || !strings.Contains(r.stderr, "USB") {
		t.Fatalf("ledger verify after the old key signed: %+v", r)
	}
}

func pkixOf(t *testing.T, pub crypto.PublicKey) []byte {
	t.Helper()
	b, err := smx509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
