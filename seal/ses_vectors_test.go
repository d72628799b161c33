package seal

import (
	"archive/zip"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
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
		t.Skipf("seal test vectors absent (%v): these tests need the shared vectors folder beside the module", err)
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

// ofdSignature is one signature of an OFD package: its SignedValue.dat and
// the Signature.xml that references it.
type ofdSignature struct {
	xmlName   string
	xml       []byte
	valueName string
	value     []byte
	files     map[string][]byte // every file of the package, by name
}

var signedValueRef = regexp.MustCompile(`<ofd:SignedValue>\s*([^<]+?)\s*</ofd:SignedValue>`)

// ofdSignatures opens an OFD (a zip file) and returns every signature whose
// Signature.xml under Doc_0/Signs references a SignedValue file.
func ofdSignatures(t testing.TB, name string) []ofdSignature {
	t.Helper()
	p := filepath.Join(vectorsDir(t), filepath.FromSlash(name))
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	var sigs []ofdSignature
	for n, b := range files {
		if !strings.HasPrefix(n, "Doc_0/Signs/") || path.Base(n) != "Signature.xml" {
			continue
		}
		m := signedValueRef.FindSubmatch(b)
		if m == nil {
			continue
		}
		ref := string(m[1])
		if strings.HasPrefix(ref, "/") {
			ref = strings.TrimPrefix(ref, "/")
		} else {
			ref = path.Join(path.Dir(n), ref)
		}
		v, ok := files[ref]
		if !ok {
			t.Fatalf("%s: %s references %s, which is not in the package", name, n, ref)
		}
		sigs = append(sigs, ofdSignature{xmlName: n, xml: b, valueName: ref, value: v, files: files})
	}
	if len(sigs) == 0 {
		t.Fatalf("%s: no signatures found under Doc_0/Signs", name)
	}
	return sigs
}

func mustParse(t *testing.T, b []byte) *Seal {
	t.Helper()
	s, err := Parse(b)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

func TestVectorSeals(t *testing.T) {
	tests := []struct {
		file       string
		version    int
		headerVer  int
		vendor     string
		name       string
		certType   int
		picFormat  string
		makerValid bool
		created    string
	}{
		{"ofdrw/UserV1.esl", 1, 1, "OFDR&WTest", "OFDRW测试用印章", 1, "png", true, "2020-04-22T02:18:07Z"},
		{"ofdrw/UserV4.esl", 4, 4, "OFDR&WTest", "OFD R&W 测试用印章", 1, "png", true, "2020-04-22T02:09:00Z"},
		// ofdrw's "V5" seal without its optional timestamp has the four
		// fields of V4: structure, not header.version, decides.
		{"ofdrw/UserV5.esl", 4, 5, "OFDR&WTestV5", "OFD R&W V5测试用印章", 1, "png", true, "2026-04-24T08:53:23Z"},
		{"ofdrw/SESealData.DER", 4, 4, "Vid HebeiGede", "测试单位名称 合同专用章", 1, "gif", false, "2020-10-13T09:45:58Z"},
	}
	for _, tc := range tests {
		t.Run(path.Base(tc.file), func(t *testing.T) {
			raw := readVector(t, tc.file)
			s := mustParse(t, raw)
			if s.Version != tc.version || s.HeaderVersion != tc.headerVer || s.HeaderID != "ES" {
				t.Errorf("version %d header {%q, %d}, want %d {ES, %d}", s.Version, s.HeaderID, s.HeaderVersion, tc.version, tc.headerVer)
			}
			if s.VendorID != tc.vendor || s.Name != tc.name || s.CertListType != tc.certType {
				t.Errorf("vendor %q name %q certListType %d", s.VendorID, s.Name, s.CertListType)
			}
			if s.Picture.Format != tc.picFormat || len(s.Picture.Data) == 0 || s.Picture.WidthMM <= 0 {
				t.Errorf("picture %q/%q %gx%g mm", s.Picture.Type, s.Picture.Format, s.Picture.WidthMM, s.Picture.HeightMM)
			}
			if want, _ := time.Parse(time.RFC3339, tc.created); !s.Created.Equal(want) {
				t.Errorf("created %v, want %v", s.Created, want)
			}
			if len(s.Certs) == 0 || len(s.MakerCert) == 0 || !s.SignAlg.Equal(OIDSM2WithSM3) {
				t.Errorf("%d certs, maker cert %d bytes, alg %v", len(s.Certs), len(s.MakerCert), s.SignAlg)
			}
			if !s.ContainsCert(s.Certs[0]) || s.ContainsCert(s.MakerCert[1:]) {
				t.Error("ContainsCert wrong")
			}
			if !s.ValidAt(s.ValidFrom) || s.ValidAt(s.ValidTo.Add(time.Second)) {
				t.Error("ValidAt wrong at the ends")
			}
			if string(s.Raw) != string(raw) {
				t.Error("Raw is not the bytes as received")
			}
			err := s.VerifyMaker()
			if tc.makerValid && err != nil {
				t.Errorf("VerifyMaker: %v", err)
			}
			if !tc.makerValid && !errors.Is(err, ErrMakerSignature) {
				t.Errorf("VerifyMaker = %v, want ErrMakerSignature", err)
			}
			t.Logf("quirks: %q; maker: %v", s.Quirks, err)
		})
	}
}

// The V1 maker signs SEQUENCE{SES_SealInfo, cert, signatureAlgorithm}, not
// SES_SealInfo alone: the vector must pass the first rule and fail the second.
func TestVectorV1Rule(t *testing.T) {
	s := mustParse(t, readVector(t, "ofdrw/UserV1.esl"))
	if err := s.VerifyMaker(); err != nil {
		t.Fatalf("V1 rule: %v", err)
	}
	if err := verifySM2(s.key, s.SignAlg, s.RawInfo, s.value); err == nil {
		t.Fatal("V1 seal verifies over SES_SealInfo alone; the V1 rule is not what is being tested")
	}
	// And the other way round: a V4 seal does not verify under the V1 rule.
	s4 := mustParse(t, readVector(t, "ofdrw/UserV4.esl"))
	v1 := derWrap(derSequence, s4.RawInfo, derWrap(derOctetString, s4.MakerCert), []byte{6, 8, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75})
	if err := verifySM2(s4.key, s4.SignAlg, v1, s4.value); err == nil {
		t.Fatal("V4 seal verifies under the V1 rule")
	}
}

func TestVectorSignedValueV4(t *testing.T) {
	sig, err := ParseSignature(readVector(t, "ofdrw/SignedValueV4.dat"))
	if err != nil {
		t.Fatal(err)
	}
	if sig.Version != 4 || sig.TBSVersion != 4 || sig.PropertyInfo != "/Doc_0/Signs/Sign_0/Signature.xml" {
		t.Errorf("version %d/%d property %q", sig.Version, sig.TBSVersion, sig.PropertyInfo)
	}
	if want := readVector(t, "ofdrw/UserV4.esl"); string(sig.Seal.Raw) != string(want) {
		t.Error("embedded seal is not UserV4.esl")
	}
	if err := sig.Verify(); err != nil {
		t.Errorf("Verify: %v", err)
	}
	if err := sig.Seal.VerifyMaker(); err != nil {
		t.Errorf("seal VerifyMaker: %v", err)
	}
	if err := sig.VerifyData(readVector(t, "ofdrw/Signature.xml")); !errors.Is(err, ErrDataHash) {
		t.Errorf("VerifyData = %v, want ErrDataHash (the vector's dataHash is zeros)", err)
	}
	t.Logf("quirks: %q, seal quirks %q", sig.Quirks, sig.Seal.Quirks)
}

func TestVectorOFD(t *testing.T) {
	tests := []struct {
		file       string
		sealVer    int
		docValid   bool
		dataValid  bool
		certInSeal bool
	}{
		{"ofdrw/signedFile.ofd", 4, true, true, true},
		{"ofd.js/999.ofd", 4, true, true, true},
		// Non-standard document signature, files re-serialised after signing.
		{"ofd.js/n.ofd", 1, false, false, false},
	}
	for _, tc := range tests {
		t.Run(path.Base(tc.file), func(t *testing.T) {
			for _, o := range ofdSignatures(t, tc.file) {
				sig, err := ParseSignature(o.value)
				if err != nil {
					t.Fatalf("%s: %v", o.valueName, err)
				}
				if sig.Seal.Version != tc.sealVer {
					t.Errorf("seal version %d, want %d", sig.Seal.Version, tc.sealVer)
				}
				if err := sig.Seal.VerifyMaker(); err != nil {
					t.Errorf("seal VerifyMaker: %v", err)
				}
				err = sig.Verify()
				if tc.docValid && err != nil {
					t.Errorf("Verify: %v", err)
				}
				if !tc.docValid && !errors.Is(err, ErrSignature) {
					t.Errorf("Verify = %v, want ErrSignature", err)
				}
				derr := sig.VerifyData(o.xml)
				if tc.dataValid && derr != nil {
					t.Errorf("VerifyData(%s): %v", o.xmlName, derr)
				}
				if !tc.dataValid && !errors.Is(derr, ErrDataHash) {
					t.Errorf("VerifyData = %v, want ErrDataHash", derr)
				}
				if got := sig.Seal.ContainsCert(sig.SignerCert); got != tc.certInSeal {
					t.Errorf("ContainsCert(signer) = %v", got)
				}
				if "/"+o.xmlName != sig.PropertyInfo {
					t.Logf("propertyInfo %q for %s", sig.PropertyInfo, o.xmlName)
				}
				t.Logf("time %v; quirks %q; seal quirks %q; Verify: %v", sig.Time, sig.Quirks, sig.Seal.Quirks, err)
			}
		})
	}
}

// n.ofd also stores its seal on its own, in the V1 layout.
func TestVectorOFDSealFile(t *testing.T) {
	o := ofdSignatures(t, "ofd.js/n.ofd")[0]
	b, ok := o.files["Doc_0/Signs/Sign_0/Seal.esl"]
	if !ok {
		t.Fatal("n.ofd has no Seal.esl")
	}
	s := mustParse(t, b)
	if s.Version != 1 || s.VendorID != "dms360.cn" {
		t.Errorf("version %d vendor %q", s.Version, s.VendorID)
	}
	if err := s.VerifyMaker(); err != nil {
		t.Errorf("VerifyMaker: %v", err)
	}
}

func TestVectorBareSignature(t *testing.T) {
	for _, o := range ofdSignatures(t, "ofdrw/DigitalSign.ofd") {
		_, err := ParseSignature(o.value)
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("ParseSignature = %v, want *FormatError", err)
		}
		t.Log(err)
	}
}
