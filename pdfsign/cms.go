package pdfsign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // SHA-1 signatures from other signers are verified and flagged as weak, never made
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"io"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Object identifiers. CMS (RFC 5652) and PKCS#9 first, then the Chinese ones of
// GM/T 0006 / GB/T 35275 (REFERENCE §3).
var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidGMData        = asn1.ObjectIdentifier{1, 2, 156, 10197, 6, 1, 4, 2, 1}
	oidGMSignedData  = asn1.ObjectIdentifier{1, 2, 156, 10197, 6, 1, 4, 2, 2}
	oidContentType   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningTime   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidTSTInfo       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4} // RFC 3161 §2.4.2

	oidSHA1   = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidSM3    = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 401}

	oidRSA           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidRSASHA1       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}
	oidRSAPSS        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidECDSASHA1     = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 1}
	oidRSASHA256     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidRSASHA384     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidRSASHA512     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
	oidECPublicKey   = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidECDSASHA256   = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidECDSASHA384   = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSASHA512   = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
	oidSM2Sign       = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 301, 1}
	oidSM2WithSM3    = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 501}
	oidSM2PublicKeyC = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 301}
)

// oidSealData is SealDesk's sealData attribute, the UUID OID
// 2.25.247673368320837835478527086155085038715 (ITU-T X.667). Its arc does not fit
// an int, so encoding/asn1.ObjectIdentifier cannot hold it: we keep its DER content
// octets and compare attribute types as bytes.
var oidSealData = uuidOID("247673368320837835478527086155085038715")

// oidLedgerWitness is SealDesk's ledgerWitness attribute, the UUID OID
// 2.25.6986561741609739802010525626315554307: the workstation ledger's sequence
// number and head hash when the document was signed (Options.Witness).
var oidLedgerWitness = uuidOID("6986561741609739802010525626315554307")

// uuidOID returns the DER content octets of the OID 2.25.arc.
func uuidOID(decimal string) []byte {
	arc, _ := new(big.Int).SetString(decimal, 10)
	// First subidentifier: 2*40 + 25 = 105, then arc in base 128, high bit on all but the last byte.
	var groups []byte
	for arc.Sign() > 0 {
		groups = append(groups, byte(new(big.Int).And(arc, big.NewInt(0x7f)).Int64()))
		arc.Rsh(arc, 7)
	}
	out := []byte{105}
	for i := len(groups) - 1; i >= 0; i-- {
		b := groups[i]
		if i > 0 {
			b |= 0x80
		}
		out = append(out, b)
	}
	return out
}

// algorithm is one signature scheme as SealDesk writes it.
type algorithm struct {
	name      string
	digestOID asn1.ObjectIdentifier
	sigOID    asn1.ObjectIdentifier
	hash      crypto.Hash // 0 for SM3
	nullParam bool        // write NULL parameters in the AlgorithmIdentifiers
	pss       bool        // RSASSA-PSS (RFC 4056) rather than PKCS#1 v1.5
}

func (a algorithm) newHash() hash.Hash {
	if a.hash == 0 {
		return sm3.New()
	}
	return a.hash.New()
}

// SM2 is written with signatureAlgorithm sm2sign 1.2.156.10197.1.301.1, the choice of
// GM/T 0010 §8.1 for SignerInfo.digestEncryptionAlgorithm and of gmsm's pkcs7 (so its
// verifier and GM toolkits read our CMS); 1.2.156.10197.1.501 (SM2-with-SM3) is
// accepted on input.
var (
	algSM2   = algorithm{name: "SM2", digestOID: oidSM3, sigOID: oidSM2Sign, nullParam: true}
	algECDSA = algorithm{name: "ECDSA-P256", digestOID: oidSHA256, sigOID: oidECDSASHA256, hash: crypto.SHA256}
	algRSA   = algorithm{name: "RSA", digestOID: oidSHA256, sigOID: oidRSA, hash: crypto.SHA256, nullParam: true}
)

// algorithmFor picks the scheme for a public key; SM2 and P-256 keys are both
// *ecdsa.PublicKey and differ only by curve.
func algorithmFor(pub crypto.PublicKey) (algorithm, error) {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		switch k.Curve {
		case sm2.P256():
			return algSM2, nil
		case elliptic.P256():
			return algECDSA, nil
		}
		return algorithm{}, fmt.Errorf("pdfsign: unsupported elliptic curve %s", k.Curve.Params().Name)
	case *rsa.PublicKey:
		return algRSA, nil
	}
	return algorithm{}, fmt.Errorf("pdfsign: unsupported public key type %T", pub)
}

func addAlgID(b *cryptobyte.Builder, oid asn1.ObjectIdentifier, null bool) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		if null {
			b.AddASN1NULL()
		}
	})
}

// signedAttributes returns the DER SET OF Attribute (RFC 5652 §5.3), sorted as DER
// requires for SET OF (X.690 §11.6). This exact encoding is what gets signed.
func signedAttributes(digest []byte, t time.Time, sealData, witness []byte) ([]byte, error) {
	var attrs [][]byte
	add := func(oid func(*cryptobyte.Builder), value func(*cryptobyte.Builder)) error {
		b := cryptobyte.NewBuilder(nil)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			oid(b)
			b.AddASN1(cbasn1.SET, value)
		})
		der, err := b.Bytes()
		attrs = append(attrs, der)
		return err
	}
	std := func(oid asn1.ObjectIdentifier) func(*cryptobyte.Builder) {
		return func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid) }
	}
	errs := []error{
		add(std(oidContentType), func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) }),
		add(std(oidSigningTime), func(b *cryptobyte.Builder) {
			// RFC 5652 §11.3: UTCTime for 1950–2049, GeneralizedTime otherwise.
			t := t.UTC().Truncate(time.Second)
			if t.Year() >= 1950 && t.Year() < 2050 {
				b.AddASN1UTCTime(t)
			} else {
				b.AddASN1GeneralizedTime(t)
			}
		}),
		add(std(oidMessageDigest), func(b *cryptobyte.Builder) { b.AddASN1OctetString(digest) }),
	}
	if sealData != nil {
		errs = append(errs, add(func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) { b.AddBytes(oidSealData) })
		}, func(b *cryptobyte.Builder) { b.AddASN1OctetString(sealData) }))
	}
	if witness != nil {
		errs = append(errs, add(func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) { b.AddBytes(oidLedgerWitness) })
		}, func(b *cryptobyte.Builder) { b.AddASN1OctetString(witness) }))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("pdfsign: encode signed attributes: %w", err)
	}
	slices.SortFunc(attrs, bytes.Compare)
	b := cryptobyte.NewBuilder(nil)
	b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
		for _, a := range attrs {
			b.AddBytes(a)
		}
	})
	return b.Bytes()
}

// signAttributes signs the signed-attributes SET with s following the project's
// signer convention, then checks the result: a USB key that returns raw r‖s or
// signs the wrong hash is caught here, not by the person verifying the document.
func signAttributes(s crypto.Signer, rand io.Reader, alg algorithm, attrs []byte) ([]byte, error) {
	var sig []byte
	var err error
	if alg.hash == 0 {
		sig, err = s.Sign(rand, attrs, sm2.DefaultSM2SignerOpts)
	} else {
		h := alg.hash.New()
		h.Write(attrs)
		sig, err = s.Sign(rand, h.Sum(nil), alg.hash)
	}
	if err != nil {
		return nil, fmt.Errorf("pdfsign: sign: %w", err)
	}
	if err := checkSignature(s.Public(), alg, attrs, sig); err != nil {
		return nil, fmt.Errorf("pdfsign: signer returned an invalid signature: %w", err)
	}
	return sig, nil
}

// checkSignature verifies sig over msg (the signed attributes SET).
func checkSignature(pub crypto.PublicKey, alg algorithm, msg, sig []byte) error {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if k.Curve == sm2.P256() {
			if !sm2.VerifyASN1WithSM2(k, nil, msg, sig) {
				return errors.New("SM2 signature does not verify")
			}
			return nil
		}
		if alg.hash == 0 {
			return errors.New("ECDSA signature with an SM3 digest")
		}
		h := alg.hash.New()
		h.Write(msg)
		if !ecdsa.VerifyASN1(k, h.Sum(nil), sig) {
			return errors.New("ECDSA signature does not verify")
		}
		return nil
	case *rsa.PublicKey:
		if alg.hash == 0 {
			return errors.New("RSA signature with an SM3 digest")
		}
		h := alg.hash.New()
		h.Write(msg)
		return checkDigestSignature(k, alg, h.Sum(nil), sig)
	}
	return fmt.Errorf("unsupported public key type %T", pub)
}

// checkDigestSignature verifies an RSA or ECDSA signature over a digest already made
// with alg.hash: the signed attributes' digest, or the document's when a SignerInfo
// has no signed attributes (RFC 5652 §5.4).
func checkDigestSignature(pub crypto.PublicKey, alg algorithm, digest, sig []byte) error {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if k.Curve == sm2.P256() || alg.hash == 0 {
			return errors.New("SM2 and SM3 need the message, not a digest")
		}
		if !ecdsa.VerifyASN1(k, digest, sig) {
			return errors.New("ECDSA signature does not verify")
		}
		return nil
	case *rsa.PublicKey:
		if alg.hash == 0 {
			return errors.New("RSA signature with an SM3 digest")
		}
		if alg.pss {
			if err := rsa.VerifyPSS(k, alg.hash, digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}); err != nil {
				return fmt.Errorf("RSA-PSS signature does not verify: %w", err)
			}
			return nil
		}
		if err := rsa.VerifyPKCS1v15(k, alg.hash, digest, sig); err != nil {
			return fmt.Errorf("RSA signature does not verify: %w", err)
		}
		return nil
	}
	return fmt.Errorf("unsupported public key type %T", pub)
}

// buildCMS encodes a detached ContentInfo{SignedData} (RFC 5652 §5) with one SignerInfo.
func buildCMS(alg algorithm, chain []*smx509.Certificate, attrs, sig []byte) ([]byte, error) {
	ee := chain[0]
	b := cryptobyte.NewBuilder(nil)
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidSignedData)
		b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Int64(1)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { addAlgID(b, alg.digestOID, alg.nullParam) })
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) })
				b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
					for _, c := range chain {
						b.AddBytes(c.Raw)
					}
				})
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1Int64(1)
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddBytes(ee.RawIssuer)
							b.AddASN1BigInt(ee.SerialNumber)
						})
						addAlgID(b, alg.digestOID, alg.nullParam)
						// signedAttrs [0] IMPLICIT: same content as the signed SET, other tag.
						var content cryptobyte.String
						s := cryptobyte.String(attrs)
						s.ReadASN1(&content, cbasn1.SET)
						b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) { b.AddBytes(content) })
						addAlgID(b, alg.sigOID, alg.nullParam)
						b.AddASN1OctetString(sig)
					})
				})
			})
		})
	})
	der, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("pdfsign: encode CMS: %w", err)
	}
	return der, nil
}

// parsedCMS is what verification needs from a SignedData.
type parsedCMS struct {
	certs       []*smx509.Certificate
	digestOID   asn1.ObjectIdentifier
	sigOID      asn1.ObjectIdentifier
	signedAttrs []byte // re-tagged as SET OF (0x31): the bytes that were signed, as received
	signature   []byte
	issuer      []byte
	serial      *big.Int
	ski         []byte

	contentType   asn1.ObjectIdentifier
	messageDigest []byte
	signingTime   time.Time
	sealData      []byte
	witness       []byte

	eType      asn1.ObjectIdentifier
	hasAttrs   bool   // false: the signature is over the content itself (RFC 5652 §5.4)
	eContent   []byte // encapsulated content; a detached signature must have none
	hasContent bool
	pssHash    crypto.Hash           // RSASSA-PSS-params hashAlgorithm, when given
	lenient    []*smx509.Certificate // read by parseCertificate's fallback
}

var errCMS = errors.New("pdfsign: malformed CMS SignedData")

// parseCMS reads a ContentInfo{SignedData} with exactly one SignerInfo. Other signers
// write BER (indefinite lengths, constructed strings): it is made DER first, which
// leaves DER input untouched. Trailing bytes (the zero padding of /Contents) are ignored.
func parseCMS(ber []byte) (*parsedCMS, error) {
	bad := func(what string) error { return fmt.Errorf("%w: %s", errCMS, what) }
	der, _, err := berToDER(ber)
	if err != nil {
		return nil, fmt.Errorf("%w: ContentInfo: %w", errCMS, err)
	}
	in := cryptobyte.String(der)
	var ci, sd cryptobyte.String
	var ct asn1.ObjectIdentifier
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&ct) {
		return nil, bad("ContentInfo")
	}
	if !ct.Equal(oidSignedData) && !ct.Equal(oidGMSignedData) {
		return nil, bad("content type is not signedData")
	}
	var explicit cryptobyte.String
	if !ci.ReadASN1(&explicit, cbasn1.Tag(0).ContextSpecific().Constructed()) || !explicit.ReadASN1(&sd, cbasn1.SEQUENCE) {
		return nil, bad("SignedData")
	}
	var version int64
	var digestAlgs, encap, signerInfos cryptobyte.String
	if !sd.ReadASN1Integer(&version) || !sd.ReadASN1(&digestAlgs, cbasn1.SET) || !sd.ReadASN1(&encap, cbasn1.SEQUENCE) {
		return nil, bad("SignedData header")
	}
	var eType asn1.ObjectIdentifier
	if !encap.ReadASN1ObjectIdentifier(&eType) || (!eType.Equal(oidData) && !eType.Equal(oidGMData) && !eType.Equal(oidTSTInfo)) {
		return nil, bad("encapsulated content type")
	}
	p := &parsedCMS{eType: eType}
	var eExplicit cryptobyte.String
	if !encap.ReadOptionalASN1(&eExplicit, &p.hasContent, cbasn1.Tag(0).ContextSpecific().Constructed()) {
		return nil, bad("encapsulated content")
	}
	if p.hasContent && !eExplicit.ReadASN1Bytes(&p.eContent, cbasn1.OCTET_STRING) {
		return nil, bad("encapsulated content")
	}
	var certs cryptobyte.String
	var hasCerts bool
	if !sd.ReadOptionalASN1(&certs, &hasCerts, cbasn1.Tag(0).ContextSpecific().Constructed()) {
		return nil, bad("certificates")
	}
	for !certs.Empty() {
		var raw cryptobyte.String
		var tag cbasn1.Tag
		if !certs.ReadAnyASN1Element(&raw, &tag) {
			return nil, bad("certificate")
		}
		if tag != cbasn1.SEQUENCE {
			continue // other certificate formats (RFC 5652 §10.2.2) are not used for PDF signatures
		}
		c, lenient, err := parseCertificate(raw)
		if err != nil {
			return nil, fmt.Errorf("pdfsign: parse certificate in CMS: %w", err)
		}
		if lenient {
			p.lenient = append(p.lenient, c)
		}
		p.certs = append(p.certs, c)
	}
	if !sd.SkipOptionalASN1(cbasn1.Tag(1).ContextSpecific().Constructed()) || !sd.ReadASN1(&signerInfos, cbasn1.SET) {
		return nil, bad("signerInfos")
	}
	var si cryptobyte.String
	if !signerInfos.ReadASN1(&si, cbasn1.SEQUENCE) {
		return nil, bad("no SignerInfo")
	}
	if !signerInfos.Empty() {
		return nil, bad("more than one SignerInfo")
	}
	var sid, digAlg, sigAlg cryptobyte.String
	var sidTag cbasn1.Tag
	if !si.ReadASN1Integer(&version) || !si.ReadAnyASN1(&sid, &sidTag) {
		return nil, bad("SignerInfo")
	}
	switch sidTag {
	case cbasn1.SEQUENCE:
		var issuer cryptobyte.String
		var tag cbasn1.Tag
		p.serial = new(big.Int)
		if !sid.ReadAnyASN1Element(&issuer, &tag) || tag != cbasn1.SEQUENCE || !sid.ReadASN1Integer(p.serial) {
			return nil, bad("issuerAndSerialNumber")
		}
		p.issuer = issuer
	case cbasn1.Tag(0).ContextSpecific():
		p.ski = sid
	default:
		return nil, bad("signer identifier")
	}
	if !si.ReadASN1(&digAlg, cbasn1.SEQUENCE) || !digAlg.ReadASN1ObjectIdentifier(&p.digestOID) {
		return nil, bad("digestAlgorithm")
	}
	var attrs cryptobyte.String
	if !si.ReadOptionalASN1(&attrs, &p.hasAttrs, cbasn1.Tag(0).ContextSpecific().Constructed()) {
		return nil, bad("signedAttrs")
	}
	if p.hasAttrs {
		// RFC 5652 §5.4: the signature covers the DER of the attributes with an EXPLICIT SET OF tag.
		sb := cryptobyte.NewBuilder(nil)
		sb.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(attrs) })
		p.signedAttrs = sb.BytesOrPanic()
	}
	if !si.ReadASN1(&sigAlg, cbasn1.SEQUENCE) || !sigAlg.ReadASN1ObjectIdentifier(&p.sigOID) ||
		!si.ReadASN1Bytes(&p.signature, cbasn1.OCTET_STRING) {
		return nil, bad("signature")
	}
	if p.sigOID.Equal(oidRSAPSS) {
		p.pssHash = pssHash(sigAlg)
	}
	seen := map[string]bool{}
	for !attrs.Empty() {
		var a, oidRaw, values cryptobyte.String
		if !attrs.ReadASN1(&a, cbasn1.SEQUENCE) || !a.ReadASN1(&oidRaw, cbasn1.OBJECT_IDENTIFIER) || !a.ReadASN1(&values, cbasn1.SET) {
			return nil, bad("attribute")
		}
		key := string(oidRaw)
		if seen[key] {
			return nil, bad("repeated attribute") // RFC 5652 §5.3 allows each signed attribute once
		}
		seen[key] = true
		switch {
		case bytes.Equal(oidRaw, oidBytes(oidContentType)):
			if !values.ReadASN1ObjectIdentifier(&p.contentType) {
				return nil, bad("contentType attribute")
			}
		case bytes.Equal(oidRaw, oidBytes(oidMessageDigest)):
			if !values.ReadASN1Bytes(&p.messageDigest, cbasn1.OCTET_STRING) {
				return nil, bad("messageDigest attribute")
			}
		case bytes.Equal(oidRaw, oidBytes(oidSigningTime)):
			var ok bool
			if values.PeekASN1Tag(cbasn1.UTCTime) {
				ok = values.ReadASN1UTCTime(&p.signingTime)
			} else {
				ok = values.ReadASN1GeneralizedTime(&p.signingTime)
			}
			if !ok {
				return nil, bad("signingTime attribute")
			}
		case bytes.Equal(oidRaw, oidSealData):
			if !values.ReadASN1Bytes(&p.sealData, cbasn1.OCTET_STRING) {
				return nil, bad("sealData attribute")
			}
		case bytes.Equal(oidRaw, oidLedgerWitness):
			if !values.ReadASN1Bytes(&p.witness, cbasn1.OCTET_STRING) {
				return nil, bad("ledgerWitness attribute")
			}
		}
	}
	if p.hasAttrs && p.messageDigest == nil {
		return nil, bad("no messageDigest attribute")
	}
	return p, nil
}

// pssHash reads hashAlgorithm [0] of RSASSA-PSS-params (RFC 4055 §3.1); absent means SHA-1.
func pssHash(params cryptobyte.String) crypto.Hash {
	var seq, h, alg cryptobyte.String
	var has bool
	var oid asn1.ObjectIdentifier
	if !params.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadOptionalASN1(&h, &has, cbasn1.Tag(0).ContextSpecific().Constructed()) {
		return 0
	}
	if !has {
		return crypto.SHA1
	}
	if !h.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) {
		return 0
	}
	return hashFor(oid)
}

// hashFor maps a digest OID to its hash; 0 for SM3 and for unknown ones (see algorithm).
func hashFor(oid asn1.ObjectIdentifier) crypto.Hash {
	switch {
	case oid.Equal(oidSHA1):
		return crypto.SHA1
	case oid.Equal(oidSHA256):
		return crypto.SHA256
	case oid.Equal(oidSHA384):
		return crypto.SHA384
	case oid.Equal(oidSHA512):
		return crypto.SHA512
	}
	return 0
}

func oidBytes(oid asn1.ObjectIdentifier) []byte {
	der, _ := asn1.Marshal(oid)
	return der[2:] // every OID used here is shorter than 128 bytes: one length byte
}

// signerCert finds the certificate named by the SignerInfo's sid.
func (p *parsedCMS) signerCert() *smx509.Certificate {
	for _, c := range p.certs {
		if p.ski != nil && bytes.Equal(c.SubjectKeyId, p.ski) {
			return c
		}
		if p.serial != nil && c.SerialNumber.Cmp(p.serial) == 0 && bytes.Equal(c.RawIssuer, p.issuer) {
			return c
		}
	}
	return nil
}

// verifyAlgorithm maps the SignerInfo's algorithms onto a scheme we check.
func (p *parsedCMS) algorithm(pub crypto.PublicKey) (algorithm, error) {
	h := hashFor(p.digestOID)
	if h == 0 && !p.digestOID.Equal(oidSM3) {
		return algorithm{}, fmt.Errorf("pdfsign: unsupported digest algorithm %v", p.digestOID)
	}
	a := algorithm{digestOID: p.digestOID, sigOID: p.sigOID, hash: h}
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if k.Curve == sm2.P256() {
			if !p.sigOID.Equal(oidSM2Sign) && !p.sigOID.Equal(oidSM2WithSM3) && !p.sigOID.Equal(oidSM2PublicKeyC) {
				return a, fmt.Errorf("pdfsign: signature algorithm %v does not match an SM2 key", p.sigOID)
			}
			a.name = "SM2"
			return a, nil
		}
		if !slices.ContainsFunc([]asn1.ObjectIdentifier{oidECPublicKey, oidECDSASHA1, oidECDSASHA256, oidECDSASHA384, oidECDSASHA512}, p.sigOID.Equal) {
			return a, fmt.Errorf("pdfsign: signature algorithm %v does not match an ECDSA key", p.sigOID)
		}
		a.name = "ECDSA-" + strings.ReplaceAll(k.Curve.Params().Name, "-", "")
		return a, nil
	case *rsa.PublicKey:
		if p.sigOID.Equal(oidRSAPSS) {
			// The PSS parameters name their own hash; it must be the digest algorithm's.
			if p.pssHash != 0 && p.pssHash != h {
				return a, fmt.Errorf("pdfsign: RSA-PSS hash %v differs from the digest algorithm", p.pssHash)
			}
			a.name, a.pss = "RSA-PSS", true
			return a, nil
		}
		if !slices.ContainsFunc([]asn1.ObjectIdentifier{oidRSA, oidRSASHA1, oidRSASHA256, oidRSASHA384, oidRSASHA512}, p.sigOID.Equal) {
			return a, fmt.Errorf("pdfsign: signature algorithm %v does not match an RSA key", p.sigOID)
		}
		a.name = "RSA"
		return a, nil
	}
	return a, fmt.Errorf("pdfsign: unsupported public key type %T", pub)
}

// keep the hash implementations linked for crypto.Hash.New.
var _ = []func() hash.Hash{sha1.New, sha256.New, sha512.New384}

// tstInfo is what a document timestamp needs from RFC 3161 §2.4.2 TSTInfo.
type tstInfo struct {
	hash    crypto.Hash // of messageImprint; 0 for SM3
	sm3     bool
	imprint []byte
	genTime time.Time
}

func parseTSTInfo(der []byte) (*tstInfo, error) {
	bad := func(what string) error { return fmt.Errorf("%w: TSTInfo %s", errCMS, what) }
	in := cryptobyte.String(der)
	var seq, mi, alg cryptobyte.String
	var version int64
	var policy, hashOID asn1.ObjectIdentifier
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Integer(&version) || !seq.ReadASN1ObjectIdentifier(&policy) ||
		!seq.ReadASN1(&mi, cbasn1.SEQUENCE) || !mi.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&hashOID) {
		return nil, bad("messageImprint")
	}
	t := &tstInfo{hash: hashFor(hashOID), sm3: hashOID.Equal(oidSM3)}
	if t.hash == 0 && !t.sm3 {
		return nil, fmt.Errorf("pdfsign: unsupported timestamp imprint algorithm %v", hashOID)
	}
	var serial big.Int
	if !mi.ReadASN1Bytes(&t.imprint, cbasn1.OCTET_STRING) || !seq.ReadASN1Integer(&serial) || !seq.ReadASN1GeneralizedTime(&t.genTime) {
		return nil, bad("fields")
	}
	return t, nil
}

func (t *tstInfo) newHash() hash.Hash {
	if t.sm3 {
		return sm3.New()
	}
	return t.hash.New()
}

// parseCertificate parses a certificate; one that strict parsing rejects (a negative
// serial number, as some older CAs wrote) is read leniently for its names, serial and
// key, so that the signature it made can still be checked (REFERENCE §2). Such a
// certificate never chains: it has no signature or extensions to verify.
func parseCertificate(raw []byte) (c *smx509.Certificate, lenient bool, err error) {
	c, err = smx509.ParseCertificate(raw)
	if err == nil {
		return c, false, nil
	}
	strictErr := err
	in := cryptobyte.String(raw)
	var cert, tbs, issuer, validity, subject, spki cryptobyte.String
	serial := new(big.Int)
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1(&tbs, cbasn1.SEQUENCE) ||
		!tbs.SkipOptionalASN1(cbasn1.Tag(0).ContextSpecific().Constructed()) || !tbs.ReadASN1Integer(serial) ||
		!tbs.SkipASN1(cbasn1.SEQUENCE) || !tbs.ReadASN1Element(&issuer, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1(&validity, cbasn1.SEQUENCE) || !tbs.ReadASN1Element(&subject, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&spki, cbasn1.SEQUENCE) {
		return nil, false, strictErr
	}
	pub, err := smx509.ParsePKIXPublicKey(spki)
	if err != nil {
		return nil, false, strictErr
	}
	c = &smx509.Certificate{Raw: raw, RawIssuer: issuer, RawSubject: subject, SerialNumber: serial, PublicKey: pub}
	var rdn pkix.RDNSequence
	if _, err := asn1.Unmarshal(subject, &rdn); err == nil {
		c.Subject.FillFromRDNSequence(&rdn)
	}
	return c, true, nil
}
