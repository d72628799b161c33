package ofd

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/emmansun/gmsm/pkcs7"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/seal"
)

// Errors of verification, returned wrapped with the detail in a
// SignatureReport's IntegrityErr, SealErr or TrustErr.
var (
	ErrReference    = errors.New("ofd: reference check failed")
	ErrNoSignerCert = errors.New("ofd: no certificate to check the signature with")
	ErrNoRoots      = errors.New("ofd: no trusted roots configured")
)

// Forms of SignedValue.
const (
	FormSES     = "SES_Signature" // GB/T 38540 / GM/T 0031, with Version set
	FormCMS     = "CMS"           // PKCS#7 / GB/T 35275 SignedData, detached over Signature.xml
	FormBareSM2 = "SM2"           // a bare SM2 value over Signature.xml (ofdrw's Type="Sign")
)

// VerifyOptions say what to trust and how much to read.
type VerifyOptions struct {
	Roots         *smx509.CertPool // trust anchors; nil leaves every signer untrusted with ErrNoRoots
	Intermediates *smx509.CertPool
	// At is when certificates must be valid for signatures whose signing
	// time is unknown; zero means now. Signatures with a signing time are
	// checked at that time, as GB/T 38540 §7.3 asks.
	At time.Time
	// SignerCerts (DER) are tried on bare SM2 signatures, which carry no
	// certificate of their own.
	SignerCerts [][]byte
	Limits      Limits
}

// Report is the verdict on an OFD package.
type Report struct {
	Documents  int
	Signatures []SignatureReport
	// Unsigned lists the files no signature covers (signature lists and the
	// signatures' own parts left aside), when there is any signature.
	Unsigned []string
}

// Reference is the check of one Reference of a Signature.xml.
type Reference struct {
	Path string // package path, as resolved
	OK   bool
	Err  error
}

// SignatureReport is the verdict on one signature.
type SignatureReport struct {
	Doc      int    // index of the document (DocBody) in OFD.xml
	ID       string // Signature ID in Signatures.xml
	Type     string // "Seal" (electronic seal) or "Sign" (digital signature)
	Path     string // package path of its Signature.xml
	Value    string // package path of its SignedValue file
	Provider string
	Form     string // FormSES, FormCMS or FormBareSM2
	Version  int    // SES_Signature version by structure (1, 4, 5) for FormSES

	Page     int        // 1-based index of the page of the first StampAnnot; 0 when none
	Boundary [4]float64 // that StampAnnot's box in mm: x, y, width, height

	References []Reference
	// Intact holds when every Reference matches, the signed value covers the
	// Signature.xml bytes (dataHash) and the signature value verifies.
	Intact       bool
	IntegrityErr error
	// CoversWholeDocument holds when every file of the package is covered,
	// apart from Signatures.xml and other signatures' own parts.
	CoversWholeDocument bool
	LaterSignatures     bool     // files of later signatures are present (not a modification)
	ModifiedAfter       bool     // files outside any signature's parts were added after signing
	Modification        string   // which, when ModifiedAfter
	Added               []string // the files added after signing

	Signer      string // subject CN of the signer certificate
	SignerCert  []byte // DER, as found
	Algorithm   string
	SigningTime time.Time

	// Witness is the signature's SealDesk ledger witness (WitnessFile in its
	// folder), set only when one of its References covers it.
	Witness []byte

	Seal    *seal.Seal // the seal used, for FormSES
	SealErr error      // maker signature, certificate list, validity periods (errors.Join of each problem)

	Trusted  bool
	TrustErr error
	Quirks   []string
}

// Verify reads the OFD package held by r and checks every signature of every
// document. A signature that cannot be checked is reported with Intact false;
// Verify itself fails only when the package cannot be read (a *FormatError).
func Verify(r io.ReaderAt, size int64, o VerifyOptions) (rep *Report, err error) {
	p, err := Read(r, size, o.Limits)
	if err != nil {
		return nil, err
	}
	return p.Verify(o)
}

// docSignatures is what the package says about one document's signatures.
type docSignatures struct {
	listPath string // Signatures.xml
	entries  []sigEntry
}

type sigEntry struct {
	id, typ, path string
	xml           signatureXML
	parts         []string // its Signature.xml, SignedValue and seal file
	refs          map[string]bool
}

// Verify checks every signature of the package.
func (p *Package) Verify(o VerifyOptions) (*Report, error) {
	root, err := p.root()
	if err != nil {
		return nil, err
	}
	rep := &Report{Documents: len(root.DocBodies)}
	var docs []docSignatures
	lists := map[string]bool{}
	for _, body := range root.DocBodies {
		ds, err := p.signatures(body.Signatures)
		if err != nil {
			return nil, err
		}
		if ds.listPath != "" {
			lists[ds.listPath] = true
		}
		docs = append(docs, ds)
	}
	allParts := map[string]bool{}
	for _, ds := range docs {
		for _, e := range ds.entries {
			for _, n := range e.parts {
				allParts[n] = true
			}
		}
	}
	covered := map[string]bool{}
	for i, ds := range docs {
		pages := p.pageIDs(root.DocBodies[i].DocRoot)
		for _, e := range ds.entries {
			sr := p.verifyOne(i, e, pages, o)
			p.coverage(&sr, e, lists, allParts)
			for n := range e.refs {
				covered[n] = true
			}
			rep.Signatures = append(rep.Signatures, sr)
		}
	}
	if len(rep.Signatures) > 0 {
		for _, n := range p.sortedNames() {
			if !covered[n] && !lists[n] && !allParts[n] && n != "OFD.xml" {
				rep.Unsigned = append(rep.Unsigned, n)
			}
		}
	}
	return rep, nil
}

func (p *Package) root() (*ofdRoot, error) {
	b, ok := p.files["OFD.xml"]
	if !ok {
		return nil, partErr("OFD.xml", ErrMissingPart, "the package has no OFD.xml: not an OFD document")
	}
	var root ofdRoot
	if err := decodeXML("OFD.xml", b, &root); err != nil {
		return nil, err
	}
	if len(root.DocBodies) == 0 {
		return nil, partErr("OFD.xml", ErrMissingPart, "no DocBody")
	}
	for i, body := range root.DocBodies {
		if strings.TrimSpace(body.DocRoot) == "" {
			return nil, partErr("OFD.xml", ErrMissingPart, "DocBody %d has no DocRoot", i)
		}
		if _, _, err := p.part("OFD.xml", body.DocRoot, "DocRoot"); err != nil {
			return nil, err
		}
	}
	return &root, nil
}

// signatures reads a document's Signatures.xml and each Signature.xml it lists.
func (p *Package) signatures(loc string) (docSignatures, error) {
	var ds docSignatures
	if strings.TrimSpace(loc) == "" {
		return ds, nil
	}
	name, b, err := p.part("OFD.xml", loc, "Signatures")
	if err != nil {
		return ds, err
	}
	ds.listPath = name
	var list signaturesXML
	if err := decodeXML(name, b, &list); err != nil {
		return ds, err
	}
	for _, s := range list.Signatures {
		e := sigEntry{id: s.ID, typ: s.Type, refs: map[string]bool{}}
		if e.typ == "" {
			e.typ = "Seal" // GB/T 33190 §18.1: the default
		}
		sname, sb, err := p.part(name, s.BaseLoc, "Signature")
		if err != nil {
			return ds, err
		}
		e.path = sname
		e.parts = append(e.parts, sname)
		if err := decodeXML(sname, sb, &e.xml); err != nil {
			return ds, err
		}
		if v, err := p.locate(sname, e.xml.SignedValue); err == nil {
			e.parts = append(e.parts, v)
		}
		if l := e.xml.SignedInfo.Seal.BaseLoc; l != "" {
			if v, err := p.locate(sname, l); err == nil {
				e.parts = append(e.parts, v)
			}
		}
		// SealDesk's ledger witness is the signature's own too: a later
		// signature's witness is no change to an earlier one.
		if wn := dirOf(sname) + WitnessFile; p.files[wn] != nil {
			e.parts = append(e.parts, wn)
		}
		ds.entries = append(ds.entries, e)
	}
	return ds, nil
}

// pageIDs maps page IDs of the document at docRoot to 1-based page indexes.
func (p *Package) pageIDs(docRoot string) map[string]int {
	ids := map[string]int{}
	name, b, err := p.part("OFD.xml", docRoot, "DocRoot")
	if err != nil {
		return ids
	}
	var d documentXML
	if decodeXML(name, b, &d) != nil {
		return ids
	}
	for i, pg := range d.Pages.Page {
		ids[pg.ID] = i + 1
	}
	return ids
}

func (p *Package) verifyOne(doc int, e sigEntry, pages map[string]int, o VerifyOptions) SignatureReport {
	si := e.xml.SignedInfo
	sr := SignatureReport{Doc: doc, ID: e.id, Type: e.typ, Path: e.path, Provider: si.Provider.NameAttr}
	if sr.Provider == "" {
		sr.Provider = strings.TrimSpace(si.Provider.Name)
	}
	if len(si.StampAnnots) > 0 {
		a := si.StampAnnots[0]
		sr.Page = pages[a.PageRef]
		sr.Boundary, _ = parseBox(a.Boundary)
	}
	var problems []error
	// GB/T 33190 §18.2.2: every Reference's file, digested with CheckMethod.
	newHash, method, quirk := checkMethod(si.References.CheckMethod)
	if quirk != "" {
		sr.Quirks = append(sr.Quirks, quirk)
	}
	if len(si.References.Reference) == 0 {
		problems = append(problems, fmt.Errorf("%w: the signature lists no References", ErrReference))
	}
	for _, ref := range si.References.Reference {
		rr := p.checkReference(e.path, ref.FileRef, ref.CheckValue, newHash, method)
		if rr.Path != "" {
			e.refs[rr.Path] = true
			if rr.OK && rr.Path == dirOf(e.path)+WitnessFile {
				sr.Witness = p.files[rr.Path]
			}
		}
		if rr.Err != nil {
			problems = append(problems, rr.Err)
		}
		sr.References = append(sr.References, rr)
	}

	xmlBytes := p.files[e.path]
	valueName, value, err := p.part(e.path, e.xml.SignedValue, "SignedValue")
	sr.Value = valueName
	if err != nil {
		problems = append(problems, err)
		sr.IntegrityErr = errors.Join(problems...)
		sr.TrustErr = ErrNoSignerCert
		return sr
	}
	sr.SigningTime = parseSignTime(si.SignatureDateTime)
	var sealErrs []error
	if sig, err := seal.ParseSignature(value); err == nil {
		sr.Form, sr.Version, sr.Algorithm = FormSES, sig.Version, "SM2"
		sr.SignerCert, sr.Seal = sig.SignerCert, sig.Seal
		sr.Quirks = append(sr.Quirks, sig.Quirks...)
		if !sig.Time.IsZero() {
			sr.SigningTime = sig.Time
		}
		// GB/T 38540 §7.3: dataHash over the Signature.xml bytes, then the
		// document signature over TBS_Sign as received.
		if err := sig.VerifyData(xmlBytes); err != nil {
			problems = append(problems, err)
		}
		if err := sig.Verify(); err != nil {
			problems = append(problems, err)
		}
		sealErrs = checkSeal(sig)
	} else if cms, cmsErr := parseCMS(value); cmsErr == nil {
		sr.Form, sr.Algorithm = FormCMS, "CMS"
		cms.Content = xmlBytes
		if err := verifyCMS(cms); err != nil {
			problems = append(problems, fmt.Errorf("ofd: CMS signature: %w", err))
		}
		if c := cms.GetOnlySigner(); c != nil {
			sr.SignerCert = c.Raw
		}
	} else {
		sr.Form, sr.Algorithm = FormBareSM2, "SM2"
		if e.typ == "Seal" {
			sr.Quirks = append(sr.Quirks, "an electronic-seal signature whose SignedValue is not an SES_Signature: "+err.Error())
		}
		problems = append(problems, p.verifyBare(&sr, xmlBytes, value, o.SignerCerts))
	}
	problems = slices.DeleteFunc(problems, func(e error) bool { return e == nil })
	sr.IntegrityErr = errors.Join(problems...)
	sr.Intact = sr.IntegrityErr == nil

	var cert *smx509.Certificate
	var certErr error
	if len(sr.SignerCert) > 0 {
		cert, certErr = smx509.ParseCertificate(sr.SignerCert)
	}
	switch {
	case len(sr.SignerCert) == 0:
	case certErr != nil:
		sr.Quirks = append(sr.Quirks, "signer certificate rejected by strict X.509 parsing: "+certErr.Error())
		sr.Signer = subjectOf(sr.SignerCert)
	default:
		sr.Signer = cert.Subject.CommonName
		if sr.Signer == "" {
			sr.Signer = cert.Subject.String()
		}
		// GB/T 38540 §7.3: the signing time lies in the signer certificate's validity.
		if t := sr.SigningTime; !t.IsZero() && (t.Before(cert.NotBefore) || t.After(cert.NotAfter)) {
			sealErrs = append(sealErrs, fmt.Errorf("ofd: signed at %s, outside the signer certificate's validity %s – %s",
				t.UTC().Format(time.RFC3339), cert.NotBefore.UTC().Format(time.RFC3339), cert.NotAfter.UTC().Format(time.RFC3339)))
		}
	}
	sr.SealErr = errors.Join(sealErrs...)
	sr.Trusted, sr.TrustErr = trust(cert, certErr, sr.SigningTime, o)
	return sr
}

// checkSeal runs the seal steps of GB/T 38540 §7.3 on a parsed signature.
func checkSeal(sig *seal.Signature) []error {
	var errs []error
	if err := sig.Seal.VerifyMaker(); err != nil {
		errs = append(errs, err)
	}
	if !sig.Seal.ContainsCert(sig.SignerCert) {
		errs = append(errs, errors.New("ofd: the signer certificate is not in the seal's certificate list"))
	}
	if !sig.Time.IsZero() && !sig.Seal.ValidAt(sig.Time) {
		errs = append(errs, fmt.Errorf("ofd: signed at %s, outside the seal's validity", sig.Time.UTC().Format(time.RFC3339)))
	}
	// The maker's certificate must be valid when the seal is used. Not when
	// the seal was made: a tax vendor's seal (signedFile.ofd) predates its
	// maker certificate by five days. A certificate strict parsing rejects
	// is already a quirk of the seal.
	if mc, err := smx509.ParseCertificate(sig.Seal.MakerCert); err == nil && !sig.Time.IsZero() &&
		(sig.Time.Before(mc.NotBefore) || sig.Time.After(mc.NotAfter)) {
		errs = append(errs, fmt.Errorf("ofd: signed at %s, outside the seal maker certificate's validity", sig.Time.UTC().Format(time.RFC3339)))
	}
	return errs
}

func (p *Package) verifyBare(sr *SignatureReport, xmlBytes, value []byte, certs [][]byte) error {
	if len(certs) == 0 {
		return fmt.Errorf("%w: the SignedValue is a bare SM2 signature without a certificate", ErrNoSignerCert)
	}
	var last error
	for _, c := range certs {
		notes, err := seal.VerifyValue(c, xmlBytes, value)
		if err == nil {
			sr.SignerCert = c
			sr.Quirks = append(sr.Quirks, notes...)
			return nil
		}
		last = err
	}
	return last
}

// parseCMS reads a SignedData; gmsm's parser is guarded against panics on
// hostile input.
func parseCMS(b []byte) (p7 *pkcs7.PKCS7, err error) {
	defer func() {
		if r := recover(); r != nil {
			p7, err = nil, fmt.Errorf("unreadable CMS: %v", r)
		}
	}()
	if len(b) == 0 || b[0] != 0x30 {
		return nil, errors.New("not DER")
	}
	return pkcs7.Parse(b)
}

func verifyCMS(p7 *pkcs7.PKCS7) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("unreadable CMS: %v", r)
		}
	}()
	return p7.Verify()
}

// checkReference checks one Reference: the file is present and its digest,
// base64 in CheckValue, matches.
func (p *Package) checkReference(base, fileRef, checkValue string, newHash func() hash.Hash, method string) Reference {
	name, err := p.locate(base, fileRef)
	if err != nil {
		return Reference{Path: strings.TrimPrefix(fileRef, "/"), Err: fmt.Errorf("%w: %w", ErrReference, err)}
	}
	rr := Reference{Path: name}
	b, ok := p.files[name]
	if !ok {
		rr.Err = fmt.Errorf("%w: %s is referenced but not in the package", ErrReference, name)
		return rr
	}
	if newHash == nil {
		rr.Err = fmt.Errorf("%w: unknown CheckMethod %q", ErrReference, method)
		return rr
	}
	want, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(checkValue), ""))
	if err != nil {
		rr.Err = fmt.Errorf("%w: %s: CheckValue is not base64", ErrReference, name)
		return rr
	}
	h := newHash()
	h.Write(b)
	if subtle.ConstantTimeCompare(h.Sum(nil), want) != 1 {
		rr.Err = fmt.Errorf("%w: %s changed since signing (%s digest differs)", ErrReference, name, method)
		return rr
	}
	rr.OK = true
	return rr
}

// checkMethod maps a References CheckMethod (an OID or a name) to a hash.
// GB/T 33190 §18.2.2 names MD5 as the default; every producer we know
// writes SM3, and ofdrw reads a missing one as SM3, so we do too, noted.
func checkMethod(m string) (func() hash.Hash, string, string) {
	key := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(m), "-", ""))
	switch key {
	case "", "SM3", "1.2.156.10197.1.401":
		q := ""
		if key == "" {
			q = "References without CheckMethod, read as SM3"
		}
		return sm3.New, "SM3", q
	case "1.2.156.10197.1.401.1", "1.2.156.10197.1.401.2":
		return sm3.New, "SM3", "CheckMethod " + m + " is no standard digest identifier; tried as SM3"
	case "SHA256", "2.16.840.1.101.3.4.2.1":
		return sha256.New, "SHA-256", ""
	case "SHA1", "1.3.14.3.2.26":
		return sha1.New, "SHA-1", "References digested with SHA-1, a broken hash"
	}
	return nil, m, ""
}

// parseSignTime reads Signature.xml's SignatureDateTime, which vendors write
// in several shapes; the SES_Signature's own time, when present, wins.
func parseSignTime(s string) time.Time {
	s = strings.TrimSpace(s)
	cst := time.FixedZone("CST", 8*60*60)
	for _, l := range []string{"20060102150405.999999999Z0700", "20060102150405Z0700", "20060102150405.999Z", "20060102150405Z", time.RFC3339Nano} {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	for _, l := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "20060102150405"} {
		if t, err := time.ParseInLocation(l, s, cst); err == nil {
			return t
		}
	}
	return time.Time{}
}

// coverage fills in what of the package the signature does not cover.
func (p *Package) coverage(sr *SignatureReport, e sigEntry, lists, allParts map[string]bool) {
	own := map[string]bool{}
	for _, n := range e.parts {
		own[n] = true
	}
	sr.CoversWholeDocument = true
	for _, n := range p.sortedNames() {
		if e.refs[n] || own[n] || lists[n] {
			continue
		}
		if n == "OFD.xml" {
			// The entry file changes when the first signature's list is
			// named in it; some producers (KingGrid, 999.ofd) leave it out
			// of the References for that reason. Noted, not a modification.
			sr.Quirks = append(sr.Quirks, "OFD.xml is not covered by this signature")
			continue
		}
		sr.CoversWholeDocument = false
		if allParts[n] {
			sr.LaterSignatures = true
			continue
		}
		sr.Added = append(sr.Added, n)
	}
	if len(sr.Added) > 0 {
		sr.ModifiedAfter = true
		sr.Modification = "files added after signing: " + strings.Join(sr.Added, ", ")
	}
}

func trust(cert *smx509.Certificate, certErr error, signed time.Time, o VerifyOptions) (bool, error) {
	switch {
	case cert == nil && certErr == nil:
		return false, ErrNoSignerCert
	case certErr != nil:
		return false, fmt.Errorf("ofd: signer certificate unreadable: %w", certErr)
	case o.Roots == nil:
		return false, ErrNoRoots
	}
	at := signed
	if at.IsZero() {
		at = o.At
	}
	if at.IsZero() {
		at = time.Now()
	}
	_, err := cert.Verify(smx509.VerifyOptions{
		Roots: o.Roots, Intermediates: o.Intermediates, CurrentTime: at,
		KeyUsages: []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}, // seal certificates carry no common EKU
	})
	if err != nil {
		return false, fmt.Errorf("ofd: certificate chain: %w", err)
	}
	return true, nil
}

// subjectOf reads the subject's common name of a certificate that strict
// parsing rejects (n.ofd's has a malformed SAN), for display only.
func subjectOf(der []byte) string {
	var cert struct {
		TBS struct {
			Version   asn1.RawValue `asn1:"optional,explicit,tag:0"`
			Serial    asn1.RawValue
			Algorithm asn1.RawValue
			Issuer    asn1.RawValue
			Validity  asn1.RawValue
			Subject   pkix.RDNSequence
		}
	}
	if _, err := asn1.Unmarshal(der, &cert); err != nil {
		return ""
	}
	var name pkix.Name
	name.FillFromRDNSequence(&cert.TBS.Subject)
	if name.CommonName != "" {
		return name.CommonName
	}
	return name.String()
}
