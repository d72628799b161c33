package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
)

// TestPlaceSealClearsItsPrompt: asking for a stamp before placing a seal says
// to place one; placing it takes the prompt away (issue 17, polish).
func TestPlaceSealClearsItsPrompt(t *testing.T) {
	ws := demoWorkspace(t)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", app.DemoPassword)
	v := w.Stamp
	openDoc(t, v, demoDoc(ws))
	test.Tap(v.Action)
	if v.Message.Text != "请先将印章拖到页面上" {
		t.Fatalf("before placing: %q", v.Message.Text)
	}
	dragSeal(v, palette(t, v, "contract"), float32(100*v.scale), float32(100*v.scale))
	if v.Message.Text != "" {
		t.Errorf("after placing, the prompt stays: %q", v.Message.Text)
	}
}
