package seal

// Importing a scanned or photographed physical seal (REFERENCE §6): the paper
// goes transparent, only the red ink stays, and the impression is cropped and
// scaled to its real size in millimetres.

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
)

// ErrNoSealInk is returned (wrapped) by ImportScan when the image holds no
// red seal impression it can find.
var ErrNoSealInk = errors.New("seal: no red ink found in the scan")

// Limits of ImportScan's input.
const (
	MinScanPixels = 32         // shorter side of the scan
	MaxScanPixels = 36_000_000 // total pixels of the scan: an A4 page at 600 dpi
)

// ImportScan turns a scan of a stamped seal into a seal picture: the
// background (white or off-white paper, its noise, black or grey printed text
// crossing the seal) becomes fully transparent, the red ink is kept in one
// ink colour with its coverage as alpha, the picture is cropped to the
// impression and scaled to widthMM × heightMM at dpi, the seal's real outer
// size. A square or rectangular impression scanned slightly askew (up to 10°)
// is straightened; a round or oval one is kept as scanned, since its outline
// says nothing about its rotation.
//
// Where black text was printed over the ink, the ink under the text's strokes
// is restored when the ink runs on both sides of the stroke.
func ImportScan(img image.Image, widthMM, heightMM, dpi float64) (*image.NRGBA, error) {
	for _, d := range []struct {
		name string
		v    float64
	}{{"width", widthMM}, {"height", heightMM}} {
		if !(d.v > 0) || d.v > MaxPictureMM {
			return nil, fmt.Errorf("seal: import scan: %s %g mm is outside (0, %d]", d.name, d.v, MaxPictureMM)
		}
	}
	if !(dpi > 0) || dpi > MaxPictureDPI {
		return nil, fmt.Errorf("seal: import scan: resolution %g dpi is outside (0, %d]", dpi, MaxPictureDPI)
	}
	b := img.Bounds()
	if min(b.Dx(), b.Dy()) < MinScanPixels {
		return nil, fmt.Errorf("seal: import scan: the scan is %d × %d pixels, want at least %d on each side", b.Dx(), b.Dy(), MinScanPixels)
	}
	if b.Dx()*b.Dy() > MaxScanPixels {
		return nil, fmt.Errorf("seal: import scan: the scan is %d × %d pixels, at most %d pixels in all", b.Dx(), b.Dy(), MaxScanPixels)
	}

	s := newScan(img)
	s.whiteBalance()
	alpha, ink, err := s.inkMask()
	if err != nil {
		return nil, fmt.Errorf("seal: import scan: %w", err)
	}
	box, err := s.keepImpression(alpha)
	if err != nil {
		return nil, fmt.Errorf("seal: import scan: %w", err)
	}
	// The scan's own resolution, from the impression's size in pixels and in
	// millimetres.
	pxPerMM := math.Max(float64(box.Dx())/widthMM, float64(box.Dy())/heightMM)
	s.fillUnderStrokes(alpha, max(2, int(math.Ceil(0.6*pxPerMM))))
	angle, turned := s.skew(alpha, box)

	w := max(1, int(math.Round(widthMM*dpi/25.4)))
	h := max(1, int(math.Round(heightMM*dpi/25.4)))
	return s.resample(alpha, turned, angle, w, h, ink), nil
}

// scan is the input as linear-ish float RGB, row major.
type scan struct {
	w, h    int
	r, g, b []float32
}

func newScan(img image.Image) *scan {
	bd := img.Bounds()
	s := &scan{w: bd.Dx(), h: bd.Dy()}
	n := s.w * s.h
	s.r, s.g, s.b = make([]float32, n), make([]float32, n), make([]float32, n)
	set := func(i int, c color.NRGBA) {
		// Composite any transparency onto white paper.
		a := float32(c.A) / 255
		s.r[i] = float32(c.R)*a + 255*(1-a)
		s.g[i] = float32(c.G)*a + 255*(1-a)
		s.b[i] = float32(c.B)*a + 255*(1-a)
	}
	for y := 0; y < s.h; y++ {
		switch m := img.(type) {
		case *image.NRGBA: // the common case, without an interface call per pixel
			for x := 0; x < s.w; x++ {
				p := m.Pix[m.PixOffset(bd.Min.X+x, bd.Min.Y+y):]
				set(y*s.w+x, color.NRGBA{p[0], p[1], p[2], p[3]})
			}
		default:
			for x := 0; x < s.w; x++ {
				set(y*s.w+x, color.NRGBAModel.Convert(img.At(bd.Min.X+x, bd.Min.Y+y)).(color.NRGBA))
			}
		}
	}
	return s
}

// whiteBalance scales each channel so that the paper, the brightest common
// colour of the scan, becomes white: off-white, yellowed or pinkish paper
// must not read as faint ink.
func (s *scan) whiteBalance() {
	for _, ch := range [][]float32{s.r, s.g, s.b} {
		paper := percentile(ch, 0.9)
		if paper < 64 {
			paper = 64 // a dark photograph: leave it be rather than blow it up
		}
		k := 255 / paper
		for i, v := range ch {
			ch[i] = min(v*k, 255)
		}
	}
}

// percentile returns the p-quantile of vs, estimated on at most 65536
// evenly strided samples.
func percentile(vs []float32, p float64) float32 {
	step := max(1, len(vs)/65536)
	sample := make([]float32, 0, len(vs)/step+1)
	for i := 0; i < len(vs); i += step {
		sample = append(sample, vs[i])
	}
	slices.Sort(sample)
	return sample[min(len(sample)-1, int(p*float64(len(sample))))]
}

// redness is how much red stands above green and blue: about 0 for white
// paper, grey and black print, 150 to 220 for seal ink.
func (s *scan) redness(i int) float32 { return s.r[i] - max(s.g[i], s.b[i]) }

// inkMask gives each pixel its ink coverage in [0, 1] and returns the ink's
// colour, the median of the surely inked pixels.
func (s *scan) inkMask() ([]float32, color.NRGBA, error) {
	n := s.w * s.h
	red := make([]float32, n)
	var strong []float32
	for i := range red {
		red[i] = s.redness(i)
	}
	// The ink's own redness: the upper quartile of the pixels redder than
	// paper noise. (Not a percentile of the whole scan: on a full page the
	// seal is 1 % of it or less.)
	const noise = 45 // paper noise and anti-aliased black print stay below
	var reddish []float32
	for _, v := range red {
		if v > noise {
			reddish = append(reddish, v)
		}
	}
	if len(reddish) < 64 {
		return nil, color.NRGBA{}, fmt.Errorf("%w (%d pixels are redder than paper)", ErrNoSealInk, len(reddish))
	}
	full := percentile(reddish, 0.75)
	if full < 2*noise {
		return nil, color.NRGBA{}, fmt.Errorf("%w (the reddest pixels are only %.0f above green and blue, want at least %d)", ErrNoSealInk, full, 2*noise)
	}
	lo, hi := float32(noise), 0.6*full
	alpha := make([]float32, n)
	count := 0
	for i, v := range red {
		a := (v - lo) / (hi - lo)
		if a <= 0 {
			continue
		}
		count++
		alpha[i] = min(a, 1)
		if a >= 1 {
			strong = append(strong, float32(i))
		}
	}
	if count < 64 || len(strong) < 16 {
		return nil, color.NRGBA{}, fmt.Errorf("%w (%d faintly red pixels)", ErrNoSealInk, count)
	}
	ink := color.NRGBA{A: 0xFF}
	for c, ch := range []([]float32){s.r, s.g, s.b} {
		vs := make([]float32, len(strong))
		for k, i := range strong {
			vs[k] = ch[int(i)]
		}
		v := uint8(math.Round(float64(percentile(vs, 0.5))))
		switch c {
		case 0:
			ink.R = v
		case 1:
			ink.G = v
		case 2:
			ink.B = v
		}
	}
	return alpha, ink, nil
}

// fillUnderStrokes restores the ink under dark print that crosses it: a dark,
// colourless pixel becomes ink where, horizontally or vertically, the run of
// dark pixels it lies in is at most reach pixels long and has ink at both
// ends. Print lying on paper, or bridging the paper between two strokes of
// ink, is left alone. Reach is 0.6 mm, more than the weight of the strokes of
// 10 to 12 point print, less than the blank between a seal's strokes.
func (s *scan) fillUnderStrokes(alpha []float32, reach int) {
	dark := func(x, y int) bool {
		i := y*s.w + x
		return alpha[i] == 0 && (s.r[i]+s.g[i]+s.b[i])/3 < 160
	}
	// bounded reports whether walking from (x, y) by (dx, dy) over dark
	// pixels reaches ink within reach.
	bounded := func(x, y, dx, dy int) bool {
		for k := 1; k <= reach; k++ {
			nx, ny := x+k*dx, y+k*dy
			if nx < 0 || ny < 0 || nx >= s.w || ny >= s.h {
				return false
			}
			if alpha[ny*s.w+nx] > 0 {
				return true
			}
			if !dark(nx, ny) {
				return false
			}
		}
		return false
	}
	var fill []int
	for y := 0; y < s.h; y++ {
		for x := 0; x < s.w; x++ {
			if !dark(x, y) {
				continue
			}
			if (bounded(x, y, -1, 0) && bounded(x, y, 1, 0)) || (bounded(x, y, 0, -1) && bounded(x, y, 0, 1)) {
				fill = append(fill, y*s.w+x)
			}
		}
	}
	for _, i := range fill {
		alpha[i] = 1
	}
}

// keepImpression clears specks of red noise (connected pieces of ink far
// smaller than the impression's characters) and returns the bounding box of
// the rest.
func (s *scan) keepImpression(alpha []float32) (image.Rectangle, error) {
	label := make([]int32, len(alpha))
	var sizes []int
	var stack []int
	for start, a := range alpha {
		if a == 0 || label[start] != 0 {
			continue
		}
		id := int32(len(sizes) + 1)
		size := 0
		stack = append(stack[:0], start)
		label[start] = id
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			x, y := i%s.w, i/s.w
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= s.w || ny >= s.h {
						continue
					}
					j := ny*s.w + nx
					if alpha[j] > 0 && label[j] == 0 {
						label[j] = id
						stack = append(stack, j)
					}
				}
			}
		}
		sizes = append(sizes, size)
	}
	largest := slices.Max(sizes)
	// A digit of the seal code is some 1/500 of the ring's area; specks of
	// noise are a few pixels.
	minSize := max(6, largest/2000)
	box := image.Rectangle{Min: image.Pt(s.w, s.h)}
	for i, id := range label {
		if id == 0 {
			continue
		}
		if sizes[id-1] < minSize {
			alpha[i] = 0
			continue
		}
		x, y := i%s.w, i/s.w
		box = box.Union(image.Rect(x, y, x+1, y+1))
	}
	if box.Empty() || box.Dx() < MinScanPixels/2 || box.Dy() < MinScanPixels/2 {
		return image.Rectangle{}, fmt.Errorf("%w (the red marks span only %d × %d pixels)", ErrNoSealInk, max(0, box.Dx()), max(0, box.Dy()))
	}
	return box, nil
}

// skewBox is the ink's bounding box in a frame turned by angle about the
// scan's centre.
type skewBox struct {
	cx, cy         float64 // the scan's centre, pixels
	x0, y0, x1, y1 float64 // in the turned frame
}

// skew finds the turn (−10° to 10°) that gives the ink the smallest bounding
// box. A square or rectangular seal askew has a box several per cent larger
// than straight; a round one's hardly changes, so a turn is taken only if it
// saves more than 2 % of the area.
func (s *scan) skew(alpha []float32, box image.Rectangle) (float64, skewBox) {
	var pts []vec
	step := max(1, int(math.Sqrt(float64(box.Dx()*box.Dy())/40000)))
	for y := box.Min.Y; y < box.Max.Y; y += step {
		for x := box.Min.X; x < box.Max.X; x += step {
			if alpha[y*s.w+x] >= 0.5 {
				pts = append(pts, vec{float64(x) + 0.5, float64(y) + 0.5})
			}
		}
	}
	cx, cy := float64(s.w)/2, float64(s.h)/2
	boxAt := func(angle float64) skewBox {
		sn, cs := math.Sincos(angle)
		sb := skewBox{cx: cx, cy: cy, x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1)}
		for _, p := range pts {
			dx, dy := p.x-cx, p.y-cy
			u, v := dx*cs+dy*sn, -dx*sn+dy*cs
			sb.x0, sb.x1 = math.Min(sb.x0, u), math.Max(sb.x1, u)
			sb.y0, sb.y1 = math.Min(sb.y0, v), math.Max(sb.y1, v)
		}
		// The sampled points are pixel centres: widen to the pixels' edges.
		pad := float64(step) / 2
		sb.x0, sb.y0, sb.x1, sb.y1 = sb.x0-pad, sb.y0-pad, sb.x1+pad, sb.y1+pad
		return sb
	}
	area := func(b skewBox) float64 { return (b.x1 - b.x0) * (b.y1 - b.y0) }
	straight := boxAt(0)
	bestAngle, best := 0.0, straight
	for k := -40; k <= 40; k++ {
		a := deg(float64(k) / 4)
		if b := boxAt(a); area(b) < area(best) {
			bestAngle, best = a, b
		}
	}
	if area(best) > 0.98*area(straight) {
		return 0, straight
	}
	return bestAngle, best
}

// resample maps the turned box onto a w × h picture, averaging 2 × 2 to
// 4 × 4 bilinear samples per output pixel, and paints it in the ink colour.
func (s *scan) resample(alpha []float32, b skewBox, angle float64, w, h int, ink color.NRGBA) *image.NRGBA {
	sn, cs := math.Sincos(angle)
	at := func(x, y float64) float32 {
		// Bilinear, pixel centres at +0.5; outside the scan is no ink.
		x, y = x-0.5, y-0.5
		x0, y0 := math.Floor(x), math.Floor(y)
		fx, fy := float32(x-x0), float32(y-y0)
		get := func(px, py int) float32 {
			if px < 0 || py < 0 || px >= s.w || py >= s.h {
				return 0
			}
			return alpha[py*s.w+px]
		}
		ix, iy := int(x0), int(y0)
		top := get(ix, iy)*(1-fx) + get(ix+1, iy)*fx
		bot := get(ix, iy+1)*(1-fx) + get(ix+1, iy+1)*fx
		return top*(1-fy) + bot*fy
	}
	kx, ky := (b.x1-b.x0)/float64(w), (b.y1-b.y0)/float64(h)
	// Enough samples per output pixel to cover the scan's pixels it spans
	// (a plain box filter when shrinking), at least 2 × 2 for smooth edges.
	ss := max(2, min(4, int(math.Ceil(math.Max(kx, ky)))))
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			var sum float32
			for j := range ss {
				for i := range ss {
					u := b.x0 + (float64(x)+(float64(i)+0.5)/float64(ss))*kx
					v := b.y0 + (float64(y)+(float64(j)+0.5)/float64(ss))*ky
					// Back from the turned frame to the scan.
					sum += at(b.cx+u*cs-v*sn, b.cy+u*sn+v*cs)
				}
			}
			a := sum / float32(ss*ss)
			p := out.Pix[out.PixOffset(x, y):]
			p[0], p[1], p[2] = ink.R, ink.G, ink.B
			p[3] = uint8(math.Round(float64(min(a, 1)) * 255))
		}
	}
	return out
}
