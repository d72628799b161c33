package device

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/miekg/pkcs11"

	"sealdesk/internal/softhsm"
)

const testPIN = "246813"

func TestModulePaths(t *testing.T) {
	old := p11kitConfigDirs
	p11kitConfigDirs = []string{"testdata/p11kit"}
	t.Cleanup(func() { p11kitConfigDirs = old })
	t.Setenv(EnvModules, "/env/a.so"+string(filepath.ListSeparator)+"/explicit.so")
	got := ModulePaths("/explicit.so")
	want := []string{"/explicit.so", "/env/a.so", "/bin/sh"} // duplicates dropped; missing relative module skipped
	if !slices.Equal(got, want) {
		t.Fatalf("ModulePaths = %q, want %q", got, want)
	}
}

func TestPINStatusFlags(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flags uint
		want  PINStatus
	}{
		{"none", 0, PINStatus{TriesLeft: TriesUnknown}},
		{"count low", pkcs11.CKF_USER_PIN_COUNT_LOW, PINStatus{TriesLeft: TriesUnknown}},
		{"final", pkcs11.CKF_USER_PIN_COUNT_LOW | pkcs11.CKF_USER_PIN_FINAL_TRY, PINStatus{TriesLeft: 1, FinalTry: true}},
		{"locked", pkcs11.CKF_USER_PIN_LOCKED, PINStatus{Locked: true}},
	} {
		if got := pinStatus(tc.flags); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestMapErr(t *testing.T) {
	for _, tc := range []struct {
		code uint
		want error
	}{
		{pkcs11.CKR_PIN_INCORRECT, ErrPINIncorrect},
		{pkcs11.CKR_PIN_LOCKED, ErrPINLocked},
		{pkcs11.CKR_PIN_EXPIRED, ErrPINMustChange},
		{pkcs11.CKR_PIN_LEN_RANGE, ErrPINPolicy},
		{pkcs11.CKR_DEVICE_REMOVED, ErrNoToken},
		{pkcs11.CKR_TOKEN_NOT_PRESENT, ErrNoToken},
		{pkcs11.CKR_SESSION_HANDLE_INVALID, ErrNoToken},
	} {
		if err := mapErr(pkcs11.Error(tc.code), "x"); !errors.Is(err, tc.want) {
			t.Errorf("%#x: %v, want %v", tc.code, err, tc.want)
		}
	}
}

func TestNormaliseSig(t *testing.T) {
	raw := make([]byte, 64)
	raw[31], raw[63] = 5, 7
	der, err := normaliseSig(raw)
	if err != nil {
		t.Fatal(err)
	}
	var rs struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(der, &rs); err != nil || rs.R.Int64() != 5 || rs.S.Int64() != 7 {
		t.Fatalf("raw r||s -> %x (%v)", der, err)
	}
	again, err := normaliseSig(der)
	if err != nil || string(again) != string(der) {
		t.Fatalf("DER not passed through: %x %v", again, err)
	}
	if _, err := normaliseSig([]byte{1, 2, 3}); err == nil {
		t.Fatal("odd-length signature accepted")
	}
}

// testToken makes a SoftHSM2 token with an ECDSA P-256 key (id 01, with a
// certificate) and an RSA-2048 key (id 02, no certificate), and opens the module.
func testToken(t *testing.T) (*Module, *softhsm.Token, *x509.Certificate) {
	t.Helper()
	h := softhsm.New(t)
	tk := h.InitToken(t, "SealKey 1", testPIN)
	tk.GenerateKey(t, "EC:prime256v1", "01", "ec seal")
	tk.GenerateKey(t, "rsa:2048", "02", "rsa seal")
	m, err := OpenModule(h.Module)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	tok, err := m.FindToken(URI{Token: "SealKey 1"})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := m.Keys(tok)
	if err != nil {
		t.Fatal(err)
	}
	var ecPub crypto.PublicKey
	for _, k := range keys {
		if k.Algorithm == AlgECDSAP256 {
			ecPub = k.Public
		}
	}
	if ecPub == nil {
		t.Fatalf("no ECDSA key listed: %+v", keys)
	}
	// Issue a certificate for the token key from a throwaway CA.
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, _ := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	ca, _ = x509.ParseCertificate(caDER)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "合同专用章"}, NotBefore: ca.NotBefore, NotAfter: ca.NotAfter,
		KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, ecPub, caKey)
	if err != nil {
		t.Fatal(err)
	}
	tk.WriteCert(t, der, "01", "ec seal")
	cert, _ := x509.ParseCertificate(der)
	return m, tk, cert
}

func TestSoftHSMTokensAndKeys(t *testing.T) {
	m, _, cert := testToken(t)
	toks, err := m.Tokens()
	if err != nil {
		t.Fatal(err)
	}
	var tok Token
	for _, x := range toks {
		if x.Label == "SealKey 1" {
			tok = x
		}
	}
	if tok.Label == "" || tok.Manufacturer != "SoftHSM project" || tok.Serial == "" || !tok.LoginRequired {
		t.Fatalf("token %+v in %+v", tok, toks)
	}
	if tok.PIN.Locked || tok.MustChangePIN {
		t.Fatalf("fresh token PIN state %+v", tok)
	}
	keys, err := m.Keys(tok)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Key{}
	for _, k := range keys {
		byID[string(k.ID)] = k
	}
	ec, rs := byID["\x01"], byID["\x02"]
	if ec.Algorithm != AlgECDSAP256 || ec.Cert == nil || string(ec.Cert.Raw) != string(cert.Raw) || ec.Label != "ec seal" {
		t.Errorf("EC key %+v", ec)
	}
	if rs.Algorithm != AlgRSA || rs.Cert != nil {
		t.Errorf("RSA key %+v", rs)
	}
	certs, err := m.Certificates(tok)
	if err != nil || len(certs) != 1 || string(certs[0].ID) != "\x01" {
		t.Fatalf("certificates %+v, %v", certs, err)
	}
	// The key's URI finds the same token again, through its string form.
	u, err := ParseURI(ec.URI().String())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := m.FindToken(u); err != nil || got.Serial != tok.Serial {
		t.Fatalf("FindToken(%s) = %+v, %v", u, got, err)
	}
}

func TestSoftHSMSigners(t *testing.T) {
	m, _, cert := testToken(t)
	digest := sha256.Sum256([]byte("合同第2页"))

	ec, err := m.Signer(URI{Token: "SealKey 1", ID: []byte{1}}, testPIN)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	sig, err := ec.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if !ecdsa.VerifyASN1(cert.PublicKey.(*ecdsa.PublicKey), digest[:], sig) {
		t.Fatal("ECDSA signature does not verify against the certificate")
	}

	rs, err := m.Signer(URI{Token: "SealKey 1", Object: "rsa seal", Type: "private"}, testPIN)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	sig, err = rs.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if err := rsa.VerifyPKCS1v15(rs.Public().(*rsa.PublicKey), crypto.SHA256, digest[:], sig); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.Sign(rand.Reader, digest[:], &rsa.PSSOptions{Hash: crypto.SHA256}); err == nil {
		t.Fatal("PSS accepted")
	}
	// After Close the session is gone: no signing without a new PIN entry.
	ec.Close()
	if _, err := ec.Sign(rand.Reader, digest[:], crypto.SHA256); !errors.Is(err, ErrNoToken) {
		t.Fatalf("sign after Close: %v", err)
	}
}

func TestSoftHSMPIN(t *testing.T) {
	m, _, _ := testToken(t)
	u := URI{Token: "SealKey 1", ID: []byte{1}}
	_, err := m.Signer(u, "999999")
	var pe *PINError
	if !errors.As(err, &pe) || !errors.Is(err, ErrPINIncorrect) {
		t.Fatalf("wrong PIN: %v", err)
	}
	if _, err := m.Signer(u, "123456"); !errors.Is(err, ErrPINMustChange) || !errors.Is(err, ErrPINPolicy) {
		t.Fatalf("default PIN: %v", err)
	}
	if err := m.ChangePIN(u, testPIN, "12345678"); !errors.Is(err, ErrPINPolicy) {
		t.Fatalf("change to a default PIN: %v", err)
	}
	if err := m.ChangePIN(u, "999999", "864209"); !errors.Is(err, ErrPINIncorrect) {
		t.Fatalf("change with a wrong old PIN: %v", err)
	}
	if err := m.ChangePIN(u, testPIN, "864209"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Signer(u, testPIN); !errors.Is(err, ErrPINIncorrect) {
		t.Fatalf("old PIN after change: %v", err)
	}
	s, err := m.Signer(u, "864209")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestSoftHSMKeyRemoved(t *testing.T) {
	m, tk, _ := testToken(t)
	u := URI{Token: "SealKey 1", ID: []byte{1}}
	digest := sha256.Sum256([]byte("x"))

	// The key object disappears while a signer holds it.
	s, err := m.Signer(u, testPIN)
	if err != nil {
		t.Fatal(err)
	}
	tk.Delete(t, "privkey", "01")
	if _, err := s.Sign(rand.Reader, digest[:], crypto.SHA256); !errors.Is(err, ErrNoToken) {
		t.Fatalf("sign with a deleted key: %v", err)
	}
	s.Close()
	if _, err := m.Signer(u, testPIN); !errors.Is(err, ErrNoToken) {
		t.Fatalf("signer for a deleted key: %v", err)
	}

	// The library is finalised under a live signer (what a pulled-out key looks
	// like to many vendor modules), then unloaded.
	s, err = m.Signer(URI{Token: "SealKey 1", ID: []byte{2}}, testPIN)
	if err != nil {
		t.Fatal(err)
	}
	m.ctx.Finalize()
	if _, err := s.Sign(rand.Reader, digest[:], crypto.SHA256); !errors.Is(err, ErrNoToken) {
		t.Fatalf("sign after C_Finalize: %v", err)
	}
	m.Close()
	if _, err := s.Sign(rand.Reader, digest[:], crypto.SHA256); !errors.Is(err, ErrNoToken) {
		t.Fatalf("sign after unload: %v", err)
	}
	if _, err := m.Tokens(); !errors.Is(err, ErrNoToken) {
		t.Fatalf("tokens after unload: %v", err)
	}
}

// TestSM2TokenSigning drives the SM2 path with C_Sign replaced by gmsm (no
// PKCS#11 module here signs SM2): the signer computes e with the default ID,
// uses the table's raw mechanism, accepts r‖s and DER answers, and refuses a
// signature that does not verify.
func TestSM2TokenSigning(t *testing.T) {
	priv, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("GB/T 38540 签章")
	var gotMech uint
	signE := func(raw bool) func(uint, []byte) ([]byte, error) {
		return func(mech uint, e []byte) ([]byte, error) {
			gotMech = mech
			der, err := sm2.SignASN1(rand.Reader, priv, e, nil) // nil opts: e is signed as given
			if err != nil || !raw {
				return der, err
			}
			var rs struct{ R, S *big.Int }
			asn1.Unmarshal(der, &rs)
			return append(rs.R.FillBytes(make([]byte, 32)), rs.S.FillBytes(make([]byte, 32))...), nil
		}
	}
	for _, raw := range []bool{true, false} {
		s := &TokenSigner{m: &Module{Path: "/usr/lib/vendor-sm2.so"}, pub: &priv.PublicKey, alg: AlgSM2, loggedIn: true, testOnlyRaw: signE(raw)}
		sig, err := s.Sign(rand.Reader, msg, sm2.DefaultSM2SignerOpts)
		if err != nil {
			t.Fatalf("raw=%v: %v", raw, err)
		}
		if gotMech != defaultSM2.SignE {
			t.Errorf("mechanism %#x, want %#x", gotMech, defaultSM2.SignE)
		}
		if !sm2.VerifyASN1WithSM2(&priv.PublicKey, nil, msg, sig) {
			t.Fatalf("raw=%v: signature does not verify as SM2 over the message with the default ID", raw)
		}
		if _, err := s.Sign(rand.Reader, msg, sm2.NewSM2SignerOption(true, []byte("other id"))); err == nil {
			t.Error("a non-default ID was accepted")
		}
	}
	// A module whose mechanism means something else (here: signs e with another key).
	other, _ := sm2.GenerateKey(rand.Reader)
	bad := &TokenSigner{m: &Module{Path: "x.so"}, pub: &priv.PublicKey, loggedIn: true, testOnlyRaw: func(_ uint, e []byte) ([]byte, error) {
		return sm2.SignASN1(rand.Reader, other, e, nil)
	}}
	if _, err := bad.Sign(rand.Reader, msg, sm2.DefaultSM2SignerOpts); err == nil {
		t.Fatal("an SM2 signature that does not verify was returned")
	}
}
