// Package ui is SealDesk's desktop face: windows, dialogs, the theme and the
// translation of messages. It is the only package besides main that imports
// Fyne, and the only place that shows errors to a person.
package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"sealdesk/assets"
)

// cjkFont is the bundled CJK font. Fyne falls back to its own Latin font for the
// glyphs this one lacks, so mixed Chinese and Latin text renders on a machine
// with no CJK fonts installed.
var cjkFont = fyne.NewStaticResource(assets.CJKFontName, assets.CJKFont)

// cjkFontUI is the subset of cjkFont for bold and italic text (labels,
// headings, hints: the message catalog's characters). Fyne parses the theme's
// font afresh for each style; the full font once is what a start can afford.
var cjkFontUI = fyne.NewStaticResource(assets.CJKFontUIName, assets.CJKFontUI)

// sealTheme is Fyne's default theme with the bundled CJK font and a seal-red primary colour.
type sealTheme struct{ fyne.Theme }

func newTheme() fyne.Theme { return sealTheme{theme.DefaultTheme()} }

func (t sealTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	if s.Bold || s.Italic {
		return cjkFontUI
	}
	return cjkFont
}

func (t sealTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary:
		return color.NRGBA{R: 0xc8, G: 0x1e, B: 0x1e, A: 0xff}
	case theme.ColorNameSuccess:
		// Fyne's lime green reads badly on white as text (批准, 签章有效): a
		// green dark enough for text and for white text on it (WCAG AA).
		return color.NRGBA{R: 0x1b, G: 0x7a, B: 0x3a, A: 0xff}
	case theme.ColorNameWarning:
		return color.NRGBA{R: 0xa8, G: 0x5a, B: 0x00, A: 0xff}
	case theme.ColorNameError:
		return color.NRGBA{R: 0xb7, G: 0x1c, B: 0x1c, A: 0xff}
	}
	// Always the light variant: documents are white paper, and a dark frame
	// around them makes the red of a seal hard to judge.
	return t.Theme.Color(n, theme.VariantLight)
}
