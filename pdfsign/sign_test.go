package pdfsign

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/asn1"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/pkcs7"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/internal/testpdf"
)

// Twice-stamped documents, checked by pdfsig and qpdf and by our own Verify: the first
// signature stays intact and unmodified after the second seal is added.
func TestSignTwicePdfsig(t *testing.T) {
	for _, kind := range []string{"ecdsa", "rsa"} {
		t.Run(kind, func(t *testing.T) {
			pki := newPKI(t, kind)
			orig := testpdf.Simple(2)
			once, res := signBytes(t, orig, pki.options(1, 105, 60))
			if res.FieldName != "Seal1" {
				t.Errorf("field name %q, want Seal1", res.FieldName)
			}
			p1 := writeTemp(t, "once.pdf", once)
			out := pdfsigValid(t, p1, 1)
			if !strings.Contains(out, "Total document signed") {
				t.Errorf("pdfsig does not see the whole document signed:\n%s", out)
			}
			qpdfCheck(t, p1)

			o := pki.options(2, 60, 250)
			o.Reason = "second seal"
			o.SealData = []byte{0x30, 0x00}                           // NSS must not mind the sealData attribute
			o.Witness = []byte("sealdesk-ledger-witness-v1\nseq=7\n") // nor the ledgerWitness one
			twice, res2 := signBytes(t, once, o)
			if res2.FieldName != "Seal2" {
				t.Errorf("second field name %q, want Seal2", res2.FieldName)
			}
			p2 := writeTemp(t, "twice.pdf", twice)
			out = pdfsigValid(t, p2, 2)
			if strings.Count(out, "Total document signed") != 1 {
				t.Errorf("pdfsig should see exactly the second signature covering the document:\n%s", out)
			}
			qpdfCheck(t, p2)

			rep := verifyBytes(t, twice, VerifyOptions{Roots: pki.roots, At: testTime})
			if len(rep.Signatures) != 2 || rep.Revisions != 3 {
				t.Fatalf("got %d signatures, %d revisions; want 2, 3", len(rep.Signatures), rep.Revisions)
			}
			first, second := rep.Signatures[0], rep.Signatures[1]
			if first.Witness != nil || !bytes.Equal(second.Witness, o.Witness) {
				t.Errorf("witness attributes %q, %q; want none, %q", first.Witness, second.Witness, o.Witness)
			}
			if !first.Intact || first.CoversWholeDocument || first.ModifiedAfter {
				t.Errorf("first: intact %v (%v), whole %v, modified %v (%s)", first.Intact, first.IntegrityErr, first.CoversWholeDocument, first.ModifiedAfter, first.Modification)
			}
			if !second.Intact || !second.CoversWholeDocument || second.ModifiedAfter {
				t.Errorf("second: intact %v (%v), whole %v, modified %v", second.Intact, second.IntegrityErr, second.CoversWholeDocument, second.ModifiedAfter)
			}
			for _, s := range rep.Signatures {
				if !s.Trusted || s.Signer != "张三 Test Signer" || s.Name != "张三" || !s.SigningTime.Equal(testTime) || s.SubFilter != "adbe.pkcs7.detached" {
					t.Errorf("%s: trusted %v (%v) signer %q name %q time %v subfilter %q", s.FieldName, s.Trusted, s.TrustErr, s.Signer, s.Name, s.SigningTime, s.SubFilter)
				}
				if len(s.Certificates) != 2 {
					t.Errorf("%s: %d certificates in the CMS, want 2", s.FieldName, len(s.Certificates))
				}
			}
			if want := map[string]string{"ecdsa": "ECDSA-P256", "rsa": "RSA"}[kind]; first.Algorithm != want {
				t.Errorf("algorithm %q, want %q", first.Algorithm, want)
			}
			if first.Page != 1 || second.Page != 2 || first.Reason != "合同专用章" || second.Reason != "second seal" {
				t.Errorf("pages %d, %d reasons %q, %q", first.Page, second.Page, first.Reason, second.Reason)
			}
			if !nearRect(first.Rect, res.Rect) {
				t.Errorf("reported rect %v, signed at %v", first.Rect, res.Rect)
			}
			// mutool is a second, independent reader of the same file.
			// mutool is a second, independent reader; it does no difference analysis, so it
			// calls the first signature "valid but there have been edits since signing".
			if out, err := tool(t, "mutool", "sign", "-v", p2); err != nil || strings.Count(out, "The signature is valid") != 1 || !strings.Contains(out, "The document is unchanged since signing") {
				t.Errorf("mutool sign -v: %v\n%s", err, out)
			}
		})
	}
}

// SM2: pdfsig cannot verify it, so OpenSSL checks the signature over the signed
// attributes and SM3 of the ByteRange bytes, and gmsm's pkcs7 parses the CMS.
func TestSignSM2OpenSSL(t *testing.T) {
	pki := newPKI(t, "sm2")
	orig := testpdf.Simple(2)
	o := pki.options(1, 105, 60)
	seal := []byte{0x30, 0x03, 0x02, 0x01, 0x04} // stands in for a DER SESeal
	o.SealData = seal
	signed, res := signBytes(t, orig, o)
	if res.Algorithm != "SM2" {
		t.Fatalf("algorithm %q", res.Algorithm)
	}
	dir := t.TempDir()
	pdfPath := filepath.Join(dir, "sm2.pdf")
	os.WriteFile(pdfPath, signed, 0o600)
	qpdfCheck(t, pdfPath)

	br := res.ByteRange
	der := hexContents(t, signed, br)
	p, err := parseCMS(der)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p.sealData, seal) {
		t.Errorf("sealData attribute %x, want %x", p.sealData, seal)
	}
	signedBytes := append(append([]byte{}, signed[:br[1]]...), signed[br[2]:]...)
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	attrs := write("attrs.der", p.signedAttrs)
	sig := write("sig.der", p.signature)
	spki, err := smx509.MarshalPKIXPublicKey(pki.leaf.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pub := write("pub.pem", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki}))
	out, err := tool(t, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-digest", "sm3",
		"-pkeyopt", "distid:1234567812345678", "-in", attrs, "-sigfile", sig)
	if err != nil || !strings.Contains(out, "Signature Verified Successfully") {
		t.Fatalf("openssl pkeyutl -verify: %v\n%s", err, out)
	}
	out, err = tool(t, "openssl", "dgst", "-sm3", "-hex", write("ranges.bin", signedBytes))
	if err != nil {
		t.Fatalf("openssl dgst: %v\n%s", err, out)
	}
	if want := strings.TrimSpace(out[strings.LastIndex(out, "=")+1:]); want != hexString(p.messageDigest) {
		t.Fatalf("openssl SM3 %s, messageDigest %x", want, p.messageDigest)
	}
	// The signed attributes are the DER SET with the attributes the brief asks for.
	var set []asn1.RawValue
	if rest, err := asn1.UnmarshalWithParams(p.signedAttrs, &set, "set"); err != nil || len(rest) != 0 || len(set) != 4 {
		t.Fatalf("signed attributes: %v, %d attributes", err, len(set))
	}

	// gmsm's CMS verifier agrees (messageDigest over the content, SM2 with the default
	// ID). It reads attribute types with encoding/asn1, whose ObjectIdentifier cannot hold
	// the 128-bit UUID arc of sealData, so it is given a seal without SealData.
	o.SealData = nil
	plain, res2 := signBytes(t, orig, o)
	var outer asn1.RawValue
	if _, err := asn1.Unmarshal(hexContents(t, plain, res2.ByteRange), &outer); err != nil { // drop the zero padding of /Contents
		t.Fatal(err)
	}
	p7, err := pkcs7.Parse(outer.FullBytes)
	if err != nil {
		t.Fatalf("gmsm pkcs7.Parse: %v", err)
	}
	br2 := res2.ByteRange
	p7.Content = append(append([]byte{}, plain[:br2[1]]...), plain[br2[2]:]...)
	if err := p7.Verify(); err != nil {
		t.Fatalf("gmsm pkcs7 Verify: %v", err)
	}

	rep := verifyBytes(t, signed, VerifyOptions{Roots: pki.roots, At: testTime})
	s := rep.Signatures[0]
	if !s.Intact || !s.CoversWholeDocument || !s.Trusted || s.Algorithm != "SM2" || !bytes.Equal(s.SealData, seal) {
		t.Fatalf("verify: %+v", s)
	}
	if sm3.Sum(signedBytes) != [32]byte(p.messageDigest) {
		t.Fatal("gmsm SM3 disagrees with messageDigest")
	}
	// The SM2 key is really an *ecdsa.PublicKey on the SM2 curve.
	if _, ok := pki.leaf.PublicKey.(*ecdsa.PublicKey); !ok {
		t.Fatalf("leaf key is %T", pki.leaf.PublicKey)
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	var sb strings.Builder
	for _, c := range b {
		sb.WriteByte(digits[c>>4])
		sb.WriteByte(digits[c&15])
	}
	return sb.String()
}

// hexContents decodes the /Contents hex string the ByteRange leaves out.
func hexContents(t *testing.T, b []byte, br [4]int64) []byte {
	t.Helper()
	gap := b[br[1]:br[2]]
	if gap[0] != '<' || gap[len(gap)-1] != '>' {
		t.Fatalf("ByteRange gap is not a hex string: %q…", gap[:10])
	}
	der := make([]byte, (len(gap)-2)/2)
	for i := range der {
		var v byte
		for _, c := range gap[1+2*i : 3+2*i] {
			v <<= 4
			switch {
			case c >= '0' && c <= '9':
				v |= c - '0'
			case c >= 'a' && c <= 'f':
				v |= c - 'a' + 10
			case c >= 'A' && c <= 'F':
				v |= c - 'A' + 10
			}
		}
		der[i] = v
	}
	return der
}

// Cross-reference streams get a cross-reference stream update.
func TestSignXRefStream(t *testing.T) {
	pki := newPKI(t, "ecdsa")
	orig := testpdf.New(testpdf.Options{Pages: []testpdf.Page{{}, {Rotate: 90}}, XRefStream: true})
	signed, _ := signBytes(t, orig, pki.options(2, 50, 50))
	if !bytes.Contains(signed[len(orig):], []byte("/Type/XRef")) {
		t.Fatal("update has no cross-reference stream")
	}
	p := writeTemp(t, "xref.pdf", signed)
	qpdfCheck(t, p)
	pdfsigValid(t, p, 1)
	twice, _ := signBytes(t, signed, pki.options(1, 50, 50))
	p2 := writeTemp(t, "xref2.pdf", twice)
	qpdfCheck(t, p2)
	pdfsigValid(t, p2, 2)
	rep := verifyBytes(t, twice, VerifyOptions{})
	if s := rep.Signatures[0]; !s.Intact || s.ModifiedAfter || s.Trusted || s.TrustErr == nil {
		t.Fatalf("first signature: %+v", s)
	}
}
