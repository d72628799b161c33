package pdfsign

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"sealdesk/internal/testpdf"
)

// FuzzVerify: whatever the bytes, Verify never panics, and either fails with
// one of the typed errors its contract names (ErrNotPDF, ErrDamaged,
// ErrEncrypted: "Verify itself fails only when the file cannot be read as a
// PDF") or returns a consistent report; and the untouched signed seeds verify
// as intact and trusted. TestVerifyPropertyCanFail shows the check bites.
func FuzzVerify(f *testing.F) {
	pki := newPKI(f, "sm2")
	signed, res := signBytes(f, testpdf.Simple(2), pki.options(1, 105, 60))
	twice, _ := signBytes(f, signed, pki.options(2, 105, 60))
	valid := map[string]int{string(signed): 1, string(twice): 2}
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
		if p := verifyProblem(rep, err, valid[string(b)]); p != "" {
			t.Fatal(p)
		}
	})
}

// verifyProblem is FuzzVerify's property: what is wrong with Verify's answer
// for an input that, untouched, carries want intact signatures (0: unknown).
func verifyProblem(rep *Report, err error, want int) string {
	if err != nil {
		if !errors.Is(err, ErrNotPDF) && !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrEncrypted) {
			return fmt.Sprintf("untyped error %v: Verify may fail only with ErrNotPDF, ErrDamaged or ErrEncrypted", err)
		}
		if want > 0 {
			return fmt.Sprintf("a validly signed document was refused: %v", err)
		}
		return ""
	}
	if rep == nil {
		return "no error and no report"
	}
	for _, s := range rep.Signatures {
		if s.Intact && s.IntegrityErr != nil || !s.Intact && s.IntegrityErr == nil {
			return fmt.Sprintf("%s: Intact %v with IntegrityErr %v", s.FieldName, s.Intact, s.IntegrityErr)
		}
		if want > 0 && (!s.Intact || !s.Trusted) {
			return fmt.Sprintf("%s of a validly signed document: intact %v (%v), trusted %v (%v)", s.FieldName, s.Intact, s.IntegrityErr, s.Trusted, s.TrustErr)
		}
	}
	if want > 0 && len(rep.Signatures) != want {
		return fmt.Sprintf("%d signatures found, the document carries %d", len(rep.Signatures), want)
	}
	return ""
}

// TestVerifyPropertyCanFail: FuzzVerify's check rejects the answers a broken
// Verify would give, so a fuzz run that passes says something.
func TestVerifyPropertyCanFail(t *testing.T) {
	ok := SignatureReport{FieldName: "Sig1", Intact: true, Trusted: true}
	cases := map[string]struct {
		rep  *Report
		err  error
		want int
	}{
		"foreign error":        {nil, errors.New("pdfsign: something else"), 0},
		"valid input refused":  {nil, damaged("xref"), 1},
		"nil report":           {nil, nil, 0},
		"intact with an error": {&Report{Signatures: []SignatureReport{{Intact: true, IntegrityErr: errors.New("x")}}}, nil, 0},
		"broken, no reason":    {&Report{Signatures: []SignatureReport{{}}}, nil, 0},
		"valid but untrusted":  {&Report{Signatures: []SignatureReport{{Intact: true, TrustErr: ErrNoRoots}}}, nil, 1},
		"signature missing":    {&Report{Signatures: []SignatureReport{ok}}, nil, 2},
	}
	for name, c := range cases {
		if verifyProblem(c.rep, c.err, c.want) == "" {
			t.Errorf("%s: accepted", name)
		}
	}
	for name, c := range map[string]struct {
		rep  *Report
		err  error
		want int
	}{
		"damaged junk":   {nil, damaged("xref"), 0},
		"not a PDF":      {nil, fmt.Errorf("read: %w", ErrNotPDF), 0},
		"valid, one sig": {&Report{Signatures: []SignatureReport{ok}}, nil, 1},
	} {
		if p := verifyProblem(c.rep, c.err, c.want); p != "" {
			t.Errorf("%s: %s", name, p)
		}
	}
}
