package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
)

// sealsView lists the workspace's seals with their pictures. An administrator
// gets the seal administration screen around the same list; everyone else
// reads it.
func (w *Workstation) sealsView() fyne.CanvasObject {
	if w.Session != nil && w.Session.User.HasRole(app.RoleAdmin) {
		v := newSealAdminView(w)
		v.Reload("")
		return v.content
	}
	seals, err := w.ws.Seals(context.Background())
	if err != nil {
		w.Status.SetText(app.Message(err, w.lang))
	}
	w.Seals = newSealList(w, func() []app.Seal { return seals })
	title := heading(w.t("ui.seals"))
	w.SealPIN = nil
	if w.Session == nil || !w.Session.User.HasRole(app.RoleCustodian) {
		return container.NewBorder(title, nil, nil, nil, w.Seals)
	}
	// A custodian holds the seals' PINs: the selected seal's, and its change.
	p := newSealPINPanel(w)
	w.SealPIN = p
	w.Seals.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(seals) {
			p.Show(seals[i])
		}
	}
	return container.NewBorder(title, container.NewVBox(widget.NewSeparator(), p.content()), nil, nil, w.Seals)
}

// newSealList is the list of seals: picture, name, and a line of kind, code,
// algorithm, status and size.
func newSealList(w *Workstation, seals func() []app.Seal) *widget.List {
	l := widget.NewList(
		func() int { return len(seals()) },
		func() fyne.CanvasObject { return pictureRow(72, nil) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			all := seals()
			if i >= len(all) {
				return
			}
			s := all[i]
			row := o.(*fyne.Container)
			text := row.Objects[0].(*fyne.Container)
			img := row.Objects[1].(*canvas.Image)
			img.Resource = sealPicture(s)
			img.Refresh()
			text.Objects[0].(*widget.Label).SetText(s.Name)
			text.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%s · %s %s · %s · %s · %.0f×%.0f mm",
				w.t("kind."+s.Kind), w.t("ui.seal.code"), s.Code, s.Algorithm, w.t("status."+s.Status), s.WidthMM, s.HeightMM))
		})
	l.HideSeparators = false
	return l
}

// sealPicture is a seal's PNG as a Fyne resource.
func sealPicture(s app.Seal) fyne.Resource {
	return fyne.NewStaticResource(s.ID+".png", s.Picture)
}
