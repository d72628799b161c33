package seal

// Making GB/T 38540-2020 seal data. Whatever the reader tolerates, what we
// write is strict DER: minimal lengths, padded INTEGERs, GeneralizedTime in
// UTC with Z, BIT STRINGs with no unused bits, certListType 1 or 2.

import (
	"crypto"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// ErrInvalidInfo is returned (wrapped, with the problem named) by Make for
// seal information it will not write.
var ErrInvalidInfo = errors.New("seal: invalid seal info")

// makeHeaderVersion is SES_Header.version of the seals we make (GB/T 38540 §5.2).
const makeHeaderVersion = 4

// maxPictureMM bounds the printed size we accept: larger is a units mistake.
const maxPictureMM = 1000

// Info is what Make writes into a seal's SES_SealInfo.
type Info struct {
	VendorID string // SES_Header.Vid: the maker's vendor id, ASCII
	Code     string // esID, the seal code (印章编码), ASCII
	Type     int    // seal type (GB/T 38540 property.type)
	Name     string
	// CertListType 1 stores Certs; 2 stores their SM3 digests.
	CertListType int
	Certs        [][]byte // DER certificates of the seal's holder(s)
	Created      time.Time
	ValidFrom    time.Time
	ValidTo      time.Time
	// Picture: Type may be empty (it is then taken from the data); the size
	// must be whole millimetres, as the format stores it.
	Picture    Picture
	Extensions []Extension
}

// Make builds GB/T 38540 (V4) seal data: header {"ES", 4, VendorID}, signed
// by the maker over DER(SES_SealInfo) with SM2-with-SM3. The maker is called
// as maker.Sign(rand, message, sm2.DefaultSM2SignerOpts) with the message
// itself (it computes Z with the default ID), as gmsm's *sm2.PrivateKey does;
// its result is checked against makerCertDER before it is used. Times are
// written in UTC to the second.
func Make(info Info, makerCertDER []byte, maker crypto.Signer, rand io.Reader) ([]byte, error) {
	if err := info.check(); err != nil {
		return nil, err
	}
	if maker == nil {
		return nil, fmt.Errorf("%w: no maker signer", ErrInvalidInfo)
	}
	cert, err := smx509.ParseCertificate(makerCertDER)
	if err != nil {
		return nil, fmt.Errorf("seal: parse maker certificate: %w", err)
	}
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok || !sm2.IsSM2PublicKey(pub) {
		return nil, fmt.Errorf("seal: maker certificate key is %T, not SM2", cert.PublicKey)
	}
	if !pub.Equal(maker.Public()) {
		return nil, errors.New("seal: maker certificate does not match the maker's key")
	}
	tbs, err := info.marshal()
	if err != nil {
		return nil, fmt.Errorf("seal: encode seal info: %w", err)
	}
	sig, err := maker.Sign(rand, tbs, sm2.DefaultSM2SignerOpts)
	if err != nil {
		return nil, fmt.Errorf("seal: sign seal info: %w", err)
	}
	// Tokens differ in output format (REFERENCE §5): take what they give,
	// write strict DER, and never write a signature that does not verify.
	v, _, err := decodeSM2Value(sig)
	if err != nil {
		return nil, fmt.Errorf("seal: maker signer: %w", err)
	}
	if err := verifySM2(pub, OIDSM2WithSM3, tbs, v); err != nil {
		return nil, fmt.Errorf("seal: maker signer made a bad signature (does it sign the message with the default SM2 ID?): %w", err)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		b.AddASN1OctetString(makerCertDER)
		b.AddASN1ObjectIdentifier(OIDSM2WithSM3)
		b.AddASN1BitString(encodeSM2Value(v))
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("seal: encode seal: %w", err)
	}
	return out, nil
}

func (info *Info) check() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidInfo, fmt.Sprintf(format, a...))
	}
	if !isPrintableASCII(info.VendorID) {
		return bad("vendor id must be non-empty printable ASCII")
	}
	if !isPrintableASCII(info.Code) {
		return bad("seal code must be non-empty printable ASCII")
	}
	if info.Type < 0 || info.Type > math.MaxInt32 {
		return bad("seal type %d out of range", info.Type)
	}
	if info.Name == "" || !utf8.ValidString(info.Name) || strings.ContainsRune(info.Name, 0) {
		return bad("seal name must be non-empty UTF-8 without NUL")
	}
	if info.CertListType != 1 && info.CertListType != 2 {
		return bad("certListType %d; want 1 (certificates) or 2 (digests)", info.CertListType)
	}
	if len(info.Certs) == 0 {
		return bad("no certificates: a seal names the certificates that may use it")
	}
	for i, c := range info.Certs {
		if len(c) == 0 {
			return bad("certificate %d is empty", i)
		}
	}
	if info.Created.IsZero() || info.ValidFrom.IsZero() || info.ValidTo.IsZero() {
		return bad("created, valid-from and valid-to times are required")
	}
	if info.ValidTo.Before(info.ValidFrom) {
		return bad("valid-to %v is before valid-from %v", info.ValidTo, info.ValidFrom)
	}
	p := info.Picture
	if len(p.Data) == 0 {
		return bad("no picture data")
	}
	if p.Type == "" && pictureTypeName(SniffPicture(p.Data)) == "" {
		return bad("picture type not given and not recognisable from the data")
	}
	if p.Type != "" && !isPrintableASCII(p.Type) {
		return bad("picture type must be printable ASCII")
	}
	for _, mm := range []float64{p.WidthMM, p.HeightMM} {
		if mm <= 0 || mm > maxPictureMM || mm != math.Trunc(mm) {
			return bad("picture size %gx%g mm: want whole millimetres from 1 to %d", p.WidthMM, p.HeightMM, maxPictureMM)
		}
	}
	for i, x := range info.Extensions {
		if len(x.ID) < 2 {
			return bad("extension %d has no valid id", i)
		}
	}
	return nil
}

// marshal encodes SES_SealInfo (GB/T 38540 §5.2) in DER.
func (info *Info) marshal() ([]byte, error) {
	p := info.Picture
	picType := p.Type
	if picType == "" {
		picType = pictureTypeName(SniffPicture(p.Data))
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // header
			b.AddASN1(cbasn1.IA5String, func(b *cryptobyte.Builder) { b.AddBytes([]byte("ES")) })
			b.AddASN1Int64(makeHeaderVersion)
			b.AddASN1(cbasn1.IA5String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(info.VendorID)) })
		})
		b.AddASN1(cbasn1.IA5String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(info.Code)) })
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // property
			b.AddASN1Int64(int64(info.Type))
			b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(info.Name)) })
			b.AddASN1Int64(int64(info.CertListType))
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, c := range info.Certs {
					if info.CertListType == 1 {
						b.AddASN1OctetString(c)
						continue
					}
					sum := sm3.Sum(c)
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.PrintableString, func(b *cryptobyte.Builder) { b.AddBytes([]byte("SM3")) })
						b.AddASN1OctetString(sum[:])
					})
				}
			})
			for _, t := range []time.Time{info.Created, info.ValidFrom, info.ValidTo} {
				b.AddASN1GeneralizedTime(t.UTC().Truncate(time.Second))
			}
		})
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // picture
			b.AddASN1(cbasn1.IA5String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(picType)) })
			b.AddASN1OctetString(p.Data)
			b.AddASN1Int64(int64(p.WidthMM))
			b.AddASN1Int64(int64(p.HeightMM))
		})
		if len(info.Extensions) > 0 {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, x := range info.Extensions {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(x.ID)
						if x.Critical { // DER omits the DEFAULT FALSE
							b.AddASN1Boolean(true)
						}
						b.AddASN1OctetString(x.Value)
					})
				}
			})
		}
	})
	return b.Bytes()
}

// pictureTypeName is the SES_ESPictrueInfo.type we write for a sniffed format.
func pictureTypeName(format string) string {
	switch format {
	case "jpeg":
		return "JPG"
	case "":
		return ""
	}
	return strings.ToUpper(format)
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return s != ""
}

// encodeSM2Value writes a signature value as strict DER SEQUENCE{r, s}.
func encodeSM2Value(v sm2Value) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1BigInt(v.r)
		b.AddASN1BigInt(v.s)
	})
	out, err := b.Bytes()
	if err != nil {
		return nil
	}
	return out
}
