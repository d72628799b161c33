package ui

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/internal/hostsecret"
	"sealdesk/internal/testpdf"
	"sealdesk/pdfview"
	"sealdesk/store"
)

func TestMain(m *testing.M) {
	// PDFium's compiled code is cached in a folder of the tests' own (shared
	// with pdfview's tests), never in the user's cache.
	pdfiumCacheDir = func() string { return filepath.Join(os.TempDir(), "sealdesk-test-pdfium-cache") }
	usbWatch = fakeUSBWatch
	// Workstation secrets of the tests' workspaces stay out of the user's ~/.config.
	secrets, err := os.MkdirTemp("", "sealdesk-ui-secrets")
	if err != nil {
		panic(err)
	}
	os.Setenv(hostsecret.EnvDir, secrets)
	code := m.Run()
	os.RemoveAll(secrets)
	os.Exit(code)
}

func demoWorkspace(t *testing.T) *app.Workspace {
	t.Helper()
	return demoWorkspaceAt(t, filepath.Join(t.TempDir(), "demo"))
}

// demoWorkspaceAt makes and opens a demo workspace in home.
func demoWorkspaceAt(t *testing.T, home string) *app.Workspace {
	t.Helper()
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

// trustRoots makes to trust from's demo roots as an administrator does (a
// recorded event; a file dropped into trust/ is not trusted).
func trustRoots(t *testing.T, to, from *app.Workspace) {
	t.Helper()
	ctx := context.Background()
	s, err := to.Login(ctx, "admin", app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"demo-sm2-root.pem", "demo-ecdsa-root.pem"} {
		if _, err := to.AddTrustAnchors(ctx, s, filepath.Join(from.Home, "trust", name)); err != nil {
			t.Fatal(err)
		}
	}
}

// behindTheApp changes ws's database as a tool other than SealDesk would,
// through a second connection: for tests that forge what no workflow makes (a
// user with two roles) or tamper with the ledger. The faces themselves never
// hold the database. tamper runs one SQL statement; forge a store transaction.
func behindTheApp(t *testing.T, ws *app.Workspace, tamper string, forge func(store.Txn) error) {
	t.Helper()
	db, err := store.Open(filepath.Join(ws.Home, "workspace.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if tamper != "" {
		_, err = db.SQL().Exec(tamper)
	} else {
		err = db.Update(context.Background(), forge)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func newWorkstation(t *testing.T, ws *app.Workspace, lang string) *Workstation {
	t.Helper()
	a := test.NewTempApp(t)
	w, err := New(a, ws, lang)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	w.Window.Resize(fyne.NewSize(1200, 780))
	w.Window.Show()
	return w
}

// waitFor polls cond (work runs on background goroutines) for up to a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func signIn(t *testing.T, w *Workstation, user, pw string) {
	t.Helper()
	w.User.SetText("")
	w.Password.SetText("")
	test.Type(w.User, user)
	test.Type(w.Password, pw)
	test.Tap(w.SignIn)
	if w.Session == nil {
		t.Fatalf("%s could not sign in: %q", user, w.LoginError.Text)
	}
}

func demoDoc(ws *app.Workspace) string { return filepath.Join(ws.Home, "documents", app.DemoDocument) }

// openDoc opens path in the stamping view and waits for the page to show.
func openDoc(t *testing.T, v *StampView, path string) {
	t.Helper()
	before := v.rendered
	v.OpenFile(path)
	waitFor(t, "the document to open", func() bool { return v.loading == 0 && v.docPath == path && v.rendered > before })
	if v.Message.Text != "" && v.approved == nil {
		t.Fatalf("opening %s: %s", path, v.Message.Text)
	}
}

func palette(t *testing.T, v *StampView, kind string) *paletteItem {
	t.Helper()
	for _, p := range v.Palette {
		if p.Seal.Kind == kind {
			return p
		}
	}
	t.Fatalf("no %s seal in the palette", kind)
	return nil
}

// dragSeal drags a seal from the palette to (x, y) units from the page's
// top-left corner, with events as the desktop driver sends them (test.Drag
// gives no absolute position).
func dragSeal(v *StampView, p *paletteItem, x, y float32) {
	d := fyne.CurrentApp().Driver()
	from := d.AbsolutePositionForObject(p)
	start := fyne.NewPos(20, 20)
	target := d.AbsolutePositionForObject(v.Page).Add(v.Page.origin()).Add(fyne.NewPos(x, y))
	mid := from.Add(start).Add(fyne.NewPos(5, 5))
	p.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: start.Add(fyne.NewPos(5, 5)), AbsolutePosition: mid}, Dragged: fyne.NewDelta(5, 5)})
	p.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: target.Subtract(from), AbsolutePosition: target}, Dragged: fyne.NewDelta(target.X-mid.X, target.Y-mid.Y)})
	p.DragEnd()
}

func TestSignInRolesAndLanguage(t *testing.T) {
	ws := demoWorkspace(t)
	w := newWorkstation(t, ws, assets.LangZH)
	if w.Window.Title() != "SealDesk 电子印章工作站" || w.SignIn.Text != "登录" {
		t.Fatalf("title %q, button %q", w.Window.Title(), w.SignIn.Text)
	}
	test.Type(w.User, "custodian")
	test.Type(w.Password, "wrong")
	test.Tap(w.SignIn)
	if w.Session != nil || w.LoginError.Text != "用户名或密码错误" || w.Password.Text != "" {
		t.Fatalf("bad password: session %v, message %q", w.Session, w.LoginError.Text)
	}
	w.Language.SetSelected("English")
	if w.SignIn.Text != "Sign in" || w.Window.Title() != "SealDesk sealing workstation" {
		t.Fatalf("after switching: button %q title %q", w.SignIn.Text, w.Window.Title())
	}
	test.Type(w.User, "nobody")
	test.Type(w.Password, "demo")
	test.Tap(w.SignIn)
	if w.LoginError.Text != "wrong user name or password" {
		t.Fatalf("English message %q", w.LoginError.Text)
	}
	for _, c := range []struct {
		user  string
		views []string
	}{
		{"custodian", []string{ViewStamp, ViewMine, ViewVerify, ViewSeals, ViewExchange}},
		{"approver", []string{ViewApprove, ViewSeals, ViewExchange}},
		{"auditor", []string{ViewLedger, ViewVerify, ViewSeals, ViewAudit, ViewExchange}},
		{"printer", []string{ViewPrint, ViewVerify, ViewSeals}},
		{"admin", []string{ViewStamp, ViewMine, ViewApprove, ViewPrint, ViewLedger, ViewVerify, ViewSeals, ViewAudit, ViewExchange, ViewAdmin}},
	} {
		signIn(t, w, c.user, "demo")
		if strings.Join(w.Views, " ") != strings.Join(c.views, " ") || w.Current != c.views[0] || len(w.Nav) != len(c.views) {
			t.Errorf("%s sees %v (current %s), want %v", c.user, w.Views, w.Current, c.views)
		}
		if !strings.Contains(w.Status.Text, "signed in") {
			t.Errorf("status %q", w.Status.Text)
		}
		test.Tap(w.SignOut)
		if w.Session != nil || w.User == nil {
			t.Fatal("sign-out did not return to the sign-in screen")
		}
	}
	// The seal list, in English after the switch.
	signIn(t, w, "approver", "demo")
	test.Tap(w.Nav[ViewSeals])
	if w.Seals.Length() != 5 || w.Current != ViewSeals {
		t.Fatalf("%d seals listed in view %s", w.Seals.Length(), w.Current)
	}
	w.Language.SetSelected("中文")
	if w.Nav[ViewApprove].Text != "审批" || w.Session == nil || w.Current != ViewSeals {
		t.Fatalf("switching language lost the session or view: nav %q", w.Nav[ViewApprove].Text)
	}
}

// TestPlaceOnRotatedPage drags a seal onto a page with /Rotate 90 and checks the
// millimetres filed with the request and the PDF rectangle against the page
// geometry worked out by hand.
func TestPlaceOnRotatedPage(t *testing.T) {
	ws := demoWorkspace(t)
	doc := filepath.Join(ws.Home, "documents", "rotated.pdf")
	pdf := testpdf.New(testpdf.Options{Pages: []testpdf.Page{{Lines: []string{"upright"}}, {Rotate: 90, Lines: []string{"landscape page, rotated 90"}}}})
	if err := os.WriteFile(doc, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", "demo")
	v := w.Stamp
	openDoc(t, v, doc)
	if n := v.Thumbs.Length(); n != 2 {
		t.Fatalf("%d thumbnails", n)
	}
	w.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyPageDown}) // Page Down turns the page
	v.Zoom.SetSelected("75%")
	v.ZoomBy(1)
	if v.Zoom.Selected != "100%" {
		t.Fatalf("zooming in from 75%% gives %s", v.Zoom.Selected)
	}
	if v.page != 1 || math.Abs(v.scale-unitsPerMM) > 1e-9 {
		t.Fatalf("page %d scale %v", v.page, v.scale)
	}
	if wmm, hmm := v.pageSizeMM(); math.Abs(wmm-297) > 0.1 || math.Abs(hmm-210) > 0.1 {
		t.Fatalf("rotated A4 shows as %.1f×%.1f mm", wmm, hmm)
	}
	ps := v.Page.pageSize()
	if math.Abs(float64(ps.Width)-297*unitsPerMM) > 0.5 {
		t.Fatalf("page is %v units wide at 100%%", ps)
	}
	// Drop the contract seal (40 mm round) 100 mm from the left, 60 mm from the top.
	seal := palette(t, v, "contract")
	dragSeal(v, seal, float32(100*unitsPerMM), float32(60*unitsPerMM))
	page, cx, cy, rect, err := v.Placement()
	if err != nil || page != 2 || math.Abs(cx-100) > 0.11 || math.Abs(cy-60) > 0.11 {
		t.Fatalf("placed on page %d at (%.2f, %.2f) mm: %v", page, cx, cy, err)
	}
	// Move it with the mouse (10 mm right) and the keyboard (1 mm down).
	m := v.Page.mark
	if !m.Visible() || math.Abs(float64(m.Size().Width)-seal.Seal.WidthMM*unitsPerMM) > 0.5 {
		t.Fatalf("seal mark visible %v, %v units wide for a %.0f mm seal", m.Visible(), m.Size().Width, seal.Seal.WidthMM)
	}
	test.Drag(w.Window.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(m).Add(fyne.NewPos(5, 5)), float32(10*unitsPerMM), 0)
	test.Tap(m)
	w.Window.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	_, cx, cy, rect, _ = v.Placement()
	if math.Abs(cx-110) > 0.2 || math.Abs(cy-61) > 0.2 {
		t.Fatalf("after moving: (%.2f, %.2f) mm", cx, cy)
	}
	// /Rotate 90: the displayed page's top edge is user space's left edge, so a
	// point (x, y) mm on screen is (y, x) mm in user space from the lower-left corner.
	const pt = 72 / 25.4
	wantCX, wantCY := cy*pt, cx*pt
	if math.Abs((rect.LLX+rect.URX)/2-wantCX) > 1e-6 || math.Abs((rect.LLY+rect.URY)/2-wantCY) > 1e-6 ||
		math.Abs(rect.Width()-seal.Seal.HeightMM*pt) > 1e-6 {
		t.Fatalf("user-space rect %+v, want centre (%.2f, %.2f)", rect, wantCX, wantCY)
	}
	if !strings.Contains(v.Info.Text, "第 2 页") {
		t.Fatalf("placement line %q", v.Info.Text)
	}
	test.Type(v.Reason, "横向附件")
	test.Tap(v.Action)
	reqs, err := ws.Requests(context.Background(), app.RequestPending)
	if err != nil || len(reqs) != 1 {
		t.Fatalf("%d pending requests (%v); message %q", len(reqs), err, v.Message.Text)
	}
	r := reqs[0]
	if r.Page != 2 || r.XMM != cx || r.YMM != cy || r.SealID != seal.Seal.ID || r.Reason != "横向附件" || !strings.Contains(v.Message.Text, r.ID) {
		t.Fatalf("request %+v, message %q", r, v.Message.Text)
	}
	// The filed millimetres give the same rectangle through pdfview.
	g := pdfview.Page{MediaBox: pdfview.Rect{URX: testpdf.A4W, URY: testpdf.A4H}, Rotate: 90}
	if got, _ := g.Place(r.XMM, r.YMM, seal.Seal.WidthMM, seal.Seal.HeightMM); got != rect {
		t.Fatalf("filed placement maps to %+v, view showed %+v", got, rect)
	}
}

// TestRequestApproveStampLedger runs the whole workflow through the window.
func TestRequestApproveStampLedger(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	w := newWorkstation(t, ws, assets.LangZH)
	doc := demoDoc(ws)
	orig, _ := os.ReadFile(doc)

	// Custodian: without a seal there is nothing to file; then drag the contract seal onto page 2.
	signIn(t, w, "custodian", "demo")
	v := w.Stamp
	openDoc(t, v, doc)
	if v.Action.Text != "申请用印" || v.PageLabel.Text != "第 1 / 2 页" {
		t.Fatalf("action %q, page %q", v.Action.Text, v.PageLabel.Text)
	}
	test.Tap(v.Action)
	if v.Message.Text != "请先将印章拖到页面上" {
		t.Fatalf("message %q", v.Message.Text)
	}
	v.GoTo(1)
	waitFor(t, "page 2", func() bool { return v.cache.any(1) != nil })
	dragSeal(v, palette(t, v, "contract"), float32(60*v.scale), float32(90*v.scale))
	test.Type(v.Reason, "销售合同")
	test.Tap(v.Action)
	reqs, _ := ws.Requests(ctx, app.RequestPending)
	if len(reqs) != 1 {
		t.Fatalf("%d requests; message %q", len(reqs), v.Message.Text)
	}
	id := reqs[0].ID
	if math.Abs(reqs[0].XMM-60) > 0.2 || math.Abs(reqs[0].YMM-90) > 0.2 || reqs[0].Page != 2 {
		t.Fatalf("request %+v", reqs[0])
	}
	test.Tap(w.SignOut)

	// Approver: sees the request with its details and approves it.
	signIn(t, w, "approver", "demo")
	a := w.Approve
	if len(a.Pending) != 1 || a.List.Length() != 1 || a.Approve.Disabled() == false {
		t.Fatalf("%d pending, approve enabled before selecting: %v", len(a.Pending), !a.Approve.Disabled())
	}
	a.List.Select(0)
	if !strings.Contains(a.labels["ui.approve.position"].Text, "第 2 页") || a.labels["ui.approve.requester"].Text != "王印管（custodian）" ||
		a.labels["ui.reason"].Text != "销售合同" || a.Picture.Resource == nil {
		t.Fatalf("details: %q %q %q", a.labels["ui.approve.position"].Text, a.labels["ui.approve.requester"].Text, a.labels["ui.reason"].Text)
	}
	test.Type(a.Comment, "同意")
	test.Tap(a.Approve)
	if r, _ := ws.StampRequest(ctx, id); r.Status != app.RequestApproved || len(a.Pending) != 0 || !strings.Contains(a.Message.Text, id) {
		t.Fatalf("status %s, %d pending, message %q", r.Status, len(a.Pending), a.Message.Text)
	}
	test.Tap(w.SignOut)

	// Custodian again: the same document now offers 盖章 at the approved spot.
	signIn(t, w, "custodian", "demo")
	v = w.Stamp
	openDoc(t, v, doc)
	if v.Action.Text != "盖章" || !v.locked || v.page != 1 || v.cx != reqs[0].XMM || !v.Page.mark.Visible() {
		t.Fatalf("action %q locked %v page %d", v.Action.Text, v.locked, v.page)
	}
	test.Tap(v.Action)
	p := v.PIN
	if p == nil || w.Window.Canvas().Overlays().Top() == nil {
		t.Fatal("no PIN dialog")
	}
	test.Type(p.Entry, "246802")
	test.Tap(p.OK)
	waitFor(t, "the wrong PIN to be refused", func() bool { return !p.busy })
	if p.Message.Text != "保护口令错误，还可以尝试 4 次" || p.Entry.Text != "" || p.OK.Disabled() {
		t.Fatalf("wrong PIN: %q", p.Message.Text)
	}
	test.Type(p.Entry, "135790")
	test.Tap(p.OK)
	waitFor(t, "the stamp", func() bool { return !p.busy })
	if p.Message.Text != "" {
		t.Fatalf("stamping failed: %s", p.Message.Text)
	}
	out := filepath.Join(filepath.Dir(doc), "示例合同-已盖章.pdf")
	waitFor(t, "the stamped copy to open", func() bool { return v.loading == 0 && v.docPath == out })
	if got := strings.Join(v.Verify.Verdicts, " "); got != VerdictValid || !strings.Contains(v.Verify.Summary.Text, "全部签章有效") {
		t.Fatalf("verification panel: %q %q", got, v.Verify.Summary.Text)
	}
	if now, _ := os.ReadFile(doc); !bytes.Equal(now, orig) {
		t.Fatal("the original document was changed")
	}
	if v.Action.Text != "申请用印" {
		t.Fatalf("the stamped copy offers %q", v.Action.Text)
	}
	if outPath(doc, "已盖章") != filepath.Join(filepath.Dir(doc), "示例合同-已盖章-2.pdf") {
		t.Fatalf("next name %s", outPath(doc, "已盖章"))
	}
	test.Tap(w.SignOut)

	// Auditor: the ledger filtered to stamping shows the refusal and the stamp; the chain is intact.
	signIn(t, w, "auditor", "demo")
	l := w.Ledger
	all := len(l.Entries)
	if all < 6 || !strings.Contains(l.Chain.Text, "台账链完整") {
		t.Fatalf("%d entries, chain %q", all, l.Chain.Text)
	}
	l.Kind.SetSelected("盖章")
	test.Tap(l.Filter)
	if len(l.Entries) != 2 || l.Entries[0].Outcome == app.OutcomeOK || l.Entries[1].Outcome != app.OutcomeOK ||
		l.cell(l.Entries[1], 3) != "盖章" || l.cell(l.Entries[1], 4) != "成功" {
		t.Fatalf("stamp entries %+v", l.Entries)
	}
	l.Kind.SetSelected("全部")
	l.User.SetSelected("approver")
	test.Tap(l.Filter)
	// Sign-in (every try is an entry), the approval, sign-out.
	if len(l.Entries) != 3 || l.Entries[0].Kind != "login" || l.cell(l.Entries[0], 3) != "登录" ||
		l.Entries[1].Kind != "approve" || l.cell(l.Entries[1], 5) == l.Entries[1].SealID || l.cell(l.Entries[1], 2) != "赵审批" ||
		l.Entries[2].Kind != "logout" || l.cell(l.Entries[2], 3) != "退出登录" {
		t.Fatalf("approver entries %+v", l.Entries)
	}
	l.User.SetSelected("全部")
	test.Type(l.From, time.Now().AddDate(0, 0, 1).Format("2006-01-02"))
	test.Tap(l.Filter)
	if len(l.Entries) != 0 {
		t.Fatalf("%d entries from tomorrow", len(l.Entries))
	}
	l.From.SetText("2026-13-01")
	test.Tap(l.Filter)
	if !strings.Contains(l.Count.Text, "YYYY-MM-DD") {
		t.Fatalf("bad date: %q", l.Count.Text)
	}
	l.From.SetText("")
	l.To.SetText(time.Now().Format("2006-01-02"))
	test.Tap(l.Filter)
	if len(l.Entries) != all {
		t.Fatalf("%d entries up to today, want %d", len(l.Entries), all)
	}
	var buf bytes.Buffer
	if err := l.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != all+1 || rows[0][0] != "seq" || len(rows[1][14]) != 64 {
		t.Fatalf("CSV: %d rows, %v", len(rows), err)
	}

	// Auditor's verification screen: the stamped copy is valid; a tampered copy is not.
	test.Tap(w.Nav[ViewVerify])
	vv := w.Verify
	vv.VerifyFile(out)
	waitFor(t, "verification", func() bool { return vv.pending == 0 })
	if strings.Join(vv.Panel.Verdicts, " ") != VerdictValid {
		t.Fatalf("verdicts %v: %q", vv.Panel.Verdicts, vv.Panel.Summary.Text)
	}
	data, _ := os.ReadFile(out)
	i := bytes.Index(data, []byte("Party A"))
	data[i] = 'Q'
	bad := filepath.Join(t.TempDir(), "tampered.pdf")
	os.WriteFile(bad, data, 0o644)
	vv.VerifyFile(bad)
	waitFor(t, "verification", func() bool { return vv.pending == 0 })
	if strings.Join(vv.Panel.Verdicts, " ") != VerdictInvalid || !strings.Contains(vv.Panel.Summary.Text, "无效") {
		t.Fatalf("tampered: verdicts %v: %q", vv.Panel.Verdicts, vv.Panel.Summary.Text)
	}
}

// TestSelfApprovalShowsMessage: a user who holds both roles files a request and
// tries to approve it; the app refuses and the screen says why.
func TestSelfApprovalShowsMessage(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	admin, err := ws.Login(ctx, "admin", "demo")
	if err != nil {
		t.Fatal(err)
	}
	// Through the app: a user inserted behind its back is refused at sign-in
	// (issue 12, app.TestPrinterMadeCustodianWithSQL).
	if err := ws.AddUser(ctx, admin, app.UserInput{Name: "both", DisplayName: "双角色", Roles: []string{app.RoleCustodian, app.RoleApprover}, Password: "both"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.GrantSeal(ctx, admin, "both", "finance", time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	s, err := ws.Login(ctx, "both", "both")
	if err != nil {
		t.Fatal(err)
	}
	id, err := ws.Request(ctx, s, app.RequestInput{Seal: "finance", DocPath: demoDoc(ws), Page: 1, XMM: 100, YMM: 200, Reason: "付款"})
	if err != nil {
		t.Fatal(err)
	}
	w := newWorkstation(t, ws, assets.LangEN)
	signIn(t, w, "both", "both")
	test.Tap(w.Nav[ViewApprove])
	a := w.Approve
	a.List.Select(0)
	test.Tap(a.Approve)
	want := "the requester cannot approve their own stamp request (" + id + ")"
	if a.Message.Text != want || w.Status.Text != want {
		t.Fatalf("message %q, status %q", a.Message.Text, w.Status.Text)
	}
	if r, _ := ws.StampRequest(ctx, id); r.Status != app.RequestPending {
		t.Fatalf("status %s", r.Status)
	}
}

// TestDropFiles: a file dropped on the window opens in the stamping view; a
// file that is not a PDF is refused with a message and leaves the view as it was.
func TestDropFiles(t *testing.T) {
	ws := demoWorkspace(t)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", "demo")
	test.Tap(w.Nav[ViewSeals])
	txt := filepath.Join(t.TempDir(), "note.txt")
	os.WriteFile(txt, []byte("not a pdf"), 0o644)
	w.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(txt)})
	v := w.Stamp
	if w.Current != ViewStamp {
		t.Fatalf("view %s after a drop", w.Current)
	}
	waitFor(t, "the refusal", func() bool { return v.loading == 0 })
	if v.Message.Text != "只能打开 PDF 或 OFD 文档: note.txt" || v.doc != nil {
		t.Fatalf("message %q", v.Message.Text)
	}
	w.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(demoDoc(ws))})
	waitFor(t, "the document", func() bool { return v.loading == 0 && v.rendered > 0 })
	if v.docPath != demoDoc(ws) || v.PageLabel.Text != "第 1 / 2 页" || v.Page.img.Image == nil {
		t.Fatalf("doc %q page %q", v.docPath, v.PageLabel.Text)
	}
	// The page cache answers a second visit without rendering again.
	v.GoTo(1)
	waitFor(t, "page 2", func() bool { return v.cache.any(1) != nil })
	first := v.cache.any(0)
	v.GoTo(0)
	if v.Page.img.Image != first {
		t.Fatal("page 1 was rendered again instead of coming from the cache")
	}
	// Switching the language keeps the document open.
	w.Language.SetSelected("English")
	v = w.Stamp
	waitFor(t, "the document to reopen", func() bool { return v.loading == 0 && v.rendered > 0 })
	if v.docPath != demoDoc(ws) || v.PageLabel.Text != "Page 1 of 2" || w.Nav[ViewStamp].Text != "Stamping" {
		t.Fatalf("after switching: doc %q page %q", v.docPath, v.PageLabel.Text)
	}
	// "Fit width" follows the window.
	w.Window.Resize(fyne.NewSize(1500, 900))
	waitFor(t, "fit width to follow the window", func() bool {
		return math.Abs(v.scale-float64(v.Scroll.Size().Width-2*pageMargin-12)/210) < 1e-3
	})
}

// TestPINTriesAndLock: wrong PINs count down in the dialog, the last try is
// announced, and a locked key disables the dialog's OK button.
func TestPINTriesAndLock(t *testing.T) {
	ws := demoWorkspace(t)
	approvedForCustodian(t, ws)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", "demo")
	v := w.Stamp
	openDoc(t, v, demoDoc(ws))
	if v.Action.Text != "盖章" || v.seal == nil || v.seal.ID != "invoice" || v.cx != 150 || v.cy != 240 {
		t.Fatalf("action %q, seal %v at (%v, %v)", v.Action.Text, v.seal, v.cx, v.cy)
	}
	// The approved placement cannot be moved.
	v.Page.mark.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if v.cx != 150 {
		t.Fatalf("a locked seal moved to %v", v.cx)
	}
	test.Tap(v.Action)
	p := v.PIN
	want := []string{"保护口令错误，还可以尝试 4 次", "保护口令错误，还可以尝试 3 次", "保护口令错误，还可以尝试 2 次",
		"保护口令错误，只剩最后一次尝试，再错将锁定", "密钥已锁定：保护口令错误次数过多，请按规定申请重置"}
	for i, msg := range want {
		test.Type(p.Entry, "24680"+string(rune('1'+i)))
		test.Tap(p.OK)
		waitFor(t, "the PIN check", func() bool { return !p.busy })
		if p.Message.Text != msg {
			t.Fatalf("try %d: %q, want %q", i+1, p.Message.Text, msg)
		}
	}
	if !p.OK.Disabled() {
		t.Fatal("OK still enabled on a locked key")
	}
	if outPath(demoDoc(ws), "已盖章") != filepath.Join(ws.Home, "documents", "示例合同-已盖章.pdf") {
		t.Fatal("a refused stamp left a file behind")
	}
}

// TestLedgerShowsBrokenChain edits an entry behind the app's back.
func TestLedgerShowsBrokenChain(t *testing.T) {
	ws := demoWorkspace(t)
	behindTheApp(t, ws, "UPDATE ledger SET detail = 'edited' WHERE seq = 3", nil)
	w := newWorkstation(t, ws, assets.LangEN)
	signIn(t, w, "auditor", "demo")
	if got := w.Ledger.Chain.Text; !strings.HasPrefix(got, "Ledger chain broken at entry 3") {
		t.Fatalf("chain %q", got)
	}
	// The auditor reading Chinese reads why in Chinese too.
	z := newWorkstation(t, ws, assets.LangZH)
	signIn(t, z, "auditor", "demo")
	if got := z.Ledger.Chain.Text; got != "台账链在第 3 条处断裂：该记录写入后被修改（哈希不符）" {
		t.Fatalf("chain %q", got)
	}
}

// TestStartNoticesShowFixes: a workspace whose database other local users
// could read is tightened when it opens, and the window says so at once, in
// the person's language (issue 11, point 7); a workspace with nothing to
// report opens without the dialog.
func TestStartNoticesShowFixes(t *testing.T) {
	home := filepath.Join(t.TempDir(), "demo")
	if err := app.InitDemo(context.Background(), home, rand.Reader, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(home, "workspace.db"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(home, 0o755); err != nil {
		t.Fatal(err)
	}
	ws, err := app.Open(home)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	w := newWorkstation(t, ws, assets.LangZH)
	all := strings.Join(w.StartNotices, "\n")
	if len(w.StartNotices) != 2 || !strings.Contains(all, "workspace.db 的权限过宽（0644），已改为 0600") || !strings.Contains(all, "（0755），已改为 0700") {
		t.Fatalf("start notices: %q", w.StartNotices)
	}
	if w.Window.Canvas().Overlays().Top() == nil {
		t.Fatal("no dialog shows the start notices")
	}

	quiet := newWorkstation(t, demoWorkspace(t), assets.LangEN)
	if len(quiet.StartNotices) != 0 || quiet.Window.Canvas().Overlays().Top() != nil {
		t.Fatalf("a clean workspace showed notices: %q", quiet.StartNotices)
	}
}

// TestLedgerDetail: selecting an entry shows every field of it in full — the
// person's display name, the SM3 hashes and the workstation, which the table
// has no room for — and a filter that matches nothing says so (issue 17,
// point 4).
func TestLedgerDetail(t *testing.T) {
	ws := demoWorkspace(t)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "auditor", app.DemoPassword)
	v := w.Ledger
	if v.Selected != -1 || !strings.Contains(strings.Join(texts(v.Detail), " "), "选择一条记录") {
		t.Fatalf("before a choice the pane shows %q", texts(v.Detail))
	}
	row := -1
	for i, e := range v.Entries {
		if e.Kind == "login" && e.Actor == "auditor" {
			row = i
		}
	}
	if row < 0 {
		t.Fatalf("no sign-in entry of the auditor among %d entries", len(v.Entries))
	}
	v.Table.Select(widget.TableCellID{Row: row, Col: 3})
	recs, err := ws.LedgerRecords(context.Background(), []app.LedgerEntry{v.Entries[row]})
	if err != nil {
		t.Fatal(err)
	}
	shown := strings.Join(texts(v.Detail), "\n")
	for _, want := range []string{fmt.Sprintf("第 %d 条记录", recs[0].Seq), "孙审计（auditor）", recs[0].Hash, recs[0].PrevHash, recs[0].Workstation, "登录"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the detail pane lacks %q:\n%s", want, shown)
		}
	}

	v.From.SetText("2999-01-01")
	v.Apply()
	if v.Count.Text != "没有符合条件的记录" || len(v.Entries) != 0 || v.Selected != -1 {
		t.Fatalf("an empty result says %q (%d entries, selected %d)", v.Count.Text, len(v.Entries), v.Selected)
	}
}
