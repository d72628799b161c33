package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/store"
)

// sealsView lists the workspace's seals with their pictures.
func (w *Workstation) sealsView() fyne.CanvasObject {
	seals, err := w.ws.DB.Seals(context.Background())
	if err != nil {
		w.Status.SetText(app.Message(err, w.lang))
	}
	w.Seals = widget.NewList(
		func() int { return len(seals) },
		func() fyne.CanvasObject {
			img := canvas.NewImageFromResource(nil)
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(fyne.NewSize(72, 72))
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			return container.NewHBox(img, container.NewVBox(name, widget.NewLabel("")))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := seals[i]
			row := o.(*fyne.Container)
			img := row.Objects[0].(*canvas.Image)
			img.Resource = sealPicture(s)
			img.Refresh()
			text := row.Objects[1].(*fyne.Container)
			text.Objects[0].(*widget.Label).SetText(s.Name)
			text.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%s · %s %s · %s · %s · %.0f×%.0f mm",
				w.t("kind."+s.Kind), w.t("ui.seal.code"), s.Code, s.Algorithm, w.t("status."+s.Status), s.WidthMM, s.HeightMM))
		})
	w.Seals.HideSeparators = false
	title := widget.NewLabelWithStyle(w.t("ui.seals"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(title, nil, nil, nil, w.Seals)
}

// sealPicture is a seal's PNG as a Fyne resource.
func sealPicture(s store.Seal) fyne.Resource {
	return fyne.NewStaticResource(s.ID+".png", s.Picture)
}
