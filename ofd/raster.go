package ofd

// Geometry and rasterisation for the renderer: affine matrices, OFD path
// data (GB/T 33190 §9.3.2) flattened to polylines, fills and strokes.

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/vector"
)

// matrix is an affine transform {a b c d e f}: x' = a x + c y + e, y' = b x + d y + f.
type matrix [6]float64

// mul returns m∘n: apply n, then m.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[2]*n[1], m[1]*n[0] + m[3]*n[1],
		m[0]*n[2] + m[2]*n[3], m[1]*n[2] + m[3]*n[3],
		m[0]*n[4] + m[2]*n[5] + m[4], m[1]*n[4] + m[3]*n[5] + m[5],
	}
}

func (m matrix) apply(p [2]float64) [2]float64 {
	return [2]float64{m[0]*p[0] + m[2]*p[1] + m[4], m[1]*p[0] + m[3]*p[1] + m[5]}
}

// pathBuilder flattens paths into polylines (subpaths of points).
type pathBuilder struct {
	segs [][][2]float64
	cur  [2]float64
}

func (b *pathBuilder) move(p [2]float64) {
	b.segs = append(b.segs, [][2]float64{p})
	b.cur = p
}

func (b *pathBuilder) line(p [2]float64) {
	if len(b.segs) == 0 {
		b.move(b.cur)
	}
	b.segs[len(b.segs)-1] = append(b.segs[len(b.segs)-1], p)
	b.cur = p
}

func (b *pathBuilder) quad(c, p [2]float64) {
	s := b.cur
	for i := 1; i <= 8; i++ {
		t := float64(i) / 8
		u := 1 - t
		b.line([2]float64{u*u*s[0] + 2*u*t*c[0] + t*t*p[0], u*u*s[1] + 2*u*t*c[1] + t*t*p[1]})
	}
}

func (b *pathBuilder) cube(c1, c2, p [2]float64) {
	s := b.cur
	for i := 1; i <= 12; i++ {
		t := float64(i) / 12
		u := 1 - t
		b.line([2]float64{
			u*u*u*s[0] + 3*u*u*t*c1[0] + 3*u*t*t*c2[0] + t*t*t*p[0],
			u*u*u*s[1] + 3*u*u*t*c1[1] + 3*u*t*t*c2[1] + t*t*t*p[1],
		})
	}
}

func (b *pathBuilder) close() {
	if n := len(b.segs); n > 0 && len(b.segs[n-1]) > 1 {
		first := b.segs[n-1][0]
		b.line(first)
		b.cur = first
	}
}

func (b *pathBuilder) rect(x, y, w, h float64) {
	b.move([2]float64{x, y})
	b.line([2]float64{x + w, y})
	b.line([2]float64{x + w, y + h})
	b.line([2]float64{x, y + h})
	b.close()
}

// parsePath reads AbbreviatedData (GB/T 33190 §9.3.2): S/M move, L line,
// Q quadratic, B cubic, A arc, C close.
func parsePath(s string) [][][2]float64 {
	var b pathBuilder
	f := strings.Fields(s)
	num := func(i int) (float64, bool) {
		if i >= len(f) {
			return 0, false
		}
		v, err := strconv.ParseFloat(f[i], 64)
		return v, err == nil
	}
	pts := func(i, n int) ([][2]float64, bool) {
		out := make([][2]float64, n)
		for k := range n {
			x, ok1 := num(i + 2*k)
			y, ok2 := num(i + 2*k + 1)
			if !ok1 || !ok2 {
				return nil, false
			}
			out[k] = [2]float64{x, y}
		}
		return out, true
	}
	for i := 0; i < len(f); {
		op := f[i]
		i++
		switch op {
		case "S", "M":
			if p, ok := pts(i, 1); ok {
				b.move(p[0])
			}
			i += 2
		case "L":
			if p, ok := pts(i, 1); ok {
				b.line(p[0])
			}
			i += 2
		case "Q":
			if p, ok := pts(i, 2); ok {
				b.quad(p[0], p[1])
			}
			i += 4
		case "B":
			if p, ok := pts(i, 3); ok {
				b.cube(p[0], p[1], p[2])
			}
			i += 6
		case "A":
			if p, ok := pts(i+5, 1); ok {
				rx, _ := num(i)
				ry, _ := num(i + 1)
				rot, _ := num(i + 2)
				large, _ := num(i + 3)
				sweep, _ := num(i + 4)
				b.arc(rx, ry, rot, large != 0, sweep != 0, p[0])
			}
			i += 7
		case "C":
			b.close()
		}
	}
	return b.segs
}

// arc adds an SVG-style elliptical arc (the endpoint parameterisation
// AbbreviatedData's A uses), flattened.
func (b *pathBuilder) arc(rx, ry, rotDeg float64, large, sweep bool, p [2]float64) {
	s := b.cur
	rx, ry = math.Abs(rx), math.Abs(ry)
	if rx == 0 || ry == 0 || s == p {
		b.line(p)
		return
	}
	phi := rotDeg * math.Pi / 180
	cos, sin := math.Cos(phi), math.Sin(phi)
	dx, dy := (s[0]-p[0])/2, (s[1]-p[1])/2
	x1 := cos*dx + sin*dy
	y1 := -sin*dx + cos*dy
	if l := x1*x1/(rx*rx) + y1*y1/(ry*ry); l > 1 {
		rx, ry = rx*math.Sqrt(l), ry*math.Sqrt(l)
	}
	num := rx*rx*ry*ry - rx*rx*y1*y1 - ry*ry*x1*x1
	den := rx*rx*y1*y1 + ry*ry*x1*x1
	k := math.Sqrt(math.Max(0, num/den))
	if large == sweep {
		k = -k
	}
	cx1, cy1 := k*rx*y1/ry, -k*ry*x1/rx
	cx := cos*cx1 - sin*cy1 + (s[0]+p[0])/2
	cy := sin*cx1 + cos*cy1 + (s[1]+p[1])/2
	ang := func(ux, uy, vx, vy float64) float64 { return math.Atan2(ux*vy-uy*vx, ux*vx+uy*vy) }
	t1 := ang(1, 0, (x1-cx1)/rx, (y1-cy1)/ry)
	dt := ang((x1-cx1)/rx, (y1-cy1)/ry, (-x1-cx1)/rx, (-y1-cy1)/ry)
	if !sweep && dt > 0 {
		dt -= 2 * math.Pi
	} else if sweep && dt < 0 {
		dt += 2 * math.Pi
	}
	n := int(math.Ceil(math.Abs(dt) / (math.Pi / 16)))
	for i := 1; i <= n; i++ {
		t := t1 + dt*float64(i)/float64(n)
		x, y := rx*math.Cos(t), ry*math.Sin(t)
		b.line([2]float64{cos*x - sin*y + cx, sin*x + cos*y + cy})
	}
}

// fillPath fills subpaths (nonzero) in the space of m.
func (r *renderer) fillPath(segs [][][2]float64, m matrix, c color.NRGBA) {
	var polys [][][2]float64
	for _, s := range segs {
		if len(s) < 3 {
			continue
		}
		poly := make([][2]float64, len(s))
		for i, p := range s {
			poly[i] = m.apply(p)
		}
		polys = append(polys, poly)
	}
	r.raster(polys, c)
}

// strokePath strokes subpaths with a width in the units of m: each segment
// becomes a quadrilateral, all oriented alike so they add up.
func (r *renderer) strokePath(segs [][][2]float64, m matrix, width float64, c color.NRGBA) {
	wpx := width * math.Sqrt(math.Abs(m[0]*m[3]-m[1]*m[2]))
	if wpx < 1 {
		wpx = 1 // hairlines stay visible, as viewers draw them
	}
	var polys [][][2]float64
	for _, s := range segs {
		for i := 1; i < len(s); i++ {
			a, b := m.apply(s[i-1]), m.apply(s[i])
			dx, dy := b[0]-a[0], b[1]-a[1]
			l := math.Hypot(dx, dy)
			if l == 0 {
				continue
			}
			// Extend by half the width so segments join without gaps.
			ex, ey := dx/l*wpx/2, dy/l*wpx/2
			nx, ny := -ey, ex
			polys = append(polys, [][2]float64{
				{a[0] - ex + nx, a[1] - ey + ny}, {b[0] + ex + nx, b[1] + ey + ny},
				{b[0] + ex - nx, b[1] + ey - ny}, {a[0] - ex - nx, a[1] - ey - ny},
			})
		}
	}
	r.raster(polys, c)
}

// raster fills polygons in pixel space, rasterising only their bounding box.
func (r *renderer) raster(polys [][][2]float64, c color.NRGBA) {
	if len(polys) == 0 || c.A == 0 {
		return
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, poly := range polys {
		for _, p := range poly {
			if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
				return
			}
			minX, minY = math.Min(minX, p[0]), math.Min(minY, p[1])
			maxX, maxY = math.Max(maxX, p[0]), math.Max(maxY, p[1])
		}
	}
	bounds := r.img.Bounds()
	box := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(bounds)
	if box.Empty() {
		return
	}
	z := vector.NewRasterizer(box.Dx(), box.Dy())
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	for _, poly := range polys {
		z.MoveTo(float32(poly[0][0]-ox), float32(poly[0][1]-oy))
		for _, p := range poly[1:] {
			z.LineTo(float32(p[0]-ox), float32(p[1]-oy))
		}
		z.ClosePath()
	}
	z.Draw(r.img, box, image.NewUniform(c), image.Point{})
}
