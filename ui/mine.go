package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
)

// MineView is the custodian's "我的申请": the stamp requests they made, newest
// first, each with its status (pending ones with the rule's progress), an
// approved one opened in the stamping view from here, a pending or approved
// one withdrawn.
type MineView struct {
	List    *widget.List
	Mine    []app.StampRequest
	Message *widget.Label

	BatchDialog *BatchStampDialog

	// statuses says each request of Mine in words, read once per Reload:
	// the list's update runs on every scroll and must not query.
	statuses []string

	w       *Workstation
	seals   map[string]app.Seal
	content fyne.CanvasObject
}

func newMineView(w *Workstation) *MineView {
	v := &MineView{w: w, seals: map[string]app.Seal{}}
	v.List = widget.NewList(
		func() int { return len(v.Mine) },
		func() fyne.CanvasObject {
			open := widget.NewButtonWithIcon(w.t("ui.mine.open"), theme.DocumentCreateIcon(), nil)
			open.Importance = widget.HighImportance
			withdraw := widget.NewButtonWithIcon(w.t("ui.mine.withdraw"), theme.ContentUndoIcon(), nil)
			return pictureRow(48, container.NewHBox(open, withdraw))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			// The list may ask for a row it counted before a Reload
			// replaced the slices: show nothing for it.
			mine, statuses := v.Mine, v.statuses
			if i >= len(mine) || i >= len(statuses) {
				return
			}
			r := mine[i]
			row := o.(*fyne.Container)
			text := row.Objects[0].(*fyne.Container)
			img := row.Objects[1].(*canvas.Image)
			buttons := row.Objects[2].(*fyne.Container)
			open, withdraw := buttons.Objects[0].(*widget.Button), buttons.Objects[1].(*widget.Button)
			if s, ok := v.seals[r.SealID]; ok {
				img.Resource = sealPicture(s)
			}
			img.Refresh()
			title := fmt.Sprintf("%s · %s", r.DocName, statuses[i])
			if r.Batch != "" {
				title += " · " + w.t("ui.batch.of", r.Batch)
			}
			text.Objects[0].(*widget.Label).SetText(title)
			text.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%s · %s · %s · %s", r.ID, v.seals[r.SealID].Name,
				positionText(w, r), r.CreatedAt.Local().Format("2006-01-02 15:04")))
			open.OnTapped = func() { v.Open(r) }
			if r.Batch != "" {
				open.SetText(w.t("ui.batch.stamp"))
				open.OnTapped = func() { v.openBatchStamp(r.Batch) }
			} else {
				open.SetText(w.t("ui.mine.open"))
			}
			withdraw.OnTapped = func() { v.confirmWithdraw(r) }
			showIf(open, r.Status == app.RequestApproved)
			showIf(withdraw, r.Status == app.RequestPending || r.Status == app.RequestApproved)
		})
	v.Message = widget.NewLabel("")
	v.Message.Wrapping = fyne.TextWrapWord
	title := heading(w.t("ui.mine.title"))
	v.content = container.NewBorder(container.NewVBox(title, v.Message), nil, nil, nil, v.List)
	return v
}

// showView is Workstation.ShowView, reached through a variable: the screens
// table makes this view, so calling ShowView directly would make the table's
// initialisation refer to itself.
var showView func(w *Workstation, view string)

func init() { showView = (*Workstation).ShowView }

func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

// status says a request's state in words; a pending one says how many of the
// approvals its rule needs it has.
func (v *MineView) status(r app.StampRequest) string {
	w := v.w
	if r.Status == app.RequestPending {
		if have, need, err := w.ws.ApprovalProgress(context.Background(), r.ID); err == nil && need > 1 {
			return w.t("ui.mine.pending_n", have, need)
		}
	}
	return w.label("ui.reqstatus.", r.Status)
}

// Reload reads the signed-in custodian's requests again.
func (v *MineView) Reload() {
	ctx := context.Background()
	w := v.w
	if seals, err := w.ws.Seals(ctx); err == nil {
		for _, s := range seals {
			v.seals[s.ID] = s
		}
	}
	all, err := w.ws.Requests(ctx, "")
	if err != nil {
		v.Message.SetText(app.Message(err, w.lang))
		return
	}
	// New slices, swapped in whole: a row being drawn keeps the old ones
	// rather than seeing them half rebuilt.
	var mine []app.StampRequest
	var statuses []string
	for _, r := range all {
		if r.Requester == w.Session.User.Name {
			mine = append(mine, r)
			statuses = append(statuses, v.status(r))
		}
	}
	v.Mine, v.statuses = mine, statuses
	v.List.Refresh()
	if len(v.Mine) == 0 {
		v.Message.SetText(w.t("ui.mine.none"))
	} else {
		v.Message.SetText(w.t("ui.mine.count", len(v.Mine)))
	}
}

// Open shows approved request r's document in the stamping view, on its page
// with its seal, ready for the PIN.
func (v *MineView) Open(r app.StampRequest) {
	w := v.w
	showView(w, ViewStamp)
	rr := r
	w.Stamp.focus = &rr
	w.Stamp.OpenFile(r.DocPath)
}

func (v *MineView) confirmWithdraw(r app.StampRequest) {
	w := v.w
	dialog.ShowConfirm(w.t("ui.mine.withdraw"), w.t("ui.mine.withdraw_q", r.ID, r.DocName), func(ok bool) {
		if ok {
			v.Withdraw(r.ID)
		}
	}, w.Window)
}

// Withdraw takes back request id and says so.
func (v *MineView) Withdraw(id string) {
	w := v.w
	w.touch()
	if err := w.ws.Withdraw(context.Background(), w.Session, id); err != nil {
		msg := app.Message(err, w.lang)
		v.Reload()
		v.Message.SetText(msg)
		w.Status.SetText(msg)
		return
	}
	v.Reload()
	done := w.t("ui.mine.withdrawn", id)
	v.Message.SetText(done)
	w.Status.SetText(done)
}
