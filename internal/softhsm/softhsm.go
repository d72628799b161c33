// Package softhsm makes SoftHSM2 tokens for tests: a real PKCS#11 module with
// its token store in a temporary folder, driven by softhsm2-util and
// pkcs11-tool (OpenSC), so the code under test meets a token it did not make.
//
// SoftHSM2 reads SOFTHSM2_CONF at C_Initialize: New sets it for the whole
// process (t.Setenv, so tests using it cannot run in parallel), and a test must
// finalise the module it opened before the next test makes its own tokens.
package softhsm

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Module is where Debian's softhsm2 package installs the module.
const Module = "/usr/lib/softhsm/libsofthsm2.so"

// SOPIN is the security officer PIN of every test token.
const SOPIN = "97531086"

// HSM is a SoftHSM2 token store in a temporary folder.
type HSM struct {
	Dir    string
	Module string
}

// Token is one initialised token.
type Token struct {
	HSM   *HSM
	Label string
	PIN   string
}

// New makes an empty token store and points SOFTHSM2_CONF at it. It skips the
// test when SoftHSM2 or OpenSC is not installed (make test installs both).
func New(t testing.TB) *HSM {
	t.Helper()
	for _, tool := range []string{"softhsm2-util", "pkcs11-tool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	if _, err := os.Stat(Module); err != nil {
		t.Skipf("SoftHSM2 module not installed: %v", err)
	}
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	if err := os.Mkdir(tokens, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "softhsm2.conf")
	body := "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n"
	if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOFTHSM2_CONF", conf)
	return &HSM{Dir: dir, Module: Module}
}

func run(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return out
}

// InitToken initialises a token in the next free slot.
func (h *HSM) InitToken(t testing.TB, label, pin string) *Token {
	t.Helper()
	run(t, "softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SOPIN, "--pin", pin)
	return &Token{HSM: h, Label: label, PIN: pin}
}

func (tk *Token) tool(t testing.TB, args ...string) []byte {
	t.Helper()
	base := []string{"--module", tk.HSM.Module, "--token-label", tk.Label, "--login", "--pin", tk.PIN}
	return run(t, "pkcs11-tool", append(base, args...)...)
}

// GenerateKey makes a key pair on the token; keyType is pkcs11-tool's, e.g.
// "EC:prime256v1" or "rsa:2048"; id is the CKA_ID in hex.
func (tk *Token) GenerateKey(t testing.TB, keyType, idHex, label string) {
	t.Helper()
	tk.tool(t, "--keypairgen", "--key-type", keyType, "--id", idHex, "--label", label)
}

// WriteCert stores a DER certificate with the given CKA_ID (hex).
func (tk *Token) WriteCert(t testing.TB, der []byte, idHex, label string) {
	t.Helper()
	f := filepath.Join(t.TempDir(), "cert.der")
	if err := os.WriteFile(f, der, 0o600); err != nil {
		t.Fatal(err)
	}
	tk.tool(t, "--write-object", f, "--type", "cert", "--id", idHex, "--label", label)
}

// Delete removes the object of a type ("privkey", "pubkey", "cert") and CKA_ID.
func (tk *Token) Delete(t testing.TB, typ, idHex string) {
	t.Helper()
	tk.tool(t, "--delete-object", "--type", typ, "--id", idHex)
}
