//go:build ci

package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
)

// cutOff lists every visible label and button under o (at absolute position at)
// whose text does not fit: a one-line label whose widest line is wider than the
// label, a wrapped label taller than it is given, a button narrower than its
// text, or any of them reaching past the right edge of a window right wide.
func cutOff(o fyne.CanvasObject, at fyne.Position, right float32) []string {
	if o == nil || !o.Visible() {
		return nil
	}
	pos := at.Add(o.Position())
	size := o.Size()
	const slack = 0.5
	var out []string
	bad := func(what string) { out = append(out, what) }
	switch v := o.(type) {
	case *widget.Label:
		if v.Text == "" {
			return nil
		}
		if v.Wrapping == fyne.TextWrapOff || v.Truncation != fyne.TextTruncateOff {
			for _, line := range strings.Split(v.Text, "\n") {
				tw := fyne.MeasureText(line, theme.TextSize(), v.TextStyle).Width + 2*theme.InnerPadding()
				if tw > size.Width+slack {
					bad(fmt.Sprintf("label %q: text %.0f wide, label %.0f", line, tw, size.Width))
				}
			}
		} else if h := v.MinSize().Height; h > size.Height+slack {
			bad(fmt.Sprintf("label %q: needs %.0f high, has %.0f", v.Text, h, size.Height))
		}
		if pos.X+size.Width > right+slack {
			bad(fmt.Sprintf("label %q: reaches %.0f, window %.0f", v.Text, pos.X+size.Width, right))
		}
		return out
	case *widget.Button:
		if m := v.MinSize().Width; m > size.Width+slack {
			bad(fmt.Sprintf("button %q: needs %.0f wide, has %.0f", v.Text, m, size.Width))
		}
		if pos.X+size.Width > right+slack {
			bad(fmt.Sprintf("button %q: reaches %.0f, window %.0f", v.Text, pos.X+size.Width, right))
		}
		return out
	case *widget.Table, *widget.List:
		// Their cells are cut short by design (an ellipsis), and the screens
		// show the selected row in full beside them.
		return nil
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, cutOff(c, pos, right)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, cutOff(c, pos, right)...)
		}
	}
	return out
}

// TestScreenshotVerify captures the verification screen at 1280×800 with a
// document stamped twice and painted over after the stamps, in both languages,
// the signed version shown in the preview; no label or button on the screen may
// be cut off. With -screenshots it writes docs/screenshots/verify-<lang>.png.
func TestScreenshotVerify(t *testing.T) {
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		t.Run(lang, func(t *testing.T) {
			ws := shotWorkspace(t)
			path, _ := stampedThenRepainted(t, ws, "contract", "finance")
			w := newWorkstation(t, ws, lang)
			w.Window.Resize(fyne.NewSize(1280, 800))
			signIn(t, w, "auditor", app.DemoPassword)
			test.Tap(w.Nav[ViewVerify])
			v := w.Verify
			v.VerifyFile(path)
			waitFor(t, "the verification", func() bool { return v.pending == 0 && v.previews == 0 && v.Preview.Image != nil })
			if len(v.Panel.Cards) != 2 {
				t.Fatalf("%d cards, want 2", len(v.Panel.Cards))
			}
			test.Tap(v.Panel.Cards[0].ViewSigned)
			waitFor(t, "the signed version", func() bool { return v.previews == 0 && v.Showing == 1 })
			shoot(t, w, lang, "verify")
		})
	}
}
