package pdfview

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"sealdesk/internal/testpdf"
)

// One PDFium instance for the whole package: starting one costs a compilation
// (4–6 s) or, with the cache warm, ~0.15 s, and the machine is shared.
var (
	testRenderer *Renderer
	// testCacheDir is ours alone, never the user's cache.
	testCacheDir = filepath.Join(os.TempDir(), "sealdesk-test-pdfium-cache")
)

func TestMain(m *testing.M) {
	if path := os.Getenv(previewHelperEnv); path != "" {
		os.Exit(previewHelper(path)) // a new process of BenchmarkPreviewNewProcess
	}
	flag.Parse()
	start := time.Now()
	r, err := NewRenderer(RendererOptions{CacheDir: testCacheDir})
	if err != nil {
		fmt.Fprintln(os.Stderr, "start PDFium:", err)
		os.Exit(1)
	}
	testRenderer = r
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "PDFium started in %v (cache %s)\n", time.Since(start).Round(time.Millisecond), testCacheDir)
	}
	code := m.Run()
	if heavyFile.path != "" {
		os.RemoveAll(filepath.Dir(heavyFile.path))
	}
	if err := r.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close PDFium:", err)
		code = 1
	}
	os.Exit(code)
}

func open(t testing.TB, data []byte) *Document {
	t.Helper()
	d, err := testRenderer.Open(data)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// geometryPages covers every rotation, crop boxes with and without rotation and
// a landscape media box. Each page carries testpdf's two lines of text.
var geometryPages = []struct {
	name string
	page testpdf.Page
}{
	{"upright A4", testpdf.Page{}},
	{"rotate 90", testpdf.Page{Rotate: 90}},
	{"rotate 180", testpdf.Page{Rotate: 180}},
	{"rotate 270", testpdf.Page{Rotate: 270}},
	{"rotate -90", testpdf.Page{Rotate: -90}},
	{"cropped", testpdf.Page{CropBox: [4]float64{30, 40, 530, 800}}},
	{"cropped rotate 90", testpdf.Page{Rotate: 90, CropBox: [4]float64{30, 40, 530, 800}}},
	{"letter landscape", testpdf.Page{Width: 792, Height: 612}},
	{"letter landscape rotate 270", testpdf.Page{Width: 792, Height: 612, Rotate: 270}},
}

func geometryDoc(xrefStream bool) []byte {
	pages := make([]testpdf.Page, len(geometryPages))
	for i, c := range geometryPages {
		pages[i] = c.page
		pages[i].Lines = []string{fmt.Sprintf("SealDesk test document - %s", c.name), "This page is left for a seal."}
	}
	return testpdf.New(testpdf.Options{Pages: pages, XRefStream: xrefStream})
}

// wantPage is the geometry testpdf wrote for p.
func wantPage(p testpdf.Page) Page {
	w, h := p.Width, p.Height
	if w == 0 || h == 0 {
		w, h = testpdf.A4W, testpdf.A4H
	}
	want := Page{MediaBox: Rect{0, 0, w, h}, Rotate: (p.Rotate%360 + 360) % 360}
	if p.CropBox != [4]float64{} {
		want.CropBox = Rect{p.CropBox[0], p.CropBox[1], p.CropBox[2], p.CropBox[3]}
	}
	return want
}

func nearRect(a, b Rect) bool {
	const eps = 1e-3 // PDFium hands boxes over as float32
	return math.Abs(a.LLX-b.LLX) < eps && math.Abs(a.LLY-b.LLY) < eps && math.Abs(a.URX-b.URX) < eps && math.Abs(a.URY-b.URY) < eps
}

// Page geometry read by PDFium agrees with what testpdf wrote, and the rendered
// image has the page's displayed size: DisplaySizeMM at the dpi, to a pixel.
func TestPageGeometry(t *testing.T) {
	for _, xref := range []bool{false, true} {
		t.Run(fmt.Sprintf("xrefstream=%v", xref), func(t *testing.T) {
			d := open(t, geometryDoc(xref))
			if got, want := d.PageCount(), len(geometryPages); got != want {
				t.Fatalf("PageCount = %d, want %d", got, want)
			}
			for i, c := range geometryPages {
				t.Run(c.name, func(t *testing.T) {
					got, err := d.Page(i)
					if err != nil {
						t.Fatal(err)
					}
					want := wantPage(c.page)
					if !nearRect(got.MediaBox, want.MediaBox) || !nearRect(got.CropBox, want.CropBox) || got.Rotate != want.Rotate {
						t.Fatalf("Page(%d) = %+v, want %+v", i, got, want)
					}
					for _, dpi := range []float64{72, 100, 150.5} {
						img, err := d.Render(context.Background(), i, dpi)
						if err != nil {
							t.Fatal(err)
						}
						wmm, hmm := got.DisplaySizeMM()
						wpx, hpx := wmm/25.4*dpi, hmm/25.4*dpi
						b := img.Bounds()
						if math.Abs(float64(b.Dx())-wpx) > 1 || math.Abs(float64(b.Dy())-hpx) > 1 {
							t.Errorf("at %v dpi: image %d×%d px, DisplaySizeMM %.2f×%.2f mm = %.1f×%.1f px", dpi, b.Dx(), b.Dy(), wmm, hmm, wpx, hpx)
						}
					}
				})
			}
		})
	}
	if _, err := open(t, testpdf.Simple(2)).Page(2); err == nil {
		t.Error("Page(2) of a 2-page document: no error")
	}
}

// darkBounds returns the bounding box of pixels darker than mid-grey.
func darkBounds(img *image.RGBA) image.Rectangle {
	var r image.Rectangle
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			o := img.PixOffset(x, y)
			if int(img.Pix[o])+int(img.Pix[o+1])+int(img.Pix[o+2]) < 3*128 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// displayPx maps a user-space point to a pixel of the page rendered at dpi.
func displayPx(p Page, x, y, dpi float64) image.Point {
	xmm, ymm := p.UserToDisplay(x, y)
	return image.Pt(int(math.Round(xmm/25.4*dpi)), int(math.Round(ymm/25.4*dpi)))
}

// Text is drawn where testpdf puts it — its first baseline starts at (50, h−74) in
// user space — and where the page's rotation carries it on screen.
func TestRenderText(t *testing.T) {
	const dpi = 100
	d := open(t, geometryDoc(false))
	for i, c := range geometryPages {
		t.Run(c.name, func(t *testing.T) {
			p, err := d.Page(i)
			if err != nil {
				t.Fatal(err)
			}
			img, err := d.Render(context.Background(), i, dpi)
			if err != nil {
				t.Fatal(err)
			}
			// White background: the corners are paper.
			for _, pt := range []image.Point{{0, 0}, {img.Rect.Dx() - 1, img.Rect.Dy() - 1}} {
				if c := img.RGBAAt(pt.X, pt.Y); c.R != 255 || c.G != 255 || c.B != 255 || c.A != 255 {
					t.Errorf("pixel %v = %v, want white", pt, c)
				}
			}
			dark := darkBounds(img)
			if dark.Empty() {
				t.Fatal("page renders all white")
			}
			h := p.MediaBox.Height()
			// Where the first line starts, and a generous box around both lines
			// (12 pt Helvetica, 14 pt leading, under 300 pt wide).
			origin := displayPx(p, 50, h-74, dpi)
			a, b := displayPx(p, 45, h-74-14-6, dpi), displayPx(p, 50+300, h-74+12, dpi)
			region := image.Rectangle{a, b}.Canon()
			if !dark.In(region) {
				t.Errorf("text drawn at %v, outside the expected %v", dark, region)
			}
			if !origin.In(dark.Inset(-3)) {
				t.Errorf("first baseline origin %v not at the text's edge %v", origin, dark)
			}
			if c.page.Rotate == 0 && c.page.CropBox == [4]float64{} && c.page.Width == 0 {
				// Upright A4: the text's top-left is near (50 pt, 65 pt) = (69, 90) px.
				if want := image.Pt(69, 90); math.Abs(float64(dark.Min.X-want.X)) > 4 || math.Abs(float64(dark.Min.Y-want.Y)) > 6 {
					t.Errorf("text top-left at %v px, want about %v", dark.Min, want)
				}
			}
		})
	}
}

// truncate cuts data at the given fraction of its length.
func truncate(data []byte, frac float64) []byte {
	return bytes.Clone(data[:int(float64(len(data))*frac)])
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// openCases is shared by TestOpenErrors and FuzzOpen's seeds.
func openCases(t testing.TB) []struct {
	name string
	data []byte
	want error // nil: opens
} {
	simple := testpdf.Simple(3)
	return []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrNotPDF},
		{"text", []byte("hello, this is not a PDF"), ErrNotPDF},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrNotPDF},
		{"header only", []byte("%PDF-1.7\n"), ErrDamaged},
		{"truncated after header", truncate(simple, 0.05), ErrDamaged},
		{"truncated before xref", truncate(simple, 0.3), ErrDamaged},
		{"truncated in the xref table", truncate(simple, 0.9), ErrDamaged},
		{"xref stream truncated", truncate(testpdf.New(testpdf.Options{XRefStream: true}), 0.2), ErrDamaged},
		{"user password", readTestdata(t, "encrypted-user-password.pdf"), ErrEncrypted},
		{"owner password only", readTestdata(t, "encrypted-owner-only.pdf"), nil},
		{"simple", simple, nil},
		{"junk before header", append([]byte("junk\n"), simple...), nil},
	}
}

// Open turns PDFium's error codes into our sentinels and never panics.
func TestOpenErrors(t *testing.T) {
	for _, c := range openCases(t) {
		t.Run(c.name, func(t *testing.T) {
			d, err := testRenderer.Open(c.data)
			if c.want == nil {
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				defer d.Close()
				if d.PageCount() < 1 {
					t.Errorf("PageCount = %d", d.PageCount())
				}
				return
			}
			if err == nil {
				d.Close()
				t.Fatalf("Open succeeded, want %v", c.want)
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("Open: %v, want %v", err, c.want)
			}
		})
	}
}

// A file with only an owner password opens and reads like the plain one.
func TestOwnerPasswordOnly(t *testing.T) {
	d := open(t, readTestdata(t, "encrypted-owner-only.pdf"))
	runs, err := d.Text(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) == 0 || !strings.Contains(runs[0].Text, "SealDesk test document") {
		t.Errorf("Text = %+v", runs)
	}
}

// FuzzOpen: whatever the bytes, Open gives a document or one of our sentinels,
// and an opened document can be measured and rendered without panicking.
func FuzzOpen(f *testing.F) {
	cases := openCases(f)
	if len(cases) == 0 {
		f.Fatal("no seeds")
	}
	for _, c := range cases {
		f.Add(c.data)
	}
	f.Add(signedPDF(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := testRenderer.Open(data)
		if err != nil {
			if !errors.Is(err, ErrNotPDF) && !errors.Is(err, ErrEncrypted) && !errors.Is(err, ErrDamaged) {
				t.Fatalf("Open: %v is none of our sentinels", err)
			}
			return
		}
		defer d.Close()
		if _, err := d.Page(0); err != nil {
			return
		}
		d.Render(context.Background(), 0, 10)
		d.Text(0)
		d.Signatures()
	})
}

// signedPDF builds, by hand, a one-page PDF with one signature field whose value
// is a /Type /Sig dictionary and whose widget shows a red square of 100×100 pt at
// (100, 600)–(200, 700): the shape of a visible seal (REFERENCE §4). The
// /Contents is a placeholder, not a real signature; /ByteRange is exact.
func signedPDF(t testing.TB) []byte {
	contents := strings.Repeat("0", 2*sigContentsLen)
	ap := "1 0 0 rg 0 0 100 100 re f"
	pdf := buildPDF(
		"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
		"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 6 0 R /Annots [4 0 R] >>",
		"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Seal1) /F 4 /Rect [100 600 200 700] /P 3 0 R /V 5 0 R /AP << /N 7 0 R >> >>",
		"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 0000000000 0000000000 0000000000] "+
			"/Contents <3003020101"+contents[10:]+"> /Reason (Approved by SealDesk) /M (D:20250102150405+08'00') >>",
		"<< /Length 0 >>\nstream\n\nendstream",
		fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << >> /Length %d >>\nstream\n%s\nendstream", len(ap), ap),
	)
	// The signed bytes are everything but the /Contents hex string, brackets included.
	lt := bytes.Index(pdf, []byte("/Contents <")) + len("/Contents ")
	gt := lt + bytes.IndexByte(pdf[lt:], '>') + 1
	br := fmt.Sprintf("[0 %010d %010d %010d]", lt, gt, len(pdf)-gt)
	at := bytes.Index(pdf, []byte("[0 0000000000 0000000000 0000000000]"))
	if at < 0 || len(br) != len("[0 0000000000 0000000000 0000000000]") {
		t.Fatal("signedPDF: byte range placeholder")
	}
	copy(pdf[at:], br)
	return pdf
}

const sigContentsLen = 64

// buildPDF writes objs as objects 1, 2, … with a classic cross-reference table;
// object 1 is the catalog.
func buildPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// A page with a transparency group and 50 % black comes out opaque mid-grey on
// white. (PDFium's FPDFPage_HasTransparency says false for it, as for every page
// tried; TestFlattenOnWhite covers the path for pages where it says true.)
func TestRenderTransparentPage(t *testing.T) {
	content := "/GS0 gs 0 0 0 rg 100 100 200 200 re f"
	d := open(t, buildPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 400] /Group << /S /Transparency /CS /DeviceRGB >> "+
			"/Resources << /ExtGState << /GS0 << /ca 0.5 >> >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	))
	img, err := d.Render(context.Background(), 0, 72)
	if err != nil {
		t.Fatal(err)
	}
	if c := img.RGBAAt(10, 10); c != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("background %v, want opaque white", c)
	}
	// The square spans x 100–300, y 100–300 (from the top: 400−300 … 400−100).
	if c := img.RGBAAt(200, 200); c.A != 255 || c.R < 110 || c.R > 145 || c.R != c.G || c.G != c.B {
		t.Errorf("half-transparent black on white is %v, want opaque mid-grey", c)
	}
}

func TestSignatures(t *testing.T) {
	t.Run("none", func(t *testing.T) {
		sigs, err := open(t, testpdf.Simple(1)).Signatures()
		if err != nil {
			t.Fatal(err)
		}
		if len(sigs) != 0 {
			t.Fatalf("Signatures = %+v, want none", sigs)
		}
	})
	t.Run("one", func(t *testing.T) {
		pdf := signedPDF(t)
		sigs, err := open(t, pdf).Signatures()
		if err != nil {
			t.Fatal(err)
		}
		if len(sigs) != 1 {
			t.Fatalf("got %d signatures, want 1", len(sigs))
		}
		s := sigs[0]
		lt := int64(bytes.Index(pdf, []byte("/Contents <")) + len("/Contents "))
		gt := lt + 2 + 2*sigContentsLen
		if want := []int64{0, lt, gt, int64(len(pdf)) - gt}; fmt.Sprint(s.ByteRange) != fmt.Sprint(want) {
			t.Errorf("ByteRange = %v, want %v", s.ByteRange, want)
		}
		if s.SubFilter != "adbe.pkcs7.detached" {
			t.Errorf("SubFilter = %q", s.SubFilter)
		}
		if len(s.Contents) != sigContentsLen || !bytes.HasPrefix(s.Contents, []byte{0x30, 0x03, 0x02, 0x01, 0x01}) {
			t.Errorf("Contents = %x", s.Contents)
		}
		if s.Reason != "Approved by SealDesk" {
			t.Errorf("Reason = %q", s.Reason)
		}
		if s.Time != "D:20250102150405+08'00'" {
			t.Errorf("Time = %q", s.Time)
		}
	})
}

// The signature widget's appearance — where a visible seal is drawn — shows in
// the rendered page: it is drawn by the form layer, not by FPDF_ANNOT alone.
func TestRenderShowsSignatureWidget(t *testing.T) {
	d := open(t, signedPDF(t))
	img, err := d.Render(context.Background(), 0, 72)
	if err != nil {
		t.Fatal(err)
	}
	// Rect [100 600 200 700] on an 842 pt high page: x 100–200, y 142–242 from the top.
	if c := img.RGBAAt(150, 192); c.R < 200 || c.G > 60 || c.B > 60 {
		t.Errorf("centre of the widget is %v, want red", c)
	}
	if c := img.RGBAAt(50, 192); c.R != 255 || c.G != 255 || c.B != 255 {
		t.Errorf("left of the widget is %v, want white", c)
	}
}

// Straight-alpha pixels are composed over white into opaque ones.
func TestFlattenOnWhite(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 4, 1))
	copy(src.Pix, []uint8{
		0, 0, 0, 0, // transparent: paper
		0, 0, 0, 255, // opaque black
		0, 0, 0, 128, // half black: grey
		255, 0, 0, 128, // half red: pink
	})
	dst := image.NewRGBA(src.Rect)
	flattenOnWhite(dst, src)
	want := []uint8{255, 255, 255, 255, 0, 0, 0, 255, 127, 127, 127, 255, 255, 127, 127, 255}
	if !bytes.Equal(dst.Pix, want) {
		t.Errorf("got %v, want %v", dst.Pix, want)
	}
}

// Text finds testpdf's first line in the top-left area of the page, in mm.
func TestText(t *testing.T) {
	d := open(t, testpdf.Simple(1))
	runs, err := d.Text(0)
	if err != nil {
		t.Fatal(err)
	}
	var found *TextRun
	for i := range runs {
		if strings.Contains(runs[i].Text, "SealDesk test document") {
			found = &runs[i]
			break
		}
	}
	if found == nil {
		t.Fatalf("no run with the title in %+v", runs)
	}
	// Baseline at (50, h−74) pt: x = 17.6 mm; the glyphs lie about 23–27 mm down.
	b := found.Box
	t.Logf("%q at %+v mm", found.Text, b)
	if math.Abs(b.X-50/PointsPerMM) > 1 || b.Y < 20 || b.Y > 26 || b.Y+b.H < 25 || b.Y+b.H > 28 || b.W < 40 || b.W > 110 {
		t.Errorf("box %+v mm, want one line from x≈17.6 mm about 23–27 mm down", b)
	}
	// On a page turned 90°, the same text runs down the right-hand side.
	rot := open(t, testpdf.New(testpdf.Options{Pages: []testpdf.Page{{Rotate: 90, Lines: []string{"SealDesk test document"}}}}))
	runs, err = rot.Text(0)
	if err != nil || len(runs) == 0 {
		t.Fatalf("Text on a rotated page: %v, %+v", err, runs)
	}
	w, _ := mustPage(t, rot, 0).DisplaySizeMM()
	if b := runs[0].Box; b.X < w/2 || b.H < b.W {
		t.Errorf("rotated page: box %+v mm on a %.0f mm wide page, want a tall box on the right", b, w)
	}
}

func mustPage(t *testing.T, d *Document, i int) Page {
	t.Helper()
	p, err := d.Page(i)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A second Renderer on the same cache directory starts (from the cache the first
// one filled) and works while the first is still open.
func TestCompilationCache(t *testing.T) {
	entries, err := os.ReadDir(testCacheDir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("cache dir %s after the first start: %v, %d entries", testCacheDir, err, len(entries))
	}
	start := time.Now()
	r, err := NewRenderer(RendererOptions{CacheDir: testCacheDir})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second renderer started in %v", time.Since(start))
	d, err := r.Open(testpdf.Simple(1))
	if err != nil {
		t.Fatal(err)
	}
	if img, err := d.Render(context.Background(), 0, 50); err != nil || darkBounds(img).Empty() {
		t.Fatalf("render through the second renderer: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Signatures(); !errors.Is(err, ErrClosed) {
		t.Errorf("document of a closed renderer: %v, want ErrClosed", err)
	}
	if err := r.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
}

func TestMisuse(t *testing.T) {
	d, err := testRenderer.Open(testpdf.Simple(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, dpi := range []float64{0, -1, math.NaN(), math.Inf(1), 1e6} {
		if _, err := d.Render(context.Background(), 0, dpi); err == nil {
			t.Errorf("Render at %v dpi: no error", dpi)
		}
	}
	if _, err := d.Render(context.Background(), 1, 72); err == nil {
		t.Error("Render(1) of a 1-page document: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.Render(ctx, 0, 72); !errors.Is(err, context.Canceled) {
		t.Errorf("Render with a cancelled context: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Render(context.Background(), 0, 72); !errors.Is(err, ErrClosed) {
		t.Errorf("Render after Close: %v, want ErrClosed", err)
	}
	if _, err := d.Text(0); !errors.Is(err, ErrClosed) {
		t.Errorf("Text after Close: %v, want ErrClosed", err)
	}
	if err := d.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
}

// Four goroutines rendering the same document at once get the images a lone
// caller gets. Run with -race.
func TestRenderConcurrent(t *testing.T) {
	d := open(t, geometryDoc(true))
	n := d.PageCount()
	want := make([]*image.RGBA, n)
	for i := range want {
		img, err := d.Render(context.Background(), i, 60)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = img
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range 2 * n {
				i := (g*3 + k) % n // each goroutine walks the pages from a different start
				got, err := d.Render(context.Background(), i, 60)
				if err != nil {
					t.Error(err)
					return
				}
				if got.Rect != want[i].Rect || !bytes.Equal(got.Pix, want[i].Pix) {
					t.Errorf("goroutine %d: page %d differs from the serial render", g, i)
				}
				if k%5 == 0 { // interleave other calls on the instance
					if _, err := d.Text(i); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkNewRendererCold(b *testing.B) {
	for b.Loop() {
		r, err := NewRenderer(RendererOptions{})
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

func BenchmarkNewRendererCached(b *testing.B) {
	for b.Loop() {
		r, err := NewRenderer(RendererOptions{CacheDir: testCacheDir})
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

func BenchmarkRenderPage100dpi(b *testing.B) {
	d := open(b, testpdf.Simple(1000))
	ctx := context.Background()
	for b.Loop() {
		if _, err := d.Render(ctx, 500, 100); err != nil {
			b.Fatal(err)
		}
	}
}
