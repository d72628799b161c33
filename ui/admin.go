package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
)

// AdminView is the administrator's screen for who may use which seal
// (grants), how many approvals each seal needs (rules), and the workstation's
// settings (idle sign-out, retention, USB key vendors). Widgets are fields
// so tests can reach them.
type AdminView struct {
	Tabs *container.AppTabs

	// Authorisations.
	Grants     []app.Grant
	GrantList  *widget.List
	GrantUser  *widget.Select
	GrantSeal  *widget.Select
	GrantFrom  *widget.Entry
	GrantTo    *widget.Entry
	GrantAdd   *widget.Button
	Withdraw   *widget.Button
	WithdrawOK *widget.Button // in the confirmation dialog
	selGrant   int

	// Approval rules.
	RuleSeal      *widget.Select
	RuleRequired  *widget.Select
	RuleApprovers *widget.CheckGroup
	RuleSave      *widget.Button
	RuleList      *widget.Label

	// Settings.
	IdleMinutes    *widget.Entry
	OpsMonths      *widget.Entry
	EvidenceMonths *widget.Entry
	USBVendors     *widget.Entry
	MaxFileMB      *widget.Entry // largest file read, in MB (issue 11)
	PINMaxDays     *widget.Entry // days a seal PIN may stay unchanged (0: no limit)
	SettingsSave   *widget.Button

	// The workstation key: where it lives, and its move to a USB key.
	WSKeyInfo   *widget.Label
	WSKeyMove   *widget.Button
	WSKeyDialog *WSKeyDialog

	Message *widget.Label

	adminUsers // the users tab (admin_users.go)

	w        *Workstation
	content  fyne.CanvasObject
	sealIDs  map[string]string // label → seal id
	sealName map[string]string // id → name
	seals    map[string]app.Seal
	users    []app.User
}

func newAdminView(w *Workstation) *AdminView {
	v := &AdminView{w: w, selGrant: -1}
	v.Message = widget.NewLabel("")
	v.Message.Wrapping = fyne.TextWrapWord
	v.Tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(w.t("ui.admin.grants"), theme.AccountIcon(), v.grantsTab()),
		container.NewTabItemWithIcon(w.t("ui.admin.rules"), theme.ConfirmIcon(), v.rulesTab()),
		container.NewTabItemWithIcon(w.t("ui.admin.settings"), theme.SettingsIcon(), v.settingsTab()),
		container.NewTabItemWithIcon(w.t("ui.admin.users"), theme.AccountIcon(), v.usersTab()),
	)
	v.content = container.NewBorder(nil, container.NewPadded(v.Message), nil, nil, v.Tabs)
	v.Reload()
	return v
}

func (v *AdminView) say(msg string, imp widget.Importance) {
	v.Message.Importance = imp
	v.Message.SetText(msg)
	v.w.setStatus(msg)
}

func (v *AdminView) fail(err error) { v.say(app.Message(err, v.w.lang), widget.DangerImportance) }

// Reload reads users, seals, grants, rules and settings again.
func (v *AdminView) Reload() {
	ctx := context.Background()
	w := v.w
	users, err := w.ws.AllUsers(ctx)
	if err != nil {
		v.fail(err)
		return
	}
	v.users = users
	seals, err := w.ws.Seals(ctx)
	if err != nil {
		v.fail(err)
		return
	}
	v.sealIDs, v.sealName, v.seals = map[string]string{}, map[string]string{}, map[string]app.Seal{}
	var sealOpts, custodians, approvers []string
	for _, s := range seals {
		label := s.Name + " (" + s.ID + ")"
		v.sealIDs[label], v.sealName[s.ID], v.seals[s.ID] = s.ID, s.Name, s
		if s.Status == app.SealActive {
			sealOpts = append(sealOpts, label)
		}
	}
	for _, u := range users {
		if u.HasRole(app.RoleCustodian) {
			custodians = append(custodians, u.Name)
		}
		if u.HasRole(app.RoleApprover) {
			approvers = append(approvers, u.Name)
		}
	}
	v.GrantUser.Options, v.GrantSeal.Options, v.RuleSeal.Options = custodians, sealOpts, sealOpts
	v.RuleApprovers.Options = approvers
	v.GrantUser.Refresh()
	v.GrantSeal.Refresh()
	v.RuleSeal.Refresh()
	v.RuleApprovers.Refresh()
	v.Grants, err = w.ws.Grants(ctx, "", "")
	if err != nil {
		v.fail(err)
		return
	}
	v.selGrant = -1
	v.GrantList.UnselectAll()
	v.GrantList.Refresh()
	v.Withdraw.Disable()
	var rules []string
	for _, s := range seals {
		r, err := w.ws.ApprovalRule(ctx, s.ID)
		if err != nil {
			v.fail(err)
			return
		}
		rules = append(rules, w.t("ui.admin.rule.line", s.Name, r.Required, v.approversText(r.Approvers)))
	}
	v.RuleList.SetText(strings.Join(rules, "\n"))
	v.IdleMinutes.SetText(strconv.Itoa(int(w.ws.IdleLogout(ctx) / time.Minute)))
	if r, err := w.ws.Retention(ctx); err == nil {
		v.OpsMonths.SetText(strconv.Itoa(r.OperationLogMonths))
		v.EvidenceMonths.SetText(strconv.Itoa(r.EvidenceMonths))
	}
	v.MaxFileMB.SetText(strconv.FormatInt(w.ws.MaxFileSize(ctx)>>20, 10))
	v.PINMaxDays.SetText(strconv.Itoa(w.ws.PINMaxDays(ctx)))
	extra, _ := w.ws.USBVendorTable(ctx)
	v.USBVendors.SetText(extra)
	v.showWSKey()
	v.reloadUsers()
}

func (v *AdminView) approversText(names []string) string {
	if len(names) == 0 {
		return v.w.t("ui.admin.rule.any")
	}
	return strings.Join(names, "、")
}

// grantStatus words a grant's state now.
func (v *AdminView) grantStatus(g app.Grant) string {
	now := v.w.ws.Now()
	switch {
	case !g.WithdrawnAt.IsZero():
		return v.w.t("ui.admin.grant.withdrawn", g.WithdrawnBy)
	case now.After(g.To):
		return v.w.t("ui.admin.grant.expired")
	case now.Before(g.From):
		return v.w.t("ui.admin.grant.future")
	}
	return v.w.t("ui.admin.grant.active")
}

func (v *AdminView) grantsTab() fyne.CanvasObject {
	w := v.w
	v.GrantList = widget.NewList(
		func() int { return len(v.Grants) },
		func() fyne.CanvasObject {
			img := pictureBox(28)
			return container.NewBorder(nil, nil, img, nil, widget.NewLabel(""))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			g := v.Grants[i]
			row := o.(*fyne.Container)
			img, label := row.Objects[1].(*canvas.Image), row.Objects[0].(*widget.Label)
			if s, ok := v.seals[g.SealID]; ok {
				img.Resource = sealPicture(s)
			} else {
				img.Resource = nil
			}
			img.Refresh()
			label.SetText(fmt.Sprintf("#%d  %s  ·  %s  ·  %s — %s  ·  %s", g.ID, g.User, v.sealName[g.SealID],
				g.From.In(time.Local).Format(time.DateOnly), g.To.In(time.Local).Format("2006-01-02 15:04:05"), v.grantStatus(g)))
		})
	v.GrantList.OnSelected = func(i widget.ListItemID) {
		w.touch()
		v.selGrant = i
		if v.Grants[i].WithdrawnAt.IsZero() {
			v.Withdraw.Enable()
		} else {
			v.Withdraw.Disable()
		}
	}
	v.GrantUser = widget.NewSelect(nil, nil)
	v.GrantUser.PlaceHolder = w.t("ui.x.choose")
	v.GrantSeal = widget.NewSelect(nil, nil)
	v.GrantSeal.PlaceHolder = w.t("ui.x.choose")
	v.GrantFrom = widget.NewEntry()
	v.GrantFrom.SetPlaceHolder(w.t("ui.ledger.date"))
	v.GrantFrom.SetText(w.ws.Now().Format(time.DateOnly))
	v.GrantTo = widget.NewEntry()
	v.GrantTo.SetPlaceHolder(w.t("ui.admin.grant.to.hint"))
	v.GrantAdd = widget.NewButtonWithIcon(w.t("ui.admin.grant.add"), theme.ContentAddIcon(), v.AddGrant)
	v.GrantAdd.Importance = widget.HighImportance
	v.Withdraw = widget.NewButtonWithIcon(w.t("ui.admin.grant.withdraw"), theme.DeleteIcon(), v.askWithdraw)
	v.Withdraw.Disable()
	form := widget.NewForm(
		widget.NewFormItem(w.t("ui.admin.user"), v.GrantUser),
		widget.NewFormItem(w.t("ui.admin.seal"), v.GrantSeal),
		widget.NewFormItem(w.t("ui.admin.grant.from"), v.GrantFrom),
		widget.NewFormItem(w.t("ui.admin.grant.to"), v.GrantTo),
	)
	hint := hintLabel(w.t("ui.admin.grant.hint"))
	right := container.NewVBox(heading(w.t("ui.admin.grant.new")),
		form, container.NewHBox(layout.NewSpacer(), v.GrantAdd), hint)
	left := container.NewBorder(heading(w.t("ui.admin.grants.list")),
		container.NewHBox(layout.NewSpacer(), v.Withdraw), nil, nil, v.GrantList)
	split := container.NewHSplit(left, container.NewPadded(right))
	split.Offset = 0.6
	return split
}

func parseDay(s string) (time.Time, bool) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), time.Local)
	return t, err == nil
}

// AddGrant grants the chosen user the chosen seal for the chosen days.
func (v *AdminView) AddGrant() {
	w := v.w
	w.touch()
	if v.GrantUser.Selected == "" || v.GrantSeal.Selected == "" {
		v.say(w.t("ui.admin.grant.choose"), widget.DangerImportance)
		return
	}
	from, ok1 := parseDay(v.GrantFrom.Text)
	to, ok2 := parseDay(v.GrantTo.Text)
	if !ok1 || !ok2 {
		v.say(w.t("ui.ledger.baddate", v.GrantFrom.Text+" / "+v.GrantTo.Text), widget.DangerImportance)
		return
	}
	g, err := w.ws.GrantSeal(context.Background(), w.Session, v.GrantUser.Selected, v.sealIDs[v.GrantSeal.Selected], from, to)
	if err != nil {
		v.fail(err)
		return
	}
	v.Reload()
	v.say(w.t("ui.admin.grant.done", g.ID, g.User, v.sealName[g.SealID], g.To.In(time.Local).Format("2006-01-02 15:04:05")), widget.SuccessImportance)
}

func (v *AdminView) askWithdraw() {
	w := v.w
	if v.selGrant < 0 || v.selGrant >= len(v.Grants) {
		return
	}
	g := v.Grants[v.selGrant]
	var d dialog.Dialog
	v.WithdrawOK = widget.NewButtonWithIcon(w.t("ui.admin.grant.withdraw"), theme.DeleteIcon(), func() {
		d.Hide()
		if err := w.ws.WithdrawGrant(context.Background(), w.Session, g.ID); err != nil {
			v.fail(err)
			return
		}
		v.Reload()
		v.say(w.t("ui.admin.grant.withdrawn.done", g.ID, g.User, v.sealName[g.SealID]), widget.SuccessImportance)
	})
	v.WithdrawOK.Importance = widget.DangerImportance
	cancel := widget.NewButton(w.t("ui.cancel"), func() { d.Hide() })
	msg := widget.NewLabel(w.t("ui.admin.grant.confirm", g.ID, g.User, v.sealName[g.SealID]))
	msg.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons(w.t("ui.admin.grant.withdraw"),
		container.NewGridWrap(fyne.NewSize(420, 110), container.NewVBox(msg, container.NewHBox(layout.NewSpacer(), cancel, v.WithdrawOK))), w.Window)
	d.Show()
}

func (v *AdminView) rulesTab() fyne.CanvasObject {
	w := v.w
	v.RuleSeal = widget.NewSelect(nil, func(label string) {
		r, err := w.ws.ApprovalRule(context.Background(), v.sealIDs[label])
		if err != nil {
			v.fail(err)
			return
		}
		v.RuleRequired.SetSelected(strconv.Itoa(r.Required))
		v.RuleApprovers.SetSelected(r.Approvers)
	})
	v.RuleSeal.PlaceHolder = w.t("ui.x.choose")
	v.RuleRequired = widget.NewSelect([]string{"1", "2", "3", "4", "5"}, nil)
	v.RuleRequired.SetSelected("1")
	v.RuleApprovers = widget.NewCheckGroup(nil, nil)
	v.RuleSave = widget.NewButtonWithIcon(w.t("ui.admin.rule.save"), theme.DocumentSaveIcon(), v.SaveRule)
	v.RuleSave.Importance = widget.HighImportance
	v.RuleList = widget.NewLabel("")
	v.RuleList.Wrapping = fyne.TextWrapWord
	hint := hintLabel(w.t("ui.admin.rule.hint"))
	form := widget.NewForm(
		widget.NewFormItem(w.t("ui.admin.seal"), v.RuleSeal),
		widget.NewFormItem(w.t("ui.admin.rule.required"), v.RuleRequired),
		widget.NewFormItem(w.t("ui.admin.rule.approvers"), v.RuleApprovers),
	)
	left := container.NewVBox(heading(w.t("ui.admin.rule.edit")),
		form, container.NewHBox(layout.NewSpacer(), v.RuleSave), hint)
	right := container.NewBorder(heading(w.t("ui.admin.rules.current")), nil, nil, nil,
		container.NewVScroll(v.RuleList))
	split := container.NewHSplit(container.NewPadded(left), right)
	split.Offset = 0.5
	return split
}

// SaveRule stores the rule shown for the chosen seal.
func (v *AdminView) SaveRule() {
	w := v.w
	w.touch()
	if v.RuleSeal.Selected == "" {
		v.say(w.t("ui.admin.grant.choose"), widget.DangerImportance)
		return
	}
	n, _ := strconv.Atoi(v.RuleRequired.Selected)
	id := v.sealIDs[v.RuleSeal.Selected]
	if err := w.ws.SetApprovalRule(context.Background(), w.Session, id, n, v.RuleApprovers.Selected); err != nil {
		v.fail(err)
		return
	}
	sel := v.RuleSeal.Selected
	v.Reload()
	v.RuleSeal.SetSelected(sel)
	v.say(w.t("ui.admin.rule.done", v.sealName[id], n, v.approversText(v.RuleApprovers.Selected)), widget.SuccessImportance)
}

func (v *AdminView) settingsTab() fyne.CanvasObject {
	w := v.w
	v.IdleMinutes = widget.NewEntry()
	v.OpsMonths = widget.NewEntry()
	v.EvidenceMonths = widget.NewEntry()
	v.MaxFileMB = widget.NewEntry()
	v.PINMaxDays = widget.NewEntry()
	v.USBVendors = widget.NewMultiLineEntry()
	v.USBVendors.SetPlaceHolder("1d99 本单位密钥")
	v.USBVendors.SetMinRowsVisible(3)
	v.SettingsSave = widget.NewButtonWithIcon(w.t("ui.admin.settings.save"), theme.DocumentSaveIcon(), v.SaveSettings)
	v.SettingsSave.Importance = widget.HighImportance
	form := widget.NewForm(
		widget.NewFormItem(w.t("ui.admin.idle"), v.IdleMinutes),
		widget.NewFormItem(w.t("ui.admin.ops"), v.OpsMonths),
		widget.NewFormItem(w.t("ui.admin.evidence"), v.EvidenceMonths),
		widget.NewFormItem(w.t("ui.admin.maxfile"), v.MaxFileMB),
		widget.NewFormItem(w.t("ui.admin.pindays"), v.PINMaxDays),
		widget.NewFormItem(w.t("ui.admin.usb"), v.USBVendors),
	)
	hint := hintLabel(w.t("ui.admin.settings.hint", app.MinOperationLogMonths, app.MinEvidenceMonths))
	v.WSKeyInfo = widget.NewLabel("")
	v.WSKeyInfo.Wrapping = fyne.TextWrapWord
	v.WSKeyMove = widget.NewButtonWithIcon(w.t("ui.admin.wskey.move"), theme.UploadIcon(), v.openWSKeyMove)
	wsHead := heading(w.t("ui.admin.wskey"))
	return container.NewPadded(container.NewVBox(form, container.NewHBox(layout.NewSpacer(), v.SettingsSave), hint,
		widget.NewSeparator(), wsHead, v.WSKeyInfo, container.NewHBox(layout.NewSpacer(), v.WSKeyMove)))
}

// showWSKey says where the workstation key lives.
func (v *AdminView) showWSKey() {
	w := v.w
	if uri := w.ws.WorkstationKeyURI(); uri != "" {
		uri, _, _ = strings.Cut(uri, "?") // the module's path says nothing to a person
		v.WSKeyInfo.SetText(w.t("ui.admin.wskey.token", uri))
		return
	}
	v.WSKeyInfo.SetText(w.t("ui.admin.wskey.soft"))
}

// WSKeyDialog moves the workstation key onto an SM2 key of a USB key.
type WSKeyDialog struct {
	Key     *widget.Select
	PIN     *widget.Entry
	CAPIN   *widget.Entry
	OK      *widget.Button
	Message *widget.Label
	keys    map[string]string // shown name → URI
	dialog  dialog.Dialog
}

// openWSKeyMove lists the SM2 keys of the USB keys plugged in and asks for
// the key's PIN and the CA's before moving the workstation key.
func (v *AdminView) openWSKeyMove() {
	w := v.w
	w.touch()
	d := &WSKeyDialog{keys: map[string]string{}}
	v.WSKeyDialog = d
	var names []string
	for _, k := range app.SM2TokenKeys() {
		name := k.Token + " · " + k.Label
		names = append(names, name)
		d.keys[name] = k.URI
	}
	d.Key = widget.NewSelect(names, nil)
	d.PIN = widget.NewPasswordEntry()
	d.CAPIN = widget.NewPasswordEntry()
	d.CAPIN.SetPlaceHolder(w.t("ui.admin.wskey.capin.hint"))
	d.Message = widget.NewLabel(w.t("ui.admin.wskey.explain"))
	d.Message.Wrapping = fyne.TextWrapWord
	if len(names) == 0 {
		d.Message.SetText(w.t("ui.admin.wskey.none"))
	} else {
		d.Key.SetSelectedIndex(0)
	}
	cancel := widget.NewButtonWithIcon(w.t("ui.cancel"), theme.CancelIcon(), func() { d.dialog.Hide() })
	d.OK = widget.NewButtonWithIcon(w.t("ui.admin.wskey.ok"), theme.ConfirmIcon(), func() {
		w.touch()
		uri := d.keys[d.Key.Selected]
		if uri == "" {
			d.Message.SetText(w.t("ui.admin.wskey.none"))
			return
		}
		err := w.ws.HoldWorkstationKeyOnToken(context.Background(), w.Session, uri, d.PIN.Text, d.CAPIN.Text)
		d.PIN.SetText("")
		d.CAPIN.SetText("")
		if err != nil {
			d.Message.SetText(app.Message(err, w.lang))
			fitDialog(d.dialog)
			return
		}
		d.dialog.Hide()
		v.showWSKey()
		v.say(w.t("ui.admin.wskey.done", d.Key.Selected), widget.SuccessImportance)
	})
	d.OK.Importance = widget.HighImportance
	setEnabled(d.OK, len(names) > 0)
	form := widget.NewForm(widget.NewFormItem(w.t("ui.admin.wskey.key"), d.Key),
		widget.NewFormItem(w.t("ui.admin.wskey.pin"), d.PIN), widget.NewFormItem(w.t("ui.admin.wskey.capin"), d.CAPIN))
	body := container.NewVBox(d.Message, form, container.NewHBox(layout.NewSpacer(), cancel, d.OK))
	d.dialog = dialog.NewCustomWithoutButtons(w.t("ui.admin.wskey.title"), body, w.Window)
	fitDialog(d.dialog)
	d.dialog.Show()
}

// SaveSettings stores the idle time, retention and USB vendors; the app
// refuses values under the legal minimums and says which.
func (v *AdminView) SaveSettings() {
	w := v.w
	w.touch()
	ctx := context.Background()
	idle, err1 := strconv.Atoi(strings.TrimSpace(v.IdleMinutes.Text))
	ops, err2 := strconv.Atoi(strings.TrimSpace(v.OpsMonths.Text))
	ev, err3 := strconv.Atoi(strings.TrimSpace(v.EvidenceMonths.Text))
	maxMB, err4 := strconv.ParseInt(strings.TrimSpace(v.MaxFileMB.Text), 10, 64)
	pinDays, err5 := strconv.Atoi(strings.TrimSpace(v.PINMaxDays.Text))
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil {
		v.say(w.t("ui.admin.settings.numbers"), widget.DangerImportance)
		return
	}
	if err := w.ws.SetIdleLogout(ctx, w.Session, time.Duration(idle)*time.Minute); err != nil {
		v.fail(err)
		return
	}
	if err := w.ws.SetRetention(ctx, w.Session, app.Retention{OperationLogMonths: ops, EvidenceMonths: ev}); err != nil {
		v.fail(err)
		return
	}
	if err := w.ws.SetUSBVendors(ctx, w.Session, v.USBVendors.Text); err != nil {
		v.fail(err)
		return
	}
	if maxMB<<20 != w.ws.MaxFileSize(ctx) {
		if err := w.ws.SetMaxFileSize(ctx, w.Session, maxMB); err != nil {
			v.fail(err)
			return
		}
	}
	if pinDays != w.ws.PINMaxDays(ctx) {
		if err := w.ws.SetPINMaxDays(ctx, w.Session, pinDays); err != nil {
			v.fail(err)
			return
		}
	}
	if w.watch != nil {
		w.watch.idle = time.Duration(idle) * time.Minute
	}
	v.say(w.t("ui.admin.settings.done"), widget.SuccessImportance)
}
