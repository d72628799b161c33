package pdfsign

import (
	"bytes"
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
)

// ErrNoRoots is the TrustErr of every signature when VerifyOptions.Roots is nil: the
// system roots are not consulted, seals chain to the roots the organisation configures.
var ErrNoRoots = errors.New("pdfsign: no trusted roots configured")

// Verify checks every signature field that carries a signature in the PDF held by r.
// A signature that cannot be checked is reported with Intact false and IntegrityErr
// set; Verify itself fails only when the file cannot be read as a PDF.
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
	// The final revision is read up to its %%EOF, so that junk appended after it does not
	// hide the signatures; the junk itself counts as a modification below.
	last := eofs[len(eofs)-1]
	doc, err := readDocument(io.NewSectionReader(r, 0, last.end))
	if err != nil {
		return nil, err
	}
	junk, err := trailingJunk(r, last.end, size)
	if err != nil {
		return nil, err
	}
	rep = &Report{Revisions: len(eofs)}
	pageOf := map[int]int{}
	for i, p := range doc.pages {
		pageOf[p.ref.ObjectNumber.Value()] = i + 1
	}
	revisions := map[int64]*model.Context{}
	for _, f := range doc.fields() {
		if !f.isSig || !f.dict.HasEntry("V") {
			continue
		}
		sr := SignatureReport{FieldName: f.name}
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
		cms, rerr := readSignature(r, size, doc.ctx, sigDict, &sr)
		if rerr != nil {
			sr.IntegrityErr = rerr
			rep.Signatures = append(rep.Signatures, sr)
			continue
		}
		checkIntegrity(r, cms, &sr)
		checkTrust(cms, &sr, o)

		end := sr.ByteRange[2] + sr.ByteRange[3]
		sr.CoversWholeDocument = end == size
		switch {
		case sr.CoversWholeDocument:
		case junk > 0:
			sr.ModifiedAfter = true
			sr.Modification = fmt.Sprintf("%d bytes after the last %%%%EOF are not part of any revision", junk)
		default:
			sr.ModifiedAfter, sr.Modification = modifiedAfter(r, end, eofs, doc.ctx, revisions)
		}
		rep.Signatures = append(rep.Signatures, sr)
	}
	return rep, nil
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
func readSignature(r io.ReaderAt, size int64, ctx *model.Context, sigDict types.Dict, sr *SignatureReport) (*parsedCMS, error) {
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
	cms, err := parseCMS(der)
	if err != nil {
		return nil, err
	}
	sr.Certificates = cms.certs
	sr.SignerCert = cms.signerCert()
	sr.SigningTime = cms.signingTime
	sr.SealData = cms.sealData
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
	if cms.contentType != nil && !cms.contentType.Equal(oidData) && !cms.contentType.Equal(oidGMData) {
		fail(fmt.Errorf("pdfsign: contentType attribute %v is not data", cms.contentType))
		return
	}
	h := alg.newHash()
	br := sr.ByteRange
	if _, err := io.Copy(h, io.NewSectionReader(r, br[0], br[1]-br[0])); err != nil {
		fail(fmt.Errorf("pdfsign: read signed bytes: %w", err))
		return
	}
	if _, err := io.Copy(h, io.NewSectionReader(r, br[2], br[3])); err != nil {
		fail(fmt.Errorf("pdfsign: read signed bytes: %w", err))
		return
	}
	if subtle.ConstantTimeCompare(h.Sum(nil), cms.messageDigest) != 1 {
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
	switch {
	case sr.SignerCert == nil:
		sr.TrustErr = errors.New("pdfsign: no signer certificate")
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
	at := o.At
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

// modifiedAfter compares the revision a signature covers with the final document.
func modifiedAfter(r io.ReaderAt, end int64, eofs []revisionEnd, final *model.Context, cache map[int64]*model.Context) (bool, string) {
	ok := false
	for _, e := range eofs {
		// The signed range may stop right after %%EOF or after its end-of-line marker.
		if end >= e.marker+5 && end <= e.end {
			ok = true
			break
		}
	}
	if !ok {
		return true, "the signed range does not end at the end of a revision"
	}
	old, found := cache[end]
	if !found {
		doc, err := readDocument(io.NewSectionReader(r, 0, end))
		if err != nil {
			return true, fmt.Sprintf("the signed revision cannot be read: %v", err)
		}
		old = doc.ctx
		cache[end] = old
	}
	if msg := diffRevisions(old, final); msg != "" {
		return true, msg
	}
	return false, ""
}

// diffRevisions returns "" when cur differs from old only by added signature fields
// (with their signature dictionaries and appearances), the page /Annots and AcroForm
// /Fields entries that list them, /SigFlags, and cross-reference and object streams.
// Otherwise it names the first change found. This is the difference analysis that
// lets a second seal leave the first one unmodified.
func diffRevisions(old, cur *model.Context) string {
	if old.Root == nil || cur.Root == nil || old.Root.ObjectNumber != cur.Root.ObjectNumber {
		return "the document catalog was replaced"
	}
	if (old.Info == nil) != (cur.Info == nil) || (old.Info != nil && old.Info.ObjectNumber != cur.Info.ObjectNumber) {
		return "the document information dictionary was replaced"
	}

	// New signature fields and every new object they bring.
	oldNames := map[string]bool{}
	for _, f := range formFields(old) {
		oldNames[f.name] = true
	}
	allowed := map[int]bool{}  // new objects that belong to added signature fields
	listable := map[int]bool{} // objects that may be appended to /Fields or /Annots
	isNew := func(nr int) bool {
		e, ok := old.Table[nr]
		return !ok || e.Free || e.Object == nil
	}
	for _, f := range formFields(cur) {
		if oldNames[f.name] {
			continue
		}
		if !f.isSig {
			return fmt.Sprintf("form field %q was added", f.name)
		}
		for _, o := range []types.Object{f.ref, f.widgetRef} {
			if r, ok := o.(types.IndirectRef); ok && !f.direct {
				listable[r.ObjectNumber.Value()] = true
			}
		}
		collect(cur, f.dict, allowed, isNew, 0)
		if f.widget != nil {
			collect(cur, f.widget, allowed, isNew, 0)
		}
		if !f.direct {
			allowed[f.ref.ObjectNumber.Value()] = true
		}
		if f.widgetOK {
			allowed[f.widgetRef.ObjectNumber.Value()] = true
		}
	}

	// Objects whose change is judged by a rule instead of equality.
	rules := map[int]func() string{}
	oldRoot, _ := old.DereferenceDict(*old.Root)
	curRoot, _ := cur.DereferenceDict(*cur.Root)
	rules[old.Root.ObjectNumber.Value()] = func() string {
		if !equalExcept(oldRoot, curRoot, "AcroForm") {
			return "the document catalog was changed"
		}
		return diffAcroForm(old, cur, oldRoot["AcroForm"], curRoot["AcroForm"], listable)
	}
	if ar, ok := oldRoot["AcroForm"].(types.IndirectRef); ok {
		rules[ar.ObjectNumber.Value()] = rules[old.Root.ObjectNumber.Value()]
		if acro, _ := old.DereferenceDict(ar); acro != nil {
			if fr, ok := acro["Fields"].(types.IndirectRef); ok {
				rules[fr.ObjectNumber.Value()] = rules[old.Root.ObjectNumber.Value()]
			}
		}
	}
	oldPages, err1 := walkPages(old)
	curPages, err2 := walkPages(cur)
	if err1 != nil || err2 != nil || len(oldPages) != len(curPages) {
		return "pages were added or removed"
	}
	for i := range oldPages {
		op, cp := oldPages[i], curPages[i]
		if op.ref.ObjectNumber != cp.ref.ObjectNumber {
			return fmt.Sprintf("page %d was replaced", i+1)
		}
		rule := func() string {
			od, _ := old.DereferenceDict(op.ref)
			cd, _ := cur.DereferenceDict(cp.ref)
			if !equalExcept(od, cd, "Annots") {
				return fmt.Sprintf("page %d was changed", i+1)
			}
			oa, _ := old.DereferenceArray(od["Annots"])
			ca, _ := cur.DereferenceArray(cd["Annots"])
			if !appendsOnly(oa, ca, listable) {
				return fmt.Sprintf("annotations of page %d were changed", i+1)
			}
			return ""
		}
		rules[op.ref.ObjectNumber.Value()] = rule
		if ar, ok := op.dict["Annots"].(types.IndirectRef); ok {
			rules[ar.ObjectNumber.Value()] = rule
		}
	}

	nrs := make([]int, 0, len(cur.Table))
	for nr := range cur.Table {
		nrs = append(nrs, nr)
	}
	slices.Sort(nrs)
	for _, nr := range nrs {
		e := cur.Table[nr]
		if nr == 0 || e.Free || e.Object == nil {
			continue
		}
		if isNew(nr) {
			if allowed[nr] || isStructural(e.Object) {
				continue
			}
			return fmt.Sprintf("object %d (%s) was added", nr, describe(e.Object))
		}
		oe := old.Table[nr]
		if equalObjects(oe.Object, e.Object) {
			continue
		}
		if rule, ok := rules[nr]; ok {
			if msg := rule(); msg != "" {
				return msg
			}
			continue
		}
		if isStructural(oe.Object) && isStructural(e.Object) {
			continue
		}
		return fmt.Sprintf("object %d (%s) was changed", nr, describe(e.Object))
	}
	for nr, oe := range old.Table {
		if nr == 0 || oe.Free || oe.Object == nil || isStructural(oe.Object) {
			continue
		}
		if e, ok := cur.Table[nr]; !ok || e.Free || e.Object == nil {
			return fmt.Sprintf("object %d (%s) was deleted", nr, describe(oe.Object))
		}
	}
	return ""
}

// diffAcroForm accepts an AcroForm that only gained signature fields and /SigFlags.
func diffAcroForm(old, cur *model.Context, oo, co types.Object, listable map[int]bool) string {
	od, _ := old.DereferenceDict(oo)
	cd, _ := cur.DereferenceDict(co)
	if od == nil {
		od = types.Dict{}
	}
	if cd == nil {
		return "the interactive form was removed"
	}
	if !equalExcept(od, cd, "Fields", "SigFlags") {
		return "the interactive form was changed"
	}
	of, _ := old.DereferenceArray(od["Fields"])
	cf, _ := cur.DereferenceArray(cd["Fields"])
	if !appendsOnly(of, cf, listable) {
		return "form fields were changed"
	}
	return ""
}

// appendsOnly reports whether cur is old plus references to added signature fields.
func appendsOnly(old, cur types.Array, listable map[int]bool) bool {
	if len(cur) < len(old) {
		return false
	}
	for i := range old {
		if !equalObjects(old[i], cur[i]) {
			return false
		}
	}
	for _, o := range cur[len(old):] {
		r, ok := o.(types.IndirectRef)
		if !ok || !listable[r.ObjectNumber.Value()] {
			return false
		}
	}
	return true
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

func equalObjects(a, b types.Object) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	as, aok := a.(types.StreamDict)
	bs, bok := b.(types.StreamDict)
	if aok || bok {
		return aok && bok && as.Dict.PDFString() == bs.Dict.PDFString() && bytes.Equal(as.Raw, bs.Raw)
	}
	return a.PDFString() == b.PDFString()
}

func equalExcept(a, b types.Dict, keys ...string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	strip := func(d types.Dict) string {
		c := types.Dict{}
		for k, v := range d {
			if !slices.Contains(keys, k) {
				c[k] = v
			}
		}
		return c.PDFString()
	}
	return strip(a) == strip(b)
}
