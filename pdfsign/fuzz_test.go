package pdfsign

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"sealdesk/internal/testpdf"
)

// FuzzVerify: whatever the bytes, Verify returns a report or one of our errors and never panics.
func FuzzVerify(f *testing.F) {
	pki := newPKI(f, "sm2")
	signed, res := signBytes(f, testpdf.Simple(2), pki.options(1, 105, 60))
	twice, _ := signBytes(f, signed, pki.options(2, 105, 60))
	seeds := [][]byte{
		signed, twice,
		signed[:len(signed)/2],
		signed[:res.ByteRange[1]+100],
		bytes.Replace(signed, []byte("/ByteRange[0 "), []byte("/ByteRange[9 "), 1),
		bytes.Replace(twice, []byte("/Contents<30"), []byte("/Contents<31"), 1),
		bytes.Replace(signed, []byte("/FT/Sig"), []byte("/FT/Tx "), 1),
		append(bytes.Clone(signed), "junk"...),
		[]byte("%PDF-1.7\n%%EOF\n"),
	}
	if len(seeds) == 0 {
		f.Fatal("no seeds")
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rep, err := Verify(bytes.NewReader(b), int64(len(b)), VerifyOptions{Roots: pki.roots, At: testTime})
		if err != nil {
			if !errors.Is(err, ErrNotPDF) && !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrEncrypted) && !strings.HasPrefix(err.Error(), "pdfsign: ") {
				t.Fatalf("foreign error %v", err)
			}
			return
		}
		for _, s := range rep.Signatures {
			if s.Intact && s.IntegrityErr != nil || !s.Intact && s.IntegrityErr == nil {
				t.Fatalf("%s: Intact %v with IntegrityErr %v", s.FieldName, s.Intact, s.IntegrityErr)
			}
		}
	})
}
