package ofd

import (
	"os"
	"path/filepath"
	"testing"

	"sealdesk/internal/osslofd"
)

// TestStampOpenSSL checks every signature of a twice-stamped OFD with unzip
// and OpenSSL only (internal/osslofd): each Reference's SM3 (openssl dgst
// -sm3), dataHash = SM3(Signature.xml), and the SM2 signature over the
// TBS_Sign bytes with the certificate in SES_Signature.cert (openssl
// pkeyutl, default SM2 ID), which stops verifying when TBS_Sign changes.
func TestStampOpenSSL(t *testing.T) {
	once, _ := newStamper(t, "张三").stamp(t, unsignedOFD(t), 1, 100, 100)
	twice, _ := newStamper(t, "李四").stamp(t, once, 1, 60, 60)
	path := filepath.Join(t.TempDir(), "doc.ofd")
	if err := os.WriteFile(path, twice, 0o600); err != nil {
		t.Fatal(err)
	}
	if sigs := osslofd.Verify(t, path, 2); sigs[0] != "Doc_0/Signs/Sign_0" || sigs[1] != "Doc_0/Signs/Sign_1" {
		t.Fatalf("signatures %v", sigs)
	}
}
