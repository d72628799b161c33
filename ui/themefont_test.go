package ui

import (
	"bytes"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/font"

	"sealdesk/assets"
)

// TestUIFontCoversTheCatalog: bold and italic text is drawn with the subset
// font, so every character of every message, in both languages, must be in
// it when the full font has it (run assets/fonts/subset.sh after adding
// messages); regular text keeps
// the full font, which has the rare characters of names that the subset
// lacks.
func TestUIFontCoversTheCatalog(t *testing.T) {
	ui, err := font.ParseTTF(bytes.NewReader(assets.CJKFontUI))
	if err != nil {
		t.Fatalf("parse the subset font: %v", err)
	}
	full, err := font.ParseTTF(bytes.NewReader(assets.CJKFont))
	if err != nil {
		t.Fatal(err)
	}
	// The full font has no Latin letters or digits (Fyne draws those with its
	// own font): the subset must have every character the full font has.
	missing := map[rune]string{}
	for _, key := range assets.MessageKeys() {
		for _, lang := range []string{assets.LangZH, assets.LangEN} {
			for _, r := range assets.T(lang, key) {
				if unicode.IsControl(r) {
					continue
				}
				_, inFull := full.NominalGlyph(r)
				if _, ok := ui.NominalGlyph(r); inFull && !ok {
					missing[r] = key
				}
			}
		}
	}
	for r, key := range missing {
		t.Errorf("%q (U+%04X, in %s) is not in %s: run assets/fonts/subset.sh", r, r, key, assets.CJKFontUIName)
	}
	for _, r := range "电子印章工作站审批用印台账" {
		if _, ok := ui.NominalGlyph(r); !ok {
			t.Errorf("%q is not in the subset", r)
		}
	}
	const rare = '䶮' // CJK Extension A, in names, not in GB 2312
	if _, ok := full.NominalGlyph(rare); !ok {
		t.Fatalf("the full font lacks %q", rare)
	}
	if _, ok := ui.NominalGlyph(rare); ok {
		t.Fatalf("the subset has %q: it is not the subset subset.sh makes", rare)
	}
	th := newTheme()
	if th.Font(fyne.TextStyle{}) != cjkFont {
		t.Error("regular text does not use the full font")
	}
	if th.Font(fyne.TextStyle{Bold: true}) != cjkFontUI || th.Font(fyne.TextStyle{Italic: true}) != cjkFontUI {
		t.Error("bold and italic text do not use the subset")
	}
}
