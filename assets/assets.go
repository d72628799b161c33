// Package assets holds the files SealDesk embeds: the CJK font used for seal
// text and the interface, and other static resources. It imports nothing of ours,
// so every package may use it.
package assets

import _ "embed"

// CJKFont is Droid Sans Fallback Full (Apache-2.0, see fonts/DroidSansFallbackFull.LICENSE),
// a TrueType font covering Latin and the CJK Unified Ideographs. It is bundled so that seal
// pictures and the interface render identically on machines without any CJK font installed.
//
//go:embed fonts/DroidSansFallbackFull.ttf
var CJKFont []byte

// CJKFontName is the name under which the bundled font is known.
const CJKFontName = "DroidSansFallbackFull.ttf"
