package pdfsign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/internal/testpdf"
)

// placeholderPDF is a one-page document whose last revision holds a signature field
// with room for 16 KiB of CMS and its final /ByteRange, ready for an external signer.
func placeholderPDF(t *testing.T, subFilter string) ([]byte, [4]int64) {
	t.Helper()
	base := testpdf.Simple(1)
	return placeholderOn(t, base, subFilter, "", map[int]string{
		5: strings.Replace(lastBody(t, base, 5), "/Type /Page", "/Type /Page /Annots [8 0 R]", 1),
		1: "<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[8 0 R]/SigFlags 3>>>>",
	}, 7)
}

// placeholderOn adds to base a signature dictionary (object sigNr, with extra entries
// such as /Reference) and its field (sigNr+1), plus the objects in more that list them.
func placeholderOn(t *testing.T, base []byte, subFilter, extra string, more map[int]string, sigNr int) ([]byte, [4]int64) {
	t.Helper()
	ph := "[0 0000000000 0000000000 0000000000]"
	typ := "Sig"
	if subFilter == "ETSI.RFC3161" {
		typ = "DocTimeStamp" // ISO 32000-2 §12.8.5
	}
	objs := map[int]string{
		sigNr:     "<</Type/" + typ + "/Filter/Adobe.PPKLite/SubFilter/" + subFilter + extra + "/ByteRange" + ph + "/Contents<" + strings.Repeat("0", 32768) + ">>>",
		sigNr + 1: fmt.Sprintf("<</Type/Annot/Subtype/Widget/FT/Sig/T(External)/V %d 0 R/P 5 0 R/Rect[0 0 0 0]/F 132>>", sigNr),
	}
	for k, v := range more {
		objs[k] = v
	}
	doc := incremental(t, base, objs)
	a := int64(bytes.LastIndex(doc, []byte("/Contents<")) + len("/Contents"))
	b := a + 32768 + 2
	br := [4]int64{0, a, b, int64(len(doc)) - b}
	i := bytes.LastIndex(doc, []byte(ph))
	copy(doc[i:], fmt.Sprintf("[0 %010d %010d %010d]", br[1], br[2], br[3]))
	return doc, br
}

// opensslSign signs the ByteRange of doc with OpenSSL (RSA, SHA-256, detached) and inserts the CMS.
func opensslSign(t *testing.T, doc []byte, br [4]int64, key, cert string) []byte {
	t.Helper()
	dir := t.TempDir()
	ranges, out := filepath.Join(dir, "ranges.bin"), filepath.Join(dir, "sig.der")
	os.WriteFile(ranges, append(bytes.Clone(doc[:br[1]]), doc[br[2]:]...), 0o600)
	if msg, err := tool(t, "openssl", "cms", "-sign", "-binary", "-outform", "DER", "-in", ranges, "-inkey", key, "-signer", cert, "-out", out); err != nil {
		t.Fatalf("openssl cms -sign: %v\n%s", err, msg)
	}
	der, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return insertCMS(t, doc, br, der)
}

// insertCMS writes der into the placeholder's /Contents.
func insertCMS(t *testing.T, doc []byte, br [4]int64, der []byte) []byte {
	t.Helper()
	h := hex.EncodeToString(der)
	if int64(len(h)) > br[2]-br[1]-2 {
		t.Fatalf("CMS of %d bytes does not fit", len(der))
	}
	out := bytes.Clone(doc)
	copy(out[br[1]+1:], h)
	return out
}

// writeKeyCert makes a self-signed certificate for key and writes both as PEM.
func writeKeyCert(t *testing.T, dir, name string, key crypto.Signer) (keyPath, certPath string) {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: name},
		NotBefore: testTime.AddDate(-1, 0, 0), NotAfter: testTime.AddDate(3, 0, 0), KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyPath, certPath = filepath.Join(dir, name+".key"), filepath.Join(dir, name+".crt")
	os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pk}), 0o600)
	os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	return keyPath, certPath
}

// TestVerifyOpenSSLCMS: CMS as OpenSSL writes it with its options — BER streaming,
// no signed attributes, SHA-1/384/512, RSA-PSS, ECDSA P-384 — verifies; a SHA-1
// signature carries a weak-algorithm warning; encapsulated content in a detached
// signature, and a changed byte, do not verify.
func TestVerifyOpenSSLCMS(t *testing.T) {
	dir := t.TempDir()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	rsaK, rsaC := writeKeyCert(t, dir, "rsa", rsaKey)
	ecK, ecC := writeKeyCert(t, dir, "p384", ecKey)
	doc, br := placeholderPDF(t, "adbe.pkcs7.detached")
	ranges := filepath.Join(dir, "ranges.bin")
	os.WriteFile(ranges, append(bytes.Clone(doc[:br[1]]), doc[br[2]:]...), 0o600)

	cases := []struct {
		name    string
		key     [2]string
		opts    []string
		intact  bool
		alg     string
		warning string
		errText string
		tamper  bool
		detach  bool // remove the encapsulated content OpenSSL streams in, keeping the BER
	}{
		{"RSA SHA-256", [2]string{rsaK, rsaC}, nil, true, "RSA", "", "", false, false},
		{"RSA SHA-1", [2]string{rsaK, rsaC}, []string{"-md", "sha1"}, true, "RSA", "SHA-1", "", false, false},
		{"RSA SHA-384", [2]string{rsaK, rsaC}, []string{"-md", "sha384"}, true, "RSA", "", "", false, false},
		{"RSA SHA-512", [2]string{rsaK, rsaC}, []string{"-md", "sha512"}, true, "RSA", "", "", false, false},
		{"RSA-PSS", [2]string{rsaK, rsaC}, []string{"-keyopt", "rsa_padding_mode:pss"}, true, "RSA-PSS", "", "", false, false},
		{"ECDSA P-384", [2]string{ecK, ecC}, []string{"-md", "sha384"}, true, "ECDSA-P384", "", "", false, false},
		{"no signed attributes", [2]string{rsaK, rsaC}, []string{"-noattr"}, true, "RSA", "", "", false, false},
		{"no signed attributes, ECDSA", [2]string{ecK, ecC}, []string{"-noattr", "-md", "sha512"}, true, "ECDSA-P384", "", "", false, false},
		{"BER streaming", [2]string{rsaK, rsaC}, []string{"-stream"}, true, "RSA", "", "", false, true},
		{"BER streaming, no signed attributes", [2]string{ecK, ecC}, []string{"-stream", "-noattr"}, true, "ECDSA-P384", "", "", false, true},
		{"BER streaming, content left in", [2]string{rsaK, rsaC}, []string{"-stream"}, false, "RSA", "", "encapsulated content", false, false},
		{"encapsulated content", [2]string{rsaK, rsaC}, []string{"-nodetach"}, false, "RSA", "", "encapsulated content", false, false},
		{"no signed attributes, byte changed", [2]string{rsaK, rsaC}, []string{"-noattr"}, false, "RSA", "", "does not verify", true, false},
		{"byte changed", [2]string{ecK, ecC}, nil, false, "ECDSA-P384", "", "messageDigest", true, false},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, fmt.Sprintf("sig%d.der", i))
			args := append([]string{"cms", "-sign", "-binary", "-outform", "DER", "-in", ranges, "-inkey", c.key[0], "-signer", c.key[1], "-out", out}, c.opts...)
			if msg, err := tool(t, "openssl", args...); err != nil {
				t.Fatalf("openssl %v: %v\n%s", args, err, msg)
			}
			der, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(c.name, "BER") && der[1] != 0x80 {
				t.Fatalf("openssl -stream wrote definite lengths (% x): this case tests nothing", der[:4])
			}
			if c.detach {
				der = stripContent(t, der)
			}
			file := insertCMS(t, doc, br, der)
			if c.tamper {
				i := bytes.Index(file, []byte("page 1 of 1"))
				file[i] = 'P'
			}
			rep := verifyBytes(t, file, VerifyOptions{})
			if len(rep.Signatures) != 1 {
				t.Fatalf("%d signatures", len(rep.Signatures))
			}
			s := rep.Signatures[0]
			if s.Intact != c.intact || s.Algorithm != c.alg || s.ModifiedAfter {
				t.Fatalf("intact %v (%v), algorithm %q, modified %v (%s)", s.Intact, s.IntegrityErr, s.Algorithm, s.ModifiedAfter, s.Modification)
			}
			if c.errText != "" && (s.IntegrityErr == nil || !strings.Contains(s.IntegrityErr.Error(), c.errText)) {
				t.Errorf("error %v, want it to mention %q", s.IntegrityErr, c.errText)
			}
			if got := warningText(s); (c.warning == "") != (got == "") || !strings.Contains(got, c.warning) {
				t.Errorf("warnings %q, want %q", got, c.warning)
			}
		})
	}
}

// stripContent removes eContent [0] from a streamed (indefinite-length) SignedData:
// the enclosing EncapsulatedContentInfo has no length to fix.
func stripContent(t *testing.T, ber []byte) []byte {
	t.Helper()
	data := []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01}
	i := bytes.Index(ber, data)
	if i < 0 || ber[i+len(data)] != 0xa0 {
		t.Fatal("no eContent after the data content type")
	}
	start := i + len(data)
	_, rest, err := berToDER(ber[start:])
	if err != nil {
		t.Fatal(err)
	}
	return append(bytes.Clone(ber[:start]), rest...)
}

// TestVerifyDocumentTimestamp: an RFC 3161 document timestamp made by OpenSSL's TSA
// on top of our stamp (PAdES-LTA's last step) is verified against its message
// imprint, gives its time, and is an allowed change for the stamp.
func TestVerifyDocumentTimestamp(t *testing.T) {
	dir := t.TempDir()
	tsaKey, tsaCert := filepath.Join(dir, "tsa.key"), filepath.Join(dir, "tsa.crt")
	if msg, err := tool(t, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tsaKey, "-out", tsaCert,
		"-subj", "/CN=Test TSA", "-days", "30", "-addext", "extendedKeyUsage=critical,timeStamping"); err != nil {
		t.Fatalf("openssl req: %v\n%s", err, msg)
	}
	cnf := filepath.Join(dir, "tsa.cnf")
	os.WriteFile(filepath.Join(dir, "serial"), []byte("01\n"), 0o600)
	os.WriteFile(cnf, []byte(fmt.Sprintf(`[ tsa ]
default_tsa = t
[ t ]
serial = %s
signer_cert = %s
signer_key = %s
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
ess_cert_id_alg = sha256
`, filepath.Join(dir, "serial"), tsaCert, tsaKey)), 0o600)

	pki := newPKI(t, "ecdsa")
	stamped, _ := signBytes(t, testpdf.Simple(1), pki.options(1, 105, 60))
	n := nextObject(t, stamped)
	page := lastBody(t, stamped, 5)
	cat := lastBody(t, stamped, 1)
	doc, br := placeholderOn(t, stamped, "ETSI.RFC3161", "", map[int]string{
		5: strings.Replace(page, "/Annots[", fmt.Sprintf("/Annots[%d 0 R ", n+1), 1),
		1: strings.Replace(cat, "/Fields[", fmt.Sprintf("/Fields[%d 0 R ", n+1), 1),
	}, n)
	ranges, query, reply, token := filepath.Join(dir, "r.bin"), filepath.Join(dir, "q.tsq"), filepath.Join(dir, "r.tsr"), filepath.Join(dir, "t.der")
	os.WriteFile(ranges, append(bytes.Clone(doc[:br[1]]), doc[br[2]:]...), 0o600)
	for _, args := range [][]string{
		{"ts", "-query", "-data", ranges, "-sha256", "-cert", "-out", query},
		{"ts", "-reply", "-config", cnf, "-queryfile", query, "-out", reply},
		{"ts", "-reply", "-in", reply, "-token_out", "-out", token},
	} {
		if msg, err := tool(t, "openssl", args...); err != nil {
			t.Fatalf("openssl %v: %v\n%s", args, err, msg)
		}
	}
	der, err := os.ReadFile(token)
	if err != nil {
		t.Fatal(err)
	}
	file := insertCMS(t, doc, br, der)
	rep := verifyBytes(t, file, VerifyOptions{Roots: pki.roots, At: testTime})
	if len(rep.Signatures) != 2 {
		t.Fatalf("%d signatures", len(rep.Signatures))
	}
	for _, s := range rep.Signatures {
		if !s.Intact || s.ModifiedAfter {
			t.Errorf("%s (%s): intact %v (%v), modified %v (%s)", s.FieldName, s.SubFilter, s.Intact, s.IntegrityErr, s.ModifiedAfter, s.Modification)
		}
		if s.SubFilter == "ETSI.RFC3161" && s.SigningTime.IsZero() {
			t.Error("the timestamp gives no time")
		}
	}
	// A byte changed in the stamped part breaks both.
	i := bytes.Index(file, []byte("page 1 of 1"))
	file[i] = 'P'
	for _, s := range verifyBytes(t, file, VerifyOptions{}).Signatures {
		if s.Intact {
			t.Errorf("%s: intact after a change", s.FieldName)
		}
	}
}
