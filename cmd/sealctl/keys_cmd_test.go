package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/device"
	"sealdesk/internal/softhsm"
)

// keyToken makes a SoftHSM2 token with one ECDSA key certified by a throwaway CA.
func keyToken(t *testing.T) *softhsm.Token {
	t.Helper()
	h := softhsm.New(t)
	tk := h.InitToken(t, "CLI key", "246813")
	tk.GenerateKey(t, "EC:prime256v1", "0a", "seal key")
	m, err := device.OpenModule(h.Module)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	tok, err := m.FindToken(device.URI{Token: "CLI key"})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := m.Keys(tok)
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys %+v %v", keys, err)
	}
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: "CLI seal"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, keys[0].Public, caKey)
	if err != nil {
		t.Fatal(err)
	}
	tk.WriteCert(t, der, "0a", "seal key")
	return tk
}

func TestKeysListAndPIN(t *testing.T) {
	tk := keyToken(t)
	r := sealctl(t, "keys", "list", "--module", tk.HSM.Module, "--json")
	var mods []jsonModule
	if err := json.Unmarshal([]byte(r.stdout), &mods); err != nil || r.code != 0 {
		t.Fatalf("keys list --json: %v %+v", err, r)
	}
	if len(mods) != 1 || len(mods[0].Tokens) != 1 {
		t.Fatalf("modules %+v", mods)
	}
	tok := mods[0].Tokens[0]
	if tok.Label != "CLI key" || len(tok.Keys) != 1 || len(tok.Certs) != 1 || tok.PIN.Locked || tok.PIN.MustChange {
		t.Fatalf("token %+v", tok)
	}
	k := tok.Keys[0]
	if k.ID != "0a" || k.Algorithm != device.AlgECDSAP256 || k.Cert == nil || !strings.Contains(k.Cert.Subject, "CLI seal") {
		t.Fatalf("key %+v", k)
	}
	if u, err := device.ParseURI(k.URI); err != nil || u.Type != "private" || string(u.ID) != "\x0a" || u.ModulePath == "" {
		t.Fatalf("key URI %s: %+v %v", k.URI, u, err)
	}
	if r := sealctl(t, "keys", "list", "--module", tk.HSM.Module); r.code != 0 || !strings.Contains(r.stdout, `令牌 "CLI key"`) {
		t.Fatalf("keys list:\n%+v", r)
	}

	// PIN change: a default is refused, a wrong old PIN is refused, then it works.
	t.Setenv("SEALDESK_PIN", "246813")
	t.Setenv("SEALDESK_NEW_PIN", "123456")
	if r := sealctl(t, "keys", "pin", "change", "--key", tok.URI); r.code == 0 || !strings.Contains(r.stderr, "123456") {
		t.Fatalf("change to a default PIN: %+v", r)
	}
	t.Setenv("SEALDESK_NEW_PIN", "864209")
	t.Setenv("SEALDESK_PIN", "999999")
	if r := sealctl(t, "keys", "pin", "change", "--key", tok.URI); r.code != exitRefused {
		t.Fatalf("wrong old PIN: %+v", r)
	}
	t.Setenv("SEALDESK_PIN", "246813")
	if r := sealctl(t, "keys", "pin", "change", "--key", tok.URI); r.code != 0 {
		t.Fatalf("pin change: %+v", r)
	}
	if r := sealctl(t, "keys", "pin", "change"); r.code != exitBadInput {
		t.Fatalf("no --key: %+v", r)
	}
}

// TestKeysBindRefused: a key whose certificate is not in the seal's list is
// not bound, and only an administrator may try.
func TestKeysBindRefused(t *testing.T) {
	tk := keyToken(t)
	t.Setenv("SEALDESK_PASSWORD", "demo")
	home := filepath.Join(t.TempDir(), "demo")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatalf("init-demo: %+v", r)
	}
	uri := device.URI{Token: "CLI key", ID: []byte{0x0a}, ModulePath: tk.HSM.Module}.String()
	if r := sealctl(t, "keys", "bind", "--home", home, "--as", "custodian", "--seal", "contract", "--key", uri); r.code != exitRefused {
		t.Fatalf("custodian binds: %+v", r)
	}
	r := sealctl(t, "keys", "bind", "--home", home, "--as", "admin", "--seal", "contract", "--key", uri)
	if r.code != exitRefused || !strings.Contains(r.stderr, "证书列表") {
		t.Fatalf("bind of a foreign certificate: %+v", r)
	}
	if r := sealctl(t, "keys", "bind", "--home", home, "--as", "admin", "--seal", "contract", "--key", "pkcs11:token=x?pin-value=1"); r.code != exitBadInput {
		t.Fatalf("PIN in URI: %+v", r)
	}
	r = sealctl(t, "seals", "--home", home, "--json")
	if strings.Contains(r.stdout, "pkcs11:") {
		t.Fatalf("a seal was bound: %s", r.stdout)
	}
}
