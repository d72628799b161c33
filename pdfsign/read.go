package pdfsign

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"sealdesk/pdfview"
)

// document is a parsed PDF plus what the incremental writer needs to know about its last revision.
type document struct {
	ctx        *model.Context
	size       int64
	lastXRef   int64 // offset named by the last startxref
	xrefStream bool  // the last cross-reference section is a stream (ISO 32000 §7.5.8)
	pages      []pageInfo
}

type pageInfo struct {
	ref  types.IndirectRef
	dict types.Dict
	geom pdfview.Page
}

// config is pdfcpu's relaxed reading configuration, built here because
// model.NewDefaultConfiguration creates and reads a config.yml in the user's
// config directory. Cmd ADDSIGNATURE makes pdfcpu refuse an encrypted file as soon
// as it has read the trailer, before it tries any password.
func config() *model.Configuration {
	return &model.Configuration{
		Reader15:       true,
		ValidationMode: model.ValidationRelaxed,
		Eol:            types.EolLF,
		Limits:         model.DefaultResourceLimits(),
		Cmd:            model.ADDSIGNATURE,
	}
}

// readDocument parses rs (which holds size bytes) with pdfcpu and checks that it is an
// unencrypted, complete PDF.
func readDocument(rs io.ReadSeeker) (doc *document, err error) {
	size, err := rs.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: read input: %w", err)
	}
	head := make([]byte, min(size, 1024))
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("pdfsign: read input: %w", err)
	}
	if _, err := io.ReadFull(rs, head); err != nil {
		return nil, fmt.Errorf("pdfsign: read input: %w", err)
	}
	// pdfview owns the header check (within the first 1 KiB, as readers accept it).
	if !pdfview.IsPDF(head) {
		return nil, ErrNotPDF
	}
	lastXRef, err := lastStartXRef(rs, size)
	if err != nil {
		return nil, err
	}
	kind := make([]byte, min(32, size-lastXRef))
	if _, err := rs.Seek(lastXRef, io.SeekStart); err != nil {
		return nil, fmt.Errorf("pdfsign: read input: %w", err)
	}
	if _, err := io.ReadFull(rs, kind); err != nil {
		return nil, damaged("read cross-reference section: %w", err)
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("pdfsign: read input: %w", err)
	}

	defer func() {
		// pdfcpu is not hardened against every malformed file; a panic in it is a damaged file to us.
		if r := recover(); r != nil {
			doc, err = nil, damaged("parser panic: %v", r)
		}
	}()
	ctx, err := api.ReadContext(rs, config())
	if err != nil {
		if errors.Is(err, pdfcpu.ErrEncrypted) || errors.Is(err, pdfcpu.ErrWrongPassword) {
			return nil, ErrEncrypted
		}
		return nil, damaged("parse: %w", err)
	}
	if ctx.Encrypt != nil {
		return nil, ErrEncrypted
	}
	if ctx.Root == nil {
		return nil, damaged("no document catalog")
	}
	doc = &document{ctx: ctx, size: size, lastXRef: lastXRef, xrefStream: !bytes.HasPrefix(bytes.TrimLeft(kind, " \t\r\n\f\x00"), []byte("xref"))}
	if doc.pages, err = walkPages(ctx); err != nil {
		return nil, err
	}
	return doc, nil
}

// lastStartXRef finds "startxref N %%EOF" at the end of the file (ISO 32000-1 §7.5.5).
// A file cut short has no such tail: that is how a truncated download is caught even
// when pdfcpu could repair it by scanning.
func lastStartXRef(r io.ReadSeeker, size int64) (int64, error) {
	n := min(size, 2048)
	tail := make([]byte, n)
	if _, err := r.Seek(size-n, io.SeekStart); err != nil {
		return 0, fmt.Errorf("pdfsign: read input: %w", err)
	}
	if _, err := io.ReadFull(r, tail); err != nil {
		return 0, fmt.Errorf("pdfsign: read input: %w", err)
	}
	eof := bytes.LastIndex(tail, []byte("%%EOF"))
	if eof < 0 {
		return 0, damaged("no %%%%EOF at the end of the file (truncated?)")
	}
	sx := bytes.LastIndex(tail[:eof], []byte("startxref"))
	if sx < 0 {
		return 0, damaged("no startxref before the last %%%%EOF")
	}
	num := bytes.TrimSpace(tail[sx+len("startxref") : eof])
	off, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil || off <= 0 || off >= size {
		return 0, damaged("bad startxref offset %q", num)
	}
	return off, nil
}

// walkPages lists the leaves of the page tree (ISO 32000-1 §7.7.3) in order, with the
// inheritable MediaBox, CropBox and Rotate resolved (§7.7.3.4).
func walkPages(ctx *model.Context) ([]pageInfo, error) {
	root, err := ctx.DereferenceDict(*ctx.Root)
	if err != nil || root == nil {
		return nil, damaged("read catalog: %v", err)
	}
	pagesRef, ok := root["Pages"].(types.IndirectRef)
	if !ok {
		return nil, damaged("catalog has no /Pages reference")
	}
	type inherited struct {
		media, crop *pdfview.Rect
		rotate      int
	}
	var pages []pageInfo
	seen := map[int]bool{}
	var walk func(ref types.IndirectRef, inh inherited, depth int) error
	walk = func(ref types.IndirectRef, inh inherited, depth int) error {
		nr := ref.ObjectNumber.Value()
		if seen[nr] || depth > 64 {
			return damaged("page tree loops at object %d", nr)
		}
		seen[nr] = true
		d, err := ctx.DereferenceDict(ref)
		if err != nil || d == nil {
			return damaged("read page tree node %d: %v", nr, err)
		}
		if r, ok := rectEntry(ctx, d, "MediaBox"); ok {
			inh.media = &r
		}
		if r, ok := rectEntry(ctx, d, "CropBox"); ok {
			inh.crop = &r
		}
		if o, ok := d.Find("Rotate"); ok {
			if v, err := ctx.DereferenceInteger(o); err == nil && v != nil {
				inh.rotate = v.Value()
			}
		}
		kids, hasKids := d.Find("Kids")
		if t := d.Type(); (t != nil && *t == "Page") || (t == nil && !hasKids) {
			if inh.media == nil {
				// §7.7.3.3 makes MediaBox required; viewers fall back to US Letter.
				inh.media = &pdfview.Rect{URX: 612, URY: 792}
			}
			g := pdfview.Page{MediaBox: *inh.media, Rotate: inh.rotate}
			if inh.crop != nil {
				g.CropBox = *inh.crop
			}
			pages = append(pages, pageInfo{ref: ref, dict: d, geom: g})
			return nil
		}
		arr, err := ctx.DereferenceArray(kids)
		if err != nil {
			return damaged("read /Kids of page tree node %d: %v", nr, err)
		}
		for _, k := range arr {
			kr, ok := k.(types.IndirectRef)
			if !ok {
				return damaged("page tree node %d has a direct kid", nr)
			}
			if err := walk(kr, inh, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(pagesRef, inherited{}, 0); err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, damaged("document has no pages")
	}
	return pages, nil
}

func rectEntry(ctx *model.Context, d types.Dict, key string) (pdfview.Rect, bool) {
	o, ok := d.Find(key)
	if !ok {
		return pdfview.Rect{}, false
	}
	arr, err := ctx.DereferenceArray(o)
	if err != nil || len(arr) != 4 {
		return pdfview.Rect{}, false
	}
	var v [4]float64
	for i, e := range arr {
		f, err := ctx.DereferenceNumber(e)
		if err != nil {
			return pdfview.Rect{}, false
		}
		v[i] = f
	}
	return pdfview.Rect{LLX: v[0], LLY: v[1], URX: v[2], URY: v[3]}.Normalize(), true
}

// Inspect reads a PDF the way Sign does and returns its page geometry and signature count,
// so that a request can be checked before anything is signed.
func Inspect(r io.ReadSeeker) (*Info, error) {
	doc, err := readDocument(r)
	if err != nil {
		return nil, err
	}
	info := &Info{Pages: make([]pdfview.Page, len(doc.pages))}
	for i, p := range doc.pages {
		info.Pages[i] = p.geom
	}
	fields := doc.fields()
	for _, f := range fields {
		info.Fields = append(info.Fields, f.name)
		if f.isSig && f.dict.HasEntry("V") {
			info.Signatures++
		}
	}
	info.Certification = doc.certification(fields)
	return info, nil
}

// certification is the strictest DocMDP /P among the signatures of fields,
// the document's (ISO 32000-2 §12.8.2.2), 0 when none certifies it.
func (doc *document) certification(fields []field) int {
	level := 0
	for _, f := range fields {
		if !f.isSig {
			continue
		}
		sd, _ := doc.ctx.DereferenceDict(f.dict["V"])
		if sd == nil {
			continue
		}
		if p := docMDP(doc.ctx, sd); p > 0 && (level == 0 || p < level) {
			level = p
		}
	}
	return level
}
