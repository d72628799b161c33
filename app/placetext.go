package app

import (
	"strings"

	"sealdesk/assets"
	"sealdesk/place"
)

// PlacementsText says where a request puts the seal, in lang, for the faces:
// "p.2 (60.0, 90.0) mm" for one spot, the spots joined for several, and the
// edge and pages for a cross-page seal.
func PlacementsText(lang string, r StampRequest) string {
	marks := placementsOf(r)
	if len(marks) > 1 && marks[0].Seam != nil {
		pages := make([]string, len(marks))
		for i, m := range marks {
			pages[i] = assets.T(lang, "place.page", m.Page)
		}
		return assets.T(lang, "place.seam", assets.T(lang, "place.edge."+string(marks[0].Seam.Edge)), len(marks), strings.Join(pages, assets.T(lang, "place.sep")))
	}
	parts := make([]string, len(marks))
	for i, m := range marks {
		parts[i] = assets.T(lang, "cli.position", m.Page, m.XMM, m.YMM)
	}
	s := strings.Join(parts, assets.T(lang, "place.sep"))
	if strings.HasPrefix(r.Rule, "keyword ") {
		s = assets.T(lang, "place.keyword", strings.TrimPrefix(r.Rule, "keyword ")) + s
	}
	return s
}

// edges lists the seam edges for the faces' choosers, in the order shown.
var edges = []place.Edge{place.Right, place.Left, place.Top, place.Bottom}

// SeamEdges are the edges a cross-page seal can run along.
func SeamEdges() []place.Edge { return edges }
