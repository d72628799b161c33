package pdfsign

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // adbe.pkcs7.sha1 is defined with SHA-1; it is reported as weak
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/emmansun/gmsm/smx509"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// ErrNoRoots is the TrustErr of every signature when VerifyOptions.Roots is nil: the
// system roots are not consulted, seals chain to the roots the organisation configures.
var ErrNoRoots = errors.New("pdfsign: no trusted roots configured")

// Verify checks every signature the PDF held by r has ever carried. Signatures are
// looked for in every revision, so that a later update that drops a signed field
// from the form (a shadow "hide" attack) cannot make it disappear: it is reported
// with a ChangeSignatureRemoved. A signature that cannot be checked is reported
// with Intact false and IntegrityErr set; Verify itself fails only when the file
// cannot be read as a PDF.
func Verify(r io.ReaderAt, size int64, o VerifyOptions) (rep *Report, err error) {
	defer func() {
		if p := recover(); p != nil {
			rep, err = nil, damaged("verify: unexpected structure: %v", p)
		}
	}()
	eofs, err := revisionEnds(r, size)
	if err != nil {
		return nil, err
	}
	if len(eofs) == 0 {
		if _, err := readDocument(io.NewSectionReader(r, 0, size)); err != nil {
			return nil, err
		}
		return nil, damaged("no %%%%EOF in the file")
	}
	// Every revision is read up to its own %%EOF. One that cannot be read on its own
	// (the first-page section of a linearized file) is not a revision.
	var revs []revision
	for i, e := range eofs {
		doc, err := readDocument(io.NewSectionReader(r, 0, e.end))
		if err != nil {
			if i == len(eofs)-1 || errors.Is(err, ErrEncrypted) {
				return nil, err
			}
			continue
		}
		revs = append(revs, revision{end: e, doc: doc})
	}
	last := revs[len(revs)-1]
	// Junk appended after the last revision does not hide the signatures; it counts as
	// a change after every one of them.
	junk, err := trailingJunk(r, last.end.end, size)
	if err != nil {
		return nil, err
	}
	rep = &Report{Revisions: len(revs), TrailingBytes: junk}

	sigs := findSignatures(revs)
	dss := dssCertificates(last.doc.ctx)
	pol := policies(revs, sigs)
	transitions := map[int][]Change{}
	for _, fs := range sigs {
		doc := revs[fs.rev].doc
		f := fs.f
		sr := SignatureReport{FieldName: f.name}
		pageOf := map[int]int{}
		for i, p := range doc.pages {
			pageOf[p.ref.ObjectNumber.Value()] = i + 1
		}
		doc.locate(&sr, f, pageOf)
		sigDict, derr := doc.ctx.DereferenceDict(f.dict["V"])
		if derr != nil || sigDict == nil {
			sr.IntegrityErr = fmt.Errorf("pdfsign: field %q: unreadable signature dictionary", f.name)
			rep.Signatures = append(rep.Signatures, sr)
			continue
		}
		text := func(k string) string {
			s, _ := doc.ctx.DereferenceText(sigDict[k])
			return s
		}
		sr.Name, sr.Reason, sr.Location = text("Name"), text("Reason"), text("Location")
		if n := sigDict.NameEntry("SubFilter"); n != nil {
			sr.SubFilter = *n
		}
		sr.DocMDP = docMDP(doc.ctx, sigDict)
		cms, rerr := readSignature(r, size, doc.ctx, sigDict, &sr, dss)
		if rerr != nil {
			sr.IntegrityErr = rerr
			rep.Signatures = append(rep.Signatures, sr)
			continue
		}
		checkIntegrity(r, cms, &sr)
		checkTrust(cms, &sr, o)

		end := sr.ByteRange[2] + sr.ByteRange[3]
		sr.CoversWholeDocument = end == size
		if fs.rev != len(revs)-1 {
			sr.Changes = append(sr.Changes, Change{Class: ChangeSignatureRemoved, Revision: fs.rev + 2, Objects: f.objects(),
				Detail: fmt.Sprintf("signature field %q is no longer part of the form", f.name)})
		}
		k := slices.IndexFunc(revs, func(rv revision) bool { return end >= rv.end.marker+5 && end <= rv.end.end })
		switch {
		case k < 0:
			sr.Changes = append(sr.Changes, Change{Class: ChangeByteRange, Detail: "the signed range does not end at the end of a revision"})
		case !hasSignature(revs[k].doc.ctx, fs.key):
			sr.Changes = append(sr.Changes, Change{Class: ChangeByteRange, Revision: k + 1,
				Detail: "the signature dictionary is not part of the revision it signs"})
		default:
			sr.Revision = k + 1
			for j := k; j < len(revs)-1; j++ {
				ch, ok := transitions[j]
				if !ok {
					ch = diffRevision(revs[j].doc.ctx, revs[j+1].doc.ctx, revs[j+1].end, j+2, pol(j))
					transitions[j] = ch
				}
				sr.Changes = append(sr.Changes, ch...)
			}
		}
		if junk > 0 {
			sr.Changes = append(sr.Changes, Change{Class: ChangeTrailingData,
				Detail: fmt.Sprintf("%d bytes after the last %%%%EOF are not part of any revision", junk)})
		}
		if len(sr.Changes) > 0 {
			sr.ModifiedAfter = true
			msgs := make([]string, len(sr.Changes))
			for i, c := range sr.Changes {
				msgs[i] = c.String()
			}
			sr.Modification = strings.Join(msgs, "; ")
		}
		rep.Signatures = append(rep.Signatures, sr)
	}
	return rep, nil
}

// revision is one revision of the file, read on its own.
type revision struct {
	end revisionEnd
	doc *document
}

// foundSig is a signed signature field and the last revision that still has it.
type foundSig struct {
	f   field
	rev int
	key string
}

// sigKey identifies a signature across revisions by its signature dictionary.
func sigKey(f field) string {
	if nr, ok := refNr(f.dict["V"]); ok {
		return fmt.Sprintf("o%d", nr)
	}
	return fmt.Sprintf("f%d:%s", f.ref.ObjectNumber.Value(), f.name)
}

// findSignatures lists the signed fields of the last revision in form order, then
// those that only earlier revisions have.
func findSignatures(revs []revision) []foundSig {
	var out []foundSig
	seen := map[string]bool{}
	for i := len(revs) - 1; i >= 0; i-- {
		for _, f := range revs[i].doc.fields() {
			if !f.isSig || !f.dict.HasEntry("V") {
				continue
			}
			k := sigKey(f)
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, foundSig{f: f, rev: i, key: k})
		}
	}
	return out
}

func hasSignature(ctx *model.Context, key string) bool {
	for _, f := range formFields(ctx) {
		if f.isSig && f.dict.HasEntry("V") && sigKey(f) == key {
			return true
		}
	}
	return false
}

// docMDP returns the /P of a certification signature's DocMDP transform (ISO 32000-2
// §12.8.2.2, Table 255: default 2), or 0 for an approval signature.
func docMDP(ctx *model.Context, sigDict types.Dict) int {
	refs, _ := ctx.DereferenceArray(sigDict["Reference"])
	for _, ro := range refs {
		rd, _ := ctx.DereferenceDict(ro)
		if rd == nil {
			continue
		}
		if m := rd.NameEntry("TransformMethod"); m == nil || *m != "DocMDP" {
			continue
		}
		p := 2
		if tp, _ := ctx.DereferenceDict(rd["TransformParams"]); tp != nil {
			if v, err := ctx.DereferenceInteger(tp["P"]); err == nil && v != nil && v.Value() >= 1 && v.Value() <= 3 {
				p = v.Value()
			}
		}
		return p
	}
	return 0
}

// fieldLocks reads the FieldMDP transforms of a signature dictionary and the /Lock of its field.
func fieldLocks(ctx *model.Context, f field, sigDict types.Dict) []fieldLock {
	var out []fieldLock
	read := func(d types.Dict) {
		if d == nil {
			return
		}
		l := fieldLock{action: "All"}
		if a := d.NameEntry("Action"); a != nil {
			l.action = *a
		}
		names, _ := ctx.DereferenceArray(d["Fields"])
		for _, n := range names {
			if s, err := ctx.DereferenceStringOrHexLiteral(n, model.V10, nil); err == nil {
				l.fields = append(l.fields, s)
			}
		}
		out = append(out, l)
	}
	refs, _ := ctx.DereferenceArray(sigDict["Reference"])
	for _, ro := range refs {
		rd, _ := ctx.DereferenceDict(ro)
		if rd == nil {
			continue
		}
		if m := rd.NameEntry("TransformMethod"); m != nil && *m == "FieldMDP" {
			tp, _ := ctx.DereferenceDict(rd["TransformParams"])
			read(tp)
		}
	}
	if len(out) == 0 {
		lock, _ := ctx.DereferenceDict(f.dict["Lock"])
		read(lock)
	}
	return out
}

// policies returns, for the change from revision j to j+1 (0-based), what the
// signatures made up to revision j allow.
func policies(revs []revision, sigs []foundSig) func(j int) policy {
	type rule struct {
		rev   int
		level int
		locks []fieldLock
	}
	var rules []rule
	for _, fs := range sigs {
		ctx := revs[fs.rev].doc.ctx
		sd, _ := ctx.DereferenceDict(fs.f.dict["V"])
		if sd == nil {
			continue
		}
		arr, _ := ctx.DereferenceArray(sd["ByteRange"])
		if len(arr) != 4 {
			continue
		}
		a, _ := ctx.DereferenceInteger(arr[2])
		b, _ := ctx.DereferenceInteger(arr[3])
		if a == nil || b == nil {
			continue
		}
		end := int64(a.Value()) + int64(b.Value())
		k := slices.IndexFunc(revs, func(rv revision) bool { return end >= rv.end.marker+5 && end <= rv.end.end })
		if k < 0 {
			continue
		}
		rules = append(rules, rule{rev: k, level: docMDP(ctx, sd), locks: fieldLocks(ctx, fs.f, sd)})
	}
	return func(j int) policy {
		var p policy
		for _, r := range rules {
			if r.rev > j {
				continue
			}
			if r.level > 0 && (p.level == 0 || r.level < p.level) {
				p.level = r.level
			}
			p.locks = append(p.locks, r.locks...)
		}
		return p
	}
}

// locate fills in the page and rectangle of the field's widget.
func (doc *document) locate(sr *SignatureReport, f field, pageOf map[int]int) {
	if f.widget == nil {
		return
	}
	if r, ok := rectEntry(doc.ctx, f.widget, "Rect"); ok {
		sr.Rect = r
	}
	if p, ok := f.widget["P"].(types.IndirectRef); ok {
		sr.Page = pageOf[p.ObjectNumber.Value()]
	}
	if sr.Page != 0 || !f.widgetOK {
		return
	}
	// /P is optional (§12.5.2): fall back to the pages' /Annots.
	for i, p := range doc.pages {
		annots, _ := doc.ctx.DereferenceArray(p.dict["Annots"])
		for _, a := range annots {
			if ar, ok := a.(types.IndirectRef); ok && ar.ObjectNumber == f.widgetRef.ObjectNumber {
				sr.Page = i + 1
				return
			}
		}
	}
}

// readSignature checks /ByteRange against the file (§12.8.1: it must start at 0 and leave
// out exactly the /Contents hex string) and decodes the CMS from the file bytes.
func readSignature(r io.ReaderAt, size int64, ctx *model.Context, sigDict types.Dict, sr *SignatureReport, dss []*smx509.Certificate) (*parsedCMS, error) {
	arr, err := ctx.DereferenceArray(sigDict["ByteRange"])
	if err != nil || len(arr) != 4 {
		return nil, errors.New("pdfsign: /ByteRange is not an array of four numbers")
	}
	for i, e := range arr {
		v, err := ctx.DereferenceInteger(e)
		if err != nil || v == nil {
			return nil, errors.New("pdfsign: /ByteRange is not an array of four integers")
		}
		sr.ByteRange[i] = int64(v.Value())
	}
	br := sr.ByteRange
	if br[0] != 0 || br[1] < 0 || br[3] < 0 || br[2] <= br[1]+1 || br[2]+br[3] > size || br[2]+br[3] < br[2] {
		return nil, fmt.Errorf("pdfsign: /ByteRange %v does not describe the file", br)
	}
	gap := make([]byte, br[2]-br[1])
	if _, err := r.ReadAt(gap, br[1]); err != nil {
		return nil, fmt.Errorf("pdfsign: read /Contents: %w", err)
	}
	if gap[0] != '<' || gap[len(gap)-1] != '>' {
		return nil, errors.New("pdfsign: the gap in /ByteRange is not a hex string")
	}
	hexDigits := bytes.Map(func(c rune) rune {
		if strings.ContainsRune(" \t\r\n\f\x00", c) {
			return -1
		}
		return c
	}, gap[1:len(gap)-1])
	if len(hexDigits)%2 == 1 {
		hexDigits = append(hexDigits, '0') // §7.3.4.3: a missing final digit is 0
	}
	der := make([]byte, len(hexDigits)/2)
	if _, err := hex.Decode(der, hexDigits); err != nil {
		return nil, fmt.Errorf("pdfsign: the gap in /ByteRange is not a hex string: %w", err)
	}
	// The gap must be this signature's own /Contents, not some other string of the file.
	if c, ok := sigDict["Contents"].(types.HexLiteral); ok {
		if b, err := c.Bytes(); err == nil && !bytes.Equal(bytes.TrimRight(b, "\x00"), bytes.TrimRight(der, "\x00")) {
			return nil, errors.New("pdfsign: /ByteRange leaves out a string other than /Contents")
		}
	}
	if sr.SubFilter == "adbe.x509.rsa_sha1" {
		return x509RSASHA1(ctx, sigDict, der, sr)
	}
	cms, err := parseCMS(der)
	if err != nil {
		return nil, err
	}
	sr.Certificates = cms.certs
	sr.SignerCert = cms.signerCert()
	if sr.SignerCert == nil && len(dss) > 0 {
		// A timestamp token or CMS may leave its certificates to the DSS (ISO 32000-2 §12.8.4.3).
		cms.certs = append(cms.certs, dss...)
		sr.SignerCert = cms.signerCert()
	}
	sr.SigningTime = cms.signingTime
	sr.SealData = cms.sealData
	sr.Witness = cms.witness
	if sr.SignerCert != nil {
		sr.Signer = sr.SignerCert.Subject.CommonName
		if sr.Signer == "" {
			sr.Signer = sr.SignerCert.Subject.String()
		}
	}
	return cms, nil
}

// checkIntegrity sets Intact when the messageDigest matches the ByteRange bytes and the
// signature over the signed attributes verifies with the signer certificate's key.
func checkIntegrity(r io.ReaderAt, cms *parsedCMS, sr *SignatureReport) {
	fail := func(err error) { sr.IntegrityErr = err }
	if sr.SignerCert == nil {
		fail(errors.New("pdfsign: the CMS does not contain the signer's certificate"))
		return
	}
	alg, err := cms.algorithm(sr.SignerCert.PublicKey)
	sr.Algorithm = alg.name
	if err != nil {
		fail(err)
		return
	}
	timestamp := sr.SubFilter == "ETSI.RFC3161"
	if timestamp != cms.eType.Equal(oidTSTInfo) {
		fail(fmt.Errorf("pdfsign: content type %v does not fit /SubFilter /%s", cms.eType, sr.SubFilter))
		return
	}
	if cms.contentType != nil && !cms.contentType.Equal(cms.eType) && !(cms.contentType.Equal(oidData) && cms.eType.Equal(oidGMData)) {
		fail(fmt.Errorf("pdfsign: contentType attribute %v is not the content's type %v", cms.contentType, cms.eType))
		return
	}
	if alg.hash == crypto.SHA1 {
		sr.Warnings = append(sr.Warnings, Warning{WarnWeakAlgorithm, "SHA-1 digest: a weak algorithm (deprecated for signatures since 2013, NIST SP 800-131A)"})
	}
	if k, ok := sr.SignerCert.PublicKey.(*rsa.PublicKey); ok && k.N.BitLen() < 2048 {
		sr.Warnings = append(sr.Warnings, Warning{WarnWeakKey, fmt.Sprintf("RSA key of %d bits: a weak key", k.N.BitLen())})
	}
	br := sr.ByteRange
	signed := io.MultiReader(io.NewSectionReader(r, br[0], br[1]-br[0]), io.NewSectionReader(r, br[2], br[3]))
	// content is what the SignerInfo signs: the ByteRange bytes of a detached signature
	// (§12.8.3.3.1), or for adbe.pkcs7.sha1 their SHA-1 digest carried as encapsulated content.
	var contentDigest []byte
	var message []byte // the content itself, only for SM2 without signed attributes
	switch {
	case timestamp:
		// ISO 32000-2 §12.8.5: a document timestamp's token imprints the ByteRange bytes;
		// the token's signature is over the TSTInfo (RFC 3161 §2.4.2).
		tst, err := parseTSTInfo(cms.eContent)
		if err != nil {
			fail(err)
			return
		}
		d := tst.newHash()
		if _, err := io.Copy(d, signed); err != nil {
			fail(fmt.Errorf("pdfsign: read signed bytes: %w", err))
			return
		}
		if subtle.ConstantTimeCompare(d.Sum(nil), tst.imprint) != 1 {
			fail(errors.New("pdfsign: the timestamp's message imprint does not match the signed bytes: the signed bytes were changed"))
			return
		}
		if tst.hash == crypto.SHA1 {
			sr.Warnings = append(sr.Warnings, Warning{WarnWeakAlgorithm, "SHA-1 timestamp imprint: a weak algorithm"})
		}
		sr.SigningTime = tst.genTime
		message = cms.eContent
		h := alg.newHash()
		h.Write(message)
		contentDigest = h.Sum(nil)
	case sr.SubFilter == "adbe.pkcs7.sha1":
		d := sha1.New() //nolint:gosec // the SubFilter defines SHA-1; reported as weak above or below
		if _, err := io.Copy(d, signed); err != nil {
			fail(fmt.Errorf("pdfsign: read signed bytes: %w", err))
			return
		}
		if !cms.hasContent || subtle.ConstantTimeCompare(d.Sum(nil), cms.eContent) != 1 {
			fail(errors.New("pdfsign: adbe.pkcs7.sha1: the encapsulated digest does not match the signed bytes"))
			return
		}
		if alg.hash != crypto.SHA1 {
			sr.Warnings = append(sr.Warnings, Warning{WarnWeakAlgorithm, "adbe.pkcs7.sha1: the document digest is SHA-1, a weak algorithm"})
		}
		message = cms.eContent
		h := alg.newHash()
		h.Write(message)
		contentDigest = h.Sum(nil)
	case cms.hasContent:
		// RFC 5652 §5.2: a detached signature has no eContent. One that has some signs
		// those bytes, not the document, whatever its messageDigest says.
		fail(errors.New("pdfsign: a detached signature carries encapsulated content"))
		return
	default:
		h := alg.newHash()
		var w io.Writer = h
		var buf bytes.Buffer
		if !cms.hasAttrs && alg.hash == 0 {
			w = io.MultiWriter(h, &buf) // SM2 signs the message itself (Z ‖ M), not a digest
		}
		if _, err := io.Copy(w, signed); err != nil {
			fail(fmt.Errorf("pdfsign: read signed bytes: %w", err))
			return
		}
		contentDigest, message = h.Sum(nil), buf.Bytes()
	}
	if !cms.hasAttrs {
		// RFC 5652 §5.4: without signed attributes the signature is over the content.
		var err error
		if alg.hash == 0 {
			err = checkSignature(sr.SignerCert.PublicKey, alg, message, cms.signature)
		} else {
			err = checkDigestSignature(sr.SignerCert.PublicKey, alg, contentDigest, cms.signature)
		}
		if err != nil {
			fail(fmt.Errorf("pdfsign: %w", err))
			return
		}
		sr.Intact = true
		return
	}
	if subtle.ConstantTimeCompare(contentDigest, cms.messageDigest) != 1 {
		fail(errors.New("pdfsign: document digest does not match the signed messageDigest: the signed bytes were changed"))
		return
	}
	if err := checkSignature(sr.SignerCert.PublicKey, alg, cms.signedAttrs, cms.signature); err != nil {
		fail(fmt.Errorf("pdfsign: %w", err))
		return
	}
	sr.Intact = true
}

func checkTrust(cms *parsedCMS, sr *SignatureReport, o VerifyOptions) {
	if slices.Contains(cms.lenient, sr.SignerCert) {
		sr.Warnings = append(sr.Warnings, Warning{WarnLenientCertificate, "the signer certificate is not valid X.509 (e.g. a negative serial number); read leniently for its key"})
	}
	switch {
	case sr.SignerCert == nil:
		sr.TrustErr = errors.New("pdfsign: no signer certificate")
		return
	case slices.Contains(cms.lenient, sr.SignerCert):
		sr.TrustErr = errors.New("pdfsign: the signer certificate is not valid X.509 and cannot be chained")
		return
	case o.Roots == nil:
		sr.TrustErr = ErrNoRoots
		return
	}
	pool := smx509.NewCertPool()
	if o.Intermediates != nil {
		pool = o.Intermediates.Clone()
	}
	for _, c := range cms.certs {
		if c != sr.SignerCert {
			pool.AddCert(c)
		}
	}
	// The chain must have been valid when the document was signed. Without a timestamp
	// the signingTime attribute is the only statement of that time (pyHanko does the same).
	at := o.At
	if !sr.SigningTime.IsZero() {
		at = sr.SigningTime
	}
	if at.IsZero() {
		at = time.Now()
	}
	_, err := sr.SignerCert.Verify(smx509.VerifyOptions{
		Roots: o.Roots, Intermediates: pool, CurrentTime: at,
		KeyUsages: []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}, // seal certificates carry no common EKU
	})
	if err != nil {
		sr.TrustErr = fmt.Errorf("pdfsign: certificate chain: %w", err)
		return
	}
	sr.Trusted = true
}

// revisionEnd is the end of one revision: just after its %%EOF marker (and EOL).
type revisionEnd struct{ marker, end int64 }

// revisionEnds finds the %%EOF markers that end a revision (§7.5.5, §7.5.6): those
// preceded by "startxref <offset>". Markers inside stream data are very unlikely to be
// preceded by startxref.
func revisionEnds(r io.ReaderAt, size int64) ([]revisionEnd, error) {
	const chunk = 1 << 16
	const overlap = 64
	var out []revisionEnd
	buf := make([]byte, chunk+overlap)
	for off := int64(0); off < size; off += chunk {
		n := min(int64(len(buf)), size-off)
		b := buf[:n]
		if _, err := r.ReadAt(b, off); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("pdfsign: read input: %w", err)
		}
		for i := 0; ; {
			j := bytes.Index(b[i:], []byte("%%EOF"))
			if j < 0 {
				break
			}
			pos := off + int64(i+j)
			i += j + 5
			if pos-off >= chunk {
				break // the next chunk sees it
			}
			pre := make([]byte, min(pos, 48))
			if _, err := r.ReadAt(pre, pos-int64(len(pre))); err != nil {
				return nil, fmt.Errorf("pdfsign: read input: %w", err)
			}
			k := bytes.LastIndex(pre, []byte("startxref"))
			if k < 0 || len(bytes.Trim(pre[k+9:], " \t\r\n0123456789")) != 0 {
				continue
			}
			end := pos + 5
			eol := make([]byte, min(2, size-end))
			r.ReadAt(eol, end)
			switch {
			case bytes.HasPrefix(eol, []byte("\r\n")):
				end += 2
			case len(eol) > 0 && (eol[0] == '\n' || eol[0] == '\r'):
				end++
			}
			out = append(out, revisionEnd{marker: pos, end: end})
		}
	}
	return out, nil
}

// trailingJunk counts the bytes after the last revision that are not white space.
func trailingJunk(r io.ReaderAt, from, size int64) (int64, error) {
	var junk int64
	buf := make([]byte, 1<<16)
	for off := from; off < size; {
		n := min(int64(len(buf)), size-off)
		if _, err := r.ReadAt(buf[:n], off); err != nil && !errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("pdfsign: read input: %w", err)
		}
		for _, c := range buf[:n] {
			if !isSpace(c) {
				junk++
			}
		}
		off += n
	}
	return junk, nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0
}

// collect marks the new objects reachable from o (a signature field, its widget, its
// /V and appearance streams with their images and fonts).
func collect(ctx *model.Context, o types.Object, into map[int]bool, isNew func(int) bool, depth int) {
	if depth > 32 {
		return
	}
	switch v := o.(type) {
	case types.IndirectRef:
		nr := v.ObjectNumber.Value()
		if into[nr] || !isNew(nr) {
			return
		}
		into[nr] = true
		d, err := ctx.Dereference(v)
		if err == nil {
			collect(ctx, d, into, isNew, depth+1)
		}
	case types.Dict:
		for k, e := range v {
			if k == "P" || k == "Parent" {
				continue // back links to the page and the parent field, never new content
			}
			collect(ctx, e, into, isNew, depth+1)
		}
	case types.StreamDict:
		collect(ctx, v.Dict, into, isNew, depth+1)
	case types.Array:
		for _, e := range v {
			collect(ctx, e, into, isNew, depth+1)
		}
	}
}

// isStructural reports objects that only carry file structure: cross-reference streams
// and object streams, whose objects are compared one by one anyway.
func isStructural(o types.Object) bool {
	switch v := o.(type) {
	case types.XRefStreamDict, types.ObjectStreamDict:
		return true
	case types.StreamDict:
		t := v.Type()
		return t != nil && (*t == "XRef" || *t == "ObjStm")
	}
	return false
}

func describe(o types.Object) string {
	var d types.Dict
	switch v := o.(type) {
	case types.Dict:
		d = v
	case types.StreamDict:
		d = v.Dict
		if t := d.Type(); t == nil {
			return "stream"
		}
	default:
		return fmt.Sprintf("%T", o)
	}
	if t := d.Type(); t != nil {
		if st := d.Subtype(); st != nil {
			return *t + "/" + *st
		}
		return *t
	}
	return "dictionary"
}

// dssCertificates reads the certificates of the document security store (ISO 32000-2
// §12.8.4.3, /DSS /Certs): validation data that signatures may leave out of their CMS.
func dssCertificates(ctx *model.Context) []*smx509.Certificate {
	dss, _ := ctx.DereferenceDict(catalog(ctx)["DSS"])
	arr, _ := ctx.DereferenceArray(dss["Certs"])
	var out []*smx509.Certificate
	for _, o := range arr {
		sd, _, err := ctx.DereferenceStreamDict(o)
		if err != nil || sd == nil || sd.Decode() != nil {
			continue
		}
		if c, err := smx509.ParseCertificate(sd.Content); err == nil {
			out = append(out, c)
		}
	}
	return out
}

// x509RSASHA1 reads an adbe.x509.rsa_sha1 signature (ISO 32000-1 §12.8.3.2): /Contents
// is a DER OCTET STRING holding a PKCS#1 signature over the SHA-1 digest of the
// ByteRange, and /Cert the signer's certificate (first) and its chain. It is checked
// as a SignerInfo without signed attributes would be.
func x509RSASHA1(ctx *model.Context, sigDict types.Dict, der []byte, sr *SignatureReport) (*parsedCMS, error) {
	in := cryptobyte.String(der)
	p := &parsedCMS{digestOID: oidSHA1, sigOID: oidRSASHA1}
	if !in.ReadASN1Bytes(&p.signature, cbasn1.OCTET_STRING) {
		return nil, fmt.Errorf("%w: adbe.x509.rsa_sha1 /Contents is not an OCTET STRING", errCMS)
	}
	certs := types.Array{sigDict["Cert"]}
	if arr, err := ctx.DereferenceArray(sigDict["Cert"]); err == nil && arr != nil {
		certs = arr
	}
	for _, o := range certs {
		o, _ = ctx.Dereference(o)
		var raw []byte
		switch v := o.(type) {
		case types.StringLiteral:
			raw, _ = types.Unescape(v.Value())
		case types.HexLiteral:
			raw, _ = v.Bytes()
		}
		c, lenient, err := parseCertificate(raw)
		if err != nil {
			return nil, fmt.Errorf("pdfsign: adbe.x509.rsa_sha1 /Cert: %w", err)
		}
		if lenient {
			p.lenient = append(p.lenient, c)
		}
		p.certs = append(p.certs, c)
	}
	if len(p.certs) == 0 {
		return nil, errors.New("pdfsign: adbe.x509.rsa_sha1 without /Cert")
	}
	p.serial, p.issuer = p.certs[0].SerialNumber, p.certs[0].RawIssuer
	sr.Certificates, sr.SignerCert = p.certs, p.certs[0]
	if m, err := ctx.DereferenceText(sigDict["M"]); err == nil {
		if t, ok := types.DateTime(m, true); ok {
			sr.SigningTime = t
		}
	}
	sr.Signer = sr.SignerCert.Subject.CommonName
	if sr.Signer == "" {
		sr.Signer = sr.SignerCert.Subject.String()
	}
	return p, nil
}
