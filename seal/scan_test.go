package seal

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
)

const scanDPI = 300

// syntheticScan stamps spec onto off-white, noisy paper: the seal is drawn at
// scanDPI, turned by angleDeg (clockwise on screen) about its centre, pressed
// into the paper as ink (multiplied, as ink absorbs light), and lines of dark
// print are laid across it, as on a stamped contract. Everything random comes
// from a fixed seed. It returns the scan and the seal as it lies in the scan,
// turned, on a canvas of the seal's own size.
func syntheticScan(t testing.TB, spec PictureSpec, angleDeg float64, print bool, margin int) (scan *image.NRGBA, turned *image.NRGBA) {
	t.Helper()
	seal, err := DrawPicture(spec, scanDPI)
	if err != nil {
		t.Fatal(err)
	}
	sw, sh := seal.Rect.Dx(), seal.Rect.Dy()
	w, h := sw+2*margin, sh+2*margin
	rng := rand.New(rand.NewSource(20261122))

	// Paper: warm off-white with per-pixel noise and a few grey specks.
	scan = image.NewNRGBA(image.Rect(0, 0, w, h))
	paper := [3]float64{243, 238, 226}
	for i := 0; i < len(scan.Pix); i += 4 {
		for c := range 3 {
			scan.Pix[i+c] = clamp8(paper[c] + rng.NormFloat64()*5)
		}
		scan.Pix[i+3] = 255
	}
	for range 300 * w * h / 800_000 {
		x, y, v := rng.Intn(w-2), rng.Intn(h-2), uint8(90+rng.Intn(100))
		for _, d := range []image.Point{{0, 0}, {1, 0}, {0, 1}, {1, 1}}[:1+rng.Intn(4)] {
			i := scan.PixOffset(x+d.X, y+d.Y)
			scan.Pix[i], scan.Pix[i+1], scan.Pix[i+2] = v, v, v
		}
	}

	// Ink: the turned seal, a little uneven, multiplied into the paper.
	turned = turn(seal, angleDeg, sw, sh)
	// The scan gets the whole turned seal, corners included.
	sn, cs := math.Abs(math.Sin(angleDeg*math.Pi/180)), math.Abs(math.Cos(angleDeg*math.Pi/180))
	bw, bh := int(float64(sw)*cs+float64(sh)*sn)+4, int(float64(sw)*sn+float64(sh)*cs)+4
	bw, bh = bw+(bw-sw)%2, bh+(bh-sh)%2 // centred on the same pixel grid
	whole := turn(seal, angleDeg, bw, bh)
	press := func(img *image.NRGBA, ox, oy int, strength func() float64) {
		for y := range img.Rect.Dy() {
			for x := range img.Rect.Dx() {
				p := img.NRGBAAt(x, y)
				if p.A == 0 {
					continue
				}
				if !image.Pt(ox+x, oy+y).In(scan.Rect) {
					continue
				}
				a := float64(p.A) / 255 * strength()
				i := scan.PixOffset(ox+x, oy+y)
				for c, ink := range []uint8{p.R, p.G, p.B} {
					v := float64(scan.Pix[i+c])
					scan.Pix[i+c] = clamp8(v * (1 - a + a*float64(ink)/255))
				}
			}
		}
	}
	press(whole, margin-(bw-sw)/2, margin-(bh-sh)/2, func() float64 { return 0.85 + 0.15*rng.Float64() })

	if print {
		// Three lines of print across the seal, and a rule under the last.
		fonts, err := loadFonts()
		if err != nil {
			t.Fatal(err)
		}
		for k, text := range []string{
			"甲方（盖章）：北京海淀区示例科技有限公司",
			"本合同一式两份，自双方签字盖章之日起生效。",
			"日期：2026年11月22日  Contract No. HT-2026-0815",
		} {
			l := &layout{fonts: fonts, gc: glyphCache{fonts: fonts}}
			const lineH = 3.2
			lineW := math.Min(62, float64(w)*25.4/scanDPI-4)
			room := []vec{{-lineW / 2, lineH}, {lineW / 2, lineH}, {lineW / 2, -lineH}, {-lineW / 2, -lineH}}
			if _, err := l.line([]rune(text), textRole{height: lineH, condense: 0.95, track: 0.05, minAspect: 0.3}, lineH/2, room, 0); err != nil {
				t.Fatal(err)
			}
			img := l.render(lineW, lineH+0.6, scanDPI, color.NRGBA{R: 0x18, G: 0x18, B: 0x18, A: 0xFF})
			oy := margin + sh/5 + k*sh*3/10
			press(img, (w-img.Rect.Dx())/2, oy, func() float64 { return 1 })
			if k == 2 {
				rule := image.NewNRGBA(image.Rect(0, 0, w-100, 3))
				for i := 0; i < len(rule.Pix); i += 4 {
					rule.Pix[i], rule.Pix[i+1], rule.Pix[i+2], rule.Pix[i+3] = 0x10, 0x10, 0x10, 0xFF
				}
				press(rule, 50, oy+img.Rect.Dy()+4, func() float64 { return 1 })
			}
		}
	}
	return scan, turned
}

func clamp8(v float64) uint8 { return uint8(math.Round(math.Max(0, math.Min(255, v)))) }

// turn rotates img by angleDeg clockwise (on screen) about its centre onto a
// w × h canvas centred on the same point, sampling alpha bilinearly.
func turn(img *image.NRGBA, angleDeg float64, w, h int) *image.NRGBA {
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	sn, cs := math.Sincos(angleDeg * math.Pi / 180)
	icx, icy := float64(img.Rect.Dx())/2, float64(img.Rect.Dy())/2
	ocx, ocy := float64(w)/2, float64(h)/2
	alphaAt := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= img.Rect.Dx() || y >= img.Rect.Dy() {
			return 0
		}
		return float64(img.Pix[img.PixOffset(x, y)+3])
	}
	c := img.NRGBAAt(img.Rect.Dx()/2, img.Rect.Dy()/2)
	for y := range h {
		for x := range w {
			dx, dy := float64(x)+0.5-ocx, float64(y)+0.5-ocy
			// Inverse of a clockwise turn on screen (y down).
			sx, sy := dx*cs+dy*sn+icx-0.5, -dx*sn+dy*cs+icy-0.5
			x0, y0 := math.Floor(sx), math.Floor(sy)
			fx, fy := sx-x0, sy-y0
			ix, iy := int(x0), int(y0)
			a := (alphaAt(ix, iy)*(1-fx)+alphaAt(ix+1, iy)*fx)*(1-fy) +
				(alphaAt(ix, iy+1)*(1-fx)+alphaAt(ix+1, iy+1)*fx)*fy
			p := out.Pix[out.PixOffset(x, y):]
			p[0], p[1], p[2], p[3] = c.R, c.G, c.B, clamp8(a)
		}
	}
	return out
}

// overlap returns the best intersection over union of the inked pixels
// (alpha ≥ 128) of got and want over shifts of up to ±3 pixels, and the
// fraction of got's ink lying outside want's ink grown by 3 pixels.
func overlap(got, want *image.NRGBA) (iou, stray float64) {
	ink := func(img *image.NRGBA, x, y int) bool {
		return image.Pt(x, y).In(img.Rect) && img.Pix[img.PixOffset(x, y)+3] >= 128
	}
	for dy := -3; dy <= 3; dy++ {
		for dx := -3; dx <= 3; dx++ {
			var inter, union float64
			for y := range got.Rect.Dy() {
				for x := range got.Rect.Dx() {
					a, b := ink(got, x, y), ink(want, x+dx, y+dy)
					if a && b {
						inter++
					}
					if a || b {
						union++
					}
				}
			}
			iou = math.Max(iou, inter/union)
		}
	}
	var all, out float64
	for y := range got.Rect.Dy() {
		for x := range got.Rect.Dx() {
			if got.Pix[got.PixOffset(x, y)+3] == 0 {
				continue
			}
			all++
			near := false
			for dy := -3; dy <= 3 && !near; dy++ {
				for dx := -3; dx <= 3 && !near; dx++ {
					near = want.Rect.Dx() > 0 && image.Pt(x+dx, y+dy).In(want.Rect) && want.Pix[want.PixOffset(x+dx, y+dy)+3] > 0
				}
			}
			if !near {
				out++
			}
		}
	}
	return iou, out / all
}

// TestImportScan imports synthetic scans of a round, an oval, a square and a
// rectangular seal, turned by 2 to 5° and crossed by dark print, and checks
// that the result has the seal's size in pixels, transparent corners and
// background, only red pixels, and the seal's ink: at least 0.8 intersection
// over union with the seal as drawn (turned as in the scan for round and
// oval seals, straight for square and rectangular ones, which are
// straightened).
func TestImportScan(t *testing.T) {
	for _, tc := range []struct {
		name    string
		spec    PictureSpec
		angle   float64
		print   bool
		margin  int // pixels of paper around the seal
		minIoU  float64
		upright bool // the import straightens it
	}{
		{"organisation turned 3°", OrganisationSeal(testOrg, testCode), 3, true, 150, 0.85, false},
		{"contract turned −5°", BusinessSeal(testOrg, "合同专用章", "1101080012346"), -5, true, 150, 0.85, false},
		{"invoice turned 2°", InvoiceSeal(testOrg, testTaxID, "1101080012348"), 2, true, 150, 0.8, false},
		{"name seal turned 4°", NameSeal("王小明"), 4, true, 150, 0.85, true},
		{"name seal on a page turned 2°", NameSeal("张三"), 2, true, 900, 0.85, true},
		{"private seal turned −3°", PrivateSeal("欧阳明月"), -3, false, 150, 0.8, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.margin > 500 {
				t.Skip("a large scan")
			}
			scan, turned := syntheticScan(t, tc.spec, tc.angle, tc.print, tc.margin)
			got, err := ImportScan(scan, tc.spec.WidthMM, tc.spec.HeightMM, scanDPI)
			if err != nil {
				t.Fatal(err)
			}
			want := turned
			if tc.upright {
				if want, err = DrawPicture(tc.spec, scanDPI); err != nil {
					t.Fatal(err)
				}
			}
			if got.Rect != want.Rect {
				t.Fatalf("size %v, want %v (%g × %g mm at %d dpi)", got.Rect.Size(), want.Rect.Size(), tc.spec.WidthMM, tc.spec.HeightMM, scanDPI)
			}
			b := got.Rect
			for _, c := range []image.Point{{0, 0}, {b.Max.X - 1, 0}, {0, b.Max.Y - 1}, {b.Max.X - 1, b.Max.Y - 1}} {
				if a := got.NRGBAAt(c.X, c.Y).A; a != 0 {
					t.Errorf("corner %v has alpha %d, want 0", c, a)
				}
			}
			for y := range b.Dy() {
				for x := range b.Dx() {
					p := got.NRGBAAt(x, y)
					if p.A > 0 && int(p.R)-int(max(p.G, p.B)) < 100 {
						t.Fatalf("pixel (%d, %d) is %v: not red ink (black or grey print kept?)", x, y, p)
					}
				}
			}
			iou, stray := overlap(got, want)
			if iou < tc.minIoU {
				t.Errorf("ink overlaps the seal with IoU %.3f, want ≥ %.2f", iou, tc.minIoU)
			}
			if stray > 0.005 {
				t.Errorf("%.2f %% of the kept pixels lie away from the seal's ink (paper, specks or print kept), want ≤ 0.5 %%", 100*stray)
			}
			t.Logf("IoU %.3f, stray %.4f %%", iou, 100*stray)
			if t.Failed() {
				// The input and the result, for a person to look at.
				name := strings.Fields(tc.name)[0]
				writePNG(t, filepath.Join("testdata", "failed", "scan-"+name+".png"), scan, scanDPI)
				writePNG(t, filepath.Join("testdata", "failed", "imported-"+name+".png"), got, scanDPI)
			}
		})
	}
}

// TestImportScanScale checks that the output follows the requested size and
// resolution, whatever the scan's own resolution.
func TestImportScanScale(t *testing.T) {
	scan, _ := syntheticScan(t, OrganisationSeal(testOrg, testCode), 3, false, 150)
	for _, tc := range []struct {
		mm, dpi float64
		px      int
	}{{42, 600, 992}, {42, 150, 248}, {40, 300, 472}} {
		got, err := ImportScan(scan, tc.mm, tc.mm, tc.dpi)
		if err != nil {
			t.Fatal(err)
		}
		if got.Rect.Dx() != tc.px || got.Rect.Dy() != tc.px {
			t.Errorf("%g mm at %g dpi: %v, want %d × %d", tc.mm, tc.dpi, got.Rect.Size(), tc.px, tc.px)
		}
	}
}

func TestImportScanErrors(t *testing.T) {
	paper := image.NewNRGBA(image.Rect(0, 0, 400, 400))
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < len(paper.Pix); i += 4 {
		for c := range 3 {
			paper.Pix[i+c] = clamp8(240 + rng.NormFloat64()*6)
		}
		paper.Pix[i+3] = 255
	}
	printed := image.NewNRGBA(paper.Rect)
	copy(printed.Pix, paper.Pix)
	for y := 100; y < 300; y += 20 {
		for x := 50; x < 350; x++ {
			for k := range 3 {
				i := printed.PixOffset(x, y+k)
				printed.Pix[i], printed.Pix[i+1], printed.Pix[i+2] = 20, 20, 20
			}
		}
	}
	speck := image.NewNRGBA(paper.Rect)
	copy(speck.Pix, paper.Pix)
	for _, p := range []image.Point{{10, 10}, {200, 200}, {390, 20}} {
		i := speck.PixOffset(p.X, p.Y)
		speck.Pix[i], speck.Pix[i+1], speck.Pix[i+2] = 220, 30, 30
	}
	for _, tc := range []struct {
		name   string
		img    image.Image
		mm     float64
		dpi    float64
		noInk  bool
		reason string
	}{
		{"blank paper", paper, 42, 300, true, "no red ink"},
		{"black print only", printed, 42, 300, true, "no red ink"},
		{"a few red specks", speck, 42, 300, true, "no red ink"},
		{"too small", image.NewNRGBA(image.Rect(0, 0, 10, 10)), 42, 300, false, "at least"},
		{"zero size", paper, 0, 300, false, "width 0 mm"},
		{"huge dpi", paper, 42, 1e6, false, "dpi"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ImportScan(tc.img, tc.mm, tc.mm, tc.dpi)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrNoSealInk) != tc.noInk {
				t.Errorf("error %q: errors.Is(ErrNoSealInk) = %v, want %v", err, !tc.noInk, tc.noInk)
			}
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("error %q does not mention %q", err, tc.reason)
			}
		})
	}
}

func BenchmarkImportScan300dpi(b *testing.B) {
	scan, _ := syntheticScan(b, OrganisationSeal(testOrg, testCode), 3, true, 150)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ImportScan(scan, 42, 42, 300); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleImportScan() {
	// A stand-in for a scan: a 42 mm seal at 150 dpi on white paper.
	seal, err := DrawPicture(OrganisationSeal("北京示例科技有限公司", "1101080012345"), 150)
	if err != nil {
		fmt.Println(err)
		return
	}
	scan := image.NewNRGBA(image.Rect(0, 0, 400, 400))
	draw.Draw(scan, scan.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(scan, seal.Rect.Add(image.Pt(76, 76)), seal, image.Point{}, draw.Over)

	img, err := ImportScan(scan, 42, 42, 300)
	if err != nil {
		fmt.Println(err)
		return
	}
	// 42 mm at 300 dpi, the paper transparent.
	fmt.Println(img.Bounds().Size(), img.NRGBAAt(0, 0).A)

	_, err = ImportScan(image.NewGray(image.Rect(0, 0, 400, 400)), 42, 42, 300)
	fmt.Println(errors.Is(err, ErrNoSealInk))
	// Output:
	// (496,496) 0
	// true
}
