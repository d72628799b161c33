package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// printView is the printer's screen (authorised paper copies).
func (w *Workstation) printView() fyne.CanvasObject {
	return widget.NewLabel(w.t("ui.nav.print"))
}
