package ofd

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/seal"
)

// vectorsDir finds ../shared/vectors beside the module root, or skips.
func vectorsDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
	v := filepath.Join(dir, "..", "shared", "vectors")
	if _, err := os.Stat(v); err != nil {
		t.Skipf("test vectors absent (%v): these tests need the shared vectors folder beside the module", err)
	}
	return v
}

func readVector(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(vectorsDir(t), filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func verifyBytes(t testing.TB, b []byte, o VerifyOptions) *Report {
	t.Helper()
	rep, err := Verify(bytes.NewReader(b), int64(len(b)), o)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return rep
}

// userCert is the certificate of USER.p12 (the BER PKCS#12 no Go decoder
// reads), as SignedValueV4.dat carries it.
func userCert(t testing.TB) []byte {
	sig, err := seal.ParseSignature(readVector(t, "ofdrw/SignedValueV4.dat"))
	if err != nil {
		t.Fatal(err)
	}
	return sig.SignerCert
}

// TestVectorVerdicts gives every OFD vector its MANIFEST.md verdict.
func TestVectorVerdicts(t *testing.T) {
	tests := []struct {
		file     string
		refs     int
		form     string
		version  int
		intact   bool
		sealOK   bool
		whole    bool
		signer   bool // a signer name is shown
		page     int
		errIs    error
		withUser bool
		sealName string
	}{
		{"ofdrw/signedFile.ofd", 13, FormSES, 4, true, true, true, true, 1, nil, false, ""},
		{"ofd.js/999.ofd", 20, FormSES, 4, true, true, true, true, 1, nil, false, ""},
		// V1 seal from dms360.cn: the maker signature is valid, the document
		// signature is non-standard and the files were re-serialised.
		{"ofd.js/n.ofd", 6, FormSES, 1, false, false, true, true, 2, seal.ErrSignature, false, ""},
		// A bare SM2 value over Signature.xml with no certificate: cannot be
		// checked alone, valid with USER's certificate.
		{"ofdrw/DigitalSign.ofd", 4, FormBareSM2, 0, false, true, true, false, 0, ErrNoSignerCert, false, ""},
		{"ofdrw/DigitalSign.ofd", 4, FormBareSM2, 0, true, true, true, true, 0, nil, true, ""},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			o := VerifyOptions{}
			if tc.withUser {
				o.SignerCerts = [][]byte{userCert(t)}
			}
			rep := verifyBytes(t, readVector(t, tc.file), o)
			if rep.Documents != 1 || len(rep.Signatures) != 1 {
				t.Fatalf("%d documents, %d signatures", rep.Documents, len(rep.Signatures))
			}
			s := rep.Signatures[0]
			t.Logf("form %s V%d intact %v (%v) seal %v signer %q time %v quirks %q", s.Form, s.Version, s.Intact, s.IntegrityErr, s.SealErr, s.Signer, s.SigningTime, s.Quirks)
			if len(s.References) != tc.refs || s.Form != tc.form || s.Version != tc.version {
				t.Errorf("%d references, form %s V%d", len(s.References), s.Form, s.Version)
			}
			if s.Intact != tc.intact {
				t.Errorf("Intact %v: %v", s.Intact, s.IntegrityErr)
			}
			if tc.errIs != nil && !errors.Is(s.IntegrityErr, tc.errIs) {
				t.Errorf("IntegrityErr %v, want %v", s.IntegrityErr, tc.errIs)
			}
			if (s.SealErr == nil) != tc.sealOK {
				t.Errorf("SealErr %v", s.SealErr)
			}
			if s.CoversWholeDocument != tc.whole || s.ModifiedAfter || len(rep.Unsigned) != 0 {
				t.Errorf("whole %v modified %v (%s) unsigned %q", s.CoversWholeDocument, s.ModifiedAfter, s.Modification, rep.Unsigned)
			}
			if (s.Signer != "") != tc.signer || s.Page != tc.page {
				t.Errorf("signer %q page %d", s.Signer, s.Page)
			}
			if s.Trusted || !errors.Is(s.TrustErr, ErrNoRoots) && !errors.Is(s.TrustErr, ErrNoSignerCert) && s.TrustErr == nil {
				t.Errorf("trusted %v %v without roots", s.Trusted, s.TrustErr)
			}
		})
	}
}

// n.ofd: the seal's maker signature is valid under the V1 rule even though
// the document signature is not; its signer certificate has a malformed SAN.
func TestVectorN(t *testing.T) {
	s := verifyBytes(t, readVector(t, "ofd.js/n.ofd"), VerifyOptions{}).Signatures[0]
	if s.Seal == nil || s.Seal.Version != 1 || s.Seal.VerifyMaker() != nil {
		t.Fatalf("seal %+v", s.Seal)
	}
	if errors.Is(s.SealErr, seal.ErrMakerSignature) {
		t.Errorf("maker signature reported invalid: %v", s.SealErr)
	}
	bad := 0
	for _, r := range s.References {
		if !r.OK {
			bad++
		}
	}
	if bad == 0 {
		t.Error("every reference matched, but the files were re-serialised after signing")
	}
	found := false
	for _, q := range s.Quirks {
		found = found || strings.Contains(q, "strict X.509")
	}
	if !found {
		t.Errorf("malformed signer certificate not flagged: %q", s.Quirks)
	}
}

// With an anchor that did not issue the signer, signedFile.ofd is untrusted;
// with its own certificate as the anchor, trusted at its signing time though
// the certificate has expired since.
func TestVectorTrust(t *testing.T) {
	b := readVector(t, "ofdrw/signedFile.ofd")
	s := verifyBytes(t, b, VerifyOptions{}).Signatures[0]
	cert, err := smx509.ParseCertificate(s.SignerCert)
	if err != nil {
		t.Fatal(err)
	}
	pool := smx509.NewCertPool()
	pool.AddCert(cert)
	got := verifyBytes(t, b, VerifyOptions{Roots: pool}).Signatures[0]
	if !got.Trusted {
		t.Errorf("anchored on itself: %v", got.TrustErr)
	}
	other := smx509.NewCertPool()
	oc, err := smx509.ParseCertificate(userCert(t))
	if err != nil {
		t.Fatal(err)
	}
	other.AddCert(oc)
	got = verifyBytes(t, b, VerifyOptions{Roots: other}).Signatures[0]
	if got.Trusted || got.TrustErr == nil {
		t.Error("trusted under an unrelated anchor")
	}
}
