package pdfview

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// The keyword tests read documents that PDFKit (npm's pdfkit, pinned in
// testdata/pdfkit/package-lock.json) writes during the test, with the
// product's CJK font embedded: an independent writer, so that what is found
// is what another tool put on the page, not what our own writer meant to.

var pdfkitOnce struct {
	sync.Once
	err error
	out string
}

// pdfkitTool returns the folder of testdata/pdfkit with its pinned npm
// packages installed (npm ci, once per run); it skips the test only when
// node or npm is not installed.
func pdfkitTool(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"node", "npm"} {
		if _, err := exec.LookPath(name); err != nil {
			t.Skipf("%s not installed: the keyword tests write their PDFs with npm's pdfkit (packaging/install-deps.sh installs Node.js)", name)
		}
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "pdfkit"))
	if err != nil {
		t.Fatal(err)
	}
	pdfkitOnce.Do(func() {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", "pdfkit", "package.json")); err == nil {
			return
		}
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
		cmd.Dir = dir
		b, err := cmd.CombinedOutput()
		pdfkitOnce.err, pdfkitOnce.out = err, string(b)
	})
	if pdfkitOnce.err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, pdfkitOnce.err, pdfkitOnce.out)
	}
	return dir
}

var (
	cjkFull = mustAbs(filepath.Join("..", "assets", "fonts", "DroidSansFallbackFull.ttf"))
	cjkUI   = mustAbs(filepath.Join("..", "assets", "fonts", "DroidSansFallbackUI.ttf"))
)

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		panic(err)
	}
	return a
}

// kitText is a piece of text for make.js: baseline starting at X, Y points
// from the media box's top-left corner, y downwards.
type kitText struct {
	Text string  `json:"text"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	Font string  `json:"font"`
	Size float64 `json:"size"`
}

type kitPage struct {
	Rotate  int       `json:"rotate,omitempty"`
	CropBox []float64 `json:"cropBox,omitempty"`
	Texts   []kitText `json:"texts"`
}

// kitPlaced is where make.js says a kitText went, in user space.
type kitPlaced struct {
	Page     int       `json:"page"`
	Baseline float64   `json:"baseline"`
	Size     float64   `json:"size"`
	X        []float64 `json:"x"` // start of each character, then the end of the text
}

// kitDoc is a PDF written by PDFKit and where its texts are.
type kitDoc struct {
	path   string
	pages  []kitPage
	placed []kitPlaced
}

func makeKitPDF(t *testing.T, pages ...kitPage) *kitDoc {
	t.Helper()
	tool := pdfkitTool(t)
	dir := t.TempDir()
	spec, err := json.Marshal(map[string]any{"pages": pages})
	if err != nil {
		t.Fatal(err)
	}
	specPath, out := filepath.Join(dir, "spec.json"), filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(specPath, spec, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", filepath.Join(tool, "make.js"), specPath, out)
	cmd.Dir = tool
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("node make.js: %v", err)
	}
	d := &kitDoc{path: out, pages: pages}
	if err := json.Unmarshal(b, &d.placed); err != nil {
		t.Fatalf("make.js printed %q: %v", b, err)
	}
	return d
}

// span names characters [From, To) of text Text (its index over the whole document).
type span struct{ Text, From, To int }

// want is the centre, in display millimetres, of the em boxes of the spans:
// horizontally where PDFKit advanced, vertically the ideographic em box, which
// runs from 0.12 em below the baseline to 0.88 em above it. Mapped to the
// displayed page by hand here (not through geometry.go) for /Rotate 0 and 90.
func (d *kitDoc) want(t *testing.T, spans ...span) (page int, xmm, ymm float64) {
	t.Helper()
	u := Rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, s := range spans {
		p := d.placed[s.Text]
		page = p.Page
		u.LLX, u.URX = math.Min(u.LLX, p.X[s.From]), math.Max(u.URX, p.X[s.To])
		u.LLY, u.URY = math.Min(u.LLY, p.Baseline-0.12*p.Size), math.Max(u.URY, p.Baseline+0.88*p.Size)
	}
	x, y := (u.LLX+u.URX)/2, (u.LLY+u.URY)/2
	v := Rect{0, 0, 595.28, 841.89} // PDFKit's A4
	if c := d.pages[page].CropBox; c != nil {
		v = Rect{c[0], c[1], c[2], c[3]}
	}
	const mm = 25.4 / 72
	switch d.pages[page].Rotate {
	case 0:
		return page + 1, (x - v.LLX) * mm, (v.URY - y) * mm
	case 90: // turned clockwise: the bottom edge is on the left, the left edge on top
		return page + 1, (y - v.LLY) * mm, (x - v.LLX) * mm
	}
	t.Fatalf("no hand mapping for /Rotate %d", d.pages[page].Rotate)
	return
}

// nearKit checks a match against PDFKit's placement, within 1 mm.
func nearKit(t *testing.T, d *kitDoc, m TextMatch, spans ...span) {
	t.Helper()
	page, x, y := d.want(t, spans...)
	t.Logf("%q: page %d, found (%.2f, %.2f) mm, PDFKit (%.2f, %.2f) mm", m.Text, m.Page, m.CenterXMM, m.CenterYMM, x, y)
	if m.Page != page || math.Abs(m.CenterXMM-x) > 1 || math.Abs(m.CenterYMM-y) > 1 {
		t.Errorf("match %q on page %d at (%.2f, %.2f) mm, PDFKit put it on page %d at (%.2f, %.2f) mm",
			m.Text, m.Page, m.CenterXMM, m.CenterYMM, page, x, y)
	}
}

func find(t *testing.T, d *kitDoc, keyword string, pages []int) []TextMatch {
	t.Helper()
	ms, err := testRenderer.FindText(d.path, keyword, pages)
	if err != nil {
		t.Fatalf("FindText(%q): %v", keyword, err)
	}
	return ms
}

func kt(s string, x, y float64) kitText { return kitText{Text: s, X: x, Y: y, Font: cjkFull, Size: 12} }

// "盖章处" on page 2 of 3 is found once, there, where PDFKit drew it; the
// rule without an index accepts the single match and applies the offset.
func TestFindTextChinese(t *testing.T) {
	d := makeKitPDF(t,
		kitPage{Texts: []kitText{kt("本合同一式两份，双方各执一份。", 72, 100)}},
		kitPage{Texts: []kitText{kt("甲方：某某有限公司", 72, 100), kt("乙方盖章处：", 300, 600)}},
		kitPage{Texts: []kitText{kt("附件一：报价单", 72, 100)}},
	)
	ms := find(t, d, "盖章处", nil)
	if len(ms) != 1 {
		t.Fatalf("found %d matches, want 1: %+v", len(ms), ms)
	}
	nearKit(t, d, ms[0], span{2, 2, 5})
	if ms[0].Text != "盖章处" || ms[0].Lines != 1 {
		t.Errorf("match %+v", ms[0])
	}
	pts, err := KeywordRule{Keyword: "盖章处", DXMM: 5, DYMM: -3}.Resolve(ms)
	if err != nil {
		t.Fatal(err)
	}
	if want := (PagePoint{2, ms[0].CenterXMM + 5, ms[0].CenterYMM - 3}); len(pts) != 1 || pts[0] != want {
		t.Errorf("Resolve = %v, want [%v]", pts, want)
	}
	if ms := find(t, d, "盖章处", []int{1, 3}); len(ms) != 0 {
		t.Errorf("found on pages 1 and 3: %+v", ms)
	}
	// No match: refused with the count 0.
	ms = find(t, d, "骑缝章", nil)
	var ke *KeywordError
	if _, err := (KeywordRule{Keyword: "骑缝章"}).Resolve(ms); !errors.As(err, &ke) || ke.Count != 0 || len(ke.Pages) != 0 {
		t.Errorf("no match: Resolve error %v, want a KeywordError with count 0", err)
	}
}

// "（盖章）" twice on a page: found by the half-width keyword too (NFKC);
// index 2 picks the second, all picks both, no index is refused.
func TestFindTextTwiceOnOnePage(t *testing.T) {
	d := makeKitPDF(t, kitPage{Texts: []kitText{kt("甲方（盖章）：", 72, 650), kt("乙方（盖章）：", 320, 650)}})
	for _, kw := range []string{"（盖章）", "(盖章)", " ( 盖 章 ) "} {
		ms := find(t, d, kw, nil)
		if len(ms) != 2 {
			t.Fatalf("%q: found %d matches, want 2", kw, len(ms))
		}
		nearKit(t, d, ms[0], span{0, 2, 6})
		nearKit(t, d, ms[1], span{1, 2, 6})
		if ms[0].Text != "（盖章）" {
			t.Errorf("match text %q", ms[0].Text)
		}
		pts, err := KeywordRule{Keyword: kw, Index: 2}.Resolve(ms)
		if err != nil || len(pts) != 1 || pts[0] != (PagePoint{1, ms[1].CenterXMM, ms[1].CenterYMM}) {
			t.Errorf("%q index 2: %v, %v", kw, pts, err)
		}
		pts, err = KeywordRule{Keyword: kw, Index: AllMatches, DXMM: 1}.Resolve(ms)
		if err != nil || len(pts) != 2 || pts[0].XMM != ms[0].CenterXMM+1 || pts[1].XMM != ms[1].CenterXMM+1 {
			t.Errorf("%q all: %v, %v", kw, pts, err)
		}
		var ke *KeywordError
		if _, err := (KeywordRule{Keyword: kw}).Resolve(ms); !errors.As(err, &ke) || ke.Count != 2 || !slices.Equal(ke.Pages, []int{1}) {
			t.Errorf("%q without index: %v, want a KeywordError with count 2 on page 1", kw, err)
		}
		if _, err := (KeywordRule{Keyword: kw, Index: 3}).Resolve(ms); !errors.As(err, &ke) || ke.Count != 2 {
			t.Errorf("%q index 3: %v, want a KeywordError with count 2", kw, err)
		}
	}
}

// A keyword drawn as separate text objects in different fonts and sizes, on
// one baseline: PDFKit starts each piece where the previous one ended.
func TestFindTextAcrossRuns(t *testing.T) {
	full16 := kitText{Text: "章处", Font: cjkFull, Size: 16}
	ui12 := kitText{Text: "盖", Font: cjkUI, Size: 12}
	lead := kt("请在此", 100, 300)
	sign := kitText{Text: "Sign", X: 100, Y: 400, Font: "Helvetica-Bold", Size: 14}
	ature := kitText{Text: "ature:", Font: "Times-Roman", Size: 10}
	// The x of each piece after the first depends on widths only PDFKit
	// knows: ask it once, then place the pieces end to end.
	probe := makeKitPDF(t, kitPage{Texts: []kitText{lead, ui12, sign}})
	ui12.X, ui12.Y = probe.placed[0].X[3], 300
	full16.X, full16.Y = probe.placed[1].X[1]-probe.placed[1].X[0]+ui12.X, 300
	ature.X, ature.Y = probe.placed[2].X[4], 400
	d := makeKitPDF(t, kitPage{Texts: []kitText{lead, ui12, full16, sign, ature}})

	ms := find(t, d, "盖章处", nil)
	if len(ms) != 1 || ms[0].Lines != 1 {
		t.Fatalf("found %+v, want one match on one line", ms)
	}
	nearKit(t, d, ms[0], span{1, 0, 1}, span{2, 0, 2})
	ms = find(t, d, "Signature", nil)
	if len(ms) != 1 || ms[0].Lines != 1 {
		t.Fatalf("found %+v, want one match on one line", ms)
	}
	// Latin glyphs fill less of the em than ideographs: check x closely, y loosely.
	_, x, y := d.want(t, span{3, 0, 4}, span{4, 0, 5})
	if math.Abs(ms[0].CenterXMM-x) > 1 || math.Abs(ms[0].CenterYMM-y) > 2 {
		t.Errorf("Signature at (%.2f, %.2f) mm, PDFKit put it at (%.2f, %.2f) mm", ms[0].CenterXMM, ms[0].CenterYMM, x, y)
	}
}

// A keyword broken across two lines is found; the centre is on the line with
// more of its characters.
func TestFindTextAcrossLines(t *testing.T) {
	d := makeKitPDF(t, kitPage{Texts: []kitText{
		kt("请双方核对无误后在下方签字盖", 72, 300),
		kt("章处填写日期。", 72, 318),
		kt("盖章", 72, 500),
		kt("处在右下角。", 72, 518),
	}})
	ms := find(t, d, "盖章处", nil)
	if len(ms) != 2 {
		t.Fatalf("found %d matches, want 2: %+v", len(ms), ms)
	}
	for i, want := range []string{"盖 章处", "盖章 处"} {
		if ms[i].Lines != 2 || ms[i].Text != want {
			t.Errorf("match %q over %d lines, want %q over 2", ms[i].Text, ms[i].Lines, want)
		}
	}
	nearKit(t, d, ms[0], span{1, 0, 2}) // "章处": two of the three characters
	nearKit(t, d, ms[1], span{2, 0, 2}) // "盖章"
}

// Rotated pages and a crop box offset: positions as displayed.
func TestFindTextRotatedAndCropped(t *testing.T) {
	crop := []float64{30, 40, 530, 800}
	d := makeKitPDF(t,
		kitPage{Rotate: 90, Texts: []kitText{kt("签署页", 72, 100), kt("盖章处", 200, 500)}},
		kitPage{CropBox: crop, Texts: []kitText{kt("盖章处", 200, 500)}},
		kitPage{Rotate: 90, CropBox: crop, Texts: []kitText{kt("盖章处", 400, 150)}},
	)
	ms := find(t, d, "盖章处", nil)
	if len(ms) != 3 {
		t.Fatalf("found %d matches, want 3: %+v", len(ms), ms)
	}
	nearKit(t, d, ms[0], span{1, 0, 3})
	nearKit(t, d, ms[1], span{2, 0, 3})
	nearKit(t, d, ms[2], span{3, 0, 3})
	// On a page turned by 90°, the keyword's box is taller than wide as displayed.
	if b := ms[0].Box; b.H < 2*b.W {
		t.Errorf("box on the rotated page is %.1f×%.1f mm", b.W, b.H)
	}
	// Several matches on several pages, no index: refused, naming the pages.
	var ke *KeywordError
	if _, err := (KeywordRule{Keyword: "盖章处"}).Resolve(ms); !errors.As(err, &ke) || ke.Count != 3 || !slices.Equal(ke.Pages, []int{1, 2, 3}) || ke.PageList() != "1, 2, 3" {
		t.Errorf("Resolve = %v, want a KeywordError with count 3 on pages 1, 2, 3", err)
	}
	if ms := find(t, d, "盖章处", []int{2}); len(ms) != 1 || ms[0].Page != 2 {
		t.Errorf("on page 2 only: %+v", ms)
	}
}

// Input FindText refuses before reading any page.
func TestFindTextBadInput(t *testing.T) {
	d := makeKitPDF(t, kitPage{Texts: []kitText{kt("盖章处", 72, 100)}})
	var pe *PageError
	if _, err := testRenderer.FindText(d.path, "盖章处", []int{2}); !errors.As(err, &pe) || pe.Page != 2 || pe.Count != 1 {
		t.Errorf("page 2 of 1: %v", err)
	}
	if _, err := testRenderer.FindText(d.path, " \u3000\n", nil); !errors.Is(err, ErrEmptyKeyword) {
		t.Errorf("blank keyword: %v", err)
	}
	if _, err := testRenderer.FindText(filepath.Join(t.TempDir(), "none.pdf"), "盖章处", nil); err == nil {
		t.Error("a missing file gave no error")
	}
}

// The keyword rule on its own: which matches it accepts, and what it says
// when it refuses.
func TestKeywordRuleResolve(t *testing.T) {
	ms := []TextMatch{{Page: 3, CenterXMM: 10, CenterYMM: 20}, {Page: 1, CenterXMM: 30, CenterYMM: 40}, {Page: 3, CenterXMM: 50, CenterYMM: 60}}
	for _, c := range []struct {
		name    string
		rule    KeywordRule
		matches []TextMatch
		want    []PagePoint
		err     string
	}{
		{"one match, no index", KeywordRule{Keyword: "k", DXMM: 1, DYMM: 2}, ms[:1], []PagePoint{{3, 11, 22}}, ""},
		{"one match, index 1", KeywordRule{Keyword: "k", Index: 1}, ms[:1], []PagePoint{{3, 10, 20}}, ""},
		{"index 2", KeywordRule{Keyword: "k", Index: 2, DYMM: -5}, ms, []PagePoint{{1, 30, 35}}, ""},
		{"all", KeywordRule{Keyword: "k", Index: AllMatches}, ms, []PagePoint{{3, 10, 20}, {1, 30, 40}, {3, 50, 60}}, ""},
		{"none", KeywordRule{Keyword: "k"}, nil, nil, `pdfview: keyword "k" not found`},
		{"none, all", KeywordRule{Keyword: "k", Index: AllMatches}, nil, nil, `pdfview: keyword "k" not found`},
		{"several, no index", KeywordRule{Keyword: "k"}, ms, nil, `pdfview: keyword "k" occurs 3 times (pages 1, 3) and no index was given`},
		{"index past the last", KeywordRule{Keyword: "k", Index: 4}, ms, nil, `pdfview: keyword "k" occurs 3 times (pages 1, 3), so there is no match 4`},
		{"bad index", KeywordRule{Keyword: "k", Index: -2}, ms, nil, "pdfview: bad keyword index -2"},
		{"bad offset", KeywordRule{Keyword: "k", DXMM: math.NaN()}, ms[:1], nil, "pdfview: bad keyword offset (NaN, 0) mm"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.rule.Resolve(c.matches)
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("Resolve = %v, %v; want error %q", got, err, c.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, c.want) {
				t.Fatalf("Resolve = %v, %v; want %v", got, err, c.want)
			}
		})
	}
}
