package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/pdfview"
)

// Views of the main window, in navigation order.
const (
	ViewStamp    = "stamp"
	ViewMine     = "mine"
	ViewApprove  = "approve"
	ViewLedger   = "ledger"
	ViewVerify   = "verify"
	ViewSeals    = "seals"
	ViewPrint    = "print"
	ViewExchange = "exchange"
	ViewAudit    = "audit"
	ViewAdmin    = "admin"
)

// screen is one view of the main window: who sees it (an administrator sees
// every view), its navigation icon and how it is shown (made on first use,
// and brought up to date where it lists changing data).
type screen struct {
	view  string
	roles []string             // nil: administrators only
	icon  func() fyne.Resource // a function: theme icons made at package start ask for an app not yet started
	show  func(w *Workstation) fyne.CanvasObject
}

// screens lists the views in navigation order: the one place to add a view.
var screens = []screen{
	{ViewStamp, []string{app.RoleCustodian}, theme.DocumentCreateIcon, func(w *Workstation) fyne.CanvasObject {
		if w.Stamp == nil {
			w.Stamp = newStampView(w)
		}
		return w.Stamp.content
	}},
	{ViewMine, []string{app.RoleCustodian}, theme.HistoryIcon, func(w *Workstation) fyne.CanvasObject {
		if w.Mine == nil {
			w.Mine = newMineView(w)
		}
		w.Mine.Reload()
		return w.Mine.content
	}},
	{ViewApprove, []string{app.RoleApprover}, theme.ConfirmIcon, func(w *Workstation) fyne.CanvasObject {
		if w.Approve == nil {
			w.Approve = newApproveView(w)
		}
		w.Approve.Reload()
		return w.Approve.content
	}},
	{ViewPrint, []string{app.RolePrinter}, theme.DocumentPrintIcon, (*Workstation).printView},
	{ViewLedger, []string{app.RoleAuditor}, theme.ListIcon, func(w *Workstation) fyne.CanvasObject {
		if w.Ledger == nil {
			w.Ledger = newLedgerView(w)
		}
		w.Ledger.Apply()
		return w.Ledger.content
	}},
	{ViewVerify, []string{app.RoleAuditor, app.RolePrinter, app.RoleCustodian}, theme.VisibilityIcon, func(w *Workstation) fyne.CanvasObject {
		if w.Verify == nil {
			w.Verify = newVerifyView(w)
		}
		return w.Verify.content
	}},
	{ViewSeals, []string{app.RoleCustodian, app.RoleApprover, app.RoleAuditor, app.RolePrinter}, theme.GridIcon, (*Workstation).sealsView},
	{ViewAudit, []string{app.RoleAuditor}, theme.DocumentIcon, func(w *Workstation) fyne.CanvasObject {
		if w.Audit == nil {
			w.Audit = newAuditView(w)
		}
		return w.Audit.content
	}},
	{ViewExchange, []string{app.RoleCustodian, app.RoleApprover, app.RoleAuditor}, theme.UploadIcon, func(w *Workstation) fyne.CanvasObject {
		if w.Exchange == nil {
			w.Exchange = newExchangeView(w)
		}
		w.Exchange.Reload()
		return w.Exchange.content
	}},
	{ViewAdmin, nil, theme.SettingsIcon, func(w *Workstation) fyne.CanvasObject {
		if w.Admin == nil {
			w.Admin = newAdminView(w)
		}
		return w.Admin.content
	}},
}

// screenOf returns the screen of view v, or nil.
func screenOf(v string) *screen {
	for i := range screens {
		if screens[i].view == v {
			return &screens[i]
		}
	}
	return nil
}

// dropViews forgets every view made, so the next ShowView makes it anew (at
// sign-out, and after a language switch).
func (w *Workstation) dropViews() {
	w.Stamp, w.Approve, w.Ledger, w.Verify, w.Seals = nil, nil, nil, nil, nil
	w.Admin, w.Exchange, w.Audit, w.Mine = nil, nil, nil, nil
}

// pdfiumCacheDir is where wazero keeps the compiled PDFium module between
// starts: the folder `make build` fills beside the executable when there is
// one (pdfview.DefaultCacheDir), so even the first start does not compile.
// Tests point it at a folder of their own.
var pdfiumCacheDir = pdfview.DefaultCacheDir

// Workstation is the main window. Its widgets are fields so tests can reach them.
type Workstation struct {
	Window   fyne.Window
	Language *widget.Select
	Status   *widget.Label
	USB      *widget.Label // USB key inserted / removed / not readable

	// Sign-in screen.
	User       *widget.Entry
	Password   *widget.Entry
	SignIn     *widget.Button
	LoginError *widget.Label

	// Main screen, after sign-in.
	Session  *app.Session
	Views    []string                  // the views this user may open, in order
	Nav      map[string]*widget.Button // one button per view
	Current  string
	SignOut  *widget.Button
	Stamp    *StampView
	Mine     *MineView
	Approve  *ApproveView
	Ledger   *LedgerView
	Verify   *VerifyView
	Admin    *AdminView
	Exchange *ExchangeView
	Audit    *AuditView
	Seals    *widget.List
	SealPIN  *SealPINPanel // under a custodian's seals: the selected seal's PIN
	Header   *widget.Label

	ws   *app.Workspace
	lang string
	body *fyne.Container

	// StartNotices are the lines the start-up dialog showed (tests read them).
	StartNotices []string
	// PINNotice are the lines of the sign-in notice of seal PINs due.
	PINNotice []string

	watch     *sessionWatch // idle sign-out and USB watcher of the signed-in session
	usb       usbState
	statusRow *fyne.Container // the status bar, laid out again when the USB line changes width

	rendOnce sync.Once
	rendDone chan struct{}
	rend     *pdfview.Renderer
	rendErr  error
}

// New builds the main window for the workspace in the given language; it opens
// on the sign-in screen. PDFium starts in the background at once, so the first
// document opens without the wait.
func New(a fyne.App, ws *app.Workspace, lang string) (*Workstation, error) {
	a.Settings().SetTheme(newTheme())
	fyneLanguage(lang)
	w := &Workstation{ws: ws, lang: lang, Window: a.NewWindow(assets.T(lang, "app.title")), rendDone: make(chan struct{})}
	w.startRenderer()
	w.Window.SetOnDropped(w.dropped)
	w.Window.SetCloseIntercept(w.closeWindow)
	w.addShortcuts()
	w.build()
	w.Window.Resize(fyne.NewSize(1200, 780))
	w.showStartNotices()
	return w, nil
}

// showStartNotices tells whoever sits at the PC what opening the workspace
// did on its own (issue 11): file modes it tightened and interrupted stamps
// it finished or wrote off. The same lines go to sealctl's standard error.
func (w *Workstation) showStartNotices() {
	w.StartNotices = nil
	for _, f := range w.ws.PermissionFixes() {
		path := f.Path
		if rel, ok := inside(w.ws.Home, f.Path); ok {
			path = rel // inside the workspace the status bar names
		}
		w.StartNotices = append(w.StartNotices, w.t("msg.perm_fixed", path, fmt.Sprintf("%04o", f.From), fmt.Sprintf("%04o", f.To)))
	}
	for _, r := range w.ws.Recovered() {
		w.StartNotices = append(w.StartNotices, w.t("msg.recovered."+r.Outcome, r.RequestID, r.OutPath))
	}
	if len(w.StartNotices) == 0 {
		return
	}
	text := widget.NewLabel(strings.Join(w.StartNotices, "\n\n"))
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(w.t("ui.start.notice"), w.t("ui.ok"), container.NewVScroll(text), w.Window)
	d.Resize(fyne.NewSize(640, 320))
	d.Show()
}

// closeWindow is the window's close button: closing the window while signed
// in ends the session, recorded like a sign-out.
func (w *Workstation) closeWindow() {
	if w.Session != nil {
		w.ws.Logout(context.Background(), w.Session, app.LogoutClosed)
	}
	w.Close()
	w.Window.Close()
}

// Close releases the document renderer. The window itself is the caller's.
func (w *Workstation) Close() {
	w.stopSession()
	go func() {
		<-w.rendDone
		if w.rend != nil {
			w.rend.Close()
		}
	}()
}

func (w *Workstation) t(key string, args ...any) string { return assets.T(w.lang, key, args...) }

// startRenderer starts PDFium off the GUI goroutine: a cold start compiles the
// WebAssembly module for several seconds.
func (w *Workstation) startRenderer() {
	w.rendOnce.Do(func() {
		go func() {
			w.rend, w.rendErr = pdfview.NewRenderer(pdfview.RendererOptions{CacheDir: pdfiumCacheDir()})
			close(w.rendDone)
		}()
	})
}

// renderer waits for PDFium; never call it on the GUI goroutine.
func (w *Workstation) renderer(ctx context.Context) (*pdfview.Renderer, error) {
	select {
	case <-w.rendDone:
		return w.rend, w.rendErr
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// doMu makes the callbacks of background work take turns. The desktop driver
// runs every fyne.Do callback on the GUI goroutine already; Fyne's test driver
// runs each on the goroutine that asked, so without this two renders finishing
// together could update the view at once.
var doMu sync.Mutex

// do runs fn for a background goroutine through fyne.Do (never call it from a
// do callback itself: the test driver would deadlock).
func do(fn func()) {
	fyne.Do(func() {
		doMu.Lock()
		defer doMu.Unlock()
		fn()
	})
}

// setStatus shows a line in the status bar (GUI goroutine only).
func (w *Workstation) setStatus(s string) {
	if w.Status != nil {
		w.Status.SetText(s)
	}
}

// build lays out the whole window for the current language and session.
func (w *Workstation) build() {
	w.Window.SetTitle(w.t("app.title"))
	w.Status = widget.NewLabel(w.t("ui.ready"))
	w.Status.Truncation = fyne.TextTruncateEllipsis
	w.USB = widget.NewLabel("")
	w.showUSB()
	w.Language = widget.NewSelect([]string{"中文", "English"}, nil)
	if w.lang == assets.LangEN {
		w.Language.Selected = "English"
	} else {
		w.Language.Selected = "中文"
	}
	w.Language.OnChanged = func(v string) {
		lang := assets.LangZH
		if v == "English" {
			lang = assets.LangEN
		}
		if lang != w.lang {
			w.lang = lang
			fyneLanguage(lang)
			w.build()
		}
	}
	if w.Session == nil {
		w.Window.SetContent(w.signInScreen())
		w.Window.Canvas().Focus(w.User)
		return
	}
	w.Window.SetContent(w.mainScreen())
}

func (w *Workstation) statusBar(extra ...fyne.CanvasObject) fyne.CanvasObject {
	// The workspace's folder is short (~/…) and takes the width it needs; the
	// status, whose full text the view shows, takes the rest.
	ws := widget.NewLabel(w.t("ui.workspace.at", homeRelative(w.ws.Home)))
	items := []fyne.CanvasObject{ws, w.USB}
	items = append(items, extra...)
	w.statusRow = container.NewBorder(nil, nil, nil, container.NewHBox(items...), w.Status)
	return container.NewVBox(widget.NewSeparator(), w.statusRow)
}

func (w *Workstation) signInScreen() fyne.CanvasObject {
	ctx := context.Background()
	w.User = widget.NewEntry()
	w.User.SetPlaceHolder(w.t("ui.signin.user"))
	w.Password = widget.NewPasswordEntry()
	w.Password.SetPlaceHolder(w.t("ui.signin.password"))
	w.LoginError = widget.NewLabel("")
	w.LoginError.Importance = widget.DangerImportance
	w.LoginError.Wrapping = fyne.TextWrapWord
	w.SignIn = widget.NewButtonWithIcon(w.t("ui.signin"), theme.LoginIcon(), w.signIn)
	w.SignIn.Importance = widget.HighImportance
	w.Password.OnSubmitted = func(string) { w.signIn() }
	w.User.OnSubmitted = func(string) { w.Window.Canvas().Focus(w.Password) }

	logo := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.Icon))
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(72, 72))
	title := widget.NewLabelWithStyle(w.t("app.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	org := widget.NewLabelWithStyle(w.ws.Organisation(ctx), fyne.TextAlignCenter, fyne.TextStyle{})
	hint := hintLabel(w.t("ui.signin.hint"))
	form := widget.NewForm(
		widget.NewFormItem(w.t("ui.signin.user"), w.User),
		widget.NewFormItem(w.t("ui.signin.password"), w.Password),
	)
	// Two lines kept for the hint: a wrapped label in a box is laid out before
	// its width is known and would keep one line's height.
	hintBox := container.NewGridWrap(fyne.NewSize(388, hint.MinSize().Height*2-2*theme.InnerPadding()), hint)
	card := widget.NewCard("", w.t("ui.signin.title"), container.NewVBox(form, w.SignIn, w.LoginError, hintBox))
	box := container.NewVBox(logo, title, org, card)
	sized := container.NewGridWrap(fyne.NewSize(420, 470), box)
	top := container.NewHBox(layout.NewSpacer(), w.Language)
	return container.NewBorder(top, w.statusBar(), nil, nil, container.NewCenter(sized))
}

func (w *Workstation) signIn() {
	s, err := w.ws.Login(context.Background(), w.User.Text, w.Password.Text)
	if err != nil {
		w.LoginError.SetText(app.Message(err, w.lang))
		w.Password.SetText("")
		return
	}
	w.Session = s
	w.Views = nil
	for _, v := range screens {
		if s.User.HasRole(app.RoleAdmin) || hasAny(s.User.HasRole, v.roles) {
			w.Views = append(w.Views, v.view)
		}
	}
	w.Current = ""
	w.build()
	w.startSession()
	w.setStatus(w.t("ui.signedin", s.User.DisplayName, w.roleNames()))
	w.showPINsDue()
}

// pinNoticeDays is how early a custodian is told at sign-in that a seal's
// PIN must be changed.
const pinNoticeDays = 7

// showPINsDue tells a custodian at sign-in which of their seals' PINs must be
// changed within pinNoticeDays, or already (a stamp with one is refused), and
// offers the seals screen, where they are changed.
func (w *Workstation) showPINsDue() {
	w.PINNotice = nil
	due, err := w.ws.PINsDue(context.Background(), w.Session, pinNoticeDays)
	if err != nil || len(due) == 0 {
		return
	}
	for _, d := range due {
		w.PINNotice = append(w.PINNotice, w.t("ui.sealpin.status", d.Seal.Name, d.PIN.Describe(w.lang)))
	}
	text := widget.NewLabel(strings.Join(w.PINNotice, "\n"))
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(w.t("ui.sealpin.due"), w.t("ui.sealpin.go"), w.t("ui.sealpin.later"), text, func(now bool) {
		if now {
			w.ShowView(ViewSeals)
		}
	}, w.Window)
	d.Resize(fyne.NewSize(640, 0))
	d.Show()
}

func hasAny(has func(string) bool, roles []string) bool {
	for _, r := range roles {
		if has(r) {
			return true
		}
	}
	return false
}

func (w *Workstation) roleNames() string {
	out := ""
	for i, r := range w.Session.User.Roles {
		if i > 0 {
			out += "、"
		}
		out += w.t("ui.role." + r)
	}
	return out
}

// signOut returns to the sign-in screen, dropping every view's state.
func (w *Workstation) signOut() {
	w.Session, w.Views, w.Current = nil, nil, ""
	if w.Stamp != nil {
		w.Stamp.close()
	}
	w.dropViews()
	w.build()
}

func (w *Workstation) mainScreen() fyne.CanvasObject {
	ctx := context.Background()
	w.Nav = map[string]*widget.Button{}
	nav := container.NewVBox()
	for _, v := range w.Views {
		b := widget.NewButtonWithIcon(w.t("ui.nav."+v), screenOf(v).icon(), func() { w.ShowView(v) })
		b.Alignment = widget.ButtonAlignLeading
		w.Nav[v] = b
		nav.Add(b)
	}
	w.SignOut = widget.NewButtonWithIcon(w.t("ui.signout"), theme.LogoutIcon(), func() { w.endSession(app.LogoutUser) })
	w.Header = heading(w.ws.Organisation(ctx))
	logo := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.Icon))
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(28, 28))
	user := widget.NewLabelWithStyle(w.Session.User.DisplayName+" · "+w.roleNames(), fyne.TextAlignTrailing, fyne.TextStyle{})
	top := container.NewBorder(nil, nil, container.NewHBox(logo, w.Header, widget.NewLabel(w.t("app.title"))), container.NewHBox(user, w.Language, w.SignOut))
	side := container.NewBorder(nil, nil, nil, widget.NewSeparator(), container.NewPadded(nav))
	w.body = container.NewStack()
	// A language switch rebuilds every view; the open document comes back.
	reopen := ""
	if w.Stamp != nil {
		reopen = w.Stamp.docPath
		w.Stamp.close()
	}
	w.dropViews()
	content := container.NewBorder(container.NewVBox(top, widget.NewSeparator()), w.statusBar(), side, nil, w.body)
	if len(w.Views) > 0 {
		cur := w.Current
		if cur == "" {
			cur = w.Views[0]
		}
		w.ShowView(cur)
	}
	if reopen != "" && w.Stamp != nil {
		w.Stamp.OpenFile(reopen)
	}
	return content
}

// ShowView switches the main area to one of w.Views.
func (w *Workstation) ShowView(v string) {
	w.touch()
	sc := screenOf(v)
	if sc == nil {
		return
	}
	o := sc.show(w)
	w.Current = v
	for name, b := range w.Nav {
		if name == v {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
	w.body.Objects = []fyne.CanvasObject{o}
	w.body.Refresh()
}

// dropped opens a file dropped on the window in the view it belongs to.
func (w *Workstation) dropped(_ fyne.Position, uris []fyne.URI) {
	if w.Session == nil || len(uris) == 0 {
		return
	}
	path := uris[0].Path()
	switch {
	case w.Current == ViewVerify && w.Verify != nil:
		w.Verify.VerifyFile(path)
	case hasView(w.Views, ViewStamp):
		w.ShowView(ViewStamp)
		w.Stamp.OpenFile(path)
	case hasView(w.Views, ViewVerify):
		w.ShowView(ViewVerify)
		w.Verify.VerifyFile(path)
	}
}

// addShortcuts binds the stamping view's keys: Ctrl+O open, Ctrl+= and Ctrl+-
// zoom, Ctrl+Enter request or stamp, Page Down / Page Up turn pages.
func (w *Workstation) addShortcuts() {
	c := w.Window.Canvas()
	onStamp := func(f func(v *StampView)) func(fyne.Shortcut) {
		return func(fyne.Shortcut) {
			w.touch()
			if w.Session != nil && w.Current == ViewStamp && w.Stamp != nil {
				f(w.Stamp)
			}
		}
	}
	mod := fyne.KeyModifierShortcutDefault
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: mod}, onStamp(func(v *StampView) { v.openDialog() }))
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: mod}, onStamp(func(v *StampView) { v.ZoomBy(1) }))
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyMinus, Modifier: mod}, onStamp(func(v *StampView) { v.ZoomBy(-1) }))
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: mod}, onStamp(func(v *StampView) {
		if !v.Action.Disabled() {
			v.act()
		}
	}))
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(*fyne.KeyEvent) { w.touch() })
	}
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		w.touch()
		if w.Session == nil || w.Current != ViewStamp || w.Stamp == nil {
			return
		}
		switch e.Name {
		case fyne.KeyPageDown:
			w.Stamp.GoTo(w.Stamp.page + 1)
		case fyne.KeyPageUp:
			w.Stamp.GoTo(w.Stamp.page - 1)
		}
	})
}

func hasView(views []string, v string) bool {
	for _, x := range views {
		if x == v {
			return true
		}
	}
	return false
}

// homeRelative writes a path under the person's home folder as ~/…, as file
// managers and shells show it: shorter in the status bar, and the same on
// every account.
func homeRelative(path string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return path
	}
	if rel, ok := inside(home, path); ok {
		return filepath.Join("~", rel)
	}
	return path
}

// fromHome is homeRelative's inverse: a path typed as "~/…" names the
// folder below the home folder; any other text is taken as it is.
func fromHome(text string) string {
	text = strings.TrimSpace(text)
	if text == "~" {
		text += string(filepath.Separator)
	}
	if rest, ok := strings.CutPrefix(text, "~"+string(filepath.Separator)); ok {
		if home, err := os.UserHomeDir(); err == nil && home != "" {
			return filepath.Join(home, rest)
		}
	}
	return text
}

// inside returns path relative to the folder base when path lies below it.
func inside(base, path string) (string, bool) {
	rel, err := filepath.Rel(base, path)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}
