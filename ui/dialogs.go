package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// dialogSize is the size of every file dialog: Fyne's default is too small
// to read the long Chinese file names of office documents.
var dialogSize = fyne.NewSize(900, 600)

// openFile asks for an existing file and hands its path to open. exts, when
// given, filters what is listed (e.g. ".pdf", ".PDF"); dir, when not "",
// is where the dialog starts if it exists.
func openFile(win fyne.Window, exts []string, dir string, open func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		open(r.URI().Path())
	}, win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	if dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(dialogSize)
	d.Show()
}

// openFolder asks for a folder and hands its path to open.
func openFolder(win fyne.Window, open func(path string)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		open(u.Path())
	}, win)
	d.Resize(dialogSize)
	d.Show()
}

// saveAs asks where to save a new file named name and hands the path to
// write: our writers create the file whole themselves and never write over
// one, so the empty file the dialog leaves is removed first.
func saveAs(win fyne.Window, name string, write func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		removeEmpty(path)
		write(path)
	}, win)
	d.SetFileName(name)
	d.Resize(dialogSize)
	d.Show()
}
