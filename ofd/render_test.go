package ofd

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var renderOut = flag.String("render-out", "", "write the rendered vector pages into this folder, for a look by eye")

func renderVector(t *testing.T, name string, page int, dpi float64) *Rendered {
	t.Helper()
	b := readVector(t, name)
	p, err := Read(bytes.NewReader(b), int64(len(b)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rd, err := p.RenderPage(RenderOptions{Page: page, DPI: dpi})
	if err != nil {
		t.Fatalf("RenderPage: %v", err)
	}
	if *renderOut != "" {
		var buf bytes.Buffer
		png.Encode(&buf, rd.Image)
		os.WriteFile(filepath.Join(*renderOut, filepath.Base(name)+"-"+string(rune('0'+page))+".png"), buf.Bytes(), 0o644)
	}
	return rd
}

var updateGolden = flag.Bool("update", false, "rewrite the golden renders in testdata")

// TestRenderGolden compares renders of the vectors with the goldens in
// testdata, which were checked by eye against ofd.js's rendering: tolerant of
// a few anti-aliasing differences, not of a missing object.
func TestRenderGolden(t *testing.T) {
	tests := []struct {
		file  string
		page  int
		notes int
	}{
		{"ofdrw/signedFile.ofd", 1, 1}, // its JBIG2 image is marked as not drawn
		{"ofd.js/999.ofd", 1, 0},
		{"ofd.js/n.ofd", 2, 0},
	}
	for _, tc := range tests {
		name := fmt.Sprintf("%s-p%d.png", strings.TrimSuffix(filepath.Base(tc.file), ".ofd"), tc.page)
		t.Run(name, func(t *testing.T) {
			rd := renderVector(t, tc.file, tc.page, 50)
			if len(rd.Notes) != tc.notes {
				t.Errorf("notes %q", rd.Notes)
			}
			golden := filepath.Join("testdata", name)
			if *updateGolden {
				var buf bytes.Buffer
				if err := png.Encode(&buf, rd.Image); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			f, err := os.Open(golden)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			want, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			if n, total := diffPixels(rd.Image, want); n > total/1000 {
				t.Errorf("%d of %d pixels differ from %s", n, total, golden)
			}
		})
	}
}

// diffPixels counts pixels whose colour differs by more than a little.
func diffPixels(a, b image.Image) (int, int) {
	if a.Bounds() != b.Bounds() {
		return 1 << 30, 1
	}
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			d := absDiff(r1, r2) + absDiff(g1, g2) + absDiff(b1, b2)
			if d > 3*0x1000 {
				n++
			}
		}
	}
	return n, r.Dx() * r.Dy()
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// redIn counts strongly red pixels in a box given in mm.
func redIn(img *image.RGBA, dpi float64, box [4]float64) int {
	k := dpi / 25.4
	n := 0
	for y := int(box[1] * k); y < int((box[1]+box[3])*k); y++ {
		for x := int(box[0] * k); x < int((box[0]+box[2])*k); x++ {
			c := img.RGBAAt(x, y)
			if c.R > 180 && c.G < 100 && c.B < 100 {
				n++
			}
		}
	}
	return n
}

// The seal pictures of stamp annotations are drawn where the StampAnnot says:
// the vendor's (a picture that is itself an OFD package) and ours (PNG).
func TestRenderStamps(t *testing.T) {
	rd := renderVector(t, "ofd.js/999.ofd", 1, 50)
	if n := redIn(rd.Image, 50, [4]float64{90, 8, 30, 20}); n < 50 {
		t.Errorf("only %d red pixels inside the vendor's stamp box", n)
	}
	if n := redIn(rd.Image, 50, [4]float64{0, 60, 80, 60}); n != 0 {
		t.Errorf("%d red pixels where no seal is", n)
	}
	a := newStamper(t, "张三")
	out, res := a.stamp(t, unsignedOFD(t), 1, 100, 200)
	p, err := Read(bytes.NewReader(out), int64(len(out)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ours, err := p.RenderPage(RenderOptions{Page: 1, DPI: 72})
	if err != nil {
		t.Fatal(err)
	}
	if n := redIn(ours.Image, 72, res.Boundary); n < 20 {
		t.Errorf("only %d red pixels inside our stamp box %v", n, res.Boundary)
	}
	if n := redIn(ours.Image, 72, [4]float64{0, 0, 210, 150}); n != 0 {
		t.Errorf("%d red pixels above our stamp", n)
	}
}

// Objects that are not drawn are marked on the page, not dropped silently.
func TestRenderMarksUndrawn(t *testing.T) {
	page := `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1"><ofd:CompositeObject ID="2" Boundary="10 10 80 20" ResourceID="9"/></ofd:Layer></ofd:Content></ofd:Page>`
	b := zipOf(t, minimal(zfile{"Doc_0/Pages/Page_0/Content.xml", []byte(page)})...)
	p, err := Read(bytes.NewReader(b), int64(len(b)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rd, err := p.RenderPage(RenderOptions{Page: 1, DPI: 72})
	if err != nil {
		t.Fatal(err)
	}
	if len(rd.Notes) != 1 || !strings.Contains(rd.Notes[0], "composite") {
		t.Errorf("notes %q", rd.Notes)
	}
	dark := 0
	for y := 10 * 72 / 25; y < 30*72/25; y++ {
		for x := 10 * 72 / 25; x < 90*72/25; x++ {
			if c := rd.Image.RGBAAt(x, y); c.R < 200 {
				dark++
			}
		}
	}
	if dark < 50 {
		t.Errorf("the undrawn object is not marked (%d dark pixels)", dark)
	}
	if _, err := p.RenderPage(RenderOptions{Page: 2}); err == nil {
		t.Error("page 2 of 1 rendered")
	}
	if _, err := p.RenderPage(RenderOptions{Page: 1, DPI: 1e6}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a huge render: %v", err)
	}
}

func TestPages(t *testing.T) {
	tests := []struct {
		file string
		want []PageInfo
	}{
		{"ofdrw/signedFile.ofd", []PageInfo{{"1", 210, 140}}},
		// 999.ofd: the document says 210×140, pages 2–5 have their own A4 Area.
		{"ofd.js/999.ofd", []PageInfo{{"10", 210, 140}, {"92", 210, 297}, {"271", 210, 297}, {"450", 210, 297}, {"629", 210, 297}}},
		{"ofd.js/n.ofd", []PageInfo{{"1001", 210, 297}, {"1021", 210, 297}}},
	}
	for _, tc := range tests {
		b := readVector(t, tc.file)
		p, err := Read(bytes.NewReader(b), int64(len(b)), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Pages(0)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: %v %v", tc.file, got, err)
		}
	}
}

// An image whose header claims 100000×100000 pixels is not decoded (it would
// allocate 40 GB): it is marked as not drawn.
func TestRenderImageBomb(t *testing.T) {
	var pb bytes.Buffer
	png.Encode(&pb, image.NewGray(image.Rect(0, 0, 1, 1)))
	b := pb.Bytes()
	// IHDR width and height sit at bytes 16–23; the CRC is not checked by DecodeConfig.
	copy(b[16:24], []byte{0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0})
	page := `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1"><ofd:ImageObject ID="2" Boundary="10 10 50 50" CTM="50 0 0 50 0 0" ResourceID="9"/></ofd:Layer></ofd:Content></ofd:Page>`
	doc := strings.Replace(minimalDoc, "</ofd:PageArea>", "</ofd:PageArea><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>", 1)
	res := `<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="9" Type="Image" Format="PNG"><ofd:MediaFile>big.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>`
	z := zipOf(t, zfile{"OFD.xml", []byte(minimalOFD)}, zfile{"Doc_0/Document.xml", []byte(doc)}, zfile{"Doc_0/DocumentRes.xml", []byte(res)},
		zfile{"Doc_0/Res/big.png", b}, zfile{"Doc_0/Pages/Page_0/Content.xml", []byte(page)})
	p, err := Read(bytes.NewReader(z), int64(len(z)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rd, err := p.RenderPage(RenderOptions{Page: 1, DPI: 30})
	if err != nil {
		t.Fatal(err)
	}
	if len(rd.Notes) != 1 || !strings.Contains(rd.Notes[0], "image") {
		t.Errorf("notes %q", rd.Notes)
	}
}
