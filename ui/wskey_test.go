package ui

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/internal/sm2token/tokentest"
)

var (
	sm2LibOnce sync.Once
	sm2Lib     string
)

// sm2Token puts a USB key with one SM2 key on the discovered modules (the
// SM2 test module; SoftHSM2 cannot sign SM2) and returns its user PIN. The
// module is a Go c-shared library, loaded once per test process: only this
// package's workstation-key tests use it.
func sm2Token(t *testing.T) string {
	t.Helper()
	_, pkcs8 := tokentest.NewKey(t)
	const pin = "24681357"
	sm2LibOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sm2token-") // outlives every test that opens it
		if err != nil {
			t.Fatal(err)
		}
		sm2Lib = tokentest.Build(t, dir)
	})
	lib := sm2Lib
	if lib == "" {
		t.Fatal("the SM2 test module was not built")
	}
	tokentest.Install(t, tokentest.State{Label: "工作站密钥", Serial: "WS2026000002", UserPIN: pin, SOPIN: "97531086",
		MaxTries: 5, Key: pkcs8, ID: []byte{0x07}, KeyLabel: "workstation"})
	t.Setenv("SEALDESK_PKCS11_MODULES", lib)
	return pin
}

// TestMoveWorkstationKeyFromSettings (issue 12 point 4, GUI): the settings
// tab says the ledger is signed by the software key; the move dialog lists
// the SM2 key of the USB key plugged in; a wrong PIN is refused in the
// dialog and moves nothing; the right one moves the key, the tab then names
// the USB key, and the ledger verifies with every head checked.
func TestMoveWorkstationKeyFromSettings(t *testing.T) {
	pin := sm2Token(t)
	ws := demoWorkspace(t)
	_, v := openAdmin(t, ws, assets.LangZH)
	if !strings.Contains(v.WSKeyInfo.Text, "本机的软件密钥签名") {
		t.Fatalf("settings before the move: %q", v.WSKeyInfo.Text)
	}
	test.Tap(v.WSKeyMove)
	d := v.WSKeyDialog
	if len(d.Key.Options) != 1 || d.Key.Selected != "工作站密钥 · workstation" || d.OK.Disabled() {
		t.Fatalf("keys offered: %q, selected %q", d.Key.Options, d.Key.Selected)
	}
	d.PIN.SetText("11112222")
	test.Tap(d.OK)
	if !strings.Contains(d.Message.Text, "口令") || ws.WorkstationKeyURI() != "" {
		t.Fatalf("wrong PIN: %q, key at %q", d.Message.Text, ws.WorkstationKeyURI())
	}
	d.PIN.SetText(pin)
	test.Tap(d.OK)
	if ws.WorkstationKeyURI() == "" {
		t.Fatalf("not moved: %q", d.Message.Text)
	}
	if got := v.WSKeyInfo.Text; !strings.Contains(got, "USB 密钥上的工作站密钥签名：pkcs11:token=") || strings.Contains(got, "module-path") {
		t.Errorf("settings after the move: %q", got)
	}
	if !strings.Contains(v.Message.Text, "工作站密钥已迁移到 USB 密钥") {
		t.Errorf("message %q", v.Message.Text)
	}
	if _, err := ws.VerifyLedgerFull(context.Background()); err != nil {
		t.Fatal(err)
	}
	if uri := ws.WorkstationKeyURI(); !strings.HasPrefix(uri, app.TokenKeyPrefix) {
		t.Errorf("key URI %q", uri)
	}
}
