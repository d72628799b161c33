package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
)

// allTexts collects every text drawn under o: labels, buttons, entries'
// placeholders and bare canvas text, through containers and widgets alike.
func allTexts(o fyne.CanvasObject) []string {
	var out []string
	switch v := o.(type) {
	case nil:
		return nil
	case *canvas.Text:
		return []string{v.Text}
	case *widget.Label:
		return []string{v.Text}
	case *widget.Button:
		out = append(out, v.Text)
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, allTexts(c)...)
		}
		return out
	}
	if wd, ok := o.(fyne.Widget); ok {
		for _, c := range test.WidgetRenderer(wd).Objects() {
			out = append(out, allTexts(c)...)
		}
	}
	return out
}

// TestFileDialogSpeaksTheUsersLanguage: Fyne's own file dialog — its title,
// buttons and labels — is in the window's language, and follows a switch of
// language (issue 17, point 3), the names of its places too, which Fyne 2.7
// writes in English whatever the language (translatePlaces).
func TestFileDialogSpeaksTheUsersLanguage(t *testing.T) {
	ws := demoWorkspace(t)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", app.DemoPassword)
	shown := func() string {
		t.Helper()
		openFile(w.Window, nil, ws.Home, func(string) {})
		top := w.Window.Canvas().Overlays().Top()
		if top == nil {
			t.Fatal("no dialog")
		}
		s := strings.Join(allTexts(top), "|")
		w.Window.Canvas().Overlays().Remove(top)
		return s
	}
	zh := shown()
	for _, want := range []string{"打开文件", "取消", "打开"} {
		if !strings.Contains(zh, want) {
			t.Errorf("the zh-CN dialog lacks %q: %s", want, zh)
		}
	}
	for _, want := range []string{"主文件夹", "计算机"} {
		if !strings.Contains(zh, want) {
			t.Errorf("the zh-CN dialog lacks the place %q: %s", want, zh)
		}
	}
	for _, bad := range []string{"Open File", "Cancel", "Show Hidden", "|Home|", "|Computer|"} {
		if strings.Contains(zh, bad) {
			t.Errorf("the zh-CN dialog says %q: %s", bad, zh)
		}
	}
	w.Language.SetSelected("English")
	en := shown()
	for _, want := range []string{"Open file", "Cancel"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English dialog lacks %q: %s", want, en)
		}
	}
	if strings.Contains(en, "取消") {
		t.Errorf("the English dialog speaks Chinese: %s", en)
	}
}
