package pdfsign

import (
	"bytes"
	"compress/zlib"
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"image"
	"image/draw"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"sealdesk/internal/safefile"
	"sealdesk/pdfview"
	"sealdesk/place"
)

// Sign writes to out the bytes of in unchanged followed by one incremental update that
// adds a visible seal on o.Page, signed with o.Signer.
//
// The original is copied to out while it is hashed, so out has received data before
// the signer is asked to sign: if the signer fails (a wrong PIN, a removed key), out
// holds an incomplete file. SignFile takes care of that for files.
func Sign(in io.ReadSeeker, out io.Writer, o Options) (*Result, error) {
	p, err := Prepare(in, o)
	if err != nil {
		return nil, err
	}
	h := p.NewDigest()
	copyTo := io.MultiWriter(out, h)
	if d := o.DocumentDigest; d != nil && reflect.TypeOf(d) == reflect.TypeOf(h) {
		h, copyTo = d, out // the caller hashed the input on its read of it
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("pdfsign: read input: %w", err)
	}
	n, err := io.Copy(copyTo, io.LimitReader(in, p.doc.size))
	if err != nil {
		return nil, fmt.Errorf("pdfsign: copy document: %w", err)
	}
	if n != p.doc.size {
		return nil, fmt.Errorf("pdfsign: copy document: input shrank from %d to %d bytes", p.doc.size, n)
	}
	upd, res, err := p.Finish(h)
	if err != nil {
		return nil, err
	}
	if _, err := out.Write(upd); err != nil {
		return nil, fmt.Errorf("pdfsign: write update: %w", err)
	}
	return res, nil
}

// Prepared is a parsed document and the incremental update that will seal it,
// built with placeholders for /ByteRange's hash and /Contents: what remains is
// the digest of the document's bytes and the signature (Finish). It lets a
// caller write the document's bytes itself, from a copy it made and checked,
// and hand over the digest it computed on that one pass (issue 18).
type Prepared struct {
	doc  *document
	u    *update
	alg  algorithm
	o    Options
	t    time.Time
	rnd  io.Reader
	name string
	rect pdfview.Rect
	done bool
}

// Prepare parses in and builds the update that seals it as o says. in is read
// by the parser only (its cross-reference sections and objects); nothing is
// hashed or signed yet, and o.DocumentDigest is not used.
func Prepare(in io.ReadSeeker, o Options) (*Prepared, error) {
	if o.Signer == nil {
		return nil, errors.New("pdfsign: no signer")
	}
	if len(o.Chain) == 0 || o.Chain[0] == nil {
		return nil, errors.New("pdfsign: no signer certificate")
	}
	if pub, ok := o.Chain[0].PublicKey.(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(o.Signer.Public()) {
		return nil, errors.New("pdfsign: signer certificate does not match the signer's key")
	}
	alg, err := algorithmFor(o.Signer.Public())
	if err != nil {
		return nil, err
	}
	if o.PreparedPicture == nil && (o.Picture == nil || o.Picture.Bounds().Empty()) {
		return nil, errors.New("pdfsign: no seal picture")
	}
	doc, err := readDocument(in)
	if err != nil {
		return nil, err
	}
	if doc.certification(doc.fields()) == 1 && !stampCertifiedForTest {
		// Any signature added breaks a P1 certification (§12.8.2.2): the
		// stamp would be valid and the certifier's seal broken.
		return nil, ErrCertifiedNoChanges
	}
	if o.Page < 1 || o.Page > len(doc.pages) {
		return nil, &PageError{Page: o.Page, Count: len(doc.pages)}
	}
	page := doc.pages[o.Page-1]
	mark := place.Placement{Page: o.Page, XMM: o.CenterXMM, YMM: o.CenterYMM, Seam: o.Seam}
	wMM, hMM := mark.Size(o.WidthMM, o.HeightMM)
	rect, err := page.geom.Place(o.CenterXMM, o.CenterYMM, wMM, hMM)
	if err != nil {
		return nil, err
	}
	name, err := doc.fieldName(o.FieldName)
	if err != nil {
		return nil, err
	}
	t := o.Time
	if t.IsZero() {
		t = time.Now()
	}
	rnd := o.Rand
	if rnd == nil {
		rnd = rand.Reader
	}

	// The CMS grows with the chain and the seal data; 4 KiB covers the signer info,
	// an RSA-4096 signature and encoding overhead.
	reserve := 4096 + len(o.SealData) + len(o.Witness)
	for _, c := range o.Chain {
		reserve += len(c.Raw)
	}
	reserve = max(16384, (reserve+1023)/1024*1024)

	u, err := doc.buildUpdate(updateSpec{
		page: page, pageNr: o.Page, rect: rect, name: name, time: t, reserve: reserve,
		wPt: wMM * pdfview.PointsPerMM, hPt: hMM * pdfview.PointsPerMM,
		sealWPt: o.WidthMM * pdfview.PointsPerMM, sealHPt: o.HeightMM * pdfview.PointsPerMM, clip: clipOf(mark),
		picture: o.Picture, prepared: o.PreparedPicture, sigName: o.Name, reason: o.Reason, location: o.Location, rand: rnd,
	})
	if err != nil {
		return nil, err
	}
	return &Prepared{doc: doc, u: u, alg: alg, o: o, t: t, rnd: rnd, name: name, rect: rect}, nil
}

// Size is the length of the document Prepare read: the update goes right after
// that many bytes.
func (p *Prepared) Size() int64 { return p.doc.size }

// NewDigest returns an empty hash of the kind Finish takes: SM3 for an SM2
// signer, SHA-256 otherwise.
func (p *Prepared) NewDigest() hash.Hash { return p.alg.newHash() }

// Finish signs. docDigest must hold the running hash (of NewDigest's kind) of
// exactly the document's Size() bytes, the ones the output begins with; it is
// written to. Finish returns the update, to be written right after those bytes. A digest of other bytes
// gives a signature that does not verify: the caller answers for it.
func (p *Prepared) Finish(docDigest hash.Hash) ([]byte, *Result, error) {
	if p.done {
		return nil, nil, errors.New("pdfsign: update already finished")
	}
	if docDigest == nil || reflect.TypeOf(docDigest) != reflect.TypeOf(p.alg.newHash()) {
		return nil, nil, fmt.Errorf("pdfsign: the document digest must be a %s hash", p.alg.name)
	}
	p.done = true
	o, u, doc := p.o, p.u, p.doc
	// ByteRange (ISO 32000-1 §12.8.1): everything except the /Contents hex string, brackets included.
	total := doc.size + int64(u.buf.Len())
	a := doc.size + int64(u.contentsAt)
	b := a + int64(u.contentsLen)
	br := [4]int64{0, a, b, total - b}
	brText := fmt.Sprintf("0 %d %d %d", br[1], br[2], br[3])
	if len(brText) > byteRangeWidth {
		return nil, nil, errors.New("pdfsign: document too large for the byte range field")
	}
	upd := u.buf.Bytes()
	copy(upd[u.byteRangeAt:], brText+strings.Repeat(" ", byteRangeWidth-len(brText)))

	h := docDigest
	h.Write(upd[:u.contentsAt])
	h.Write(upd[u.contentsAt+u.contentsLen:])

	attrs, err := signedAttributes(h.Sum(nil), p.t, o.SealData, o.Witness)
	if err != nil {
		return nil, nil, err
	}
	sig, err := signAttributes(o.Signer, p.rnd, p.alg, attrs)
	if err != nil {
		return nil, nil, err
	}
	cms, err := buildCMS(p.alg, o.Chain, attrs, sig)
	if err != nil {
		return nil, nil, err
	}
	if 2*len(cms) > u.contentsLen-2 {
		return nil, nil, fmt.Errorf("pdfsign: CMS of %d bytes does not fit the %d bytes reserved", len(cms), (u.contentsLen-2)/2)
	}
	hex.Encode(upd[u.contentsAt+1:], cms)
	return upd, &Result{FieldName: p.name, Page: o.Page, Rect: p.rect, ByteRange: br, Size: total, Algorithm: p.alg.name}, nil
}

// SignFile signs inPath into outPath through safefile (temporary file in
// outPath's folder, fsync, rename, folder fsync), so outPath is either the
// complete signed file or untouched. outPath must not name the input file.
// app writes its outputs the same way (signPDF); SignFile is the file-to-file
// form for callers without a workspace.
func SignFile(inPath, outPath string, o Options) (res *Result, err error) {
	in, err := os.Open(inPath)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: open input: %w", err)
	}
	defer in.Close()
	inInfo, err := in.Stat()
	if err != nil {
		return nil, fmt.Errorf("pdfsign: open input: %w", err)
	}
	if outInfo, err := os.Stat(outPath); err == nil && os.SameFile(inInfo, outInfo) {
		return nil, fmt.Errorf("pdfsign: output %s is the input file; the original is never overwritten", outPath)
	}
	if abs1, err1 := filepath.Abs(inPath); err1 == nil {
		if abs2, err2 := filepath.Abs(outPath); err2 == nil && abs1 == abs2 {
			return nil, fmt.Errorf("pdfsign: output %s is the input file; the original is never overwritten", outPath)
		}
	}
	var signErr error
	err = safefile.Write(outPath, 0o600, func(w io.Writer) error {
		res, signErr = Sign(in, w, o)
		return signErr
	})
	switch {
	case signErr != nil:
		return nil, signErr // Sign's own (typed) error, as it was
	case err != nil:
		return nil, fmt.Errorf("pdfsign: write output: %w", err)
	}
	return res, nil
}

// fieldName validates a requested name or picks the first free "Seal<N>".
func (doc *document) fieldName(want string) (string, error) {
	used := map[string]bool{}
	for _, f := range doc.fields() {
		used[f.name] = true
		// A new top-level field may not share the partial name of a non-terminal one either.
		if i := strings.IndexByte(f.name, '.'); i >= 0 {
			used[f.name[:i]] = true
		}
	}
	if want == "" {
		for n := 1; ; n++ {
			if s := "Seal" + strconv.Itoa(n); !used[s] {
				return s, nil
			}
		}
	}
	if strings.Contains(want, ".") {
		return "", &FieldError{want, "a partial field name may not contain a period (ISO 32000-1 §12.7.3.2)"}
	}
	if used[want] {
		return "", &FieldError{want, "a field of that name already exists"}
	}
	return want, nil
}

const byteRangeWidth = 40 // "0 a b c" padded with spaces; room for offsets up to 10^12

type updateSpec struct {
	page            pageInfo
	pageNr          int
	rect            pdfview.Rect
	name            string
	time            time.Time
	reserve         int     // bytes reserved for the CMS
	wPt, hPt        float64 // the widget's size as displayed
	sealWPt         float64 // the whole seal's, of which a seam mark shows clip
	sealHPt         float64
	clip            [4]float64 // x0, y0, x1, y1: the part of the picture shown, fractions from its top-left
	picture         image.Image
	prepared        *Picture // picture's samples, compressed before
	sigName, reason string
	location        string
	rand            io.Reader
}

func clipOf(p place.Placement) [4]float64 {
	x0, y0, x1, y1 := p.Clip()
	return [4]float64{x0, y0, x1, y1}
}

// update is an incremental update (ISO 32000-1 §7.5.6) being assembled in memory.
type update struct {
	base        int64 // size of the original file
	buf         bytes.Buffer
	offsets     map[int]int64 // object number → absolute offset
	gens        map[int]int
	byteRangeAt int // offset in buf of the ByteRange numbers
	contentsAt  int // offset in buf of '<' of /Contents
	contentsLen int // length of the hex string including '<' and '>'
}

func (u *update) begin(nr, gen int) {
	u.offsets[nr] = u.base + int64(u.buf.Len())
	u.gens[nr] = gen
	fmt.Fprintf(&u.buf, "%d %d obj\n", nr, gen)
}

func (u *update) object(nr, gen int, body string) {
	u.begin(nr, gen)
	u.buf.WriteString(body)
	u.buf.WriteString("\nendobj\n")
}

func (u *update) stream(nr int, dict string, data []byte) {
	u.begin(nr, 0)
	fmt.Fprintf(&u.buf, "<<%s/Length %d>>\nstream\n", dict, len(data))
	u.buf.Write(data)
	u.buf.WriteString("\nendstream\nendobj\n")
}

func ref(nr int) string { return strconv.Itoa(nr) + " 0 R" }

// buildUpdate writes every object of the update and the cross-reference section,
// with placeholders for /ByteRange and /Contents.
func (doc *document) buildUpdate(s updateSpec) (*update, error) {
	ctx := doc.ctx
	u := &update{base: doc.size, offsets: map[int]int64{}, gens: map[int]int{}}
	// Start on a fresh line whatever the original ended with (§7.5.5 allows EOL after %%EOF).
	u.buf.WriteString("\n")

	// Fresh object numbers from the old /Size up: free numbers are never reused, because
	// reused numbers with a generation that does not match confuse PDFium.
	next := max(*ctx.Size, ctx.MaxObjNr+1)
	alloc := func() int { next++; return next - 1 }
	sigNr, widgetNr, apNr, imgNr, maskNr := alloc(), alloc(), alloc(), alloc(), alloc()

	// Signature dictionary (§12.8.1, Table 252).
	u.begin(sigNr, 0)
	u.buf.WriteString("<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached/ByteRange[")
	u.byteRangeAt = u.buf.Len()
	u.buf.WriteString(strings.Repeat(" ", byteRangeWidth))
	u.buf.WriteString("]/Contents")
	u.contentsAt = u.buf.Len()
	u.contentsLen = 2*s.reserve + 2
	u.buf.WriteString("<" + strings.Repeat("0", 2*s.reserve) + ">")
	fmt.Fprintf(&u.buf, "/M%s", textString(pdfDate(s.time)))
	if s.sigName != "" {
		u.buf.WriteString("/Name" + textString(s.sigName))
	}
	if s.reason != "" {
		u.buf.WriteString("/Reason" + textString(s.reason))
	}
	if s.location != "" {
		u.buf.WriteString("/Location" + textString(s.location))
	}
	u.buf.WriteString("/Prop_Build<</App<</Name/SealDesk>>>>>>\nendobj\n")

	// Merged field and widget (§12.7.4.5, §12.5.6.19). /F 132 = Print | Locked.
	r := s.rect
	u.object(widgetNr, 0, fmt.Sprintf("<</Type/Annot/Subtype/Widget/FT/Sig/T%s/V %s/P %s/Rect[%s %s %s %s]/F 132/AP<</N %s>>>>",
		textString(s.name), ref(sigNr), s.page.ref.PDFString(), num(r.LLX), num(r.LLY), num(r.URX), num(r.URY), ref(apNr)))

	// Appearance (§12.5.5): BBox is the seal as displayed; Matrix turns it counter-clockwise
	// by the page rotation, which the viewer's clockwise /Rotate then undoes, so the seal
	// reads upright on screen. The viewer maps the transformed BBox onto /Rect.
	matrix := map[int]string{0: "1 0 0 1 0 0", 90: "0 1 -1 0 0 0", 180: "-1 0 0 -1 0 0", 270: "0 -1 1 0 0 0"}[s.page.geom.Rotation()]
	content := fmt.Sprintf("q %s 0 0 %s 0 0 cm /Im0 Do Q", num(s.wPt), num(s.hPt))
	if s.clip != [4]float64{0, 0, 1, 1} {
		// A slice: the picture drawn at the whole seal's size, shifted so that
		// the clip falls on the BBox, which cuts off the rest (§8.10.1).
		content = fmt.Sprintf("q %s 0 0 %s %s %s cm /Im0 Do Q", num(s.sealWPt), num(s.sealHPt),
			num(-s.clip[0]*s.sealWPt), num(-(1-s.clip[3])*s.sealHPt))
	}
	u.stream(apNr, fmt.Sprintf("/Type/XObject/Subtype/Form/BBox[0 0 %s %s]/Matrix[%s]/Resources<</XObject<</Im0 %s>>>>",
		num(s.wPt), num(s.hPt), matrix, ref(imgNr)), []byte(content))

	pic := s.prepared
	if pic == nil {
		var err error
		if pic, err = PreparePicture(s.picture); err != nil {
			return nil, err
		}
	}
	rgb, alpha, w, h := pic.rgb, pic.alpha, pic.w, pic.h
	u.stream(imgNr, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceRGB/BitsPerComponent 8/Filter/FlateDecode/SMask %s", w, h, ref(maskNr)), rgb)
	u.stream(maskNr, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 8/Filter/FlateDecode", w, h), alpha)

	// Page /Annots gains the widget. An indirect /Annots array is rewritten in place so
	// that other pages sharing it (rare, but legal) stay consistent.
	widgetRef := *types.NewIndirectRef(widgetNr, 0)
	if ar, ok := s.page.dict["Annots"].(types.IndirectRef); ok {
		arr, err := ctx.DereferenceArray(ar)
		if err != nil {
			return nil, damaged("read /Annots of page %d: %w", s.pageNr, err)
		}
		u.object(ar.ObjectNumber.Value(), ar.GenerationNumber.Value(), append(slices.Clone(arr), widgetRef).PDFString())
	} else {
		pd := s.page.dict.Clone().(types.Dict)
		arr, _ := pd["Annots"].(types.Array)
		pd["Annots"] = append(slices.Clone(arr), widgetRef)
		u.object(s.page.ref.ObjectNumber.Value(), s.page.ref.GenerationNumber.Value(), pd.PDFString())
	}

	// AcroForm (§12.7.2): /Fields gains the field, /SigFlags 3 (SignaturesExist | AppendOnly).
	root := catalog(ctx)
	if root == nil {
		return nil, damaged("read catalog")
	}
	var acro types.Dict
	acroRef, acroIndirect := root["AcroForm"].(types.IndirectRef)
	if acroIndirect {
		d, err := ctx.DereferenceDict(acroRef)
		if err != nil || d == nil {
			return nil, damaged("read AcroForm: %v", err)
		}
		acro = d.Clone().(types.Dict)
	} else if d, ok := root["AcroForm"].(types.Dict); ok {
		acro = d.Clone().(types.Dict)
	} else {
		acro = types.Dict{}
	}
	if fr, ok := acro["Fields"].(types.IndirectRef); ok {
		arr, err := ctx.DereferenceArray(fr)
		if err != nil {
			return nil, damaged("read AcroForm /Fields: %w", err)
		}
		u.object(fr.ObjectNumber.Value(), fr.GenerationNumber.Value(), append(slices.Clone(arr), widgetRef).PDFString())
	} else {
		arr, _ := acro["Fields"].(types.Array)
		acro["Fields"] = append(slices.Clone(arr), widgetRef)
	}
	flags := 0
	if f, ok := acro["SigFlags"].(types.Integer); ok {
		flags = f.Value()
	}
	acro["SigFlags"] = types.Integer(flags | 3)
	cat := root.Clone().(types.Dict)
	writeCatalog := dropUsageRights(ctx, u, cat)
	if acroIndirect {
		u.object(acroRef.ObjectNumber.Value(), acroRef.GenerationNumber.Value(), acro.PDFString())
	} else {
		cat["AcroForm"] = acro
		writeCatalog = true
	}
	if writeCatalog {
		u.object(ctx.Root.ObjectNumber.Value(), ctx.Root.GenerationNumber.Value(), cat.PDFString())
	}

	if err := doc.writeXRef(u, next, s.rand); err != nil {
		return nil, err
	}
	return u, nil
}

// writeXRef ends the update with a cross-reference section of the same kind as the
// original's last one (§7.5.4 table or §7.5.8 stream), then startxref and %%EOF.
func (doc *document) writeXRef(u *update, next int, rnd io.Reader) error {
	ctx := doc.ctx
	nrs := make([]int, 0, len(u.offsets))
	for nr := range u.offsets {
		nrs = append(nrs, nr)
	}
	var xrefNr int
	if doc.xrefStream {
		xrefNr = next
		next++
		nrs = append(nrs, xrefNr)
	}
	slices.Sort(nrs)
	size := max(next, *ctx.Size)

	var trailer strings.Builder
	fmt.Fprintf(&trailer, "/Size %d/Root %s", size, ctx.Root.PDFString())
	if ctx.Info != nil {
		trailer.WriteString("/Info " + ctx.Info.PDFString())
	}
	// §14.4: the first ID stays, the second should change with every update.
	id0 := ""
	if len(ctx.ID) == 2 {
		switch v := ctx.ID[0].(type) {
		case types.HexLiteral:
			id0 = v.PDFString()
		case types.StringLiteral:
			id0 = v.PDFString()
		}
	}
	id1 := make([]byte, 16)
	if _, err := io.ReadFull(rnd, id1); err != nil {
		return fmt.Errorf("pdfsign: read randomness: %w", err)
	}
	if id0 == "" {
		id0 = "<" + hex.EncodeToString(id1) + ">"
	}
	fmt.Fprintf(&trailer, "/ID[%s<%x>]/Prev %d", id0, id1, doc.lastXRef)

	// Subsections of consecutive numbers.
	type run struct{ first, count int }
	var runs []run
	for _, nr := range nrs {
		if len(runs) > 0 && runs[len(runs)-1].first+runs[len(runs)-1].count == nr {
			runs[len(runs)-1].count++
		} else {
			runs = append(runs, run{nr, 1})
		}
	}
	xrefAt := u.base + int64(u.buf.Len())
	if !doc.xrefStream {
		u.buf.WriteString("xref\n")
		for _, r := range runs {
			fmt.Fprintf(&u.buf, "%d %d\n", r.first, r.count)
			for nr := r.first; nr < r.first+r.count; nr++ {
				fmt.Fprintf(&u.buf, "%010d %05d n\r\n", u.offsets[nr], u.gens[nr])
			}
		}
		fmt.Fprintf(&u.buf, "trailer\n<<%s>>\nstartxref\n%d\n%%%%EOF\n", trailer.String(), xrefAt)
		return nil
	}
	u.offsets[xrefNr] = xrefAt
	ow := 1
	for v := xrefAt; v > 0xff; v >>= 8 {
		ow++
	}
	var rows []byte
	var index strings.Builder
	for i, r := range runs {
		if i > 0 {
			index.WriteByte(' ')
		}
		fmt.Fprintf(&index, "%d %d", r.first, r.count)
		for nr := r.first; nr < r.first+r.count; nr++ {
			rows = append(rows, 1)
			for k := ow - 1; k >= 0; k-- {
				rows = append(rows, byte(u.offsets[nr]>>(8*k)))
			}
			rows = append(rows, byte(u.gens[nr]>>8), byte(u.gens[nr]))
		}
	}
	fmt.Fprintf(&u.buf, "%d 0 obj\n<</Type/XRef%s/Index[%s]/W[1 %d 2]/Length %d>>\nstream\n", xrefNr, trailer.String(), index.String(), ow, len(rows))
	u.buf.Write(rows)
	fmt.Fprintf(&u.buf, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xrefAt)
	return nil
}

// Picture is a seal picture made ready for a PDF: its samples split into
// colour and alpha and compressed, once for as many stamps as use it (a
// batch, a document with several marks).
type Picture struct {
	rgb, alpha []byte
	w, h       int
}

// PreparePicture makes img ready for Options.PreparedPicture.
func PreparePicture(img image.Image) (*Picture, error) {
	if img == nil || img.Bounds().Empty() {
		return nil, errors.New("pdfsign: no seal picture")
	}
	rgb, alpha, w, h, err := splitPicture(img)
	if err != nil {
		return nil, err
	}
	return &Picture{rgb: rgb, alpha: alpha, w: w, h: h}, nil
}

// splitPicture turns the seal picture into Flate-compressed RGB samples and an alpha
// channel for /SMask (§11.6.5.3), both top row first as §8.9.3 requires.
func splitPicture(img image.Image) (rgb, alpha []byte, w, h int, err error) {
	b := img.Bounds()
	w, h = b.Dx(), b.Dy()
	n, ok := img.(*image.NRGBA)
	if !ok || n.Rect.Min != (image.Point{}) {
		n = image.NewNRGBA(image.Rect(0, 0, w, h))
		draw.Draw(n, n.Rect, img, b.Min, draw.Src)
	}
	var rb, ab bytes.Buffer
	zr, _ := zlib.NewWriterLevel(&rb, zlib.BestSpeed)
	za, _ := zlib.NewWriterLevel(&ab, zlib.BestSpeed)
	row := make([]byte, 3*w)
	arow := make([]byte, w)
	for y := 0; y < h; y++ {
		p := n.Pix[y*n.Stride : y*n.Stride+4*w]
		for x := 0; x < w; x++ {
			row[3*x], row[3*x+1], row[3*x+2] = p[4*x], p[4*x+1], p[4*x+2]
			arow[x] = p[4*x+3]
		}
		zr.Write(row)
		za.Write(arow)
	}
	if err := errors.Join(zr.Close(), za.Close()); err != nil {
		return nil, nil, 0, 0, fmt.Errorf("pdfsign: compress seal picture: %w", err)
	}
	return rb.Bytes(), ab.Bytes(), w, h, nil
}

// num formats a coordinate compactly with enough precision for 1/1000 pt.
func num(f float64) string {
	s := strconv.FormatFloat(f, 'f', 4, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// pdfDate formats t as a PDF date (§7.9.4).
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	if off == 0 {
		return t.Format("D:20060102150405") + "Z"
	}
	return fmt.Sprintf("%s%c%02d'%02d'", t.Format("D:20060102150405"), sign, off/3600, off/60%60)
}

// textString encodes s as a PDF text string (§7.9.2.2): a literal for plain ASCII,
// UTF-16BE with a byte order mark in hex otherwise (seal and signer names are Chinese).
func textString(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
		return "(" + r.Replace(s) + ")"
	}
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2, 2+2*len(u))
	b[0], b[1] = 0xfe, 0xff
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return "<" + strings.ToUpper(hex.EncodeToString(b)) + ">"
}

// stampCertifiedForTest lets this package's tests stamp a P1-certified
// document anyway, to show the verifier what the refusal prevents.
var stampCertifiedForTest bool

// dropUsageRights removes a usage-rights signature (/Perms /UR3, ISO 32000-1
// §12.8.2.3: Adobe Reader's extended features) from the catalog cat, as iText's
// removeUsageRights does before signing: any later change breaks that signature,
// and Reader then warns that the document was changed and its features are gone,
// on a document whose stamp is valid. The DocMDP entry stays. It reports whether
// cat itself must be written; an indirect /Perms is written here.
func dropUsageRights(ctx *model.Context, u *update, cat types.Dict) bool {
	permsRef, indirect := cat["Perms"].(types.IndirectRef)
	perms, err := ctx.DereferenceDict(cat["Perms"])
	if err != nil || perms == nil {
		return false
	}
	if _, ok := perms["UR3"]; !ok {
		return false
	}
	perms = perms.Clone().(types.Dict)
	delete(perms, "UR3")
	switch {
	case indirect:
		u.object(permsRef.ObjectNumber.Value(), permsRef.GenerationNumber.Value(), perms.PDFString())
		return false
	case len(perms) == 0:
		delete(cat, "Perms")
	default:
		cat["Perms"] = perms
	}
	return true
}
