package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The small pieces every page builds the same way, written once.

// hintLabel is the italic, wrapping note under a form or a page.
func hintLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.TextStyle.Italic = true
	return l
}

// heading is a section title: bold, leading.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// fieldForm is a form of one empty label per catalog key, in order, each
// styled by style and kept in labels under its key for the page to fill.
func (w *Workstation) fieldForm(keys []string, labels map[string]*widget.Label, style func(*widget.Label)) *widget.Form {
	f := widget.NewForm()
	for _, k := range keys {
		l := widget.NewLabel("")
		style(l)
		labels[k] = l
		f.Append(w.t(k), l)
	}
	return f
}

// pictureBox is an empty image of at least side×side that fits its picture
// in, keeping its proportions (seal pictures).
func pictureBox(side float32) *canvas.Image {
	img := canvas.NewImageFromResource(nil)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(side, side))
	return img
}

// fitDialog sizes a small form dialog (batches, the workstation key) to 560
// wide and its content's height. Fyne lays a dialog out once, when sized: call
// it again after a wrapping message in it changed, or the longer text spills
// over what follows (the batch summary did, TestScreenshotsPlacements).
func fitDialog(d dialog.Dialog) { d.Resize(fyne.NewSize(560, 0)) }
