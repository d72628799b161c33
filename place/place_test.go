package place

import (
	"errors"
	"math"
	"strings"
	"testing"

	"sealdesk/internal/deptest"
)

// place is shared by store, app, the signers and the faces: it knows none of
// them, nor anything of ours.
func TestDependencies(t *testing.T) {
	for _, d := range deptest.Deps(t, ".") {
		if strings.HasPrefix(d, "sealdesk/") && d != "sealdesk/place" {
			t.Errorf("place imports %s", d)
		}
	}
}

func TestCanonicalTextRoundTrips(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    List
		text string
	}{
		{"one spot", List{{Page: 1, XMM: 150, YMM: 240.25}}, "1:150.000:240.250"},
		{"several pages", List{{Page: 2, XMM: 150, YMM: 240}, {Page: 4, XMM: 150, YMM: 240}}, "2:150.000:240.000 4:150.000:240.000"},
		{"seam", List{{Page: 1, XMM: 203, YMM: 148.5, Seam: &Slice{Right, 1, 2}}, {Page: 2, XMM: 203, YMM: 148.5, Seam: &Slice{Right, 2, 2}}},
			"1:203.000:148.500:right:1/2 2:203.000:148.500:right:2/2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.l.String(); got != tc.text {
				t.Fatalf("String() = %q, want %q", got, tc.text)
			}
			back, err := ParseList(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if !back.Same(tc.l) || back.String() != tc.text {
				t.Fatalf("ParseList(%q) = %v", tc.text, back)
			}
		})
	}
}

func TestParseRefusesMalformed(t *testing.T) {
	for _, s := range []string{"", "1", "1:2", "0:1:1", "x:1:1", "1:NaN:1", "1:1:Inf", "1:1:1:diagonal:1/2",
		"1:1:1:right:3/2", "1:1:1:right:1/1", "1:1:1:right:1", "1:1:1:right"} {
		if _, err := Parse(s); !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q) = %v, want ErrSyntax", s, err)
		}
	}
}

func TestSameIgnoresLessThanATenthOfAMillimetre(t *testing.T) {
	a := Placement{Page: 1, XMM: 10, YMM: 10}
	if !a.Same(Placement{Page: 1, XMM: 10.04, YMM: 9.96}) {
		t.Error("0.04 mm apart should be the same spot")
	}
	if a.Same(Placement{Page: 1, XMM: 10.06, YMM: 10}) || a.Same(Placement{Page: 2, XMM: 10, YMM: 10}) {
		t.Error("0.06 mm apart, or another page, is another spot")
	}
	if a.Same(Placement{Page: 1, XMM: 10, YMM: 10, Seam: &Slice{Right, 1, 2}}) {
		t.Error("a slice is not the whole seal")
	}
}

// The slices of a seam seal tile the picture exactly and sit on the edge.
func TestSeamMarksTileThePicture(t *testing.T) {
	size := func(int) (float64, float64) { return 210, 297 }
	for _, e := range []Edge{Right, Left, Top, Bottom} {
		l, err := SeamMarks([]int{1, 2, 3}, e, 100, 42, 42, size)
		if err != nil {
			t.Fatal(err)
		}
		var covered float64
		for i, p := range l {
			w, h := p.Size(42, 42)
			x0, y0, x1, y1 := p.Clip()
			if math.Abs((x1-x0)*42-w) > 1e-9 || math.Abs((y1-y0)*42-h) > 1e-9 {
				t.Errorf("%s slice %d: clip %v..%v does not match size %v×%v", e, i+1, x0, x1, w, h)
			}
			covered += (x1 - x0) * (y1 - y0)
			switch e {
			case Right:
				if math.Abs(p.XMM+w/2-210) > 1e-9 || p.YMM != 100 {
					t.Errorf("right slice %d at %v,%v", i+1, p.XMM, p.YMM)
				}
			case Left:
				if math.Abs(p.XMM-w/2) > 1e-9 {
					t.Errorf("left slice %d at %v", i+1, p.XMM)
				}
			case Top:
				if math.Abs(p.YMM-h/2) > 1e-9 || p.XMM != 100 {
					t.Errorf("top slice %d at %v,%v", i+1, p.XMM, p.YMM)
				}
			case Bottom:
				if math.Abs(p.YMM+h/2-297) > 1e-9 {
					t.Errorf("bottom slice %d at %v", i+1, p.YMM)
				}
			}
		}
		if math.Abs(covered-1) > 1e-9 {
			t.Errorf("%s: slices cover %v of the picture", e, covered)
		}
	}
	if _, err := SeamMarks([]int{1}, Right, 100, 42, 42, size); err == nil {
		t.Error("a seam over one page was accepted")
	}
}

func TestParsePages(t *testing.T) {
	got, err := ParsePages("2,4-6", 6)
	if err != nil || len(got) != 4 || got[0] != 2 || got[3] != 6 {
		t.Fatalf("ParsePages = %v, %v", got, err)
	}
	for _, s := range []string{"", "0", "3-2", "1,,2", "a", "2,2", "7"} {
		var re *RangeError
		if _, err := ParsePages(s, 6); !errors.As(err, &re) {
			t.Errorf("ParsePages(%q) = %v, want a RangeError", s, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1:150.000:240.250", "2:203.000:148.500:right:2/3", "1:1:1:top:1/2", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("Parse(%q): %v is not ErrSyntax", s, err)
			}
			return
		}
		q, err := Parse(p.String())
		if err != nil || !q.Same(p) {
			t.Fatalf("Parse(%q) = %v does not round-trip: %v, %v", s, p, q, err)
		}
	})
}
