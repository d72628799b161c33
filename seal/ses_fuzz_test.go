package seal

import (
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds adds every vector file (and every signature and seal inside the
// OFD packages) and fails if there are none: empty seed folders fuzz nothing.
func fuzzSeeds(f *testing.F) {
	dir := vectorsDir(f)
	n := 0
	for _, name := range []string{"ofdrw/UserV1.esl", "ofdrw/UserV4.esl", "ofdrw/UserV5.esl",
		"ofdrw/SESealData.DER", "ofdrw/SignedValueV4.dat"} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			f.Fatalf("seed %s: %v", name, err)
		}
		f.Add(b)
		n++
	}
	for _, pkg := range []string{"ofdrw/signedFile.ofd", "ofdrw/DigitalSign.ofd", "ofd.js/999.ofd", "ofd.js/n.ofd"} {
		for _, o := range ofdSignatures(f, pkg) {
			f.Add(o.value)
			n++
			if b, ok := o.files["Doc_0/Signs/Sign_0/Seal.esl"]; ok {
				f.Add(b)
				n++
			}
		}
	}
	maker, makerCert := newSM2Cert(f, "Seal maker")
	for _, clt := range []int{1, 2} {
		b, err := Make(testInfo(f, clt, makerCert), makerCert, maker, rand.Reader)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		n++
	}
	if n < 10 {
		f.Fatalf("only %d fuzz seeds found", n)
	}
}

func FuzzParse(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse(b)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T %v is not a *FormatError", err, err)
			}
			return
		}
		_ = s.VerifyMaker()
		_ = s.ContainsCert(b)
	})
}

func FuzzParseSignature(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSignature(b)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T %v is not a *FormatError", err, err)
			}
			return
		}
		_ = s.Verify()
		_ = s.VerifyData(b)
		_ = s.Seal.VerifyMaker()
	})
}
