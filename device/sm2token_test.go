package device

import (
	"crypto/rand"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	"github.com/miekg/pkcs11"

	"sealdesk/internal/sm2token/tokentest"
)

const sm2TokenLabel = "SM2 公章 Key"

// TestSM2TokenModule drives the SM2 path through a real PKCS#11 module (the
// test module internal/sm2token, loaded with dlopen like a vendor's): listing
// the token and its key, C_Sign with the vendor mechanism, and the PIN
// counter the token keeps in its flags. The module is built once for the
// whole test, and reinitialised from a fresh token state in every subtest.
func TestSM2TokenModule(t *testing.T) {
	lib := tokentest.Build(t, t.TempDir())
	priv, pkcs8 := tokentest.NewKey(t)
	tmpl := &smx509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "示例科技有限公司"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), KeyUsage: smx509.KeyUsageDigitalSignature}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	id := []byte{0x0a, 0x01}
	u := URI{Token: sm2TokenLabel, ID: id, Type: "private"}

	// open installs a fresh token (3 tries) and loads the module for one subtest.
	open := func(t *testing.T) (*Module, string) {
		t.Helper()
		dir := tokentest.Install(t, tokentest.State{Label: sm2TokenLabel, Serial: "SD0000000042", UserPIN: testPIN, SOPIN: "97531086",
			MaxTries: 3, Key: pkcs8, Cert: der, ID: id, KeyLabel: "official"})
		m, err := OpenModule(lib)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { m.Close() })
		return m, dir
	}
	token := func(t *testing.T, m *Module) Token {
		t.Helper()
		tok, err := m.FindToken(URI{Token: sm2TokenLabel})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}

	t.Run("token and key", func(t *testing.T) {
		m, _ := open(t)
		toks, err := m.Tokens()
		if err != nil || len(toks) != 1 {
			t.Fatalf("tokens %+v, %v", toks, err)
		}
		tok := toks[0]
		if tok.Label != sm2TokenLabel || tok.Serial != "SD0000000042" || tok.Manufacturer != "SealDesk tests" || !tok.LoginRequired ||
			tok.PINCountLow || tok.PIN != (PINStatus{TriesLeft: TriesUnknown}) {
			t.Fatalf("token %+v", tok)
		}
		keys, err := m.Keys(tok)
		if err != nil || len(keys) != 1 {
			t.Fatalf("keys %+v, %v", keys, err)
		}
		k := keys[0]
		if k.Algorithm != AlgSM2 || string(k.ID) != string(id) || k.Label != "official" || k.Cert == nil || string(k.Cert.Raw) != string(der) {
			t.Fatalf("key %+v", k)
		}
		if !priv.PublicKey.Equal(k.Public) {
			t.Fatal("the public key read from CKA_EC_POINT is not the token's")
		}
		// The mechanism list names the vendor mechanism; a function the token
		// lacks answers CKR_FUNCTION_NOT_SUPPORTED through its slot.
		mechs, err := m.ctx.GetMechanismList(tok.Slot)
		if err != nil || len(mechs) != 1 || mechs[0].Mechanism != defaultSM2.SignE {
			t.Fatalf("mechanisms %+v, %v", mechs, err)
		}
		sh, err := m.ctx.OpenSession(tok.Slot, pkcs11.CKF_SERIAL_SESSION)
		if err != nil {
			t.Fatal(err)
		}
		defer m.ctx.CloseSession(sh)
		if _, err := m.ctx.GenerateRandom(sh, 8); !isCode(err, pkcs11.CKR_FUNCTION_NOT_SUPPORTED) {
			t.Fatalf("C_GenerateRandom: %v", err)
		}
		// The private key stays hidden until a login.
		if objs, err := m.find(sh, []*pkcs11.Attribute{pkcs11.NewAttribute(pkcs11.CKA_CLASS, pkcs11.CKO_PRIVATE_KEY)}); err != nil || len(objs) != 0 {
			t.Fatalf("private keys without login: %v, %v", objs, err)
		}
	})

	t.Run("sign", func(t *testing.T) {
		m, _ := open(t)
		s, err := m.Signer(u, testPIN)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if s.Algorithm() != AlgSM2 {
			t.Fatalf("algorithm %s", s.Algorithm())
		}
		msg := []byte("GB/T 38540 电子签章 over the real C interface")
		for range 2 { // one login, several signatures
			sig, err := s.Sign(rand.Reader, msg, sm2.DefaultSM2SignerOpts)
			if err != nil {
				t.Fatal(err)
			}
			if !sm2.VerifyASN1WithSM2(&priv.PublicKey, nil, msg, sig) {
				t.Fatal("the token's signature does not verify as SM2 over the message with the default ID")
			}
		}
		s.Close()
		if _, err := s.Sign(rand.Reader, msg, sm2.DefaultSM2SignerOpts); !errors.Is(err, ErrNoToken) {
			t.Fatalf("sign after Close: %v", err)
		}
	})

	// OpenSC's pkcs11-tool, a C consumer that shares no code with ours, sees
	// the same token and gets a signature over e that gmsm verifies: the
	// structures and the function list are right for C, not only for miekg.
	t.Run("pkcs11-tool", func(t *testing.T) {
		if _, err := exec.LookPath("pkcs11-tool"); err != nil {
			t.Skipf("pkcs11-tool (OpenSC) not installed: %v", err)
		}
		open(t)
		p11 := func(args ...string) string {
			t.Helper()
			out, err := exec.Command("pkcs11-tool", append([]string{"--module", lib}, args...)...).CombinedOutput()
			if err != nil {
				t.Fatalf("pkcs11-tool %v: %v\n%s", args, err, out)
			}
			return string(out)
		}
		if out := p11("-L", "-M"); !strings.Contains(out, sm2TokenLabel) || !strings.Contains(out, "login required") ||
			!strings.Contains(out, "mechtype-0x80008104") {
			t.Fatalf("pkcs11-tool -L -M:\n%s", out)
		}
		tmp := t.TempDir()
		e, err := sm2.CalculateSM2Hash(&priv.PublicKey, []byte("合同第2页"), nil)
		if err != nil {
			t.Fatal(err)
		}
		in, sigFile := filepath.Join(tmp, "e"), filepath.Join(tmp, "sig")
		if err := os.WriteFile(in, e, 0o600); err != nil {
			t.Fatal(err)
		}
		p11("--login", "--pin", testPIN, "--sign", "-m", "0x80008104", "--id", "0a01", "--input-file", in, "--output-file", sigFile)
		sig, err := os.ReadFile(sigFile)
		if err != nil || len(sig) != 64 {
			t.Fatalf("signature %x, %v: want raw r‖s", sig, err)
		}
		r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		if !sm2.Verify(&priv.PublicKey, e, r, s) {
			t.Fatal("the signature pkcs11-tool got does not verify over e")
		}
	})

	t.Run("wrong PIN", func(t *testing.T) {
		m, dir := open(t)
		_, err := m.Signer(u, "999999")
		var pe *PINError
		if !errors.As(err, &pe) || pe.TriesLeft != TriesUnknown {
			t.Fatalf("first wrong PIN: %v", err)
		}
		if tok := token(t, m); !tok.PINCountLow || tok.PIN.FinalTry {
			t.Fatalf("after one wrong PIN: %+v", tok)
		}
		if _, err = m.Signer(u, "999998"); !errors.As(err, &pe) || pe.TriesLeft != 1 {
			t.Fatalf("second wrong PIN (one try left): %v", err)
		}
		if tok := token(t, m); !tok.PIN.FinalTry || tok.PIN.TriesLeft != 1 {
			t.Fatalf("after two wrong PINs: %+v", tok)
		}
		if st := tokentest.Read(t, dir); st.Failures != 2 {
			t.Fatalf("failure counter on the token: %d", st.Failures)
		}
		// The right PIN on the final try works and resets the counter.
		s, err := m.Signer(u, testPIN)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		if tok := token(t, m); tok.PINCountLow || tok.PIN.FinalTry || tokentest.Read(t, dir).Failures != 0 {
			t.Fatalf("after the right PIN: %+v", tok)
		}
	})

	t.Run("locked", func(t *testing.T) {
		m, dir := open(t)
		m.Signer(u, "999999")
		m.Signer(u, "999998")
		if _, err := m.Signer(u, "999997"); !errors.Is(err, ErrPINLocked) {
			t.Fatalf("last wrong PIN: %v", err)
		}
		if tok := token(t, m); !tok.PIN.Locked {
			t.Fatalf("after max wrong PINs: %+v", tok)
		}
		if _, err := m.Signer(u, testPIN); !errors.Is(err, ErrPINLocked) {
			t.Fatalf("right PIN on a locked token: %v", err)
		}
		// Not only device's check of the flags: the token itself refuses the
		// right PIN, and the lock survives C_Finalize / C_Initialize.
		m.Close()
		m, err := OpenModule(lib)
		if err != nil {
			t.Fatal(err)
		}
		sh, err := m.ctx.OpenSession(token(t, m).Slot, pkcs11.CKF_SERIAL_SESSION)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.ctx.Login(sh, pkcs11.CKU_USER, testPIN); !isCode(err, pkcs11.CKR_PIN_LOCKED) {
			t.Fatalf("C_Login with the right PIN on a locked token: %v", err)
		}
		m.ctx.CloseSession(sh)
		m.Close()
		if st := tokentest.Read(t, dir); st.Failures != 3 {
			t.Fatalf("failure counter on the token: %d", st.Failures)
		}
	})

	t.Run("change PIN", func(t *testing.T) {
		m, dir := open(t)
		if err := m.ChangePIN(u, testPIN, "864209"); err != nil {
			t.Fatal(err)
		}
		if st := tokentest.Read(t, dir); st.UserPIN != "864209" {
			t.Fatalf("PIN on the token after C_SetPIN: %q", st.UserPIN)
		}
		if _, err := m.Signer(u, testPIN); !errors.Is(err, ErrPINIncorrect) {
			t.Fatalf("old PIN after change: %v", err)
		}
		s, err := m.Signer(u, "864209")
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	})
}
