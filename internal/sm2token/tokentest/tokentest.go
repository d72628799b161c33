// Package tokentest builds the SM2 test PKCS#11 module (sealdesk/internal/sm2token)
// and writes the state of its one token, for tests in other packages, as
// internal/softhsm does for SoftHSM2.
//
// The module is a Go c-shared library, and a process can hold only one copy
// of it: Go libraries are never unloaded (the linker marks them NODELETE) and
// two Go runtimes loaded from two copies would fight over signals. So build it
// once per test process, into a folder that outlives every test that opens it,
// and open it always by that one path. The token's state is read at
// C_Initialize: Install points the module at a new state, then (re)open the
// module after the previous user closed it.
package tokentest

import (
	"crypto/rand"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
)

// Env and File are the module's: $SEALDESK_SM2TOKEN_DIR/token.json.
const (
	Env  = "SEALDESK_SM2TOKEN_DIR"
	File = "token.json"
)

// State is the token as the module reads it from File. Failures (wrong PINs
// since the last right one) and UserPIN are written back by the module.
type State struct {
	Label    string `json:"label"`
	Serial   string `json:"serial"`
	UserPIN  string `json:"user_pin"`
	SOPIN    string `json:"so_pin"`
	MaxTries int    `json:"max_tries"`
	Failures int    `json:"failures"`
	Key      []byte `json:"key"`  // PKCS#8 DER, or the raw 32-byte scalar
	Cert     []byte `json:"cert"` // X.509 DER
	ID       []byte `json:"id"`   // CKA_ID of the key pair and the certificate
	KeyLabel string `json:"key_label"`
}

// Build compiles the module into dir and returns the library's path. It needs
// the go command and a C compiler (cgo), as every cgo test here does.
func Build(t testing.TB, dir string) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the SM2 test module: %v", err)
	}
	lib := filepath.Join(dir, "libsm2token.so")
	start := time.Now()
	// An import path, not a folder: the tests run in their package's folder.
	cmd := exec.Command(goCmd, "build", "-buildmode=c-shared", "-o", lib, "sealdesk/internal/sm2token")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the SM2 test module: %v\n%s", err, out)
	}
	t.Logf("built %s in %v", lib, time.Since(start).Round(time.Millisecond))
	return lib
}

// Install writes st into a new temporary folder and points the module at it
// for the rest of the test (t.Setenv: such tests cannot run in parallel).
// It returns the folder, for Read.
func Install(t testing.TB, st State) string {
	t.Helper()
	dir := t.TempDir()
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, File), b, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(Env, dir)
	return dir
}

// Read returns the state the module last wrote in dir.
func Read(t testing.TB, dir string) State {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, File))
	if err != nil {
		t.Fatal(err)
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// NewKey makes an SM2 key for a token: the key, and its PKCS#8 DER for
// State.Key.
func NewKey(t testing.TB) (*sm2.PrivateKey, []byte) {
	t.Helper()
	priv, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := smx509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return priv, pkcs8
}
