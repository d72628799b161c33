package ofd

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/seal"
)

// stamper is an SM2 signer with its certificate and a seal listing it.
type stamper struct {
	key  *sm2.PrivateKey
	cert []byte
	seal []byte
}

func newStamper(t testing.TB, cn string) stamper {
	t.Helper()
	return newStamperMaker(t, cn, time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC))
}

// newStamperMaker makes the seal with a separate maker certificate valid
// from 2025 until makerUntil.
func newStamperMaker(t testing.TB, cn string, makerUntil time.Time) stamper {
	t.Helper()
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &smx509.Certificate{
		SerialNumber:          big.NewInt(42),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:              smx509.KeyUsageDigitalSignature | smx509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		SignatureAlgorithm:    smx509.SM2WithSM3,
	}
	cert, err := smx509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	for i := range 40 {
		img.Set(i, i, color.NRGBA{R: 0xd0, A: 0xff})
	}
	var pic bytes.Buffer
	if err := png.Encode(&pic, img); err != nil {
		t.Fatal(err)
	}
	maker, makerCert := key, cert
	if makerUntil.Before(tmpl.NotAfter) {
		if maker, err = sm2.GenerateKey(rand.Reader); err != nil {
			t.Fatal(err)
		}
		mt := *tmpl
		mt.Subject, mt.NotAfter = pkix.Name{CommonName: "seal maker"}, makerUntil
		if makerCert, err = smx509.CreateCertificate(rand.Reader, &mt, &mt, maker.Public(), maker); err != nil {
			t.Fatal(err)
		}
	}
	sd, err := seal.Make(seal.Info{
		VendorID: "SealDesk", Code: "3201060000001", Type: 1, Name: "测试单位 公章", CertListType: 1,
		Certs:   [][]byte{cert},
		Created: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), ValidFrom: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
		ValidTo: time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC),
		Picture: seal.Picture{Data: pic.Bytes(), WidthMM: 40, HeightMM: 40},
	}, makerCert, maker, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return stamper{key, cert, sd}
}

var stampTime = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func (s stamper) stamp(t testing.TB, in []byte, page int, x, y float64) ([]byte, *StampResult) {
	t.Helper()
	var out bytes.Buffer
	res, err := Stamp(bytes.NewReader(in), int64(len(in)), &out, StampOptions{
		Page: page, CenterXMM: x, CenterYMM: y, Seal: s.seal, Signer: s.key, Cert: s.cert, Time: stampTime, Rand: rand.Reader,
	})
	if err != nil {
		t.Fatalf("Stamp: %v", err)
	}
	return out.Bytes(), res
}

func unsignedOFD(t testing.TB) []byte {
	return zipOf(t, minimal(zfile{"Doc_0/Pages/Page_0/Content.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="20 20 100 10" Font="4" Size="5"><ofd:TextCode X="0" Y="5">关于印发通知</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`)})...)
}

func checkAllValid(t *testing.T, out []byte, want int) *Report {
	t.Helper()
	rep := verifyBytes(t, out, VerifyOptions{})
	if len(rep.Signatures) != want {
		t.Fatalf("%d signatures, want %d", len(rep.Signatures), want)
	}
	for i, s := range rep.Signatures {
		if !s.Intact || s.SealErr != nil || s.ModifiedAfter {
			t.Errorf("signature %d (%s): intact %v (%v) seal %v modified %v %s", i, s.Path, s.Intact, s.IntegrityErr, s.SealErr, s.ModifiedAfter, s.Modification)
		}
		if s.CoversWholeDocument != (i == len(rep.Signatures)-1) || s.LaterSignatures != (i < len(rep.Signatures)-1) {
			t.Errorf("signature %d: whole %v later %v", i, s.CoversWholeDocument, s.LaterSignatures)
		}
	}
	if len(rep.Unsigned) != 0 {
		t.Errorf("unsigned files %q", rep.Unsigned)
	}
	return rep
}

// A first stamp on an unsigned OFD, then a second one: both verify, the
// first reporting only a later signature after it.
func TestStampTwice(t *testing.T) {
	a, b := newStamper(t, "张三"), newStamper(t, "李四")
	in := unsignedOFD(t)
	orig := bytes.Clone(in)
	once, res := a.stamp(t, in, 1, 150, 250)
	if res.SignaturePath != "Doc_0/Signs/Sign_0/Signature.xml" || res.Boundary != [4]float64{130, 230, 40, 40} {
		t.Errorf("result %+v", res)
	}
	rep := checkAllValid(t, once, 1)
	s := rep.Signatures[0]
	if s.Page != 1 || s.Boundary != res.Boundary || s.Signer != "张三" || !s.SigningTime.Equal(stampTime) || s.Seal.Name != "测试单位 公章" {
		t.Errorf("report %+v", s)
	}
	twice, res2 := b.stamp(t, once, 1, 60, 60)
	if res2.SignatureID != "2" || res2.SignaturePath != "Doc_0/Signs/Sign_1/Signature.xml" {
		t.Errorf("second result %+v", res2)
	}
	checkAllValid(t, twice, 2)
	if !bytes.Equal(in, orig) {
		t.Fatal("the input was changed")
	}
	// Tampering after stamping is seen by both signatures.
	p, err := Read(bytes.NewReader(twice), int64(len(twice)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	const page = "Doc_0/Pages/Page_0/Content.xml"
	was := p.files[page]
	p.files[page] = bytes.Replace(was, []byte("通知"), []byte("决定"), 1)
	bad, err := p.Verify(VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range bad.Signatures {
		if s.Intact || !errors.Is(s.IntegrityErr, ErrReference) {
			t.Errorf("%s: a changed page still verifies: %v", s.Path, s.IntegrityErr)
		}
	}
	// The page's References rewritten to match: every Reference holds, but
	// each Signature.xml is no longer what its SES signature's dataHash names.
	digest := func(b []byte) []byte {
		sum := sm3.Sum(b)
		return []byte(base64.StdEncoding.EncodeToString(sum[:]))
	}
	for _, s := range bad.Signatures {
		x := p.files[s.Path]
		if !bytes.Contains(x, digest(was)) {
			t.Fatalf("%s does not hold the page's digest (the test is wrong)", s.Path)
		}
		p.files[s.Path] = bytes.ReplaceAll(x, digest(was), digest(p.files[page]))
	}
	bad, err = p.Verify(VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range bad.Signatures {
		if s.Intact || !errors.Is(s.IntegrityErr, seal.ErrDataHash) {
			t.Errorf("%s: a changed page with its References rewritten still verifies: %v", s.Path, s.IntegrityErr)
		}
	}
	// One bit of the seal's signature value flipped (its last byte: no
	// timestamp follows it).
	p, err = Read(bytes.NewReader(once), int64(len(once)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	v := bytes.Clone(p.files[s.Value])
	if len(v) == 0 {
		t.Fatalf("no SignedValue at %q", s.Value)
	}
	v[len(v)-1] ^= 1
	p.files[s.Value] = v
	if bad, err = p.Verify(VerifyOptions{}); err != nil || bad.Signatures[0].Intact {
		t.Errorf("a flipped bit in the signature value still verifies: %v %v", err, bad.Signatures[0].IntegrityErr)
	}
}

// Stamping a vendor-signed invoice keeps the vendor's signature valid.
func TestStampVendorSigned(t *testing.T) {
	a := newStamper(t, "张三")
	out, res := a.stamp(t, readVector(t, "ofdrw/signedFile.ofd"), 1, 180, 120)
	rep := checkAllValid(t, out, 2)
	if rep.Signatures[1].Path != res.SignaturePath || rep.Signatures[0].Signer != "国家税务总局江苏省税务局" {
		t.Errorf("signatures %s, %s", rep.Signatures[0].Signer, rep.Signatures[1].Path)
	}
}

func TestStampRefused(t *testing.T) {
	a := newStamper(t, "张三")
	in := unsignedOFD(t)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other := newStamper(t, "王五")
	var pe *PageError
	var place *PlaceError
	tests := []struct {
		name  string
		edit  func(*StampOptions)
		check func(error) bool
	}{
		{"P-256 signer", func(o *StampOptions) { o.Signer = ec }, func(err error) bool { return errors.Is(err, ErrNotSM2) }},
		{"no signer", func(o *StampOptions) { o.Signer = nil }, func(err error) bool { return errors.Is(err, ErrNotSM2) }},
		{"page 0", func(o *StampOptions) { o.Page = 0 }, func(err error) bool { return errors.As(err, &pe) && pe.Count == 1 }},
		{"page 2", func(o *StampOptions) { o.Page = 2 }, func(err error) bool { return errors.As(err, &pe) }},
		{"off the page", func(o *StampOptions) { o.CenterXMM = 200 }, func(err error) bool { return errors.As(err, &place) }},
		{"cert not in seal", func(o *StampOptions) { o.Cert = other.cert; o.Signer = other.key }, func(err error) bool { return err != nil }},
		{"broken seal", func(o *StampOptions) { o.Seal = o.Seal[:20] }, func(err error) bool { return err != nil }},
	}
	forbidden := zipOf(t, zfile{"OFD.xml", []byte(minimalOFD)},
		zfile{"Doc_0/Document.xml", []byte(strings.Replace(minimalDoc, "</ofd:Pages>", "</ofd:Pages><ofd:Permissions><ofd:Signature>false</ofd:Signature></ofd:Permissions>", 1))},
		zfile{"Doc_0/Pages/Page_0/Content.xml", []byte(`<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"/>`)})
	var out bytes.Buffer
	if _, err := Stamp(bytes.NewReader(forbidden), int64(len(forbidden)), &out, StampOptions{Page: 1, CenterXMM: 100, CenterYMM: 100, Seal: a.seal, Signer: a.key, Cert: a.cert}); !errors.Is(err, ErrSigningForbidden) || out.Len() != 0 {
		t.Errorf("Permissions Signature=false: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := StampOptions{Page: 1, CenterXMM: 100, CenterYMM: 100, Seal: a.seal, Signer: a.key, Cert: a.cert, Rand: rand.Reader}
			tc.edit(&o)
			var out bytes.Buffer
			_, err := Stamp(bytes.NewReader(in), int64(len(in)), &out, o)
			if !tc.check(err) || out.Len() != 0 {
				t.Fatalf("Stamp = %v, %d bytes written", err, out.Len())
			}
		})
	}
}

// Signature lists written by other producers: self-closing, without
// MaxSignId, with other prefixes, or MaxSignId after the entries (DigitalSign.ofd).
func TestStampListShapes(t *testing.T) {
	withSigs := strings.Replace(minimalOFD, "</ofd:DocRoot>", "</ofd:DocRoot><ofd:Signatures>/Doc_0/Signs/Signatures.xml</ofd:Signatures>", 1)
	page := zfile{"Doc_0/Pages/Page_0/Content.xml", []byte(`<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"/>`)}
	tests := []struct {
		name, list, wantID string
	}{
		{"self-closing", `<ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016"/>`, "1"},
		{"no MaxSignId", `<Signatures xmlns="http://www.ofdspec.org/2016"></Signatures>`, "1"},
		{"other prefix", `<o:Signatures xmlns:o="http://www.ofdspec.org/2016"><o:MaxSignId>7</o:MaxSignId></o:Signatures>`, "8"},
	}
	a := newStamper(t, "张三")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := zipOf(t, zfile{"OFD.xml", []byte(withSigs)}, zfile{"Doc_0/Document.xml", []byte(minimalDoc)}, page, zfile{"Doc_0/Signs/Signatures.xml", []byte(tc.list)})
			out, res := a.stamp(t, in, 1, 50, 50)
			if res.SignatureID != tc.wantID {
				t.Errorf("ID %s, want %s", res.SignatureID, tc.wantID)
			}
			checkAllValid(t, out, 1)
		})
	}
	// DigitalSign.ofd: ID "s001", MaxSignId after the entry; its bare
	// signature stays valid with USER's certificate.
	out, res := a.stamp(t, readVector(t, "ofdrw/DigitalSign.ofd"), 1, 50, 50)
	rep := verifyBytes(t, out, VerifyOptions{SignerCerts: [][]byte{userCert(t)}})
	if res.SignatureID != "2" || len(rep.Signatures) != 2 || !rep.Signatures[0].Intact || !rep.Signatures[1].Intact {
		t.Fatalf("id %s, %+v", res.SignatureID, rep.Signatures)
	}
}

func TestStampFile(t *testing.T) {
	a := newStamper(t, "张三")
	dir := t.TempDir()
	in, out := filepath.Join(dir, "公文.ofd"), filepath.Join(dir, "公文-已盖章.ofd")
	orig := unsignedOFD(t)
	if err := os.WriteFile(in, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	o := StampOptions{Page: 1, CenterXMM: 100, CenterYMM: 100, Seal: a.seal, Signer: a.key, Cert: a.cert, Rand: rand.Reader}
	if _, err := StampFile(in, in, o); err == nil {
		t.Fatal("stamping over the original was accepted")
	}
	if _, err := StampFile(in, out, o); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(in)
	if err != nil || !bytes.Equal(got, orig) {
		t.Fatal("the original changed")
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checkAllValid(t, b, 1)
	// A failed stamp leaves no file.
	o.Page = 9
	if _, err := StampFile(in, filepath.Join(dir, "x.ofd"), o); err == nil {
		t.Fatal("page 9 accepted")
	}
	if _, err := os.Stat(filepath.Join(dir, "x.ofd")); !os.IsNotExist(err) {
		t.Fatalf("a failed stamp left a file: %v", err)
	}
}

// A file added after stamping is reported: the signature is intact but the
// document was modified after it, and the file is covered by no signature.
func TestAddedAfterStamp(t *testing.T) {
	out, _ := newStamper(t, "张三").stamp(t, unsignedOFD(t), 1, 100, 100)
	p, err := Read(bytes.NewReader(out), int64(len(out)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p.files["Doc_0/Res/added.png"] = []byte("later")
	p.names = append(p.names, "Doc_0/Res/added.png")
	rep, err := p.Verify(VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Signatures[0]
	if !s.Intact || !s.ModifiedAfter || s.CoversWholeDocument || len(s.Added) != 1 || s.Added[0] != "Doc_0/Res/added.png" {
		t.Errorf("intact %v modified %v whole %v added %q", s.Intact, s.ModifiedAfter, s.CoversWholeDocument, s.Added)
	}
	if len(rep.Unsigned) != 1 || rep.Unsigned[0] != "Doc_0/Res/added.png" {
		t.Errorf("unsigned %q", rep.Unsigned)
	}
}

// GB/T 38540 §7.3 time checks: each one alone makes the seal check fail.
func TestSealTimes(t *testing.T) {
	tests := []struct {
		name       string
		makerUntil time.Time
		signed     time.Time
		want       string
	}{
		{"all valid", time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC), stampTime, ""},
		{"maker certificate expired", time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), stampTime, "maker certificate"},
		{"seal expired", time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC), "seal's validity"},
		{"before the signer certificate", time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC), "signer certificate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStamperMaker(t, "张三", tc.makerUntil)
			in := unsignedOFD(t)
			var out bytes.Buffer
			if _, err := Stamp(bytes.NewReader(in), int64(len(in)), &out, StampOptions{
				Page: 1, CenterXMM: 100, CenterYMM: 100, Seal: s.seal, Signer: s.key, Cert: s.cert, Time: tc.signed, Rand: rand.Reader,
			}); err != nil {
				t.Fatal(err)
			}
			sr := verifyBytes(t, out.Bytes(), VerifyOptions{}).Signatures[0]
			if !sr.Intact {
				t.Fatalf("not intact: %v", sr.IntegrityErr)
			}
			if tc.want == "" && sr.SealErr != nil || tc.want != "" && (sr.SealErr == nil || !strings.Contains(sr.SealErr.Error(), tc.want)) {
				t.Errorf("SealErr %v, want %q", sr.SealErr, tc.want)
			}
		})
	}
}
