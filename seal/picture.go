package seal

// Seal pictures drawn by SealDesk itself: the round, oval and square seal
// impressions of REFERENCE §6, rendered from the bundled fonts with
// golang.org/x/image/vector. Layout is in millimetres (origin at the seal's
// centre, y up) and only turned into pixels at the end, so one spec gives the
// same picture at every resolution.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Shape is the outline of a seal picture.
type Shape int

const (
	// Round is the circular seal of organisations and their business seals.
	Round Shape = iota
	// Oval is the elliptic seal, e.g. the 发票专用章 (invoice seal).
	Oval
	// Square is the personal or legal-representative name seal.
	Square
	// Rectangle is the oblong private seal (私章), e.g. 18 × 8 mm, its
	// characters in one horizontal row read left to right.
	Rectangle
)

func (s Shape) String() string {
	switch s {
	case Round:
		return "round"
	case Oval:
		return "oval"
	case Square:
		return "square"
	case Rectangle:
		return "rectangle"
	}
	return fmt.Sprintf("Shape(%d)", int(s))
}

// Seal ink colours. Red is the default; blue and black are used by some
// organisations for internal or copy seals.
var (
	SealRed   = color.NRGBA{R: 0xE0, G: 0x20, B: 0x1B, A: 0xFF}
	SealBlue  = color.NRGBA{R: 0x1A, G: 0x3C, B: 0xA8, A: 0xFF}
	SealBlack = color.NRGBA{R: 0x1A, G: 0x1A, B: 0x1A, A: 0xFF}
)

// Limits of a PictureSpec. Longer texts do not fit legibly on a seal of the
// usual sizes; the limits are checked whatever the size.
const (
	MaxUpperRunes      = 40  // 上弦文, the organisation name
	MaxLowerRunes      = 24  // 下弦文, usually the 13-digit seal code
	MaxCenterRunes     = 30  // e.g. an 18-character tax id
	MaxHorizontalRunes = 12  // per line of 横向文
	MaxHorizontalLines = 2   // lines of 横向文
	MaxRectangleRunes  = 6   // characters of a rectangular private seal
	MaxPictureMM       = 100 // outer width or height
	MaxPictureDPI      = 2400
)

// ErrInvalidPictureSpec is returned (wrapped, with the problem named) by
// DrawPicture for a spec it cannot draw.
var ErrInvalidPictureSpec = errors.New("seal: invalid picture spec")

// PictureSpec describes a seal picture. The zero value is not drawable; start
// from a preset (OrganisationSeal, BusinessSeal, InvoiceSeal, NameSeal) or fill
// in at least the shape, the size and the texts.
type PictureSpec struct {
	Shape Shape
	// WidthMM and HeightMM are the outer size; for Round both are the diameter.
	WidthMM, HeightMM float64
	// Color is the ink; the zero value means SealRed.
	Color color.NRGBA
	// Star draws a five-pointed star in the centre (round and oval seals).
	Star bool
	// Upper (上弦文) runs clockwise along the upper arc, reading left to right,
	// glyphs upright towards the rim. 2 to MaxUpperRunes runes, spread evenly:
	// the arc grows with the length and the glyphs narrow once it is full.
	Upper string
	// Horizontal (横向文) holds 0 to 2 lines under the star, e.g. "合同专用章".
	Horizontal []string
	// Lower (下弦文) runs along the lower arc reading left to right with its
	// glyphs upright (tops towards the centre), e.g. the 13-digit seal code.
	Lower string
	// Center is a horizontal line in the middle, e.g. an invoice seal's tax id.
	Center string
	// Text is a square seal's 2, 3 or 4 characters, laid out in the traditional
	// grid read right column first, top to bottom: 2 runes in two columns;
	// 3 runes with the first (the surname) alone in the right column, drawn at
	// most 1.6 times as tall as wide so that it does not fall apart, and the
	// other two sharing the left column; 4 runes in two by two.
	Text string
	// A rectangular seal's Text is 2 to MaxRectangleRunes characters in one
	// row, read left to right.
	//
	// Frame draws the border of a square or rectangular seal (round and oval
	// seals always have their ring).
	Frame bool
	// RingMM is the width of the ring or frame; 0 means the style default
	// (1.2 mm on a 42 mm round seal, scaled with the size; 1.6 mm on a 42 mm
	// double-ring seal).
	RingMM float64
	// DoubleRing gives a round or oval seal a thin inner ring just inside its
	// thick outer ring, as some 财务专用章 and 发票专用章 are cut.
	DoubleRing bool
}

// OrganisationSeal is the 法定名称章 (official seal): round, 42 mm, a star,
// the organisation's name on the upper arc and the seal code on the lower arc.
func OrganisationSeal(org, code string) PictureSpec {
	return PictureSpec{
		Shape: Round, WidthMM: 42, HeightMM: 42, Color: SealRed,
		Star: true, Upper: org, Lower: code,
	}
}

// BusinessSeal is a business seal such as the 合同专用章 or 财务专用章: round,
// 38 mm, a star, the name on the upper arc, the purpose as horizontal text under
// the star and the seal code on the lower arc. Several seals of one kind are
// told apart by a numeral in the purpose, e.g. "合同专用章(2)".
func BusinessSeal(org, purpose, code string) PictureSpec {
	var lines []string
	if purpose != "" {
		lines = []string{purpose}
	}
	return PictureSpec{
		Shape: Round, WidthMM: 38, HeightMM: 38, Color: SealRed,
		Star: true, Upper: org, Horizontal: lines, Lower: code,
	}
}

// InvoiceSeal is the 发票专用章: oval, 40 × 30 mm, the taxpayer's name on the
// upper arc, the tax id across the middle, "发票专用章" under it and the seal
// code, if any, small along the lower arc.
func InvoiceSeal(org, taxID, code string) PictureSpec {
	return PictureSpec{
		Shape: Oval, WidthMM: 40, HeightMM: 30, Color: SealRed,
		Upper: org, Center: taxID, Horizontal: []string{"发票专用章"}, Lower: code,
	}
}

// NameSeal is the 法定代表人名章: square, 20 mm, framed. Names of three or four
// characters are engraved as they are. A two-character name gets "之印" after it
// and is laid out two by two ("张三" → 张三之印, read 张三 down the right column,
// 之印 down the left), the usual convention for two-character name seals; set
// Text yourself for a bare two-column "张三".
func NameSeal(name string) PictureSpec {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) == 2 {
		name += "之印"
	}
	return PictureSpec{
		Shape: Square, WidthMM: 20, HeightMM: 20, Color: SealRed,
		Text: name, Frame: true,
	}
}

// DoubleRingSeal is a business seal cut with a double ring: round, 40 mm, a
// thick outer and a thin inner ring, a star, the name on the upper arc, the
// purpose under the star and the seal code on the lower arc.
func DoubleRingSeal(org, purpose, code string) PictureSpec {
	s := BusinessSeal(org, purpose, code)
	s.WidthMM, s.HeightMM, s.DoubleRing = 40, 40, true
	return s
}

// PrivateSeal is the rectangular 私章: 18 × 8 mm, framed, the name in one row.
func PrivateSeal(name string) PictureSpec {
	return PictureSpec{
		Shape: Rectangle, WidthMM: 18, HeightMM: 8, Color: SealRed,
		Text: strings.TrimSpace(name), Frame: true,
	}
}

// DrawPicture draws spec at dpi dots per inch on a transparent background,
// anti-aliased, the image being exactly the seal's outer size. The pixels are
// the same on every run and machine: only the bundled fonts are used, nothing
// depends on map order, and all geometry is snapped to a 1/256-pixel grid
// before vector's fixed-point (integer) rasteriser sees it, so a last-bit
// difference in a CPU's floating point (fused multiply-add on arm64) could
// only matter for a coordinate lying exactly on a grid boundary.
func DrawPicture(spec PictureSpec, dpi float64) (*image.NRGBA, error) {
	if err := spec.validate(); err != nil {
		return nil, err
	}
	if !(dpi > 0) || dpi > MaxPictureDPI {
		return nil, invalid("resolution %g dpi is outside (0, %d]", dpi, MaxPictureDPI)
	}
	fonts, err := loadFonts()
	if err != nil {
		return nil, err
	}
	l := &layout{fonts: fonts, gc: glyphCache{fonts: fonts}}
	switch spec.Shape {
	case Round, Oval:
		err = l.roundOrOval(&spec)
	case Square:
		err = l.square(&spec)
	case Rectangle:
		err = l.rectangle(&spec)
	}
	if err != nil {
		return nil, err
	}
	c := spec.Color
	if c == (color.NRGBA{}) {
		c = SealRed
	}
	return l.render(spec.WidthMM, spec.HeightMM, dpi, c), nil
}

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidPictureSpec, fmt.Sprintf(format, a...))
}

func (s *PictureSpec) validate() error {
	if s.Shape < Round || s.Shape > Rectangle {
		return invalid("unknown shape %d", int(s.Shape))
	}
	for _, d := range []struct {
		name string
		v    float64
	}{{"width", s.WidthMM}, {"height", s.HeightMM}} {
		if !(d.v > 0) || d.v > MaxPictureMM {
			return invalid("%s %g mm is outside (0, %d]", d.name, d.v, MaxPictureMM)
		}
	}
	if s.Shape == Round && s.WidthMM != s.HeightMM {
		return invalid("round seal is %g × %g mm: width and height must both be the diameter", s.WidthMM, s.HeightMM)
	}
	if s.Shape == Oval && s.WidthMM < s.HeightMM {
		return invalid("oval seal is %g × %g mm: it must be wider than tall", s.WidthMM, s.HeightMM)
	}
	if s.Color.A == 0 && s.Color != (color.NRGBA{}) {
		return invalid("colour %v is fully transparent", s.Color)
	}
	minSide := math.Min(s.WidthMM, s.HeightMM)
	if s.RingMM < 0 || s.RingMM > minSide/8 || math.IsNaN(s.RingMM) {
		return invalid("ring width %g mm is outside [0, %g] for this size", s.RingMM, minSide/8)
	}
	texts := []struct {
		name string
		v    string
	}{{"Upper", s.Upper}, {"Lower", s.Lower}, {"Center", s.Center}, {"Text", s.Text}}
	for i, line := range s.Horizontal {
		texts = append(texts, struct {
			name string
			v    string
		}{fmt.Sprintf("Horizontal[%d]", i), line})
	}
	for _, t := range texts {
		if !utf8.ValidString(t.v) {
			return invalid("%s is not valid UTF-8", t.name)
		}
		for _, r := range t.v {
			if unicode.IsControl(r) {
				return invalid("%s has the control character %U", t.name, r)
			}
		}
	}

	if s.Shape == Square || s.Shape == Rectangle {
		if s.Upper != "" || s.Lower != "" || s.Center != "" || len(s.Horizontal) > 0 || s.Star || s.DoubleRing {
			return invalid("a %v seal has only Text: Upper, Lower, Center, Horizontal, Star and DoubleRing must be empty", s.Shape)
		}
		n := runeCount(s.Text)
		if s.Shape == Square && (n < 2 || n > 4) {
			return invalid("square seal Text %q has %d characters, want 2, 3 or 4", s.Text, n)
		}
		if s.Shape == Rectangle {
			if n < 2 || n > MaxRectangleRunes {
				return invalid("rectangular seal Text %q has %d characters, want 2 to %d", s.Text, n, MaxRectangleRunes)
			}
			if s.WidthMM < s.HeightMM {
				return invalid("rectangular seal is %g × %g mm: it must be wider than tall", s.WidthMM, s.HeightMM)
			}
		}
		return nil
	}
	if s.Text != "" {
		return invalid("Text is for square and rectangular seals; a %v seal uses Upper, Horizontal, Lower and Center", s.Shape)
	}
	if n := runeCount(s.Upper); n < 2 || n > MaxUpperRunes {
		return invalid("Upper %q has %d characters, want 2 to %d", s.Upper, n, MaxUpperRunes)
	}
	if n := runeCount(s.Lower); n > MaxLowerRunes {
		return invalid("Lower has %d characters, at most %d fit", n, MaxLowerRunes)
	}
	if n := runeCount(s.Center); n > MaxCenterRunes {
		return invalid("Center has %d characters, at most %d fit", n, MaxCenterRunes)
	}
	if len(s.Horizontal) > MaxHorizontalLines {
		return invalid("%d lines of Horizontal text, at most %d fit", len(s.Horizontal), MaxHorizontalLines)
	}
	for i, line := range s.Horizontal {
		if n := runeCount(line); n < 1 || n > MaxHorizontalRunes {
			return invalid("Horizontal[%d] %q has %d characters, want 1 to %d", i, line, n, MaxHorizontalRunes)
		}
	}
	return nil
}

// runeCount counts the characters of s as they will be drawn (ends trimmed).
func runeCount(s string) int { return utf8.RuneCountInString(strings.TrimSpace(s)) }

// EncodePNG encodes img as PNG with a pHYs chunk stating dpi, so that viewers,
// printers and PDF tools that honour it show the seal at its real size.
func EncodePNG(img image.Image, dpi float64) ([]byte, error) {
	if !(dpi > 0) || dpi > MaxPictureDPI {
		return nil, fmt.Errorf("seal: encode picture: resolution %g dpi is outside (0, %d]", dpi, MaxPictureDPI)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("seal: encode picture: %w", err)
	}
	b := buf.Bytes()
	// PNG §11.3.5.3: pHYs gives pixels per metre, unit 1 = metre. It must come
	// before the first IDAT; we put it right after IHDR (8-byte signature,
	// then a 25-byte IHDR chunk).
	const afterIHDR = 8 + 4 + 4 + 13 + 4
	if len(b) < afterIHDR || string(b[12:16]) != "IHDR" {
		return nil, errors.New("seal: encode picture: unexpected PNG layout")
	}
	ppm := uint32(math.Round(dpi / 0.0254))
	chunk := make([]byte, 4+4+9+4)
	binary.BigEndian.PutUint32(chunk[0:], 9)
	copy(chunk[4:], "pHYs")
	binary.BigEndian.PutUint32(chunk[8:], ppm)
	binary.BigEndian.PutUint32(chunk[12:], ppm)
	chunk[16] = 1
	binary.BigEndian.PutUint32(chunk[17:], crc32.ChecksumIEEE(chunk[4:17]))
	out := make([]byte, 0, len(b)+len(chunk))
	out = append(out, b[:afterIHDR]...)
	out = append(out, chunk...)
	out = append(out, b[afterIHDR:]...)
	return out, nil
}
