package ui

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
)

func demoWorkspace(t *testing.T) *app.Workspace {
	t.Helper()
	home := filepath.Join(t.TempDir(), "demo")
	if err := app.InitDemo(context.Background(), home, rand.Reader, time.Now()); err != nil {
		t.Fatal(err)
	}
	ws, err := app.Open(home)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func TestWorkstationListsSealsAndSwitchesLanguage(t *testing.T) {
	a := test.NewTempApp(t)
	ws := demoWorkspace(t)
	w, err := New(a, ws, assets.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	w.Window.Show()
	if n := w.Seals.Length(); n != 5 {
		t.Fatalf("%d seals listed, want 5", n)
	}
	if !strings.Contains(w.Header.Text, "示例科技有限公司") || w.Window.Title() != "SealDesk 电子印章工作站" {
		t.Fatalf("header %q title %q", w.Header.Text, w.Window.Title())
	}
	// The first row shows the organisation seal's name.
	row := test.WidgetRenderer(w.Seals).Objects()
	if len(row) == 0 {
		t.Fatal("the seal list rendered nothing")
	}
	w.Language.SetSelected("English")
	if w.Window.Title() != "SealDesk sealing workstation" || !strings.Contains(w.Header.Text, "Seals") {
		t.Fatalf("after switching: header %q title %q", w.Header.Text, w.Window.Title())
	}
	var _ *widget.List = w.Seals
}
