package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
)

// adminUsers is the users tab of the administration screen: the users with
// their roles and sign-in state, a form to add one, and for the selected user
// disable/enable, unlock and a new password. Every act goes through app (a
// ledger entry each; the app refuses what the rules forbid).
type adminUsers struct {
	Users        []app.UserInfo
	UserList     *widget.List
	UserName     *widget.Entry
	UserDisplay  *widget.Entry
	UserRoles    *widget.CheckGroup
	UserPassword *widget.Entry
	UserCAPIN    *widget.Entry // the CA's PIN: every user gets a signing key
	UserAdd      *widget.Button
	UserDisable  *widget.Button // disables, or enables a disabled user
	UserUnlock   *widget.Button
	UserNewPass  *widget.Entry
	UserSetPass  *widget.Button
	UserSelected *widget.Label
	selUser      int
}

// userState words a user's sign-in state.
func (v *AdminView) userState(u app.UserInfo) string {
	w := v.w
	switch {
	case u.Disabled:
		return w.t("ui.user.disabled")
	case u.Locked:
		return w.t("ui.user.locked")
	case !u.NotBefore.IsZero() && w.ws.Now().Before(u.NotBefore):
		return w.t("ui.user.wait", u.NotBefore.Local().Format("2006-01-02 15:04:05"))
	}
	return w.t("ui.user.active")
}

func (v *AdminView) roleNames(roles []string) string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = v.w.t("ui.role." + r)
	}
	return strings.Join(out, "、")
}

func (v *AdminView) usersTab() fyne.CanvasObject {
	w := v.w
	v.selUser = -1
	v.UserList = widget.NewList(
		func() int { return len(v.Users) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			u := v.Users[i]
			text := fmt.Sprintf("%s  %s  ·  %s  ·  %s", u.Name, u.DisplayName, v.roleNames(u.Roles), v.userState(u))
			if u.FailedLogins > 0 {
				text += "  ·  " + w.t("ui.user.failed", u.FailedLogins)
			}
			o.(*widget.Label).SetText(text)
		})
	v.UserList.OnSelected = func(i widget.ListItemID) {
		w.touch()
		v.selUser = i
		v.showSelectedUser()
	}
	v.UserName = widget.NewEntry()
	v.UserName.SetPlaceHolder("zhouli")
	v.UserDisplay = widget.NewEntry()
	v.UserDisplay.SetPlaceHolder("周丽")
	var roles []string
	for _, r := range app.Roles {
		roles = append(roles, w.t("ui.role."+r))
	}
	v.UserRoles = widget.NewCheckGroup(roles, nil)
	v.UserRoles.Horizontal = true
	v.UserPassword = widget.NewPasswordEntry()
	v.UserPassword.SetPlaceHolder(w.t("ui.user.password.hint", app.MinPasswordLen))
	v.UserCAPIN = widget.NewPasswordEntry()
	v.UserCAPIN.SetPlaceHolder(w.t("ui.user.capin.hint"))
	v.UserAdd = widget.NewButtonWithIcon(w.t("ui.user.add"), theme.ContentAddIcon(), v.AddUser)
	v.UserAdd.Importance = widget.HighImportance
	v.UserSelected = widget.NewLabel(w.t("ui.user.none"))
	v.UserSelected.Wrapping = fyne.TextWrapWord
	v.UserDisable = widget.NewButtonWithIcon(w.t("ui.user.disable"), theme.CancelIcon(), v.ToggleUserDisabled)
	v.UserUnlock = widget.NewButtonWithIcon(w.t("ui.user.unlock"), theme.LoginIcon(), v.UnlockUser)
	v.UserNewPass = widget.NewPasswordEntry()
	v.UserNewPass.SetPlaceHolder(w.t("ui.user.password.hint", app.MinPasswordLen))
	v.UserSetPass = widget.NewButtonWithIcon(w.t("ui.user.setpass"), theme.DocumentSaveIcon(), v.SetUserPassword)
	v.showSelectedUser()

	form := widget.NewForm(
		widget.NewFormItem(w.t("ui.user.name"), v.UserName),
		widget.NewFormItem(w.t("ui.user.display"), v.UserDisplay),
		widget.NewFormItem(w.t("ui.user.roles"), v.UserRoles),
		widget.NewFormItem(w.t("ui.user.password"), v.UserPassword),
		widget.NewFormItem(w.t("ui.user.capin"), v.UserCAPIN),
	)
	hint := hintLabel(w.t("ui.user.hint"))
	bold := func(key string) *widget.Label {
		return heading(w.t(key))
	}
	selected := container.NewVBox(bold("ui.user.selected"), v.UserSelected,
		container.NewHBox(v.UserDisable, v.UserUnlock),
		container.NewBorder(nil, nil, nil, v.UserSetPass, v.UserNewPass))
	right := container.NewVBox(bold("ui.user.new"), form, container.NewHBox(layout.NewSpacer(), v.UserAdd), widget.NewSeparator(), selected, hint)
	left := container.NewBorder(bold("ui.user.list"), nil, nil, nil, v.UserList)
	split := container.NewHSplit(left, container.NewPadded(container.NewVScroll(right)))
	split.Offset = 0.5
	return split
}

// reloadUsers reads the users again (the app refuses non-administrators).
func (v *AdminView) reloadUsers() {
	users, err := v.w.ws.Users(context.Background(), v.w.Session)
	if err != nil {
		v.fail(err)
		return
	}
	v.Users = users
	v.selUser = -1
	v.UserList.UnselectAll()
	v.UserList.Refresh()
	v.showSelectedUser()
}

func (v *AdminView) selectedUser() (app.UserInfo, bool) {
	if v.selUser < 0 || v.selUser >= len(v.Users) {
		return app.UserInfo{}, false
	}
	return v.Users[v.selUser], true
}

func (v *AdminView) showSelectedUser() {
	w := v.w
	u, ok := v.selectedUser()
	if !ok {
		v.UserSelected.SetText(w.t("ui.user.none"))
		v.UserDisable.Disable()
		v.UserUnlock.Disable()
		v.UserSetPass.Disable()
		return
	}
	v.UserSelected.SetText(fmt.Sprintf("%s (%s) · %s", u.DisplayName, u.Name, v.userState(u)))
	v.UserDisable.Enable()
	v.UserSetPass.Enable()
	if u.Disabled {
		v.UserDisable.SetText(w.t("ui.user.enable"))
	} else {
		v.UserDisable.SetText(w.t("ui.user.disable"))
	}
	if u.Locked || u.FailedLogins > 0 {
		v.UserUnlock.Enable()
	} else {
		v.UserUnlock.Disable()
	}
}

// afterUser reloads the list, selects name again and reports msg.
func (v *AdminView) afterUser(name, msg string) {
	v.reloadUsers()
	for i, u := range v.Users {
		if u.Name == name {
			v.UserList.Select(i)
		}
	}
	v.say(msg, widget.SuccessImportance)
}

// AddUser creates the user of the form.
func (v *AdminView) AddUser() {
	w := v.w
	w.touch()
	var roles []string
	for _, r := range app.Roles {
		for _, sel := range v.UserRoles.Selected {
			if sel == w.t("ui.role."+r) {
				roles = append(roles, r)
			}
		}
	}
	in := app.UserInput{Name: strings.TrimSpace(v.UserName.Text), DisplayName: strings.TrimSpace(v.UserDisplay.Text),
		Roles: roles, Password: v.UserPassword.Text, CAPIN: v.UserCAPIN.Text}
	err := w.ws.AddUser(context.Background(), w.Session, in)
	v.UserPassword.SetText("")
	v.UserCAPIN.SetText("")
	if err != nil {
		v.fail(err)
		return
	}
	v.UserName.SetText("")
	v.UserDisplay.SetText("")
	v.UserRoles.SetSelected(nil)
	v.afterUser(in.Name, w.t("ui.user.added", in.Name))
}

// ToggleUserDisabled disables the selected user, or enables a disabled one.
func (v *AdminView) ToggleUserDisabled() {
	w := v.w
	w.touch()
	u, ok := v.selectedUser()
	if !ok {
		return
	}
	if err := w.ws.DisableUser(context.Background(), w.Session, u.Name, !u.Disabled); err != nil {
		v.fail(err)
		return
	}
	key := "ui.user.disabled.done"
	if u.Disabled {
		key = "ui.user.enabled.done"
	}
	v.afterUser(u.Name, w.t(key, u.Name))
}

// UnlockUser lifts the selected user's sign-in lock or wait.
func (v *AdminView) UnlockUser() {
	w := v.w
	w.touch()
	u, ok := v.selectedUser()
	if !ok {
		return
	}
	if err := w.ws.UnlockUser(context.Background(), w.Session, u.Name); err != nil {
		v.fail(err)
		return
	}
	v.afterUser(u.Name, w.t("ui.user.unlocked", u.Name))
}

// SetUserPassword gives the selected user the new password typed (an
// approver also gets a new approval key: the CA PIN field is used).
func (v *AdminView) SetUserPassword() {
	w := v.w
	w.touch()
	u, ok := v.selectedUser()
	if !ok {
		return
	}
	err := w.ws.SetUserPassword(context.Background(), w.Session, u.Name, v.UserNewPass.Text, v.UserCAPIN.Text)
	v.UserNewPass.SetText("")
	if err != nil {
		v.fail(err)
		return
	}
	v.afterUser(u.Name, w.t("ui.user.password.done", u.Name))
}
