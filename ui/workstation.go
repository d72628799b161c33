package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/store"
)

// Workstation is the main window. Its widgets are fields so tests can reach them.
type Workstation struct {
	Window   fyne.Window
	Seals    *widget.List
	Header   *widget.Label
	Language *widget.Select

	ws    *app.Workspace
	lang  string
	seals []store.Seal
}

// New builds the main window for the workspace in the given language.
func New(a fyne.App, ws *app.Workspace, lang string) (*Workstation, error) {
	a.Settings().SetTheme(newTheme())
	w := &Workstation{ws: ws, lang: lang, Window: a.NewWindow(assets.T(lang, "app.title"))}
	seals, err := ws.DB.Seals(context.Background())
	if err != nil {
		return nil, fmt.Errorf("list seals: %w", err)
	}
	w.seals = seals
	w.build()
	w.Window.Resize(fyne.NewSize(900, 620))
	return w, nil
}

func (w *Workstation) t(key string, args ...any) string { return assets.T(w.lang, key, args...) }

func (w *Workstation) build() {
	w.Header = widget.NewLabelWithStyle(w.ws.Organisation(context.Background())+" — "+w.t("ui.seals"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.Seals = widget.NewList(
		func() int { return len(w.seals) },
		func() fyne.CanvasObject {
			img := canvas.NewImageFromResource(nil)
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(fyne.NewSize(72, 72))
			return container.NewHBox(img, container.NewVBox(widget.NewLabel(""), widget.NewLabel("")))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := w.seals[i]
			row := o.(*fyne.Container)
			img := row.Objects[0].(*canvas.Image)
			img.Resource = fyne.NewStaticResource(s.ID+".png", s.Picture)
			img.Refresh()
			text := row.Objects[1].(*fyne.Container)
			text.Objects[0].(*widget.Label).SetText(s.Name)
			text.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%s · %s %s · %s · %s · %.0f×%.0f mm",
				w.t("kind."+s.Kind), w.t("ui.seal.code"), s.Code, s.Algorithm, w.t("status."+s.Status), s.WidthMM, s.HeightMM))
		})
	w.Seals.HideSeparators = false
	w.Language = widget.NewSelect([]string{"中文", "English"}, func(v string) {
		lang := assets.LangZH
		if v == "English" {
			lang = assets.LangEN
		}
		if lang != w.lang {
			w.lang = lang
			w.Window.SetTitle(w.t("app.title"))
			w.build()
		}
	})
	if w.lang == assets.LangEN {
		w.Language.Selected = "English"
	} else {
		w.Language.Selected = "中文"
	}
	top := container.NewHBox(w.Header, layout.NewSpacer(), w.Language)
	status := widget.NewLabel(w.t("ui.workspace") + ": " + w.ws.Home)
	w.Window.SetContent(container.NewBorder(top, status, nil, nil, w.Seals))
}
