package seal

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/x509/pkix"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// newSM2Cert makes a self-signed SM2 certificate; dnsNames go into its SAN.
func newSM2Cert(t testing.TB, cn string, dnsNames ...string) (*sm2.PrivateKey, []byte) {
	t.Helper()
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &smx509.Certificate{
		SerialNumber:       big.NewInt(time.Now().UnixNano()),
		Subject:            pkix.Name{CommonName: cn, Organization: []string{"SealDesk test"}},
		NotBefore:          time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:           time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:           smx509.KeyUsageDigitalSignature,
		SignatureAlgorithm: smx509.SM2WithSM3,
		DNSNames:           dnsNames,
	}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return key, der
}

func testPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.NRGBA{R: 0xe0, A: 0xff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testInfo(t testing.TB, certListType int, certs ...[]byte) Info {
	return Info{
		VendorID:     "SealDesk",
		Code:         "3201060000001",
		Type:         1,
		Name:         "测试单位 合同专用章",
		CertListType: certListType,
		Certs:        certs,
		Created:      time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC),
		ValidFrom:    time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
		ValidTo:      time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC),
		Picture:      Picture{Type: "PNG", Data: testPNG(t), WidthMM: 42, HeightMM: 42},
		Extensions: []Extension{
			{ID: []int{1, 2, 156, 112600, 7, 1}, Value: []byte("extension one")},
			{ID: []int{1, 2, 156, 112600, 7, 2}, Critical: true, Value: []byte{1, 2, 3}},
		},
	}
}

func TestMakeRoundTrip(t *testing.T) {
	maker, makerCert := newSM2Cert(t, "Seal maker")
	_, holderCert := newSM2Cert(t, "Seal holder")
	_, otherCert := newSM2Cert(t, "Someone else")
	for _, clt := range []int{1, 2} {
		t.Run([]string{"", "certs", "digests"}[clt], func(t *testing.T) {
			info := testInfo(t, clt, holderCert)
			raw, err := Make(info, makerCert, maker, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.VerifyMaker(); err != nil {
				t.Fatalf("VerifyMaker: %v", err)
			}
			if len(s.Quirks) != 0 {
				t.Errorf("our own output needed leniency: %q", s.Quirks)
			}
			got := Info{
				VendorID: s.VendorID, Code: s.Code, Type: s.Type, Name: s.Name, CertListType: s.CertListType,
				Certs: info.Certs, Created: s.Created, ValidFrom: s.ValidFrom, ValidTo: s.ValidTo,
				Picture: s.Picture, Extensions: s.Extensions,
			}
			want := info
			want.Picture.Format = "png"
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
			}
			if s.Version != 4 || s.HeaderID != "ES" || s.HeaderVersion != 4 {
				t.Errorf("version %d header {%q, %d}", s.Version, s.HeaderID, s.HeaderVersion)
			}
			switch clt {
			case 1:
				if len(s.Certs) != 1 || !bytes.Equal(s.Certs[0], holderCert) || len(s.CertDigests) != 0 {
					t.Errorf("certs %d digests %d", len(s.Certs), len(s.CertDigests))
				}
			case 2:
				sum := sm3.Sum(holderCert)
				if len(s.Certs) != 0 || len(s.CertDigests) != 1 || s.CertDigests[0].Alg != "SM3" || !bytes.Equal(s.CertDigests[0].Value, sum[:]) {
					t.Errorf("certs %d digests %+v", len(s.Certs), s.CertDigests)
				}
			}
			if !s.ContainsCert(holderCert) || s.ContainsCert(otherCert) {
				t.Error("ContainsCert wrong")
			}
			if !bytes.Equal(s.MakerCert, makerCert) || !s.SignAlg.Equal(OIDSM2WithSM3) || !bytes.Equal(s.Raw, raw) {
				t.Error("maker cert, algorithm or Raw wrong")
			}
			if s.RawInfo[0] != 0x30 || !bytes.Contains(raw, s.RawInfo) {
				t.Error("RawInfo is not the SES_SealInfo")
			}
			// Strict DER: the signature value is padded DER with no unused bits.
			if bv := raw[len(raw)-len(s.SignedValue)-1]; bv != 0 {
				t.Errorf("BIT STRING with %d unused bits", bv)
			}
			if !bytes.Equal(encodeSM2Value(s.value), s.SignedValue) {
				t.Error("signature value is not strict DER")
			}

			// One flipped byte inside the signed info breaks the signature.
			i := bytes.Index(raw, []byte(info.Name))
			if i < 0 {
				t.Fatal("name not found in the output")
			}
			bad := bytes.Clone(raw)
			bad[i+len(info.Name)-1] ^= 0x01
			s2, err := Parse(bad)
			if err != nil {
				t.Fatalf("Parse tampered: %v", err)
			}
			if err := s2.VerifyMaker(); !errors.Is(err, ErrMakerSignature) {
				t.Errorf("tampered VerifyMaker = %v, want ErrMakerSignature", err)
			}
		})
	}
}

// digestSigner breaks the project's signer convention: it signs what it is
// given as a ready digest, without Z.
type digestSigner struct{ *sm2.PrivateKey }

func (d digestSigner) Sign(r io.Reader, msg []byte, _ crypto.SignerOpts) ([]byte, error) {
	h := sm3.Sum(msg)
	return sm2.SignASN1(r, d.PrivateKey, h[:], nil)
}

// rawSigner returns raw r‖s, as some tokens do: Make must normalise it.
type rawSigner struct{ *sm2.PrivateKey }

func (d rawSigner) Sign(r io.Reader, msg []byte, opts crypto.SignerOpts) ([]byte, error) {
	der, err := d.PrivateKey.Sign(r, msg, opts)
	if err != nil {
		return nil, err
	}
	v, _, err := decodeSM2Value(der)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 64)
	v.r.FillBytes(out[:32])
	v.s.FillBytes(out[32:])
	return out, nil
}

func TestMakeSigners(t *testing.T) {
	maker, makerCert := newSM2Cert(t, "Seal maker")
	_, holderCert := newSM2Cert(t, "Seal holder")
	info := testInfo(t, 1, holderCert)
	if _, err := Make(info, makerCert, digestSigner{maker}, rand.Reader); err == nil {
		t.Error("Make accepted a signature made without Z")
	}
	raw, err := Make(info, makerCert, rawSigner{maker}, rand.Reader)
	if err != nil {
		t.Fatalf("raw r‖s signer: %v", err)
	}
	s := mustParse(t, raw)
	if err := s.VerifyMaker(); err != nil || len(s.Quirks) != 0 {
		t.Errorf("raw signer output: %v, quirks %q", err, s.Quirks)
	}
	// rand nil: gmsm signs deterministically, and so the output is repeatable.
	a, err1 := Make(info, makerCert, maker, nil)
	b, err2 := Make(info, makerCert, maker, nil)
	if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
		t.Errorf("deterministic Make: %v %v equal=%v", err1, err2, bytes.Equal(a, b))
	}
}

func TestMakeRejects(t *testing.T) {
	maker, makerCert := newSM2Cert(t, "Seal maker")
	other, _ := newSM2Cert(t, "Other")
	_, holderCert := newSM2Cert(t, "Seal holder")
	tests := []struct {
		name   string
		change func(*Info)
	}{
		{"no vendor", func(i *Info) { i.VendorID = "" }},
		{"non-ASCII code", func(i *Info) { i.Code = "编码" }},
		{"no name", func(i *Info) { i.Name = "" }},
		{"NUL in name", func(i *Info) { i.Name = "a\x00" }},
		{"bad UTF-8 name", func(i *Info) { i.Name = "\xb2\xe2" }},
		{"certListType 3", func(i *Info) { i.CertListType = 3 }},
		{"no certs", func(i *Info) { i.Certs = nil }},
		{"empty cert", func(i *Info) { i.Certs = [][]byte{{}} }},
		{"no created", func(i *Info) { i.Created = time.Time{} }},
		{"ends before start", func(i *Info) { i.ValidTo = i.ValidFrom.Add(-time.Hour) }},
		{"no picture", func(i *Info) { i.Picture.Data = nil }},
		{"unknown picture, no type", func(i *Info) { i.Picture = Picture{Data: []byte("junk"), WidthMM: 40, HeightMM: 40} }},
		{"fractional mm", func(i *Info) { i.Picture.WidthMM = 40.5 }},
		{"zero mm", func(i *Info) { i.Picture.HeightMM = 0 }},
		{"bad extension id", func(i *Info) { i.Extensions = []Extension{{ID: []int{1}}} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			info := testInfo(t, 1, holderCert)
			tc.change(&info)
			if _, err := Make(info, makerCert, maker, rand.Reader); !errors.Is(err, ErrInvalidInfo) {
				t.Errorf("Make = %v, want ErrInvalidInfo", err)
			}
		})
	}
	info := testInfo(t, 1, holderCert)
	if _, err := Make(info, makerCert, other, rand.Reader); err == nil {
		t.Error("Make accepted a maker key that does not match the certificate")
	}
	if _, err := Make(info, []byte("not a cert"), maker, rand.Reader); err == nil {
		t.Error("Make accepted a malformed maker certificate")
	}
	info.Picture.Type = ""
	raw, err := Make(info, makerCert, maker, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if s := mustParse(t, raw); s.Picture.Type != "PNG" {
		t.Errorf("picture type from the data = %q, want PNG", s.Picture.Type)
	}
}
