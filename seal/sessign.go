package seal

// Document signatures (SES_Signature) of GB/T 38540-2020 §6 and GM/T 0031-2014,
// and the [0] timestamp variant ofdrw writes.

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Signature is a document signature made with a seal (SES_Signature).
type Signature struct {
	// Version is the structure found: 1 (GM/T 0031: toSign and signature),
	// 4 (GB/T 38540: four fields) or 5 (four fields and a [0] timestamp).
	Version      int
	TBSVersion   int   // TBS_Sign.version as written
	Seal         *Seal // the seal used, as embedded
	Time         time.Time
	DataHash     []byte // SM3 of the signed data (in OFD: the Signature.xml bytes)
	PropertyInfo string // the protected range, e.g. "/Doc_0/Signs/Sign_0/Signature.xml"
	Extensions   []Extension
	SignerCert   []byte // DER; V4: SES_Signature.cert, V1: TBS_Sign.cert
	SignAlg      asn1.ObjectIdentifier
	Value        []byte // the signature value as found
	RawTBS       []byte // TBS_Sign as received: what is signed
	TimeStamp    []byte // the timestamp token, when present
	Quirks       []string
	// TrailingBytes counts the bytes after the DER SES_Signature: not signed, so the
	// file is not valid as it stands (see Seal.TrailingBytes).
	TrailingBytes int

	value    sm2Value
	valueErr error
	key      *ecdsa.PublicKey
	keyErr   error
}

// ParseSignature reads a DER SES_Signature of any version, leniently as
// Parse does. Its errors are *FormatError.
func ParseSignature(b []byte) (*Signature, error) {
	const path = "SES_Signature"
	r := &sesReader{}
	top, rest, err := derNext(b)
	if err != nil {
		return nil, &FormatError{Field: path, Err: err}
	}
	kids, err := r.children(top, path, derSequence)
	if err != nil {
		return nil, err
	}
	if len(kids) == 2 && kids[0].tag == derInteger && kids[1].tag == derInteger {
		return nil, r.fail(path, "a bare SM2 signature value SEQUENCE{r, s}, not an SES_Signature")
	}
	sig := &Signature{}
	var certE, algE, valueE derElem
	switch {
	case len(kids) == 2:
		sig.Version = 1
		valueE = kids[1]
	case len(kids) == 4:
		sig.Version = 4
		certE, algE, valueE = kids[1], kids[2], kids[3]
	case len(kids) == 5 && (kids[4].tag == derContext0Cons || kids[4].tag == derContext0):
		sig.Version = 5
		certE, algE, valueE = kids[1], kids[2], kids[3]
		if sig.TimeStamp, err = r.timeStamp(kids[4], path+".timeStamp"); err != nil {
			return nil, err
		}
	default:
		return nil, r.fail(path, "%d fields; want 2 (GM/T 0031), 4 (GB/T 38540) or 5 (with a [0] timestamp)", len(kids))
	}

	tbsPath := path + ".toSign"
	tbs, err := r.children(kids[0], tbsPath, derSequence)
	if err != nil {
		return nil, err
	}
	sig.RawTBS = kids[0].full
	if sig.Version == 1 {
		// GM/T 0031: TBS_Sign ::= SEQUENCE { version, eseal, timeInfo BIT STRING,
		// dataHash, propertyInfo, cert, signatureAlgorithm }
		if len(tbs) < 7 {
			return nil, r.fail(tbsPath, "%d fields, want 7", len(tbs))
		}
		if len(tbs) > 7 {
			r.quirk("%d extra fields in %s, ignored", len(tbs)-7, tbsPath)
		}
		certE, algE = tbs[5], tbs[6]
	} else if len(tbs) < 5 {
		return nil, r.fail(tbsPath, "%d fields, want 5 or 6", len(tbs))
	}
	if sig.TBSVersion, err = r.integer(tbs[0], tbsPath+".version"); err != nil {
		return nil, err
	}
	// The embedded seal keeps its own quirks; its errors name the full path.
	sealReader := &sesReader{}
	if sig.Seal, err = sealReader.seal(tbs[1], tbsPath+".eseal"); err != nil {
		return nil, err
	}
	sig.Seal.Quirks = sealReader.quirks
	if sig.Time, err = r.signTime(tbs[2], tbsPath+".timeInfo"); err != nil {
		return nil, err
	}
	if sig.DataHash, err = r.bits(tbs[3], tbsPath+".dataHash"); err != nil {
		return nil, err
	}
	if sig.PropertyInfo, err = r.str(tbs[4], tbsPath+".propertyInfo", derIA5String); err != nil {
		return nil, err
	}
	if sig.Version != 1 && len(tbs) > 5 {
		if sig.Extensions, err = r.extensions(tbs[5], tbsPath+".extDatas"); err != nil {
			return nil, err
		}
		if len(tbs) > 6 {
			r.quirk("%d extra fields in %s, ignored", len(tbs)-6, tbsPath)
		}
	}

	certPath, algPath := path+".cert", path+".signatureAlgID"
	if sig.Version == 1 {
		certPath, algPath = tbsPath+".cert", tbsPath+".signatureAlgorithm"
	}
	if certE.tag == derSequence {
		r.quirk("signer certificate not wrapped in an OCTET STRING")
		sig.SignerCert = certE.full
	} else if sig.SignerCert, err = r.octets(certE, certPath); err != nil {
		return nil, err
	}
	if sig.SignAlg, err = r.oid(algE, algPath); err != nil {
		return nil, err
	}
	if sig.Value, err = r.bits(valueE, path+".signature"); err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		r.quirk("%d bytes after the SES_Signature", len(rest))
		sig.TrailingBytes = len(rest)
	}
	sig.value, sig.valueErr = r.sm2Value(sig.Value, "signature")
	sig.key, sig.keyErr = r.certKey(sig.SignerCert, "signer certificate")
	sig.Quirks = r.quirks
	return sig, nil
}

// signTime reads TBS_Sign.timeInfo: a GeneralizedTime in GB/T 38540, the time
// as text in a BIT STRING in GM/T 0031. Text we cannot read leaves the time
// zero with a quirk: the field is informative, the signature covers it anyway.
func (r *sesReader) signTime(e derElem, field string) (time.Time, error) {
	if e.tag != derBitString && e.tag != derOctetString {
		return r.time(e, field, derGeneralizedTime)
	}
	b, err := r.bits(e, field)
	if err != nil {
		return time.Time{}, err
	}
	text := string(bytes.TrimRight(b, "\x00"))
	if t, err := time.Parse(time.RFC3339Nano, text); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006/01/02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, text, chinaTime); err == nil {
			r.quirk("time without zone in %s, read as China Standard Time (UTC+8)", field)
			return t, nil
		}
	}
	for _, utc := range []bool{false, true} {
		// Probe first so a failed attempt leaves no quirks behind.
		probe := &sesReader{}
		if _, err := probe.timeText(text, field, utc); err == nil {
			return r.timeText(text, field, utc)
		}
	}
	r.quirk("unreadable time %q in %s", text, field)
	return time.Time{}, nil
}

// Verify checks the document signature over TBS_Sign as received, with the
// key of SignerCert (GB/T 38540 §7.3 step "document signature"). It does not
// check the seal, the certificates' trust or validity, or the data: see
// Seal.VerifyMaker, Seal.ContainsCert, Seal.ValidAt and VerifyData. Errors
// wrap ErrSignature.
func (s *Signature) Verify() error {
	if s.keyErr != nil {
		return fmt.Errorf("%w: %w", ErrSignature, s.keyErr)
	}
	if s.valueErr != nil {
		return fmt.Errorf("%w: %w", ErrSignature, s.valueErr)
	}
	if err := verifySM2(s.key, s.SignAlg, s.RawTBS, s.value); err != nil {
		return fmt.Errorf("%w: %w", ErrSignature, err)
	}
	return nil
}

// VerifyData checks that DataHash is the SM3 digest of data. In OFD, data is
// the bytes of the signature's Signature.xml. Errors wrap ErrDataHash.
func (s *Signature) VerifyData(data []byte) error {
	sum := sm3.Sum(data)
	if !bytes.Equal(sum[:], s.DataHash) {
		return fmt.Errorf("%w: SM3 of the data is %x, the signature holds %x", ErrDataHash, sum[:], s.DataHash)
	}
	return nil
}

// ErrNotSM2 is returned (wrapped) by SignDocument for a signer or certificate
// whose key is not SM2: GB/T 38540 signatures are SM2-with-SM3 only.
var ErrNotSM2 = errors.New("seal: signer key is not SM2")

// SignDocument makes a GB/T 38540 (V4) SES_Signature: TBS_Sign {version 4,
// the seal as given, timeInfo, dataHash, propertyInfo} signed with SM2-with-SM3
// by signer, whose certificate certDER is carried in SES_Signature.cert
// (GB/T 38540 §6.2). In OFD, dataHash is the SM3 digest of the Signature.xml
// bytes and propertyInfo that file's path (GB/T 33190 §18.2). The signer is
// called as Make calls the maker; its result is checked before it is used,
// and the output is strict DER.
func SignDocument(sealDER, certDER []byte, signer crypto.Signer, dataHash []byte, propertyInfo string, at time.Time, rand io.Reader) ([]byte, error) {
	if signer == nil {
		return nil, fmt.Errorf("%w: no signer", ErrNotSM2)
	}
	pub, ok := signer.Public().(*ecdsa.PublicKey)
	if !ok || !sm2.IsSM2PublicKey(pub) {
		return nil, fmt.Errorf("%w: it is %T", ErrNotSM2, signer.Public())
	}
	cert, err := smx509.ParseCertificate(certDER)
	if err != nil {
		return nil, fmt.Errorf("seal: parse signer certificate: %w", err)
	}
	if !pub.Equal(cert.PublicKey) {
		return nil, errors.New("seal: signer certificate does not match the signer's key")
	}
	if _, err := Parse(sealDER); err != nil {
		return nil, fmt.Errorf("seal: read the seal to sign with: %w", err)
	}
	if !isPrintableASCII(propertyInfo) {
		return nil, fmt.Errorf("seal: propertyInfo %q is not printable ASCII (IA5String)", propertyInfo)
	}
	var tb cryptobyte.Builder
	tb.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(4)
		b.AddBytes(sealDER)
		b.AddASN1GeneralizedTime(at.UTC().Truncate(time.Second))
		b.AddASN1BitString(dataHash)
		b.AddASN1(cbasn1.IA5String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(propertyInfo)) })
	})
	tbs, err := tb.Bytes()
	if err != nil {
		return nil, fmt.Errorf("seal: encode TBS_Sign: %w", err)
	}
	raw, err := signer.Sign(rand, tbs, sm2.DefaultSM2SignerOpts)
	if err != nil {
		return nil, fmt.Errorf("seal: sign document: %w", err)
	}
	v, _, err := decodeSM2Value(raw)
	if err != nil {
		return nil, fmt.Errorf("seal: document signer: %w", err)
	}
	if err := verifySM2(pub, OIDSM2WithSM3, tbs, v); err != nil {
		return nil, fmt.Errorf("seal: document signer made a bad signature (does it sign the message with the default SM2 ID?): %w", err)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		b.AddASN1OctetString(certDER)
		b.AddASN1ObjectIdentifier(OIDSM2WithSM3)
		b.AddASN1BitString(encodeSM2Value(v))
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("seal: encode SES_Signature: %w", err)
	}
	return out, nil
}

// VerifyValue checks a bare SM2-with-SM3 signature value (DER SEQUENCE{r, s}
// with the leniencies of REFERENCE §2, or raw r‖s) over msg with the key of
// certDER, default user ID. OFD's Type="Sign" signatures of ofdrw store such a
// value over the Signature.xml bytes, with no certificate beside it. The
// notes say which leniencies were needed. Errors wrap ErrSignature.
func VerifyValue(certDER, msg, value []byte) (notes []string, err error) {
	r := &sesReader{}
	key, err := r.certKey(certDER, "signer certificate")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSignature, err)
	}
	v, more, err := decodeSM2Value(value)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSignature, err)
	}
	if err := verifySM2(key, OIDSM2WithSM3, msg, v); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSignature, err)
	}
	return append(r.quirks, more...), nil
}
