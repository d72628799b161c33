// Package assets holds the files SealDesk embeds: the CJK font used for seal
// text and the interface, and other static resources. It imports nothing of ours,
// so every package may use it.
package assets

import (
	_ "embed"

	"golang.org/x/image/font/gofont/goregular"
)

// CJKFont is Droid Sans Fallback Full (Apache-2.0, see fonts/DroidSansFallbackFull.LICENSE),
// a TrueType font covering Latin and the CJK Unified Ideographs. It is bundled so that seal
// pictures and the interface render identically on machines without any CJK font installed.
//
//go:embed fonts/DroidSansFallbackFull.ttf
var CJKFont []byte

// CJKFontName is the name under which the bundled font is known.
const CJKFontName = "DroidSansFallbackFull.ttf"

// CJKFontUI is a subset of CJKFont (fonts/subset.sh): GB 2312, Latin-1 and
// every character of the message catalog, a quarter of the size. The desktop
// draws bold and italic text with it: Fyne parses the theme's font once per
// style, every glyph outline of it, and three parses of the full font were a
// third of the time to the first window (issue 18). Regular text, where
// names and document titles with rare characters appear, keeps the full font.
//
//go:embed fonts/DroidSansFallbackUI.ttf
var CJKFontUI []byte

// CJKFontUIName is the name under which the subset is known.
const CJKFontUIName = "DroidSansFallbackUI.ttf"

// LatinFont is Go Regular (BSD-3-Clause, from golang.org/x/image/font/gofont).
// CJKFont has no Latin letters or digits (its glyph index for 'A' and '0' is 0),
// so seal pictures draw digits and Latin letters (e.g. the seal code on the lower
// arc, a tax id) with this font and everything else with CJKFont.
var LatinFont = goregular.TTF

// Icon is the application icon: the demo organisation seal drawn by package seal.
//
//go:embed icon.png
var Icon []byte

// DemoContract is the two-page contract of the demo workspace (app's demo,
// README's tour). It is generated once by the test helper testpdf, which does
// not ship; TestDemoContractUnchanged regenerates and compares it.
//
//go:embed demo-contract.pdf
var DemoContract []byte
