package seal

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func tlv(tag byte, body string) []byte { return derWrap(tag, []byte(body)) }

// quirkParts are the pieces of a V4 seal that a case may replace with what
// some vendor writes; the maker signature is made over the result, so a
// lenient reader must still verify it.
type quirkParts struct {
	name, certListType, certList []byte
	dates                        [3][]byte
	picture                      []byte
	makerCert                    []byte
	// value turns the DER signature into the signedValue BIT STRING contents.
	value func(der []byte) []byte
	// retry asks for another signature until it returns true.
	retry func(der []byte) bool
}

func buildQuirkSeal(t *testing.T, key *sm2.PrivateKey, p quirkParts) []byte {
	t.Helper()
	info := derWrap(derSequence,
		derWrap(derSequence, tlv(derIA5String, "ES"), []byte{derInteger, 1, 4}, tlv(derIA5String, "QuirkVendor")),
		tlv(derIA5String, "quirk-1"),
		derWrap(derSequence, []byte{derInteger, 1, 1}, p.name, p.certListType, p.certList, p.dates[0], p.dates[1], p.dates[2]),
		p.picture,
	)
	var der []byte
	for i := 0; ; i++ {
		var err error
		der, err = key.Sign(rand.Reader, info, sm2.DefaultSM2SignerOpts)
		if err != nil {
			t.Fatal(err)
		}
		if p.retry == nil || p.retry(der) {
			break
		}
		if i > 50000 {
			t.Fatal("no suitable signature found")
		}
	}
	value := []byte{0}
	if p.value != nil {
		value = p.value(der)
	} else {
		value = append(value, der...)
	}
	return derWrap(derSequence, info, derWrap(derOctetString, p.makerCert),
		[]byte{6, 8, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75}, derWrap(derBitString, value))
}

// corruptSAN makes a certificate strict X.509 parsing rejects, the way n.ofd's
// vendor did: a dNSName that is not IA5 text. The structure stays intact.
func corruptSAN(t *testing.T, der []byte, dns string) []byte {
	i := bytes.Index(der, []byte(dns))
	if i < 0 {
		t.Fatal("SAN not found")
	}
	bad := bytes.Clone(der)
	bad[i] = 0xc8
	return bad
}

func TestParseQuirks(t *testing.T) {
	key, cert := newSM2Cert(t, "Quirk maker", "maker.example")
	cst := time.FixedZone("", 8*3600)
	base := func() quirkParts {
		return quirkParts{
			name:         tlv(derUTF8String, "测试章"),
			certListType: []byte{derInteger, 1, 1},
			certList:     derWrap(derSequence, derWrap(derOctetString, cert)),
			dates: [3][]byte{
				tlv(derGeneralizedTime, "20200422020900Z"),
				tlv(derGeneralizedTime, "20200422020900Z"),
				tlv(derGeneralizedTime, "20300422020900Z"),
			},
			picture:   derWrap(derSequence, tlv(derIA5String, "PNG"), derWrap(derOctetString, testPNG(t)), []byte{derInteger, 1, 40}, []byte{derInteger, 1, 40}),
			makerCert: cert,
		}
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("测试章")
	tests := []struct {
		name   string
		change func(*quirkParts)
		quirk  string            // substring of the expected quirk note
		check  func(*Seal) error // optional field check
	}{
		{"GeneralizedTime without Z", func(p *quirkParts) { p.dates[0] = tlv(derGeneralizedTime, "20200422100900") },
			"without zone", func(s *Seal) error { return wantTime(s.Created, time.Date(2020, 4, 22, 10, 9, 0, 0, cst)) }},
		{"GeneralizedTime with fraction", func(p *quirkParts) { p.dates[0] = tlv(derGeneralizedTime, "20200422020900.25Z") },
			"fractional", func(s *Seal) error { return wantTime(s.Created, time.Date(2020, 4, 22, 2, 9, 0, 25e7, time.UTC)) }},
		{"GeneralizedTime with offset", func(p *quirkParts) { p.dates[0] = tlv(derGeneralizedTime, "20200422100900+0800") },
			"", func(s *Seal) error { return wantTime(s.Created, time.Date(2020, 4, 22, 2, 9, 0, 0, time.UTC)) }},
		{"12-digit UTCTime text", func(p *quirkParts) { p.dates[2] = tlv(derGeneralizedTime, "300422020900Z") },
			"12-digit", func(s *Seal) error { return wantTime(s.ValidTo, time.Date(2030, 4, 22, 2, 9, 0, 0, time.UTC)) }},
		{"UTCTime field", func(p *quirkParts) { p.dates[1] = tlv(derUTCTime, "200422020900Z") },
			"UTCTime in a GeneralizedTime field", func(s *Seal) error { return wantTime(s.ValidFrom, time.Date(2020, 4, 22, 2, 9, 0, 0, time.UTC)) }},
		{"GBK name with NULs", func(p *quirkParts) { p.name = tlv(derUTF8String, gbk+"\x00\x00") },
			"GBK", func(s *Seal) error { return wantString(s.Name, "测试章") }},
		{"UTF-8 name with NULs", func(p *quirkParts) { p.name = tlv(derUTF8String, "测试章\x00") },
			"trailing NUL", func(s *Seal) error { return wantString(s.Name, "测试章") }},
		{"certListType 3", func(p *quirkParts) { p.certListType = []byte{derInteger, 1, 3} },
			"certListType 3", func(s *Seal) error {
				if s.CertListType != 3 || len(s.Certs) != 1 {
					return errors.New("certs not read")
				}
				return nil
			}},
		{"picture type lies", func(p *quirkParts) {
			p.picture = derWrap(derSequence, tlv(derIA5String, "PNG"), tlv(derOctetString, "GIF89a....."), []byte{derInteger, 1, 40}, []byte{derInteger, 1, 40})
		}, `picture type "PNG" but the data is gif`, func(s *Seal) error { return wantString(s.Picture.Format, "gif") }},
		{"raw r‖s", func(p *quirkParts) {
			p.value = func(der []byte) []byte {
				v, _, _ := decodeSM2Value(der)
				out := make([]byte, 65)
				v.r.FillBytes(out[1:33])
				v.s.FillBytes(out[33:])
				return out
			}
		}, "raw 64-byte", nil},
		{"unpadded INTEGERs", func(p *quirkParts) {
			p.retry = func(der []byte) bool { return der[3] == 33 } // r needs its pad
			p.value = func(der []byte) []byte {
				v, _, _ := decodeSM2Value(der)
				body := append(derWrap(derInteger, v.r.Bytes()), derWrap(derInteger, v.s.Bytes())...)
				return append([]byte{0}, derWrap(derSequence, body)...)
			}
		}, "without its 0x00 pad", nil},
		{"stripped trailing zeros", func(p *quirkParts) {
			p.retry = func(der []byte) bool { return der[len(der)-1] == 0 && der[len(der)-2] != 0 }
			p.value = func(der []byte) []byte {
				der = der[:len(der)-1]
				last, unused := der[len(der)-1], byte(0)
				for last&1 == 0 {
					last >>= 1
					unused++
				}
				return append([]byte{unused}, der...)
			}
		}, "trailing zero octets stripped", nil},
		{"malformed maker certificate", func(p *quirkParts) { p.makerCert = corruptSAN(t, cert, "maker.example") },
			"maker certificate is malformed", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := base()
			tc.change(&p)
			s, err := Parse(buildQuirkSeal(t, key, p))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if err := s.VerifyMaker(); err != nil {
				t.Errorf("VerifyMaker: %v", err)
			}
			if tc.quirk != "" && !strings.Contains(strings.Join(s.Quirks, "\n"), tc.quirk) {
				t.Errorf("quirks %q lack %q", s.Quirks, tc.quirk)
			}
			if tc.quirk == "" && len(s.Quirks) != 0 {
				t.Errorf("unexpected quirks %q", s.Quirks)
			}
			if tc.check != nil {
				if err := tc.check(s); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func wantTime(got, want time.Time) error {
	if !got.Equal(want) {
		return errors.New("time " + got.String() + ", want " + want.String())
	}
	return nil
}

func wantString(got, want string) error {
	if got != want {
		return errors.New("got " + got + ", want " + want)
	}
	return nil
}

// Errors name the field and are always *FormatError.
func TestParseErrors(t *testing.T) {
	good := readVector(t, "ofdrw/UserV4.esl")
	tests := []struct {
		name  string
		data  []byte
		field string
	}{
		{"empty", nil, "SESeal"},
		{"truncated", good[:100], "SESeal"},
		{"not a sequence", []byte{derInteger, 1, 1}, "SESeal"},
		{"three fields", derWrap(derSequence, []byte{5, 0}, []byte{5, 0}, []byte{5, 0}), "SESeal"},
		{"indefinite length", []byte{0x30, 0x80, 0, 0}, "SESeal"},
		{"bad date", bytes.Replace(good, []byte("20200422020900Z"), []byte("20201322020900Z"), 1), "SESeal.eSealInfo.property.createDate"},
		{"bad header", bytes.Replace(good, []byte{0x02, 0x01, 0x04, 0x16, 0x0a}, []byte{0x05, 0x01, 0x04, 0x16, 0x0a}, 1), "SESeal.eSealInfo.header.version"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.data)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("Parse = %v, want *FormatError", err)
			}
			if fe.Field != tc.field || fe.Unwrap() == nil || !strings.HasPrefix(err.Error(), "seal: ") {
				t.Errorf("error %q names %q, want %q", err, fe.Field, tc.field)
			}
		})
	}
}

// TBS_Sign.extDatas is [0]: accept it EXPLICIT (around the SEQUENCE OF) and
// IMPLICIT (around the ExtData elements), with one element or more.
func TestExtensionsTagging(t *testing.T) {
	ext := derWrap(derSequence, []byte{derOID, 3, 0x2a, 0x03, 0x04}, tlv(derOctetString, "v"))
	for name, e := range map[string][]byte{
		"plain":           derWrap(derSequence, ext),
		"explicit one":    derWrap(derContext0Cons, derWrap(derSequence, ext)),
		"explicit two":    derWrap(derContext0Cons, derWrap(derSequence, ext, ext)),
		"implicit one":    derWrap(derContext0Cons, ext),
		"implicit two":    derWrap(derContext0Cons, ext, ext),
		"explicit, empty": derWrap(derContext0Cons, derWrap(derSequence)),
	} {
		el, _, err := derNext(e)
		if err != nil {
			t.Fatal(err)
		}
		r := &sesReader{}
		exts, err := r.extensions(el, "extDatas")
		want := strings.Count(name, "two") + 1
		if strings.Contains(name, "empty") {
			want = 0
		}
		if err != nil || len(exts) != want {
			t.Errorf("%s: %d extensions, %v; want %d", name, len(exts), err, want)
			continue
		}
		for _, x := range exts {
			if x.ID.String() != "1.2.3.4" || string(x.Value) != "v" || x.Critical {
				t.Errorf("%s: %+v", name, x)
			}
		}
	}
}
