package pdfsign

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sealdesk/internal/testpdf"
)

// appendRevision adds an incremental update to b that replaces object nr with body,
// the way any PDF editor would.
func appendRevision(t *testing.T, b []byte, nr int, body string) []byte {
	t.Helper()
	sx := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(b)
	sizes := regexp.MustCompile(`/Size (\d+)`).FindAllSubmatch(b, -1)
	if sx == nil || sizes == nil {
		t.Fatal("no startxref or /Size")
	}
	size, _ := strconv.Atoi(string(sizes[len(sizes)-1][1]))
	var u bytes.Buffer
	u.Write(b)
	off := u.Len()
	fmt.Fprintf(&u, "%d 0 obj\n%s\nendobj\n", nr, body)
	xref := u.Len()
	fmt.Fprintf(&u, "xref\n%d 1\n%010d 00000 n\r\ntrailer\n<</Size %d/Root 1 0 R/Info 4 0 R/Prev %s>>\nstartxref\n%d\n%%%%EOF\n", nr, off, size, sx[1], xref)
	return u.Bytes()
}

func TestVerifyTampering(t *testing.T) {
	pki := newPKI(t, "sm2")
	orig := testpdf.Simple(2)
	signed, _ := signBytes(t, orig, pki.options(1, 105, 60))
	twice, _ := signBytes(t, signed, pki.options(2, 105, 60))
	content := "BT /F1 12 Tf 14 TL\n50 781.89 Td\n(Changed after signing) '\nET\n"
	changed := fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)

	cases := []struct {
		name         string
		file         []byte
		intact       []bool
		modified     []bool
		modification string
	}{
		{"signed", signed, []bool{true}, []bool{false}, ""},
		{"stamped twice", twice, []bool{true, true}, []bool{false, false}, ""},
		{"byte flipped", bytes.Replace(signed, []byte("page 1 of 2"), []byte("page 7 of 2"), 1), []bool{false}, []bool{false}, ""},
		{"content changed in an update", appendRevision(t, signed, 6, changed), []bool{true}, []bool{true}, "object 6"},
		// The document information dictionary is metadata: updating it is allowed (pyHanko's DocInfoRule).
		{"info changed in an update", appendRevision(t, twice, 4, "<< /Title (Updated) >>"), []bool{true, true}, []bool{false, false}, ""},
		{"junk after %%EOF", append(bytes.Clone(signed), "junk"...), []bool{true}, []bool{true}, "after the last %%EOF"},
		{"whitespace after %%EOF", append(bytes.Clone(signed), "\r\n  \n"...), []bool{true}, []bool{false}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := verifyBytes(t, c.file, VerifyOptions{Roots: pki.roots, At: testTime})
			if len(rep.Signatures) != len(c.intact) {
				t.Fatalf("%d signatures, want %d", len(rep.Signatures), len(c.intact))
			}
			for i, s := range rep.Signatures {
				if s.Intact != c.intact[i] || s.ModifiedAfter != c.modified[i] {
					t.Errorf("%s: intact %v (%v), modified %v (%s); want %v, %v", s.FieldName, s.Intact, s.IntegrityErr, s.ModifiedAfter, s.Modification, c.intact[i], c.modified[i])
				}
				if c.modification != "" && !strings.Contains(s.Modification, c.modification) {
					t.Errorf("%s: modification %q does not mention %q", s.FieldName, s.Modification, c.modification)
				}
			}
		})
	}
}

func TestVerifyTrust(t *testing.T) {
	pki, other := newPKI(t, "sm2"), newPKI(t, "sm2")
	signed, _ := signBytes(t, testpdf.Simple(1), pki.options(1, 105, 60))
	late := pki.options(1, 105, 60)
	late.Time = testTime.AddDate(10, 0, 0)
	signedLate, _ := signBytes(t, testpdf.Simple(1), late)
	for _, c := range []struct {
		name    string
		file    []byte
		opts    VerifyOptions
		trusted bool
		err     error
	}{
		{"own CA", signed, VerifyOptions{Roots: pki.roots, At: testTime}, true, nil},
		{"no roots", signed, VerifyOptions{At: testTime}, false, ErrNoRoots},
		{"other CA", signed, VerifyOptions{Roots: other.roots, At: testTime}, false, nil},
		// The chain is checked when the document was signed: a certificate that has
		// expired since still vouches for what it signed, one that had expired does not.
		{"expired since signing", signed, VerifyOptions{Roots: pki.roots, At: testTime.AddDate(10, 0, 0)}, true, nil},
		{"signed after expiry", signedLate, VerifyOptions{Roots: pki.roots, At: testTime}, false, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := verifyBytes(t, c.file, c.opts).Signatures[0]
			if s.Trusted != c.trusted || (!c.trusted && s.TrustErr == nil) || (c.err != nil && !errors.Is(s.TrustErr, c.err)) {
				t.Errorf("trusted %v (%v), want %v (%v)", s.Trusted, s.TrustErr, c.trusted, c.err)
			}
			if !s.Intact {
				t.Errorf("not intact: %v", s.IntegrityErr)
			}
		})
	}
}
