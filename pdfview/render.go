package pdfview

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
)

// Errors from Open. PDFium reports one "format" error both for bytes that are no
// PDF at all and for a PDF damaged beyond repair; Open tells them apart by the
// header (see IsPDF).
var (
	ErrNotPDF    = errors.New("pdfview: not a PDF file")
	ErrEncrypted = errors.New("pdfview: the PDF is encrypted and needs a password")
	ErrDamaged   = errors.New("pdfview: the PDF is damaged")
	ErrClosed    = errors.New("pdfview: renderer or document is closed")
)

// maxPixels bounds one rendered page (64 Mpx, 256 MiB of RGBA): an A4 page at
// 600 dpi is 35 Mpx. PDFium's WebAssembly memory cannot exceed 4 GiB, and a
// large page at a careless dpi would otherwise fail deep inside it.
const maxPixels = 1 << 26

// RendererOptions configures NewRenderer.
type RendererOptions struct {
	// CacheDir holds wazero's compiled machine code for the PDFium module, so
	// that every start after the first skips the 4–6 s compilation. Empty means
	// no cache. The directory is created if missing; wazero keys its entries by
	// its own version and the module's hash, so a stale entry is never used.
	CacheDir string
}

// Renderer owns one PDFium WebAssembly instance (github.com/klippa-app/go-pdfium
// in WebAssembly mode, run by wazero: no cgo). PDFium is single-threaded, so every
// call into the instance is serialised; a Renderer and its Documents are safe for
// use from any goroutine.
type Renderer struct {
	sem   chan struct{} // holds one token while a goroutine uses the instance
	pool  pdfium.Pool
	inst  pdfium.Pdfium
	cache wazero.CompilationCache // nil without CacheDir

	closed bool                   // guarded by sem
	docs   map[*Document]struct{} // guarded by sem
}

// NewRenderer compiles (or loads from o.CacheDir) the PDFium module and starts
// one instance of it.
func NewRenderer(o RendererOptions) (*Renderer, error) {
	// go-pdfium's webassembly.Config takes a wazero.RuntimeConfig, which is
	// where a compilation cache is attached (wazero.RuntimeConfig.WithCompilationCache).
	rc := wazero.NewRuntimeConfig()
	var cache wazero.CompilationCache
	if o.CacheDir != "" {
		var err error
		if cache, err = wazero.NewCompilationCacheWithDir(o.CacheDir); err != nil {
			return nil, fmt.Errorf("pdfview: open compilation cache: %w", err)
		}
		rc = rc.WithCompilationCache(cache)
	}
	pool, err := webassembly.Init(webassembly.Config{
		// One worker: PDFium is single-threaded and each worker is a whole
		// PDFium heap; the documents we show are opened one at a time.
		MinIdle:       1,
		MaxIdle:       1,
		MaxTotal:      1,
		RuntimeConfig: rc,
		// The default mounts the host's / inside the sandbox. We only ever
		// hand PDFium bytes in memory or a reader (OpenFile), so it gets no
		// file system at all.
		FSConfig: wazero.NewFSConfig(),
		// PDFium's own diagnostics go nowhere: errors reach callers as values.
		Stdout: io.Discard,
		Stderr: io.Discard,
	})
	if err != nil {
		closeCache(cache)
		return nil, fmt.Errorf("pdfview: start PDFium: %w", err)
	}
	inst, err := pool.GetInstance(30 * time.Second)
	if err != nil {
		pool.Close()
		closeCache(cache)
		return nil, fmt.Errorf("pdfview: start PDFium instance: %w", err)
	}
	r := &Renderer{sem: make(chan struct{}, 1), pool: pool, inst: inst, cache: cache, docs: map[*Document]struct{}{}}
	return r, nil
}

func closeCache(c wazero.CompilationCache) {
	if c != nil {
		c.Close(context.Background())
	}
}

// lock takes the instance, or gives up when ctx is done first.
func (r *Renderer) lock(ctx context.Context) error {
	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	if r.closed {
		r.unlock()
		return ErrClosed
	}
	return nil
}

func (r *Renderer) unlock() { <-r.sem }

// Close closes every open Document, stops the PDFium instance and releases the
// compilation cache. Closing twice returns ErrClosed.
func (r *Renderer) Close() error {
	if err := r.lock(context.Background()); err != nil {
		return err
	}
	defer r.unlock()
	r.closed = true
	for d := range r.docs {
		d.closed = true
		if d.file != nil {
			d.file.Close()
		}
	}
	r.docs = nil
	// Closing the pool closes the instance, its documents and the wazero runtime.
	err := r.pool.Close()
	if r.cache != nil {
		if cerr := r.cache.Close(context.Background()); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("pdfview: close PDFium: %w", err)
	}
	return nil
}

// Document is a PDF opened by a Renderer. Its methods are safe for concurrent use;
// they take turns on the Renderer's instance.
type Document struct {
	r      *Renderer
	ref    references.FPDF_DOCUMENT
	pages  int
	file   io.Closer // the file PDFium reads from (OpenFile); nil for bytes and readers
	closed bool      // guarded by r.sem
}

// Open reads a PDF from memory. PDFium copies data into its own memory, so the
// caller may reuse the slice. Errors: ErrNotPDF, ErrEncrypted (a user password
// is needed; files with only an owner password open), ErrDamaged. A document
// on disk is better opened with OpenFile, which copies nothing.
func (r *Renderer) Open(data []byte) (*Document, error) {
	if !IsPDF(data) {
		return nil, ErrNotPDF
	}
	return r.open(&requests.OpenDocument{File: &data})
}

// OpenReader opens a PDF of size bytes that PDFium reads from rs as it needs
// them (FPDF_LoadCustomDocument): nothing is copied into PDFium's memory, so
// opening a 50 MB document costs what its cross-reference table and first
// page cost, not 50 MB. rs must stay readable, unchanged, until the Document
// is closed; it is only read while the Document's methods run.
func (r *Renderer) OpenReader(rs io.ReadSeeker, size int64) (*Document, error) {
	head := make([]byte, min(size, 1024))
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("pdfview: read PDF: %w", err)
	}
	if _, err := io.ReadFull(rs, head); err != nil {
		return nil, fmt.Errorf("pdfview: read PDF: %w", err)
	}
	if size <= 0 || !IsPDF(head) {
		return nil, ErrNotPDF
	}
	return r.open(&requests.OpenDocument{FileReader: rs, FileReaderSize: size})
}

// OpenFile opens the PDF at path through OpenReader; the file stays open
// until the Document is closed. The sandbox gets no file system: PDFium sees
// only this file's bytes, through the reader.
func (r *Renderer) OpenFile(path string) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("pdfview: open PDF: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("pdfview: open PDF: %w", err)
	}
	d, err := r.OpenReader(f, st.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	d.file = f
	return d, nil
}

func (r *Renderer) open(req *requests.OpenDocument) (*Document, error) {
	if err := r.lock(context.Background()); err != nil {
		return nil, err
	}
	defer r.unlock()
	res, err := r.inst.OpenDocument(req)
	if err != nil {
		return nil, openError(err)
	}
	d := &Document{r: r, ref: res.Document}
	n, err := r.inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: d.ref})
	if err == nil && n.PageCount <= 0 {
		// PDFium rebuilds a broken cross-reference table by scanning the file; when
		// nothing page-like survives, there is nothing to show or seal.
		err = errors.New("no pages")
	}
	if err != nil {
		r.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.ref})
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	d.pages = n.PageCount
	r.docs[d] = struct{}{}
	return d, nil
}

// IsPDF reports whether data (a whole file or its first 1024 bytes) starts
// like a PDF. PDFium, like Acrobat, accepts the "%PDF-" header anywhere in the
// first 1024 bytes (ISO 32000-2 §7.5.2 wants it at byte 0; real files carry
// junk before it). This is the product's one header check: app's DetectFormat
// and pdfsign's reader call it (TestOneHeaderCheck).
func IsPDF(data []byte) bool {
	return bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-"))
}

// openError translates PDFium's FPDF_GetLastError codes (fpdfview.h FPDF_ERR_*).
func openError(err error) error {
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword):
		return ErrEncrypted
	case errors.Is(err, pdfiumerrors.ErrSecurity):
		// An encryption handler PDFium does not implement (public-key, custom).
		return fmt.Errorf("%w (unsupported security handler)", ErrEncrypted)
	case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile),
		errors.Is(err, pdfiumerrors.ErrUnknown), errors.Is(err, pdfiumerrors.ErrPage):
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	default:
		return fmt.Errorf("pdfview: open PDF: %w", err)
	}
}

// Close releases the document inside PDFium. Closing twice returns ErrClosed.
func (d *Document) Close() error {
	if err := d.lock(context.Background()); err != nil {
		return err
	}
	defer d.r.unlock()
	d.closed = true
	delete(d.r.docs, d)
	_, err := d.r.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.ref})
	if d.file != nil {
		d.file.Close() // read-only: nothing to lose
	}
	if err != nil {
		return fmt.Errorf("pdfview: close document: %w", err)
	}
	return nil
}

func (d *Document) lock(ctx context.Context) error {
	if err := d.r.lock(ctx); err != nil {
		return err
	}
	if d.closed {
		d.r.unlock()
		return ErrClosed
	}
	return nil
}

// PageCount returns the number of pages, at least 1.
func (d *Document) PageCount() int { return d.pages }

// page checks the index and names the page for go-pdfium. go-pdfium keeps the
// last page loaded by index open per document, so walking pages costs one
// FPDF_LoadPage each and nothing leaks.
func (d *Document) page(i int) (requests.Page, error) {
	if i < 0 || i >= d.pages {
		return requests.Page{}, fmt.Errorf("pdfview: no page %d in a %d-page document", i, d.pages)
	}
	return requests.Page{ByIndex: &requests.PageByIndex{Document: d.ref, Index: i}}, nil
}

// Page returns the geometry of page i (0-based) as PDFium reads it: inherited
// boxes and /Rotate resolved, a missing /MediaBox replaced by US Letter as
// PDFium does.
func (d *Document) Page(i int) (Page, error) {
	if err := d.lock(context.Background()); err != nil {
		return Page{}, err
	}
	defer d.r.unlock()
	return d.geometry(i)
}

func (d *Document) geometry(i int) (Page, error) {
	pg, err := d.page(i)
	if err != nil {
		return Page{}, err
	}
	rot, err := d.r.inst.FPDFPage_GetRotation(&requests.FPDFPage_GetRotation{Page: pg})
	if err != nil {
		return Page{}, pageError(i, err)
	}
	var p Page
	p.Rotate = 90 * int(rot.PageRotation)
	// FPDFPage_GetMediaBox and FPDFPage_GetCropBox report false when the entry is
	// absent (after inheritance), and go-pdfium turns that into an error that
	// carries no code. A page that loads cannot fail otherwise here, so absence
	// is what the error means.
	if mb, err := d.r.inst.FPDFPage_GetMediaBox(&requests.FPDFPage_GetMediaBox{Page: pg}); err == nil {
		p.MediaBox = Rect{float64(mb.Left), float64(mb.Bottom), float64(mb.Right), float64(mb.Top)}.Normalize()
	} else {
		p.MediaBox = Rect{0, 0, 612, 792} // CPDF_Page's default
	}
	if cb, err := d.r.inst.FPDFPage_GetCropBox(&requests.FPDFPage_GetCropBox{Page: pg}); err == nil {
		p.CropBox = Rect{float64(cb.Left), float64(cb.Bottom), float64(cb.Right), float64(cb.Top)}.Normalize()
	}
	return p, nil
}

func pageError(i int, err error) error {
	if errors.Is(err, pdfiumerrors.ErrPage) {
		return fmt.Errorf("load page %d: %w", i, ErrDamaged)
	}
	return fmt.Errorf("pdfview: page %d: %w", i, err)
}

// Render draws page i (0-based) as displayed — crop box, /Rotate applied — on
// white at dpi dots per inch. Annotations and form fields are drawn too, so a
// signature widget's appearance (a visible seal) shows: PDFium skips widgets in
// FPDF_RenderPageBitmap even with FPDF_ANNOT and draws them only through the
// form-fill layer (FPDF_FFLDraw), which go-pdfium's RenderForm runs.
//
// The image is w×h = ⌈width·dpi/72⌉×⌈height·dpi/72⌉ of the displayed page in
// points, i.e. Page.DisplaySizeMM at dpi, rounded up. ctx is honoured while
// waiting for the instance; a render that has started runs to the end (tens of
// milliseconds), because interrupting PDFium means killing the instance and
// every document open in it.
func (d *Document) Render(ctx context.Context, i int, dpi float64) (*image.RGBA, error) {
	if !(dpi > 0) || math.IsInf(dpi, 1) {
		return nil, fmt.Errorf("pdfview: bad resolution %v dpi", dpi)
	}
	if err := d.lock(ctx); err != nil {
		return nil, err
	}
	defer d.r.unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pg, err := d.page(i)
	if err != nil {
		return nil, err
	}
	size, err := d.r.inst.GetPageSize(&requests.GetPageSize{Page: pg})
	if err != nil {
		return nil, pageError(i, err)
	}
	w := int(math.Ceil(size.Width * dpi / 72))
	h := int(math.Ceil(size.Height * dpi / 72))
	if w <= 0 || h <= 0 || float64(w)*float64(h) > maxPixels {
		return nil, fmt.Errorf("pdfview: page %d at %v dpi would be %d×%d pixels", i, dpi, w, h)
	}
	// RenderPageInPixels rather than RenderPageInDPI: the latter takes an integer dpi.
	// Given the exact ⌈⌉ size, go-pdfium's aspect fitting returns that size.
	res, err := d.r.inst.RenderPageInPixels(&requests.RenderPageInPixels{
		Page:        pg,
		Width:       w,
		Height:      h,
		RenderFlags: enums.FPDF_RENDER_FLAG_ANNOT,
		RenderForm:  true,
	})
	if err != nil {
		return nil, pageError(i, err)
	}
	defer res.Cleanup()
	src := res.Result.Image
	if src == nil || src.Rect.Dx() != w || src.Rect.Dy() != h {
		return nil, fmt.Errorf("pdfview: page %d: PDFium rendered %v, want %d×%d", i, src.Bounds(), w, h)
	}
	// src.Pix is a view of PDFium's memory, valid until Cleanup: copy it out.
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if !res.Result.HasTransparency {
		// go-pdfium filled the bitmap opaque white before drawing.
		for y := range h {
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+4*w], src.Pix[y*src.Stride:y*src.Stride+4*w])
		}
		return dst, nil
	}
	// For pages PDFium says need a transparent backdrop (FPDFPage_HasTransparency),
	// go-pdfium starts from transparent black and PDFium leaves straight (not
	// premultiplied) alpha, which is not what image.RGBA holds: put it on white.
	flattenOnWhite(dst, src)
	return dst, nil
}

// flattenOnWhite composes src, straight-alpha RGBA of dst's size, over opaque white into dst.
func flattenOnWhite(dst, src *image.RGBA) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	for y := range h {
		s := src.Pix[y*src.Stride : y*src.Stride+4*w]
		t := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		for x := 0; x < len(s); x += 4 {
			a := uint32(s[x+3])
			for c := range 3 {
				t[x+c] = uint8((uint32(s[x+c])*a + 255*(255-a) + 127) / 255)
			}
			t[x+3] = 0xff
		}
	}
}
