package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is the WCAG 2 relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestThemeContrast: the colours that carry meaning — the seal red, success
// (签章有效, 批准), warning and error — are readable as text on the window's
// background and carry white button text, at WCAG AA's 4.5:1.
func TestThemeContrast(t *testing.T) {
	th := newTheme()
	bg := th.Color(theme.ColorNameBackground, theme.VariantLight)
	white := color.White
	for _, n := range []fyne.ThemeColorName{theme.ColorNamePrimary, theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError} {
		c := th.Color(n, theme.VariantLight)
		if r := contrast(c, bg); r < 4.5 {
			t.Errorf("%s on the background: %.2f:1", n, r)
		}
		if r := contrast(c, white); r < 4.5 {
			t.Errorf("white on %s: %.2f:1", n, r)
		}
	}
}
