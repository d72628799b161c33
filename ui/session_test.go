package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
)

// fakeClock replaces the idle check's clock for one test.
func fakeClock(t *testing.T) *time.Time {
	now := time.Now()
	clock = func() time.Time { return now }
	t.Cleanup(func() { clock = time.Now })
	return &now
}

// approvedForCustodian files and approves an invoice-seal request on the demo document.
func approvedForCustodian(t *testing.T, ws *app.Workspace) string {
	t.Helper()
	ctx := context.Background()
	cs, _ := ws.Login(ctx, "custodian", "demo")
	as, _ := ws.Login(ctx, "approver", "demo")
	id, err := ws.Request(ctx, cs, app.RequestInput{Seal: "invoice", DocPath: demoDoc(ws), Page: 1, XMM: 150, YMM: 240, Reason: "发票"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Approve(ctx, as, id, ""); err != nil {
		t.Fatal(err)
	}
	return id
}

func lastLedgerEntry(t *testing.T, ws *app.Workspace) app.LedgerEntry {
	t.Helper()
	es, err := ws.Ledger(context.Background(), app.LedgerFilter{})
	if err != nil || len(es) == 0 {
		t.Fatalf("ledger: %v", err)
	}
	return es[len(es)-1]
}

// TestIdleSignOut: with the workspace's idle time (set to 5 minutes here),
// activity postpones the sign-out; after 5 idle minutes the session ends, the
// open PIN dialog is gone, the sign-in screen says why, and the ledger has it.
func TestIdleSignOut(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	admin, _ := ws.Login(ctx, "admin", "demo")
	if err := ws.SetIdleLogout(ctx, admin, 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	approvedForCustodian(t, ws)
	now := fakeClock(t)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", "demo")
	v := w.Stamp
	openDoc(t, v, demoDoc(ws))

	*now = now.Add(4 * time.Minute)
	w.CheckIdle()
	if w.Session == nil {
		t.Fatal("signed out after 4 of 5 minutes")
	}
	w.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyPageDown}) // activity
	*now = now.Add(4 * time.Minute)
	w.CheckIdle()
	if w.Session == nil {
		t.Fatal("signed out 4 minutes after a key press")
	}
	test.Tap(v.Action) // 盖章: the PIN dialog opens
	if v.PIN == nil || w.Window.Canvas().Overlays().Top() == nil {
		t.Fatal("no PIN dialog")
	}
	test.Type(v.PIN.Entry, "1357")
	w.CheckIdle() // the ticker's next check sees the typing (it runs every 15 s)
	*now = now.Add(5 * time.Minute)
	w.CheckIdle()
	if w.Session != nil {
		t.Fatal("still signed in after 5 idle minutes")
	}
	if w.Window.Canvas().Overlays().Top() != nil {
		t.Fatal("the PIN dialog survived the idle sign-out")
	}
	if w.User == nil || w.LoginError.Text != "因长时间未操作（5 分钟），已自动退出登录" {
		t.Fatalf("sign-in screen message %q", w.LoginError.Text)
	}
	if e := lastLedgerEntry(t, ws); e.Kind != "logout" || e.Actor != "custodian" || e.Detail != app.LogoutIdle {
		t.Fatalf("ledger %+v", e)
	}
	// Signing out by hand is recorded as such.
	signIn(t, w, "auditor", "demo")
	test.Tap(w.SignOut)
	if e := lastLedgerEntry(t, ws); e.Kind != "logout" || e.Actor != "auditor" || e.Detail != app.LogoutUser {
		t.Fatalf("ledger %+v", e)
	}
}

// usbBus is a USB bus the test plugs keys into.
type usbBus struct {
	mu      sync.Mutex
	keys    []app.USBKey
	err     error
	vendors map[uint16]string // the vendor table the watch was given
}

func (b *usbBus) set(keys []app.USBKey, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.keys, b.err = keys, err
}

func (b *usbBus) poll(vendors map[uint16]string) ([]app.USBKey, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.vendors = vendors
	return b.keys, b.err
}

func (b *usbBus) vendorTable() map[uint16]string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.vendors
}

// TestUSBStatusBar: the status bar follows the watcher: no key, a Feitian key
// plugged in, pulled out, USB unreadable; in Chinese and after switching to
// English; the watcher stops at sign-out.
func TestUSBStatusBar(t *testing.T) {
	bus := &usbBus{}
	usbWatch = app.USBWatch{Interval: 5 * time.Millisecond, Poll: bus.poll}
	t.Cleanup(func() { usbWatch = fakeUSBWatch })
	ws := demoWorkspace(t)
	ctx := context.Background()
	admin, _ := ws.Login(ctx, "admin", "demo")
	if err := ws.SetUSBVendors(ctx, admin, "1d99 本单位密钥"); err != nil {
		t.Fatal(err)
	}
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", "demo")
	usbText := func(want string) {
		t.Helper()
		waitFor(t, "USB status "+want, func() bool {
			var got string
			fyne.DoAndWait(func() { got = w.USB.Text })
			return got == want
		})
	}
	usbText("未检测到 USB 密钥")
	// The watch has polled once by now: it reads the vendor table on its own goroutine.
	if vendors := bus.vendorTable(); vendors[0x1d99] != "本单位密钥" {
		t.Fatalf("the watcher was not given the workspace's vendor table: %v", vendors)
	}
	key := app.USBKey{Bus: 1, Address: 7, Vendor: 0x096E, Product: 0x0702, Maker: app.USBMaker(0x096E)}
	bus.set([]app.USBKey{key}, nil)
	usbText("USB 密钥已插入：Feitian (飞天诚信)")
	bus.set(nil, nil)
	usbText("USB 密钥已拔出：Feitian (飞天诚信)")
	bus.set(nil, app.ErrUSBUnavailable)
	usbText("无法访问 USB 设备（无权限或不支持），插拔提示不可用")
	bus.set([]app.USBKey{key}, nil)
	usbText("USB 密钥已插入：Feitian (飞天诚信)")
	fyne.DoAndWait(func() { w.Language.SetSelected("English") })
	usbText("USB key inserted: Feitian (飞天诚信)")
	bus.set(nil, nil)
	usbText("USB key removed: Feitian (飞天诚信)")
	bus.set(nil, app.ErrUSBUnavailable)
	usbText("USB devices cannot be read here (no permission or no USB); insertion notices are off")
	fyne.DoAndWait(func() { test.Tap(w.SignOut) })
	if w.watch != nil {
		t.Fatal("the session watcher still runs after sign-out")
	}
}

// fakeUSBWatch is the tests' default: a bus with no keys, the same on every
// machine, so screens and goldens do not depend on the host's USB.
var fakeUSBWatch = app.USBWatch{Interval: time.Hour, Poll: func(map[uint16]string) ([]app.USBKey, error) { return nil, nil }}

// TestCancelStamp: Cancel while the signature runs stops it: no stamped file,
// the dialog says so, the approval is still usable, and the ledger has the
// failed attempt.
func TestCancelStamp(t *testing.T) {
	ws := demoWorkspace(t)
	id := approvedForCustodian(t, ws)
	parked := make(chan struct{})
	testHookStampStarted = func(ctx context.Context) {
		close(parked)
		<-ctx.Done()
	}
	t.Cleanup(func() { testHookStampStarted = nil })
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", "demo")
	v := w.Stamp
	openDoc(t, v, demoDoc(ws))
	test.Tap(v.Action)
	p := v.PIN
	test.Type(p.Entry, app.DemoPIN)
	test.Tap(p.OK)
	<-parked
	if !p.busy || p.Progress.Hidden {
		t.Fatal("no progress while signing")
	}
	test.Tap(p.Cancel)
	waitFor(t, "the cancel", func() bool {
		var busy bool
		fyne.DoAndWait(func() { busy = p.busy })
		return !busy
	})
	if !strings.Contains(p.Message.Text, "已取消盖章") || p.Cancel.Disabled() {
		t.Fatalf("dialog message %q", p.Message.Text)
	}
	if _, err := os.Stat(filepath.Join(ws.Home, "documents", "示例合同-已盖章.pdf")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a cancelled stamp left a file: %v", err)
	}
	if r, _ := ws.StampRequest(context.Background(), id); r.Status != app.RequestApproved {
		t.Fatalf("request %s after cancel", r.Status)
	}
	if e := lastLedgerEntry(t, ws); e.Kind != "stamp" || e.Outcome != app.OutcomeFailed {
		t.Fatalf("ledger %+v", e)
	}
}

// TestShortcuts drives the stamping view from the keyboard: Ctrl+O opens the
// file dialog, Ctrl+= and Ctrl+- zoom, Page Down / Page Up turn pages, the
// arrow keys move a placed seal by 1 mm, Ctrl+Enter files the request.
func TestShortcuts(t *testing.T) {
	ws := demoWorkspace(t)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", "demo")
	v := w.Stamp
	c := w.Window.Canvas()
	sc := c.(fyne.Shortcutable)
	ctrl := func(k fyne.KeyName) {
		sc.TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault})
	}

	ctrl(fyne.KeyO)
	if c.Overlays().Top() == nil {
		t.Fatal("Ctrl+O opened no file dialog")
	}
	c.Overlays().Remove(c.Overlays().Top())

	openDoc(t, v, demoDoc(ws))
	v.Zoom.SetSelected("100%")
	ctrl(fyne.KeyEqual)
	if v.Zoom.Selected != "125%" {
		t.Fatalf("Ctrl+= gives %s", v.Zoom.Selected)
	}
	ctrl(fyne.KeyMinus)
	ctrl(fyne.KeyMinus)
	if v.Zoom.Selected != "75%" {
		t.Fatalf("Ctrl+- twice gives %s", v.Zoom.Selected)
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if v.page != 1 || v.PageLabel.Text != "第 2 / 2 页" {
		t.Fatalf("Page Down: page %d %q", v.page, v.PageLabel.Text)
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyPageDown}) // past the end: stays
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyPageUp})
	if v.page != 0 {
		t.Fatalf("Page Up: page %d", v.page)
	}

	ctrl(fyne.KeyReturn) // nothing placed yet: says so, files nothing
	if v.Message.Text != "请先将印章拖到页面上" {
		t.Fatalf("Ctrl+Enter without a seal: %q", v.Message.Text)
	}
	test.Tap(palette(t, v, "contract")) // a tap drops it in the lower half of the page
	x, y := v.cx, v.cy
	v.Page.mark.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	v.Page.mark.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	v.Page.mark.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if v.cx != x+1 || v.cy != y+2 {
		t.Fatalf("arrows moved the seal from (%v, %v) to (%v, %v)", x, y, v.cx, v.cy)
	}
	ctrl(fyne.KeyReturn)
	reqs, _ := ws.Requests(context.Background(), app.RequestPending)
	if len(reqs) != 1 || reqs[0].XMM != x+1 || reqs[0].YMM != y+2 || reqs[0].SealID != "contract" {
		t.Fatalf("Ctrl+Enter filed %+v; message %q", reqs, v.Message.Text)
	}
}

// TestCloseWindowRecordsSignOut: closing the window while signed in is a
// sign-out in the ledger.
func TestCloseWindowRecordsSignOut(t *testing.T) {
	ws := demoWorkspace(t)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "approver", "demo")
	w.closeWindow() // what the window's close button runs (the test driver has no close intercept)
	if e := lastLedgerEntry(t, ws); e.Kind != "logout" || e.Actor != "approver" || e.Detail != app.LogoutClosed {
		t.Fatalf("ledger %+v", e)
	}
}

// TestTypingKeepsSessionAlive: keys typed into a focused field do not reach
// the window's key hooks; the idle check sees the field's text change and
// counts it as activity.
func TestTypingKeepsSessionAlive(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	admin, _ := ws.Login(ctx, "admin", "demo")
	if err := ws.SetIdleLogout(ctx, admin, 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	now := fakeClock(t)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", "demo")
	v := w.Stamp
	w.Window.Canvas().Focus(v.Reason)
	w.CheckIdle() // the focus itself is noticed
	*now = now.Add(4 * time.Minute)
	test.Type(v.Reason, "与示例贸易有限公司签订的")
	w.CheckIdle()
	*now = now.Add(4 * time.Minute)
	w.CheckIdle()
	if w.Session == nil {
		t.Fatal("signed out 4 minutes after typing")
	}
	*now = now.Add(2 * time.Minute)
	w.CheckIdle()
	if w.Session != nil {
		t.Fatal("still signed in 6 minutes after the last keystroke")
	}
}
