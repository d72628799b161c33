package seal

// Seal data (SESeal) of GB/T 38540-2020 §5 ("V4") and GM/T 0031-2014 ("V1"),
// read leniently as REFERENCE §2 lists, and verified over the bytes as received.

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// Object identifiers of GM/T 0006.
var (
	// OIDSM2WithSM3 is the SM2-with-SM3 signature algorithm, the one seal data uses.
	OIDSM2WithSM3 = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 501}
	// oidSM2Sign is "sm2sign", which some vendors write for SM2-with-SM3.
	oidSM2Sign = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 301, 1}
)

// Errors of verification. They are returned wrapped with the detail.
var (
	ErrMakerSignature = errors.New("seal: maker signature invalid")
	ErrSignature      = errors.New("seal: document signature invalid")
	ErrDataHash       = errors.New("seal: data hash mismatch")
)

// FormatError reports seal data that cannot be read, naming the field.
type FormatError struct {
	Field string // ASN.1 path, e.g. "SESeal.eSealInfo.property.validEnd"
	Err   error
}

func (e *FormatError) Error() string {
	return "seal: malformed " + e.Field + ": " + e.Err.Error()
}

func (e *FormatError) Unwrap() error { return e.Err }

// Seal is an electronic seal's data (SESeal) as read from a file.
type Seal struct {
	// Version is the structure found: 1 (GM/T 0031: SES_SealInfo and
	// SES_SignInfo), 4 (GB/T 38540: four fields) or 5 (four fields and a [0]
	// timestamp, as ofdrw writes). It is never taken from HeaderVersion,
	// which V1 seals in the wild set to 1 or 2 and ofdrw's "V5" to 5.
	Version       int
	HeaderID      string // "ES"
	HeaderVersion int
	VendorID      string
	Code          string // esID, the seal code (印章编码)
	Type          int
	Name          string
	// CertListType is 1 (certificates) or 2 (digests) as read; V1 has none
	// and reads as 1.
	CertListType int
	Certs        [][]byte // certList certificates (DER)
	CertDigests  []CertDigest
	Created      time.Time
	ValidFrom    time.Time
	ValidTo      time.Time
	Picture      Picture
	Extensions   []Extension
	MakerCert    []byte // DER of the maker's certificate
	SignAlg      asn1.ObjectIdentifier
	SignedValue  []byte // the maker's signature value as found
	TimeStamp    []byte // the [0] timestamp of a version 5 seal
	Raw          []byte // the whole SESeal as received
	RawInfo      []byte // SES_SealInfo as received
	// Quirks notes every leniency the reading needed, for display to a person.
	Quirks []string
	// TrailingBytes counts the bytes after the DER SESeal. They are outside the maker's
	// signature, so a verifier must not accept the file as it stands (bytes smuggled
	// behind signed data); Parse still reads the seal so that the cause can be shown.
	TrailingBytes int

	makerTBS []byte   // what the maker signed, by the rule of Version
	value    sm2Value // SignedValue decoded
	valueErr error
	key      *ecdsa.PublicKey // from MakerCert
	keyErr   error
}

// CertDigest is one entry of a certListType 2 certList.
type CertDigest struct {
	Alg   string // as written, e.g. "SM3"
	Value []byte
}

// Picture is a seal picture as carried in seal data (SES_ESPictrueInfo).
type Picture struct {
	Type   string // declared type, e.g. "PNG"; vendors are not always right
	Format string // sniffed from Data: see SniffPicture
	Data   []byte
	// WidthMM and HeightMM are the printed size; the format stores whole millimetres.
	WidthMM, HeightMM float64
}

// Extension is one ExtData of seal or signature data.
type Extension struct {
	ID       asn1.ObjectIdentifier
	Critical bool
	Value    []byte
}

// Parse reads a DER SESeal of any version. It accepts the vendor quirks of
// REFERENCE §2, noting each in Seal.Quirks, and keeps the bytes as received
// for verification. Its errors are *FormatError.
func Parse(b []byte) (*Seal, error) {
	r := &sesReader{}
	top, rest, err := derNext(b)
	if err != nil {
		return nil, &FormatError{Field: "SESeal", Err: err}
	}
	s, err := r.seal(top, "SESeal")
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		r.quirk("%d bytes after the SESeal", len(rest))
		s.TrailingBytes = len(rest)
	}
	s.Quirks = r.quirks
	return s, nil
}

// seal reads an SESeal element; path names it in errors.
func (r *sesReader) seal(top derElem, path string) (*Seal, error) {
	kids, err := r.children(top, path, derSequence)
	if err != nil {
		return nil, err
	}
	s := &Seal{Raw: top.full}
	var certE, algE, valueE derElem
	signPath := path
	switch {
	case len(kids) == 2:
		// GM/T 0031: SES_SignInfo ::= SEQUENCE { cert, signatureAlgorithm, signData }
		s.Version = 1
		sign, err := r.children(kids[1], path+".signInfo", derSequence)
		if err != nil {
			return nil, err
		}
		if len(sign) < 3 {
			return nil, r.fail(path+".signInfo", "%d fields, want 3", len(sign))
		}
		if len(sign) > 3 {
			r.quirk("%d extra fields in %s.signInfo, ignored", len(sign)-3, path)
		}
		certE, algE, valueE = sign[0], sign[1], sign[2]
		signPath = path + ".signInfo"
	case len(kids) == 4:
		s.Version = 4
		certE, algE, valueE = kids[1], kids[2], kids[3]
	case len(kids) == 5 && (kids[4].tag == derContext0Cons || kids[4].tag == derContext0):
		s.Version = 5
		certE, algE, valueE = kids[1], kids[2], kids[3]
		if s.TimeStamp, err = r.timeStamp(kids[4], path+".timeStamp"); err != nil {
			return nil, err
		}
	default:
		return nil, r.fail(path, "%d fields; want 2 (GM/T 0031), 4 (GB/T 38540) or 5 (with a [0] timestamp)", len(kids))
	}
	if err := r.sealInfo(s, kids[0], path+".eSealInfo"); err != nil {
		return nil, err
	}
	if certE.tag == derSequence {
		// The certificate itself instead of an OCTET STRING holding it.
		r.quirk("maker certificate not wrapped in an OCTET STRING")
		s.MakerCert = certE.full
	} else if s.MakerCert, err = r.octets(certE, signPath+".cert"); err != nil {
		return nil, err
	}
	if s.SignAlg, err = r.oid(algE, signPath+".signAlgID"); err != nil {
		return nil, err
	}
	if s.SignedValue, err = r.bits(valueE, signPath+".signedValue"); err != nil {
		return nil, err
	}
	s.RawInfo = kids[0].full
	if s.Version == 1 {
		// GM/T 0031: the maker signs SEQUENCE { esealInfo, cert, signatureAlgorithm }.
		s.makerTBS = derWrap(derSequence, kids[0].full, certE.full, algE.full)
	} else {
		s.makerTBS = s.RawInfo
	}
	s.value, s.valueErr = r.sm2Value(s.SignedValue, "maker signature")
	s.key, s.keyErr = r.certKey(s.MakerCert, "maker certificate")
	return s, nil
}

// sm2Value decodes a signature value and notes its quirks.
func (r *sesReader) sm2Value(v []byte, what string) (sm2Value, error) {
	sv, notes, err := decodeSM2Value(v)
	for _, n := range notes {
		r.quirk("%s: %s", what, n)
	}
	return sv, err
}

// timeStamp reads the [0] timestamp: ofdrw writes [0] EXPLICIT BIT STRING.
func (r *sesReader) timeStamp(e derElem, field string) ([]byte, error) {
	if e.tag == derContext0 {
		if len(e.body) > 0 && e.body[0] <= 7 {
			return e.body[1:], nil
		}
		return e.body, nil
	}
	inner, rest, err := derNext(e.body)
	if err != nil {
		return nil, &FormatError{Field: field, Err: err}
	}
	if len(rest) != 0 {
		return nil, &FormatError{Field: field, Err: errDERTrailing}
	}
	if inner.tag == derSequence {
		r.quirk("%s holds a SEQUENCE, not a BIT STRING", field)
		return inner.full, nil
	}
	return r.bits(inner, field)
}

func (r *sesReader) sealInfo(s *Seal, e derElem, path string) error {
	kids, err := r.children(e, path, derSequence)
	if err != nil {
		return err
	}
	if len(kids) < 4 {
		return r.fail(path, "%d fields, want 4 or 5", len(kids))
	}
	if len(kids) > 5 {
		r.quirk("%d extra fields in %s, ignored", len(kids)-5, path)
	}
	hdr, err := r.children(kids[0], path+".header", derSequence)
	if err != nil {
		return err
	}
	if len(hdr) < 3 {
		return r.fail(path+".header", "%d fields, want 3", len(hdr))
	}
	if s.HeaderID, err = r.str(hdr[0], path+".header.ID", derIA5String); err != nil {
		return err
	}
	if s.HeaderVersion, err = r.integer(hdr[1], path+".header.version"); err != nil {
		return err
	}
	if s.VendorID, err = r.str(hdr[2], path+".header.Vid", derIA5String); err != nil {
		return err
	}
	if s.Code, err = r.str(kids[1], path+".esID", derIA5String); err != nil {
		return err
	}
	if err := r.property(s, kids[2], path+".property"); err != nil {
		return err
	}
	if err := r.picture(&s.Picture, kids[3], path+".picture"); err != nil {
		return err
	}
	if len(kids) > 4 {
		if s.Extensions, err = r.extensions(kids[4], path+".extDatas"); err != nil {
			return err
		}
	}
	return nil
}

func (r *sesReader) property(s *Seal, e derElem, path string) error {
	kids, err := r.children(e, path, derSequence)
	if err != nil {
		return err
	}
	if len(kids) < 6 {
		return r.fail(path, "%d fields, want 7 (GB/T 38540) or 6 (GM/T 0031)", len(kids))
	}
	if s.Type, err = r.integer(kids[0], path+".type"); err != nil {
		return err
	}
	if s.Name, err = r.str(kids[1], path+".name", derUTF8String); err != nil {
		return err
	}
	// The layout, not the header, tells the versions apart: GB/T 38540 has
	// certListType before the list and GeneralizedTime dates; GM/T 0031 has
	// neither.
	timeTag := byte(derUTCTime)
	rest := kids[2:]
	s.CertListType = 1
	if kids[2].tag == derInteger {
		if len(kids) < 7 {
			return r.fail(path, "%d fields, want 7", len(kids))
		}
		timeTag = derGeneralizedTime
		if s.CertListType, err = r.integer(kids[2], path+".certListType"); err != nil {
			return err
		}
		if s.CertListType != 1 && s.CertListType != 2 {
			r.quirk("certListType %d, which is neither 1 (certificates) nor 2 (digests)", s.CertListType)
		}
		rest = kids[3:]
	}
	if len(rest) > 4 {
		r.quirk("%d extra fields in %s, ignored", len(rest)-4, path)
	}
	if err := r.certList(s, rest[0], path+".certList"); err != nil {
		return err
	}
	if s.Created, err = r.time(rest[1], path+".createDate", timeTag); err != nil {
		return err
	}
	if s.ValidFrom, err = r.time(rest[2], path+".validStart", timeTag); err != nil {
		return err
	}
	if s.ValidTo, err = r.time(rest[3], path+".validEnd", timeTag); err != nil {
		return err
	}
	return nil
}

// certList reads SES_CertList. Its CHOICE is untagged (both arms are a
// SEQUENCE OF), so each entry is classified by its own shape.
func (r *sesReader) certList(s *Seal, e derElem, path string) error {
	kids, err := r.children(e, path, derSequence)
	if err != nil {
		return err
	}
	for i, k := range kids {
		field := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case k.tag == derOctetString:
			s.Certs = append(s.Certs, r.elem(k, field).body)
		case k.tag == derSequence:
			parts, err := derChildren(k)
			if err != nil {
				return &FormatError{Field: field, Err: err}
			}
			if len(parts) > 0 && parts[0].tag == derSequence {
				r.quirk("certificate not wrapped in an OCTET STRING in %s", path)
				s.Certs = append(s.Certs, k.full)
				continue
			}
			if len(parts) != 2 {
				return r.fail(field, "%d fields, want CertDigestObj{type, value}", len(parts))
			}
			alg, err := r.str(parts[0], field+".type", derPrintableString)
			if err != nil {
				return err
			}
			v, err := r.octets(parts[1], field+".value")
			if err != nil {
				return err
			}
			s.CertDigests = append(s.CertDigests, CertDigest{Alg: alg, Value: v})
		case !k.constructed():
			r.quirk("%s entry in %s, which holds OCTET STRINGs", derTagName(k.tag), path)
			s.Certs = append(s.Certs, k.body)
		default:
			return r.fail(field, "%s where a certificate or digest was expected", derTagName(k.tag))
		}
	}
	switch {
	case s.CertListType == 1 && len(s.CertDigests) > 0:
		r.quirk("certListType 1 with certificate digests in the list")
	case s.CertListType == 2 && len(s.Certs) > 0:
		r.quirk("certListType 2 with certificates in the list")
	}
	return nil
}

func (r *sesReader) picture(p *Picture, e derElem, path string) error {
	kids, err := r.children(e, path, derSequence)
	if err != nil {
		return err
	}
	if len(kids) < 2 {
		return r.fail(path, "%d fields, want 4", len(kids))
	}
	if p.Type, err = r.str(kids[0], path+".type", derIA5String); err != nil {
		return err
	}
	if p.Data, err = r.octets(kids[1], path+".data"); err != nil {
		return err
	}
	p.Format = SniffPicture(p.Data)
	if !pictureTypeMatches(p.Type, p.Format) {
		f := p.Format
		if f == "" {
			f = "unrecognised"
		}
		r.quirk("picture type %q but the data is %s", p.Type, f)
	}
	if len(kids) < 4 {
		r.quirk("picture size missing")
		return nil
	}
	if len(kids) > 4 {
		r.quirk("%d extra fields in %s, ignored", len(kids)-4, path)
	}
	w, err := r.integer(kids[2], path+".width")
	if err != nil {
		return err
	}
	h, err := r.integer(kids[3], path+".height")
	if err != nil {
		return err
	}
	p.WidthMM, p.HeightMM = float64(w), float64(h)
	return nil
}

// pictureTypeMatches reports whether a declared picture type names the sniffed format.
func pictureTypeMatches(declared, sniffed string) bool {
	d := strings.ToLower(strings.TrimSpace(declared))
	switch d {
	case "jpg":
		d = "jpeg"
	case "svg+xml":
		d = "svg"
	}
	return d == sniffed && sniffed != ""
}

// extensions reads ExtensionDatas: a SEQUENCE OF ExtData, possibly under [0].
func (r *sesReader) extensions(e derElem, path string) ([]Extension, error) {
	if e.tag == derContext0Cons {
		// [0] EXPLICIT holds one SEQUENCE OF ExtData; [0] IMPLICIT holds the
		// ExtData elements themselves, whose first field is an OID.
		e = derElem{tag: derSequence, full: e.full, body: e.body}
		if inner, rest, err := derNext(e.body); err == nil && len(rest) == 0 && inner.tag == derSequence {
			if first, _, err := derNext(inner.body); err != nil || first.tag == derSequence {
				e = inner
			}
		}
	}
	kids, err := r.children(e, path, derSequence)
	if err != nil {
		return nil, err
	}
	var exts []Extension
	for i, k := range kids {
		field := fmt.Sprintf("%s[%d]", path, i)
		parts, err := r.children(k, field, derSequence)
		if err != nil {
			return nil, err
		}
		if len(parts) < 2 || len(parts) > 3 {
			return nil, r.fail(field, "%d fields, want ExtData{extnID, critical, extnValue}", len(parts))
		}
		var x Extension
		if x.ID, err = r.oid(parts[0], field+".extnID"); err != nil {
			return nil, err
		}
		if len(parts) == 3 {
			b := parts[1]
			if b.tag != derBoolean || len(b.body) != 1 {
				return nil, r.fail(field+".critical", "%s where BOOLEAN was expected", derTagName(b.tag))
			}
			switch b.body[0] {
			case 0:
				r.quirk("ExtData critical FALSE written out (DER omits the default)")
			case 0xff:
				x.Critical = true
			default:
				r.quirk("BOOLEAN TRUE written as 0x%02x", b.body[0])
				x.Critical = true
			}
		}
		if x.Value, err = r.octets(parts[len(parts)-1], field+".extnValue"); err != nil {
			return nil, err
		}
		exts = append(exts, x)
	}
	return exts, nil
}

// certKey reads the SM2 public key of a certificate. Certificates that strict
// X.509 parsing rejects (vendor files carry malformed extensions) give their
// SubjectPublicKeyInfo only, and a quirk says so.
func (r *sesReader) certKey(der []byte, what string) (*ecdsa.PublicKey, error) {
	var pub any
	c, err := smx509.ParseCertificate(der)
	if err == nil {
		pub = c.PublicKey
	} else {
		spki, ok := certSPKI(der)
		if !ok {
			return nil, fmt.Errorf("%s unreadable: %w", what, err)
		}
		r.quirk("%s is malformed (%v); only its public key was used", what, err)
		pub, err = spkiKey(spki)
		if err != nil {
			return nil, fmt.Errorf("%s public key unreadable: %w", what, err)
		}
	}
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok || !sm2.IsSM2PublicKey(k) {
		return nil, fmt.Errorf("%s key is %T, not SM2", what, pub)
	}
	return k, nil
}

// certSPKI finds the SubjectPublicKeyInfo of an X.509 certificate (RFC 5280
// §4.1) without looking at anything else in it.
func certSPKI(der []byte) (derElem, bool) {
	cert, _, err := derNext(der)
	if err != nil || cert.tag != derSequence {
		return derElem{}, false
	}
	tbs, _, err := derNext(cert.body)
	if err != nil || tbs.tag != derSequence {
		return derElem{}, false
	}
	kids, err := derChildren(tbs)
	if err != nil || len(kids) < 6 {
		return derElem{}, false
	}
	if kids[0].tag == derContext0Cons { // version
		kids = kids[1:]
	}
	// serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
	if len(kids) < 6 || kids[5].tag != derSequence {
		return derElem{}, false
	}
	return kids[5], true
}

// spkiKey reads an SM2 key from a SubjectPublicKeyInfo, falling back to the
// bare point when the algorithm identifier is one smx509 does not know.
func spkiKey(spki derElem) (any, error) {
	pub, err := smx509.ParsePKIXPublicKey(spki.full)
	if err == nil {
		return pub, nil
	}
	kids, cerr := derChildren(spki)
	if cerr != nil || len(kids) != 2 || kids[1].tag != derBitString || len(kids[1].body) < 2 {
		return nil, err
	}
	k, perr := sm2.NewPublicKey(kids[1].body[1:])
	if perr != nil {
		return nil, err
	}
	return k, nil
}

// verifySM2 checks an SM2-with-SM3 signature over msg with the default user
// ID (GB/T 35276 §5), as every seal vector signs (REFERENCE §3).
func verifySM2(pub *ecdsa.PublicKey, alg asn1.ObjectIdentifier, msg []byte, v sm2Value) error {
	if !alg.Equal(OIDSM2WithSM3) && !alg.Equal(oidSM2Sign) {
		return fmt.Errorf("algorithm %v is not SM2-with-SM3", alg)
	}
	if v.r == nil || v.r.Sign() <= 0 || v.s.Sign() <= 0 {
		return errors.New("signature value out of range")
	}
	e, err := sm2.CalculateSM2Hash(pub, msg, nil)
	if err != nil {
		return err
	}
	if !sm2.VerifyASN1(pub, e, encodeSM2Value(v)) {
		return errors.New("signature does not match")
	}
	return nil
}

// VerifyMaker checks the seal maker's signature under the rule of the seal's
// version: GB/T 38540 (V4, V5) signs the DER of SES_SealInfo; GM/T 0031 (V1)
// signs DER SEQUENCE{SES_SealInfo, cert, signatureAlgorithm}. It checks the
// signature only, not whether the maker's certificate is trusted or current.
// Errors wrap ErrMakerSignature.
func (s *Seal) VerifyMaker() error {
	if s.keyErr != nil {
		return fmt.Errorf("%w: %w", ErrMakerSignature, s.keyErr)
	}
	if s.valueErr != nil {
		return fmt.Errorf("%w: %w", ErrMakerSignature, s.valueErr)
	}
	if err := verifySM2(s.key, s.SignAlg, s.makerTBS, s.value); err != nil {
		return fmt.Errorf("%w: V%d rule: %w", ErrMakerSignature, s.Version, err)
	}
	return nil
}

// ContainsCert reports whether the seal's certList holds certDER, by bytes
// for certificates (certListType 1) or by digest (certListType 2; SM3,
// SHA-1 or SHA-256 as the digest's type names it). GB/T 38540 §7.3 requires
// the document signer's certificate to be in the list.
func (s *Seal) ContainsCert(certDER []byte) bool {
	for _, c := range s.Certs {
		if bytes.Equal(c, certDER) {
			return true
		}
	}
	for _, d := range s.CertDigests {
		var sum []byte
		switch strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(d.Alg), "-", "")) {
		case "SM3", "1.2.156.10197.1.401":
			h := sm3.Sum(certDER)
			sum = h[:]
		case "SHA1", "1.3.14.3.2.26":
			h := sha1.Sum(certDER)
			sum = h[:]
		case "SHA256", "2.16.840.1.101.3.4.2.1":
			h := sha256.Sum256(certDER)
			sum = h[:]
		default:
			continue
		}
		if bytes.Equal(sum, d.Value) {
			return true
		}
	}
	return false
}

// ValidAt reports whether t lies within the seal's validity, ends included.
func (s *Seal) ValidAt(t time.Time) bool {
	if s.ValidFrom.IsZero() || s.ValidTo.IsZero() {
		return false
	}
	return !t.Before(s.ValidFrom) && !t.After(s.ValidTo)
}

// derWrap encodes a constructed element around already encoded contents.
func derWrap(tag byte, parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := []byte{tag}
	switch {
	case n < 0x80:
		out = append(out, byte(n))
	case n < 0x100:
		out = append(out, 0x81, byte(n))
	case n < 0x10000:
		out = append(out, 0x82, byte(n>>8), byte(n))
	case n < 0x1000000:
		out = append(out, 0x83, byte(n>>16), byte(n>>8), byte(n))
	default:
		out = append(out, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
