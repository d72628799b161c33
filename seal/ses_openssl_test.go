package seal

import (
	"crypto/rand"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/smx509"
)

// OpenSSL, an independent SM2 implementation, agrees that a seal we make is
// signed over DER(SES_SealInfo) with Z from the default ID (REFERENCE §3).
func TestMakeOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	maker, makerCert := newSM2Cert(t, "Seal maker")
	_, holderCert := newSM2Cert(t, "Seal holder")
	raw, err := Make(testInfo(t, 1, holderCert), makerCert, maker, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s := mustParse(t, raw)
	spki, err := smx509.MarshalPKIXPublicKey(maker.Public())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pub := write("pub.pem", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki}))
	sig := write("sig", s.SignedValue)
	verify := func(msg []byte) (string, error) {
		cmd := exec.Command(openssl, "pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-digest", "sm3",
			"-pkeyopt", "distid:1234567812345678", "-in", write("msg", msg), "-sigfile", sig)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := verify(s.RawInfo)
	if err != nil || !strings.Contains(out, "Signature Verified Successfully") {
		t.Fatalf("openssl rejects our seal: %v\n%s", err, out)
	}
	tampered := []byte(string(s.RawInfo))
	tampered[len(tampered)/2] ^= 0x01
	out, err = verify(tampered)
	if err == nil || strings.Contains(out, "Signature Verified Successfully") {
		t.Fatalf("openssl accepts a tampered message: %v\n%s", err, out)
	}
}
