package seal

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
)

func TestSignDocument(t *testing.T) {
	key, cert := newSM2Cert(t, "signer")
	sealDER, err := Make(testInfo(t, 1, cert), cert, key, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("<ofd:Signature/>")
	sum := sm3.Sum(data)
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	der, err := SignDocument(sealDER, cert, key, sum[:], "/Doc_0/Signs/Sign_0/Signature.xml", at, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := ParseSignature(der)
	if err != nil {
		t.Fatal(err)
	}
	if sig.Version != 4 || sig.TBSVersion != 4 || !sig.Time.Equal(at) || sig.PropertyInfo != "/Doc_0/Signs/Sign_0/Signature.xml" {
		t.Errorf("version %d/%d time %v property %q", sig.Version, sig.TBSVersion, sig.Time, sig.PropertyInfo)
	}
	if len(sig.Quirks) != 0 || len(sig.Seal.Quirks) != 0 {
		t.Errorf("our own output needed leniency: %q %q", sig.Quirks, sig.Seal.Quirks)
	}
	if err := sig.Verify(); err != nil {
		t.Error(err)
	}
	if err := sig.VerifyData(data); err != nil {
		t.Error(err)
	}
	if !sig.Seal.ContainsCert(sig.SignerCert) {
		t.Error("signer not in the seal's list")
	}

	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := SignDocument(sealDER, cert, ec, sum[:], "/x", at, rand.Reader); !errors.Is(err, ErrNotSM2) {
		t.Errorf("P-256 signer: %v, want ErrNotSM2", err)
	}
	other, _ := newSM2Cert(t, "other")
	if _, err := SignDocument(sealDER, cert, other, sum[:], "/x", at, rand.Reader); err == nil {
		t.Error("a signer that does not match the certificate was accepted")
	}
	if _, err := SignDocument(sealDER[1:], cert, key, sum[:], "/x", at, rand.Reader); err == nil {
		t.Error("broken seal data accepted")
	}
}

func TestVerifyValue(t *testing.T) {
	key, cert := newSM2Cert(t, "signer")
	msg := []byte("message")
	v, err := key.Sign(rand.Reader, msg, sm2.DefaultSM2SignerOpts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyValue(cert, msg, v); err != nil {
		t.Errorf("valid: %v", err)
	}
	if _, err := VerifyValue(cert, append(msg, '!'), v); !errors.Is(err, ErrSignature) {
		t.Errorf("changed message: %v, want ErrSignature", err)
	}
	if _, err := VerifyValue(cert, msg, v[:10]); !errors.Is(err, ErrSignature) {
		t.Errorf("truncated value: %v, want ErrSignature", err)
	}
	// The DigitalSign.ofd vector: a bare DER value over Signature.xml, made
	// with USER.p12's key, whose certificate SignedValueV4.dat carries.
	user, err := ParseSignature(readVector(t, "ofdrw/SignedValueV4.dat"))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range ofdSignatures(t, "ofdrw/DigitalSign.ofd") {
		if _, err := VerifyValue(user.SignerCert, o.xml, o.value); err != nil {
			t.Errorf("DigitalSign.ofd: %v", err)
		}
	}
}
