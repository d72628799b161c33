//go:build ci

package ui

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"sealdesk/assets"
)

// shoot captures w's window as the screenshot name, and holds every
// screenshot to the same checks (issue 17 points 3 and 7): the capture has the
// window's size; no label or button, on the screen or in a dialog over it,
// is cut off; no text shows a temporary folder; and a zh-CN screen shows no
// English word (see englishWords). With -screenshots it writes
// docs/screenshots/<name>-<lang>.png. ids are further identifiers the
// screen may show, such as a login name being typed.
func shoot(t *testing.T, w *Workstation, lang, name string, ids ...string) {
	t.Helper()
	c := w.Window.Canvas()
	for _, o := range append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...) {
		settle(o)
	}
	img := c.Capture()
	if b := img.Bounds(); b.Dx() < 1200 || b.Dy() < 700 {
		t.Fatalf("%s: capture is %v", name, b)
	}
	if *writeScreenshots {
		save(t, name+"-"+lang+".png", img)
	}
	layers := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
	for _, o := range layers {
		var bad []string
		for _, b := range cutOff(o, fyne.NewPos(0, 0), c.Size().Width) {
			// Fyne draws a dialog's title from a label it leaves unsized.
			if !strings.HasSuffix(b, ", label 0") {
				bad = append(bad, b)
			}
		}
		if len(bad) > 0 {
			t.Errorf("%s: cut off at %.0f×%.0f:\n%s", name, c.Size().Width, c.Size().Height, strings.Join(bad, "\n"))
		}
	}
	var shown []string
	for _, o := range layers {
		shown = append(shown, visibleTexts(o)...)
	}
	allowed := shotIdentifiers(w)
	for _, id := range ids {
		allowed[id] = true
	}
	for _, s := range shown {
		if strings.Contains(s, os.TempDir()) {
			t.Errorf("%s: the screen shows a temporary folder: %q", name, s)
		}
		if lang != assets.LangZH {
			continue
		}
		if words := englishWords(s, allowed); len(words) > 0 {
			t.Errorf("%s: English on the zh-CN screen: %q in %q", name, words, s)
		}
	}
}

// settle lays o out again from the top, as the desktop driver does between
// frames when a text changes a widget's minimum size (the test driver never
// does): without it a label given a longer text keeps its old size in a
// capture, which no person sees.
func settle(o fyne.CanvasObject) {
	if o == nil || !o.Visible() {
		return
	}
	switch v := o.(type) {
	case *fyne.Container:
		if v.Layout != nil {
			v.Layout.Layout(v.Objects, v.Size())
		}
		for _, c := range v.Objects {
			settle(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(v)
		r.Layout(v.Size())
		for _, c := range r.Objects() {
			settle(c)
		}
	}
}

// visibleTexts collects every text drawn under o that is not hidden: Fyne
// draws labels, buttons, entries and their placeholders, selects, checks,
// tabs, table and list cells, rich text and dialog titles all as canvas.Text
// in the end, so walking the renderers down to it misses none of them.
func visibleTexts(o fyne.CanvasObject) []string {
	if o == nil || !o.Visible() {
		return nil
	}
	switch v := o.(type) {
	case *canvas.Text:
		if strings.TrimSpace(v.Text) == "" {
			return nil
		}
		return []string{v.Text}
	case *fyne.Container:
		var out []string
		for _, c := range v.Objects {
			out = append(out, visibleTexts(c)...)
		}
		return out
	case fyne.Widget:
		var out []string
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, visibleTexts(c)...)
		}
		return out
	}
	return nil
}

// shotTokens are the words a zh-CN screen may show in Latin letters: the
// product's name, algorithm and format names, and the name of the English
// choice in the language menu (written in English on purpose, so that a
// person who reads no Chinese finds it).
var shotTokens = map[string]bool{
	"SealDesk": true, "English": true,
	"SM2": true, "SM3": true, "SM4": true, "PDF": true, "OFD": true, "USB": true, "Key": true, "PIN": true,
	"ECDSA": true, "CSV": true, "PNG": true, "JPEG": true, "CUPS": true, "RSA": true, "QR": true, "CA": true, "UTC": true, "CST": true,
	"init-demo":   true, // the actor of the demo's own set-up entries
	"AuditReport": true, // the name of the audit report's signature field
}

// shotIdentifiers adds to shotTokens the identifiers a screen of w's
// workspace shows as they are: user login names and seal ids.
func shotIdentifiers(w *Workstation) map[string]bool {
	out := map[string]bool{}
	for k := range shotTokens {
		out[k] = true
	}
	ctx := context.Background()
	if users, err := w.ws.AllUsers(ctx); err == nil {
		for _, u := range users {
			out[u.Name] = true
		}
	}
	if seals, err := w.ws.Seals(ctx); err == nil {
		for _, s := range seals {
			out[s.ID] = true
		}
	}
	return out
}

// latinRun is a run of at least three ASCII letters; latinToken is the
// identifier-like word around it (letters, digits and the marks ids, file
// names and paths are made of).
var (
	latinRun   = regexp.MustCompile(`[A-Za-z]{3,}`)
	latinToken = regexp.MustCompile(`[A-Za-z0-9_./~@:+\-…]+`)
)

// englishWords lists the English words in s: runs of three or more ASCII
// letters that are not part of an identifier. A token counts as an
// identifier when it is allowed by name, or carries a digit (request ids,
// hashes, versions), a path separator, an underscore or @, or a file
// extension.
func englishWords(s string, allowed map[string]bool) []string {
	var out []string
	for _, tok := range latinToken.FindAllString(s, -1) {
		if !latinRun.MatchString(tok) {
			continue
		}
		if fileExt.MatchString(tok) { // the extension of a file name in Chinese
			continue
		}
		tok = strings.Trim(tok, ".:…-+")
		if allowed[tok] || strings.ContainsAny(tok, "0123456789/_@~") || fileName.MatchString(tok) {
			continue
		}
		out = append(out, tok)
	}
	return out
}

var (
	fileName = regexp.MustCompile(`^[^.]+\.[A-Za-z]{2,8}$`)
	fileExt  = regexp.MustCompile(`^\.[A-Za-z]{2,8}$`)
)

// TestEnglishWords: the English detector flags sentences and bare words, and
// lets ids, file names, paths, hashes and allowed names through.
func TestEnglishWords(t *testing.T) {
	allowed := map[string]bool{"custodian": true, "PDF": true}
	for _, c := range []struct {
		s    string
		want string
	}{
		{"grant 1: custodian may use the seal", "grant may use the seal"},
		{"pin_incorrect: app: wrong PIN; 4 tries left", "app wrong PIN tries left"},
		{"印章：合同专用章（contract）", "contract"},
		{"Open File", "Open File"},
		{"申请 R20261201-0001 已批准", ""},
		{"~/SealDesk/demo/documents/合同.pdf", ""},
		{"custodian 的 PDF 文档 contract.pdf", ""},
		{"SM3 3fa9c0deadbeef", ""},
		{"YYYY-MM-DD", "YYYY-MM-DD"},
		{"第 2 页", ""},
	} {
		got := strings.Join(englishWords(c.s, allowed), " ")
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.s, got, c.want)
		}
	}
}
