package device

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"path/filepath"
	"testing"
	"time"
)

// selfCert certifies key with itself, as the DER a seal row keeps.
func selfCert(t *testing.T, key crypto.Signer) []byte {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "财务专用章"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestOpenKeySoft(t *testing.T) {
	path, key := newSoftKey(t, AlgECDSAP256, "135790")
	dir, rel := filepath.Dir(path), filepath.Base(path)
	der := selfCert(t, key)
	ref := SoftKeyRef(rel)
	if ref != "soft:"+rel || IsTokenKey(ref) {
		t.Fatalf("reference %q", ref)
	}
	k, err := OpenKey(ref, "135790", OpenOptions{Dir: dir, Cert: der})
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Chain) != 1 || string(k.Chain[0].Raw) != string(der) || k.PIN.TriesLeft != SoftKeyMaxTries || k.PIN.Locked {
		t.Fatalf("opened %+v", k)
	}
	d := sha256.Sum256([]byte("合同"))
	sig, err := k.Signer.Sign(rand.Reader, d[:], crypto.SHA256)
	if err != nil || !ecdsa.VerifyASN1(key.Public().(*ecdsa.PublicKey), d[:], sig) {
		t.Fatalf("signature: %v", err)
	}
	// A wrong PIN says how many tries are left; the last one locks the key.
	var pe *PINError
	if _, err := OpenKey(ref, "000001", OpenOptions{Dir: dir}); !errors.As(err, &pe) || pe.TriesLeft != SoftKeyMaxTries-1 {
		t.Fatalf("wrong PIN: %v", err)
	}
	for i := 0; i < SoftKeyMaxTries-1; i++ {
		_, err = OpenKey(ref, "000001", OpenOptions{Dir: dir})
	}
	if !errors.Is(err, ErrPINLocked) {
		t.Fatalf("after %d wrong PINs: %v", SoftKeyMaxTries, err)
	}
	if _, err := OpenKey("file:"+rel, "135790", OpenOptions{Dir: dir}); !errors.Is(err, ErrNoToken) {
		t.Fatalf("unknown reference: %v", err)
	}
}

func TestOpenKeyToken(t *testing.T) {
	m, _, cert := testToken(t)
	ref := URI{Token: "SealKey 1", ID: []byte{1}, Type: "private", ModulePath: m.Path}.String()
	if !IsTokenKey(ref) {
		t.Fatalf("%q is not a token reference", ref)
	}
	k, err := OpenKey(ref, testPIN, OpenOptions{Cert: cert.Raw})
	if err != nil {
		t.Fatal(err)
	}
	if k.PIN.Locked || len(k.Chain) != 1 {
		t.Fatalf("opened %+v", k)
	}
	d := sha256.Sum256([]byte("合同第3页"))
	sig, err := k.Signer.Sign(rand.Reader, d[:], crypto.SHA256)
	if err != nil || !ecdsa.VerifyASN1(cert.PublicKey.(*ecdsa.PublicKey), d[:], sig) {
		t.Fatalf("signature: %v", err)
	}
	// One PIN, one signature: the session logged out after the first.
	if _, err := k.Signer.Sign(rand.Reader, d[:], crypto.SHA256); !errors.Is(err, ErrNoToken) {
		t.Fatalf("second signature on one PIN entry: %v", err)
	}
	// A stamp of three marks opens the key for three signatures, then the
	// session ends; Close ends it early.
	k, err = OpenKey(ref, testPIN, OpenOptions{Cert: cert.Raw, Signatures: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := k.Signer.Sign(rand.Reader, d[:], crypto.SHA256); err != nil {
			t.Fatalf("signature %d of 3: %v", i+1, err)
		}
	}
	if _, err := k.Signer.Sign(rand.Reader, d[:], crypto.SHA256); !errors.Is(err, ErrNoToken) {
		t.Fatalf("a fourth signature on a key opened for three: %v", err)
	}
	k, err = OpenKey(ref, testPIN, OpenOptions{Cert: cert.Raw, Signatures: 5})
	if err != nil {
		t.Fatal(err)
	}
	k.Close()
	if _, err := k.Signer.Sign(rand.Reader, d[:], crypto.SHA256); err == nil {
		t.Fatal("a key closed early still signs")
	}
	// The RSA key on the same token is not the certificate's key.
	rsaRef := URI{Token: "SealKey 1", ID: []byte{2}, Type: "private", ModulePath: m.Path}.String()
	if _, err := OpenKey(rsaRef, testPIN, OpenOptions{Cert: cert.Raw}); err == nil {
		t.Fatal("a key that is not the certificate's was opened")
	}
	var pe *PINError
	if _, err := OpenKey(ref, "999999", OpenOptions{Cert: cert.Raw}); !errors.As(err, &pe) {
		t.Fatalf("wrong PIN: %v", err)
	}
	missing := URI{Token: "No Such Key", ModulePath: m.Path}.String()
	if _, err := OpenKey(missing, testPIN, OpenOptions{}); !errors.Is(err, ErrNoToken) {
		t.Fatalf("absent token: %v", err)
	}
}
