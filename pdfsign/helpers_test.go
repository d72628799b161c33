package pdfsign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509/pkix"
	"image"
	"image/color"
	"io"
	"math"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/pdfview"
)

// testTime is the fixed signing time of the tests; certificates are valid around it.
var testTime = time.Date(2025, 3, 14, 9, 26, 53, 0, time.FixedZone("CST", 8*3600))

type testPKI struct {
	ca, leaf *smx509.Certificate
	key      crypto.Signer
	roots    *smx509.CertPool
}

// newPKI makes a self-signed CA and a leaf of the given kind ("ecdsa", "rsa", "sm2"),
// both with keys of that kind. Fresh keys each run: every check is against the keys made here.
func newPKI(t testing.TB, kind string) *testPKI {
	t.Helper()
	gen := func() crypto.Signer {
		var k crypto.Signer
		var err error
		switch kind {
		case "ecdsa":
			k, err = ecdsa.GenerateKey(elliptic.P256(), cryptoRand())
		case "rsa":
			k, err = rsa.GenerateKey(cryptoRand(), 2048)
		case "sm2":
			k, err = sm2.GenerateKey(cryptoRand())
		}
		if err != nil || k == nil {
			t.Fatalf("generate %s key: %v", kind, err)
		}
		return k
	}
	caKey, leafKey := gen(), gen()
	caTmpl := &smx509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "SealDesk Test CA " + kind, Organization: []string{"SealDesk"}},
		NotBefore: testTime.AddDate(-1, 0, 0), NotAfter: testTime.AddDate(5, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: smx509.KeyUsageCertSign | smx509.KeyUsageCRLSign,
	}
	caDER, err := smx509.CreateCertificate(cryptoRand(), caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := smx509.ParseCertificate(caDER)
	leafTmpl := &smx509.Certificate{
		SerialNumber: big.NewInt(1001), Subject: pkix.Name{CommonName: "张三 Test Signer", Organization: []string{"SealDesk"}},
		NotBefore: testTime.AddDate(0, -1, 0), NotAfter: testTime.AddDate(2, 0, 0),
		KeyUsage: smx509.KeyUsageDigitalSignature | smx509.KeyUsageContentCommitment,
	}
	leafDER, err := smx509.CreateCertificate(cryptoRand(), leafTmpl, ca, leafKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := smx509.ParseCertificate(leafDER)
	roots := smx509.NewCertPool()
	roots.AddCert(ca)
	return &testPKI{ca: ca, leaf: leaf, key: leafKey, roots: roots}
}

func cryptoRand() io.Reader { return rand.Reader }

// sealPicture is asymmetric on purpose: red top half, blue bottom half, so a test can
// tell whether it is shown upright.
func sealPicture() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, 120, 120))
	for y := 0; y < 120; y++ {
		for x := 0; x < 120; x++ {
			c := color.NRGBA{0, 0, 255, 255}
			if y < 60 {
				c = color.NRGBA{255, 0, 0, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func (p *testPKI) options(page int, cx, cy float64) Options {
	return Options{
		Signer: p.key, Chain: []*smx509.Certificate{p.leaf, p.ca},
		Page: page, CenterXMM: cx, CenterYMM: cy, WidthMM: 40, HeightMM: 40,
		Picture: sealPicture(), Name: "张三", Reason: "合同专用章", Location: "Beijing", Time: testTime,
	}
}

func signBytes(t testing.TB, in []byte, o Options) ([]byte, *Result) {
	t.Helper()
	var out bytes.Buffer
	res, err := Sign(bytes.NewReader(in), &out, o)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	if !bytes.HasPrefix(out.Bytes(), in) {
		t.Fatal("output does not start with the original bytes")
	}
	return out.Bytes(), res
}

func verifyBytes(t testing.TB, b []byte, o VerifyOptions) *Report {
	t.Helper()
	rep, err := Verify(bytes.NewReader(b), int64(len(b)), o)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return rep
}

// tool runs an external checker, skipping the test when it is not installed.
func tool(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	return string(out), err
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// qpdfCheck fails unless qpdf --check reports no errors and no warnings.
func qpdfCheck(t *testing.T, path string) {
	t.Helper()
	out, err := tool(t, "qpdf", "--check", path)
	if err != nil || strings.Contains(strings.ToLower(out), "warning") || !strings.Contains(out, "No syntax or stream encoding errors found") {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

// pdfsigValid runs pdfsig -nocert and checks that n signatures are valid.
func pdfsigValid(t *testing.T, path string, n int) string {
	t.Helper()
	out, err := tool(t, "pdfsig", "-nocert", path)
	if err != nil {
		t.Fatalf("pdfsig: %v\n%s", err, out)
	}
	if got := strings.Count(out, "Signature Validation: Signature is Valid."); got != n {
		t.Fatalf("pdfsig: %d valid signatures, want %d\n%s", got, n, out)
	}
	return out
}

// nearRect compares rectangles to the 1/1000 pt the writer keeps.
func nearRect(a, b pdfview.Rect) bool {
	return math.Abs(a.LLX-b.LLX) < 1e-3 && math.Abs(a.LLY-b.LLY) < 1e-3 && math.Abs(a.URX-b.URX) < 1e-3 && math.Abs(a.URY-b.URY) < 1e-3
}

// warningText joins a signature's warnings for a test to search.
func warningText(s SignatureReport) string {
	var parts []string
	for _, w := range s.Warnings {
		parts = append(parts, w.Code+": "+w.Detail)
	}
	return strings.Join(parts, "; ")
}
