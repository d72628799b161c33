package seal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// -update rewrites testdata/golden; -sheet writes docs/seals.png. Without them
// the tests write nothing into the source tree except testdata/failed (git
// ignored) on a golden mismatch. The flags are registered only if no other
// test file of the package did so already.
func init() {
	for _, f := range []struct{ name, usage string }{
		{"update", "rewrite the golden files under testdata"},
		{"sheet", "write the contact sheet of seal pictures to docs/seals.png"},
	} {
		if flag.Lookup(f.name) == nil {
			flag.Bool(f.name, false, f.usage)
		}
	}
}

func boolFlag(name string) bool {
	f := flag.Lookup(name)
	return f != nil && f.Value.String() == "true"
}

const (
	testOrg     = "北京海淀区示例科技有限公司"
	testCode    = "1101080012345"
	testTaxID   = "91110108MA01ABCD2X"
	testLong30  = "中国北京市海淀区中关村科技园区示例信息技术发展股份有限公司"
	testLong40  = testLong30 + "北京分公司海淀营业总部"
	testShort4  = "华夏银行"
	testDPIHigh = 600
)

// presets are the five standard seals of a new company (REFERENCE §1) with a
// two- and a three-character name seal.
func presets() []struct {
	name string
	spec PictureSpec
} {
	return []struct {
		name string
		spec PictureSpec
	}{
		{"organisation", OrganisationSeal(testOrg, testCode)},
		{"contract", BusinessSeal(testOrg, "合同专用章", "1101080012346")},
		{"finance", BusinessSeal(testOrg, "财务专用章", "1101080012347")},
		{"invoice", InvoiceSeal(testOrg, testTaxID, "1101080012348")},
		{"name2", NameSeal("张三")},
		{"name3", NameSeal("王小明")},
	}
}

func mmToPx(mm, dpi float64) float64 { return mm * dpi / 25.4 }

// TestPicturePresets checks size, transparency, the ring and the star of each
// preset at 600 dpi.
func TestPicturePresets(t *testing.T) {
	for _, p := range presets() {
		t.Run(p.name, func(t *testing.T) {
			img, err := DrawPicture(p.spec, testDPIHigh)
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			wantW, wantH := mmToPx(p.spec.WidthMM, testDPIHigh), mmToPx(p.spec.HeightMM, testDPIHigh)
			if math.Abs(float64(b.Dx())-wantW) > 1 || math.Abs(float64(b.Dy())-wantH) > 1 {
				t.Errorf("size %v, want %.1f × %.1f px (±1)", b.Size(), wantW, wantH)
			}
			for _, c := range []image.Point{{0, 0}, {b.Max.X - 1, 0}, {0, b.Max.Y - 1}, {b.Max.X - 1, b.Max.Y - 1}} {
				if a := img.NRGBAAt(c.X, c.Y).A; a != 0 {
					t.Errorf("corner %v has alpha %d, want 0", c, a)
				}
			}
			// The ring (or frame), sampled along its middle all the way round,
			// is solid seal red.
			cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
			ring := p.spec.WidthMM * 1.2 / 42
			switch p.spec.Shape {
			case Oval:
				ring = p.spec.HeightMM / 30
			case Square:
				ring = p.spec.WidthMM * 0.9 / 20
			}
			a := mmToPx(p.spec.WidthMM/2-ring/2, testDPIHigh)
			bb := mmToPx(p.spec.HeightMM/2-ring/2, testDPIHigh)
			for k := range 72 {
				th := float64(k) * 5 * math.Pi / 180
				var x, y float64
				if p.spec.Shape == Square {
					// Walk the frame's middle line around the square.
					s := float64(k) / 72 * 4
					side, f := int(s), s-math.Floor(s)
					corners := [5][2]float64{{-a, -bb}, {a, -bb}, {a, bb}, {-a, bb}, {-a, -bb}}
					x = cx + corners[side][0] + f*(corners[side+1][0]-corners[side][0])
					y = cy + corners[side][1] + f*(corners[side+1][1]-corners[side][1])
				} else {
					// Points on the ring's middle (for the oval the parallel
					// curve's point along the normal of the outer ellipse).
					e := ellipse{mmToPx(p.spec.WidthMM/2, testDPIHigh), mmToPx(p.spec.HeightMM/2, testDPIHigh)}
					q, n := e.at(th)
					q = q.sub(n.mul(mmToPx(ring/2, testDPIHigh)))
					x, y = cx+q.x, cy-q.y
				}
				if got := img.NRGBAAt(int(x), int(y)); got != SealRed {
					t.Fatalf("ring at %.0f°/%v (%.0f, %.0f) is %v, want %v", th*180/math.Pi, k, x, y, got, SealRed)
				}
			}
			if p.spec.Star {
				// The star is centred: its middle and five points halfway
				// along its arms are solid.
				r := mmToPx(p.spec.WidthMM/6, testDPIHigh)
				pts := []vec{{0, 0}}
				for k := range 5 {
					s, c := math.Sincos(float64(k) * 72 * math.Pi / 180)
					pts = append(pts, vec{0.6 * r * s, -0.6 * r * c})
				}
				for _, q := range pts {
					if got := img.NRGBAAt(int(cx+q.x), int(cy+q.y)); got.A != 255 {
						t.Errorf("star at offset (%.0f, %.0f) px has alpha %d, want 255", q.x, q.y, got.A)
					}
				}
			}
		})
	}
}

// TestPictureUpperArc checks that the organisation name sits in the upper
// band, clear of the ring, centred on the top, and spread evenly: the inked
// angle is cut into as many equal sectors as the name has characters; every
// sector holds a fair share of the ink, and the sectors' ink centroids are
// evenly spaced. A short name is letter spaced, so its glyphs also show as
// separate runs of ink, evenly spaced.
func TestPictureUpperArc(t *testing.T) {
	for _, tc := range []struct {
		name     string
		org      string
		minSpan  float64 // degrees of the arc the ink must at least cover
		minShare float64 // least ink in a sector, as a fraction of the mean
		runs     bool    // the glyphs are letter spaced and show as runs of ink
	}{
		{"4 runes", testShort4, 120, 0.5, true},
		{"30 runes", testLong30, 240, 0.4, false},
		{"40 runes", testLong40, 250, 0.4, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := OrganisationSeal(tc.org, testCode)
			img, err := DrawPicture(spec, testDPIHigh)
			if err != nil {
				t.Fatal(err)
			}
			n := len([]rune(tc.org))
			px := func(mm float64) float64 { return mmToPx(mm, testDPIHigh) }
			R, ring, starR := px(21), px(1.2), px(7)
			cx, cy := float64(img.Bounds().Dx())/2, float64(img.Bounds().Dy())/2

			// Angular histogram (0.1° bins, 0 at the top, clockwise) of the
			// ink between the star and the ring, away from the lower code.
			const bins = 3600
			hist := make([]float64, bins)
			margin, rMin := 0.0, math.Inf(1)
			for y := 0; y < img.Bounds().Dy(); y++ {
				for x := 0; x < img.Bounds().Dx(); x++ {
					a := float64(img.NRGBAAt(x, y).A)
					if a == 0 {
						continue
					}
					dx, dy := float64(x)+0.5-cx, cy-(float64(y)+0.5)
					r := math.Hypot(dx, dy)
					th := math.Atan2(dx, dy) * 180 / math.Pi // clockwise from the top
					if r >= R-ring-px(0.1) || r <= starR+px(0.5) || math.Abs(th) > 135 {
						continue // ring, star or lower code
					}
					if r > R-ring-px(0.7) {
						margin += a
					}
					rMin = math.Min(rMin, r)
					hist[int((th+180)*10)%bins] += a
				}
			}
			if margin > 0 {
				t.Errorf("ink within 0.7 mm inside the ring: the text must keep a margin")
			}
			// The band: 1 mm gap, a 6.3 mm high name, and some slack.
			if rMin < R-ring-px(1.0+6.3+0.5) {
				t.Errorf("ink %.1f mm from the centre: the name must stay in the upper band", rMin*25.4/testDPIHigh)
			}
			first, last := -1, -1
			for i, v := range hist {
				if v > 0 {
					if first < 0 {
						first = i
					}
					last = i
				}
			}
			deg := func(bin float64) float64 { return bin/10 - 180 }
			lo, hi := deg(float64(first)), deg(float64(last+1))
			if span := hi - lo; span < tc.minSpan {
				t.Errorf("name covers %.1f°, want at least %.0f°", span, tc.minSpan)
			}
			if math.Abs(lo+hi) > 1 {
				t.Errorf("name covers %.1f° to %.1f°, not centred on the top", lo, hi)
			}

			sector := float64(last+1-first) / float64(n)
			counts, moments := make([]float64, n), make([]float64, n)
			total := 0.0
			for i := first; i <= last; i++ {
				k := min(int(float64(i-first)/sector), n-1)
				counts[k] += hist[i]
				moments[k] += hist[i] * float64(i)
				total += hist[i]
			}
			mean := total / float64(n)
			for k, c := range counts {
				if c < tc.minShare*mean {
					t.Errorf("sector %d of %d holds %.0f%% of the mean ink: glyphs not spread evenly", k+1, n, 100*c/mean)
				}
			}
			centroids := make([]float64, n)
			for k := range counts {
				centroids[k] = moments[k] / counts[k]
			}
			checkEven(t, "sector centroids", centroids, 0.3)

			if tc.runs {
				var centres []float64
				start := -1
				for i := first; i <= last+1; i++ {
					if i <= last && hist[i] > 0 {
						if start < 0 {
							start = i
						}
						continue
					}
					// A run ends at 1° of blank arc (or the end).
					if start >= 0 && (i > last || blank(hist[i:min(i+10, last+1)])) {
						centres = append(centres, float64(start+i-1)/2)
						start = -1
					}
				}
				if len(centres) != n {
					t.Fatalf("%d runs of ink along the arc, want %d", len(centres), n)
				}
				checkEven(t, "glyph runs", centres, 0.1)
			}
		})
	}
}

func blank(h []float64) bool {
	for _, v := range h {
		if v > 0 {
			return false
		}
	}
	return true
}

// checkEven fails if the steps between consecutive positions differ from
// their mean by more than tol of it.
func checkEven(t *testing.T, what string, pos []float64, tol float64) {
	t.Helper()
	step := (pos[len(pos)-1] - pos[0]) / float64(len(pos)-1)
	for i := 1; i < len(pos); i++ {
		if d := pos[i] - pos[i-1]; math.Abs(d-step) > tol*step {
			t.Errorf("%s: step %d is %.2f°, the mean step %.2f°", what, i, d/10, step/10)
		}
	}
}

// styles are every seal style SealDesk draws, beyond the presets: each has a
// golden image and a place on the contact sheet.
func styles() []struct {
	name, caption string
	spec          PictureSpec
} {
	round := func(d float64, star bool) PictureSpec {
		s := OrganisationSeal(testOrg, testCode)
		s.WidthMM, s.HeightMM, s.Star = d, d, star
		if !star {
			s.Horizontal = []string{"业务专用章"}
		}
		return s
	}
	oval := PictureSpec{
		Shape: Oval, WidthMM: 45, HeightMM: 30, Color: SealRed, Star: true,
		Upper: testOrg, Horizontal: []string{"报关专用章"}, Lower: "1101080012349",
	}
	twoLines := BusinessSeal(testOrg, "合同专用章", "1101080012346")
	twoLines.WidthMM, twoLines.HeightMM = 40, 40
	twoLines.Horizontal = []string{"人力资源部", "合同专用章"}
	doubleInvoice := InvoiceSeal(testOrg, testTaxID, "1101080012348")
	doubleInvoice.DoubleRing = true
	long40 := OrganisationSeal(testLong40, testCode)
	bare := func(s PictureSpec) PictureSpec { s.Frame = false; return s }
	text := func(s PictureSpec, t string) PictureSpec { s.Text = t; return s }
	blue := OrganisationSeal(testOrg, testCode)
	blue.Color = SealBlue
	black := BusinessSeal(testOrg, "财务专用章", "1101080012347")
	black.Color = SealBlack
	return []struct {
		name, caption string
		spec          PictureSpec
	}{
		{"organisation", "法定名称章 42 mm", OrganisationSeal(testOrg, testCode)},
		{"round40-star", "圆章 40 mm 五角星", round(40, true)},
		{"round38-star", "圆章 38 mm 五角星", round(38, true)},
		{"round42-nostar", "圆章 42 mm 无五角星", round(42, false)},
		{"contract", "合同专用章 38 mm", BusinessSeal(testOrg, "合同专用章", "1101080012346")},
		{"contract-2lines", "两行横向文 40 mm", twoLines},
		{"finance", "财务专用章 38 mm", BusinessSeal(testOrg, "财务专用章", "1101080012347")},
		{"finance-double", "财务专用章 双圈 40 mm", DoubleRingSeal(testOrg, "财务专用章", "1101080012347")},
		{"invoice", "发票专用章 40×30 mm", InvoiceSeal(testOrg, testTaxID, "1101080012348")},
		{"invoice-double", "发票专用章 双圈 40×30 mm", doubleInvoice},
		{"oval45", "椭圆章 45×30 mm", oval},
		{"organisation-long", "上弦文 29 字", OrganisationSeal(testLong30, testCode)},
		{"organisation-40", "上弦文 40 字", long40},
		{"name2", "名章 张三之印", NameSeal("张三")},
		{"name2-bare", "名章 张三 无边框", text(bare(NameSeal("张三")), "张三")},
		{"name2-two", "名章 张三 两字", text(NameSeal("张三"), "张三")},
		{"name3", "名章 王小明", NameSeal("王小明")},
		{"name3-zhang", "名章 张晓燕 无边框", bare(NameSeal("张晓燕"))},
		{"name4", "名章 欧阳明月", NameSeal("欧阳明月")},
		{"private3", "私章 18×8 mm", PrivateSeal("王小明")},
		{"private2-bare", "私章 李四 无边框", bare(PrivateSeal("李四"))},
		{"private4", "私章 欧阳明月", PrivateSeal("欧阳明月")},
		{"blue", "蓝色 SealBlue", blue},
		{"black", "黑色 SealBlack", black},
	}
}

// TestPictureGolden compares each style at 200 dpi pixel for pixel with
// testdata/golden. Regenerate with: go test ./seal/ -run Golden -update
func TestPictureGolden(t *testing.T) {
	const dpi = 200
	for _, p := range styles() {
		t.Run(p.name, func(t *testing.T) {
			img, err := DrawPicture(p.spec, dpi)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", p.name+".png")
			if boolFlag("update") {
				writePNG(t, golden, img, dpi)
				return
			}
			want, err := readPNG(golden)
			if err != nil {
				t.Fatalf("%v (regenerate with -update)", err)
			}
			if diff := pixelDiff(img, want); diff != "" {
				failed := filepath.Join("testdata", "failed", p.name+".png")
				writePNG(t, failed, img, dpi)
				t.Errorf("%s differs from %s: %s; got written to %s", p.name, golden, diff, failed)
			}
		})
	}
}

func writePNG(t *testing.T, path string, img image.Image, dpi float64) {
	t.Helper()
	b, err := EncodePNG(img, dpi)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readPNG(path string) (*image.NRGBA, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", path, err)
	}
	n := image.NewNRGBA(img.Bounds())
	draw.Draw(n, n.Rect, img, img.Bounds().Min, draw.Src)
	return n, nil
}

// pixelDiff describes how got and want differ, "" if they are identical.
func pixelDiff(got, want *image.NRGBA) string {
	if got.Rect != want.Rect {
		return fmt.Sprintf("size %v, want %v", got.Rect.Size(), want.Rect.Size())
	}
	n, first := 0, image.Point{-1, -1}
	for y := got.Rect.Min.Y; y < got.Rect.Max.Y; y++ {
		for x := got.Rect.Min.X; x < got.Rect.Max.X; x++ {
			if got.NRGBAAt(x, y) != want.NRGBAAt(x, y) {
				if n == 0 {
					first = image.Pt(x, y)
				}
				n++
			}
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d pixels differ, the first at %v (got %v, want %v)", n, first, got.NRGBAAt(first.X, first.Y), want.NRGBAAt(first.X, first.Y))
}

func TestPictureErrors(t *testing.T) {
	org := OrganisationSeal(testOrg, testCode)
	with := func(f func(*PictureSpec)) PictureSpec { s := org; f(&s); return s }
	for _, tc := range []struct {
		name string
		spec PictureSpec
		dpi  float64
		want string // in the message
	}{
		{"empty spec", PictureSpec{}, 300, "width 0 mm"},
		{"zero size", with(func(s *PictureSpec) { s.WidthMM, s.HeightMM = 0, 0 }), 300, "width 0 mm"},
		{"negative height", with(func(s *PictureSpec) { s.HeightMM = -42 }), 300, "height -42 mm"},
		{"round not round", with(func(s *PictureSpec) { s.HeightMM = 40 }), 300, "diameter"},
		{"upper 41 runes", with(func(s *PictureSpec) { s.Upper = strings.Repeat("国", 41) }), 300, "Upper"},
		{"upper 1 rune", with(func(s *PictureSpec) { s.Upper = "国" }), 300, "Upper"},
		{"no glyph", with(func(s *PictureSpec) { s.Upper = "示例\U0001F600" }), 300, "no glyph"},
		{"control character", with(func(s *PictureSpec) { s.Upper = "示例\n公司" }), 300, "control character"},
		{"three horizontal lines", with(func(s *PictureSpec) { s.Horizontal = []string{"一", "二", "三"} }), 300, "Horizontal"},
		{"ring too wide", with(func(s *PictureSpec) { s.RingMM = 10 }), 300, "ring width"},
		{"transparent colour", with(func(s *PictureSpec) { s.Color = color.NRGBA{R: 255} }), 300, "transparent"},
		{"square 1 rune", with(func(s *PictureSpec) { *s = NameSeal("张"); s.Text = "张" }), 300, "Text"},
		{"square 5 runes", with(func(s *PictureSpec) { *s = NameSeal("张"); s.Text = "爱新觉罗氏" }), 300, "Text"},
		{"square with upper", with(func(s *PictureSpec) { *s = NameSeal("王小明"); s.Upper = "公司" }), 300, "square"},
		{"round with text", with(func(s *PictureSpec) { s.Text = "王小明" }), 300, "Text"},
		{"rectangle 1 rune", PrivateSeal("王"), 300, "rectangular seal Text"},
		{"rectangle 7 runes", PrivateSeal("爱新觉罗溥仪氏"), 300, "rectangular seal Text"},
		{"rectangle taller than wide", with(func(s *PictureSpec) { *s = PrivateSeal("王小明"); s.WidthMM, s.HeightMM = 8, 18 }), 300, "wider than tall"},
		{"square double ring", with(func(s *PictureSpec) { *s = NameSeal("王小明"); s.DoubleRing = true }), 300, "DoubleRing"},
		{"zero dpi", org, 0, "dpi"},
		{"huge dpi", org, 1e6, "dpi"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, err := DrawPicture(tc.spec, tc.dpi)
			if err == nil {
				t.Fatalf("no error, got a %v picture", img.Bounds().Size())
			}
			if !errors.Is(err, ErrInvalidPictureSpec) {
				t.Errorf("error %q is not ErrInvalidPictureSpec", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

// TestPictureDeterministic draws the same spec twice in a row and twice at
// once: the PNG files must be identical, and state the resolution.
func TestPictureDeterministic(t *testing.T) {
	const dpi = 200
	encode := func(spec PictureSpec) []byte {
		img, err := DrawPicture(spec, dpi)
		if err != nil {
			t.Error(err)
			return nil
		}
		b, err := EncodePNG(img, dpi)
		if err != nil {
			t.Error(err)
		}
		return b
	}
	for _, p := range presets() {
		first := encode(p.spec)
		results := make([][]byte, 2)
		var wg sync.WaitGroup
		for i := range results {
			wg.Go(func() { results[i] = encode(p.spec) })
		}
		wg.Wait()
		for i, b := range results {
			if !bytes.Equal(first, b) {
				t.Errorf("%s: drawing %d differs from the first", p.name, i+2)
			}
		}
	}

	b := encode(OrganisationSeal(testOrg, testCode))
	i := bytes.Index(b, []byte("pHYs"))
	if i < 0 {
		t.Fatal("no pHYs chunk")
	}
	x, y, unit := binary.BigEndian.Uint32(b[i+4:]), binary.BigEndian.Uint32(b[i+8:]), b[i+12]
	if x != 7874 || y != 7874 || unit != 1 {
		t.Errorf("pHYs %d × %d per unit %d, want 7874 per metre (200 dpi)", x, y, unit)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Errorf("PNG with pHYs does not decode: %v", err)
	}
}

// TestPictureSheet writes docs/seals.png, a contact sheet of every style with
// its caption, with -sheet.
func TestPictureSheet(t *testing.T) {
	if !boolFlag("sheet") {
		t.Skip("writes docs/seals.png only with -sheet")
	}
	const dpi = 240
	items := styles()
	const cols, cell, captionH, pad = 6, 460, 44, 20
	rows := (len(items) + cols - 1) / cols
	sheet := image.NewNRGBA(image.Rect(0, 0, cols*cell, rows*(cell+captionH)))
	draw.Draw(sheet, sheet.Rect, image.White, image.Point{}, draw.Src)
	for i, it := range items {
		img, err := DrawPicture(it.spec, dpi)
		if err != nil {
			t.Fatal(err)
		}
		x0, y0 := (i%cols)*cell, (i/cols)*(cell+captionH)
		at := image.Pt(x0+(cell-img.Rect.Dx())/2, y0+pad+(cell-2*pad-img.Rect.Dy())/2)
		draw.Draw(sheet, img.Rect.Add(at), img, image.Point{}, draw.Over)
		label, err := drawCaption(it.caption, dpi)
		if err != nil {
			t.Fatal(err)
		}
		at = image.Pt(x0+(cell-label.Rect.Dx())/2, y0+cell-pad/2)
		draw.Draw(sheet, label.Rect.Add(at), label, image.Point{}, draw.Over)
	}
	writePNG(t, filepath.Join("..", "docs", "seals.png"), sheet, dpi)
}

// drawCaption renders one line of dark grey text, 3.5 mm high, with the seal
// text machinery.
func drawCaption(text string, dpi float64) (*image.NRGBA, error) {
	fonts, err := loadFonts()
	if err != nil {
		return nil, err
	}
	const h, w = 3.5, 45.0
	l := &layout{fonts: fonts, gc: glyphCache{fonts: fonts}}
	room := []vec{{-w / 2, h}, {w / 2, h}, {w / 2, -h}, {-w / 2, -h}}
	role := textRole{height: h, condense: 0.9, track: 0.05, minAspect: 0.3}
	if _, err := l.line([]rune(text), role, h/2, room, 0); err != nil {
		return nil, err
	}
	return l.render(w, h+1, dpi, color.NRGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xFF}), nil
}

func BenchmarkDrawOrganisationSeal600dpi(b *testing.B) {
	spec := OrganisationSeal(testOrg, testCode)
	if _, err := DrawPicture(spec, 600); err != nil { // parse the fonts outside the loop
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DrawPicture(spec, 600); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleDrawPicture() {
	img, err := DrawPicture(OrganisationSeal("北京示例科技有限公司", "1101080012345"), 300)
	if err != nil {
		fmt.Println(err)
		return
	}
	// 42 mm at 300 dpi.
	fmt.Println(img.Bounds().Size())
	// Output: (496,496)
}

func ExampleNameSeal() {
	fmt.Println(NameSeal("张三").Text, NameSeal("王小明").Text)
	// Output: 张三之印 王小明
}

// TestPictureIgnoresSystemFonts proves the pictures do not depend on the
// machine's fonts: a fresh process (the test binary itself, so no font is
// cached) with HOME, XDG_DATA_HOME, XDG_DATA_DIRS and FONTCONFIG_PATH pointed
// at empty directories draws byte-identical PNGs of every style.
func TestPictureIgnoresSystemFonts(t *testing.T) {
	if out := os.Getenv("SEALDESK_TEST_DRAW_TO"); out != "" {
		// The child: draw every style into out.
		for _, s := range styles() {
			img, err := DrawPicture(s.spec, 100)
			if err != nil {
				t.Fatal(err)
			}
			writePNG(t, filepath.Join(out, s.name+".png"), img, 100)
		}
		return
	}
	if testing.Short() {
		t.Skip("starts a process")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	empty, out := t.TempDir(), t.TempDir()
	cmd := exec.Command(exe, "-test.run=^TestPictureIgnoresSystemFonts$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		"SEALDESK_TEST_DRAW_TO="+out,
		"HOME="+empty, "XDG_DATA_HOME="+empty, "XDG_DATA_DIRS="+empty,
		"XDG_CONFIG_HOME="+empty, "FONTCONFIG_PATH="+empty, "FONTCONFIG_FILE="+filepath.Join(empty, "fonts.conf"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, b)
	}
	for _, s := range styles() {
		img, err := DrawPicture(s.spec, 100)
		if err != nil {
			t.Fatal(err)
		}
		want, err := EncodePNG(img, 100)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, s.name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: drawn without the system's fonts, the PNG differs", s.name)
		}
	}
}

// TestPictureStyles checks every style's pixel size at 600 dpi and its
// transparent corners; that a double-ring seal has both rings solid all the
// way round with a blank between them; and that a three-character name
// seal's surname, alone in the right column, is not stretched to twice its
// width.
func TestPictureStyles(t *testing.T) {
	for _, s := range styles() {
		t.Run(s.name, func(t *testing.T) {
			img, err := DrawPicture(s.spec, testDPIHigh)
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			wantW, wantH := mmToPx(s.spec.WidthMM, testDPIHigh), mmToPx(s.spec.HeightMM, testDPIHigh)
			if math.Abs(float64(b.Dx())-wantW) > 1 || math.Abs(float64(b.Dy())-wantH) > 1 {
				t.Errorf("size %v, want %.1f × %.1f px (±1)", b.Size(), wantW, wantH)
			}
			for _, c := range []image.Point{{0, 0}, {b.Max.X - 1, 0}, {0, b.Max.Y - 1}, {b.Max.X - 1, b.Max.Y - 1}} {
				if a := img.NRGBAAt(c.X, c.Y).A; a != 0 {
					t.Errorf("corner %v has alpha %d, want 0", c, a)
				}
			}
			if s.spec.DoubleRing {
				m := math.Min(s.spec.WidthMM, s.spec.HeightMM)
				outer := m * 1.6 / 42
				if s.spec.Shape == Oval {
					outer = m * 4 / 3 / 30
				}
				blank, thin := m*0.6/42, m*0.4/42
				e := ellipse{mmToPx(s.spec.WidthMM/2, testDPIHigh), mmToPx(s.spec.HeightMM/2, testDPIHigh)}
				cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
				for k := range 72 {
					q, n := e.at(float64(k) * 5 * math.Pi / 180)
					for _, d := range []struct {
						what  string
						at    float64
						alpha uint8
					}{{"outer ring", outer / 2, 255}, {"blank", outer + blank/2, 0}, {"inner ring", outer + blank + thin/2, 255}} {
						p := q.sub(n.mul(mmToPx(d.at, testDPIHigh)))
						if a := img.NRGBAAt(int(cx+p.x), int(cy-p.y)).A; (a == 255) != (d.alpha == 255) || (d.alpha == 0 && a > 64) {
							t.Fatalf("%s at %d° has alpha %d, want %d", d.what, 5*k, a, d.alpha)
						}
					}
				}
			}
			if s.spec.Shape == Square && runeCount(s.spec.Text) == 3 {
				// The ink box of the right half (the surname).
				x0, y0, x1, y1 := b.Dx(), b.Dy(), 0, 0
				inset := 0
				if s.spec.Frame {
					inset = int(mmToPx(s.spec.WidthMM*1.2/20, testDPIHigh)) // clear of the frame
				}
				for y := inset; y < b.Dy()-inset; y++ {
					for x := b.Dx()/2 + int(mmToPx(0.5, testDPIHigh)); x < b.Dx()-inset; x++ {
						if img.NRGBAAt(x, y).A > 128 {
							x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
						}
					}
				}
				// Its cell is 1.6 times as tall as wide; a character's ink is
				// a little narrower than its cell.
				if r := float64(y1-y0) / float64(x1-x0); r > 1.9 || r < 1.3 {
					t.Errorf("surname's ink is %.2f times as tall as wide, want 1.3 to 1.9", r)
				} else {
					t.Logf("surname's ink is %.2f times as tall as wide", r)
				}
			}
		})
	}
}
