package ui

import (
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"sealdesk/assets"
)

// dialogLang is the language of the file dialogs' titles: the window's.
var dialogLang = assets.LangZH

// fyneLanguage makes Fyne's own words (its dialogs' buttons, the file
// dialog's labels, the entries' menus) speak l, as ours do. Fyne takes its
// language from the locale environment whenever translations are added
// (lang.updateLocalizer), so the environment of this process is set to l and
// a translation Fyne already has is added again. A locale of C or POSIX, as
// on servers and in CI, would make Fyne ignore LANGUAGE; it is replaced.
func fyneLanguage(l string) {
	dialogLang = l
	tag, locale, trigger := "zh_CN", fyne.Locale("zh-Hans"), `{"Advanced": "高级"}`
	if l == assets.LangEN {
		tag, locale, trigger = "en_US", fyne.Locale("en"), `{"Advanced": "Advanced"}`
	}
	os.Setenv("LANGUAGE", tag)
	set := "LC_MESSAGES"
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if os.Getenv(k) != "" {
			set = k
			break
		}
	}
	if v := os.Getenv(set); v == "" || v == "C" || v == "POSIX" || strings.HasPrefix(v, "C.") {
		os.Setenv(set, tag+".UTF-8")
	}
	if err := lang.AddTranslationsForLocale([]byte(trigger), locale); err != nil {
		fyne.LogError("set Fyne's language", err)
	}
}

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
	d.SetTitleText(assets.T(dialogLang, "ui.dialog.open_file"))
	d.SetFilter(regularFiles{exts})
	if dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(dialogSize)
	d.Show()
	translatePlaces(win)
}

// openFolder asks for a folder and hands its path to open.
func openFolder(win fyne.Window, open func(path string)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		open(u.Path())
	}, win)
	d.SetTitleText(assets.T(dialogLang, "ui.dialog.open_folder"))
	d.Resize(dialogSize)
	d.Show()
	translatePlaces(win)
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
	d.SetTitleText(assets.T(dialogLang, "ui.dialog.save_file"))
	d.Resize(dialogSize)
	d.Show()
	translatePlaces(win)
}

// placeNames are the names Fyne 2.7's file dialog gives its places in
// English whatever the language (dialog/file.go writes them to its list's
// labels as they are, and file_xdg.go takes the XDG folders' English names).
var placeNames = map[string]string{"Home": "ui.place.home", "Computer": "ui.place.computer", "App Files": "ui.place.app_files",
	"Desktop": "ui.place.desktop", "Documents": "ui.place.documents", "Downloads": "ui.place.downloads",
	"Music": "ui.place.music", "Pictures": "ui.place.pictures", "Videos": "ui.place.videos"}

// translatePlaces names the places of the file dialog just shown in win in
// the window's language. Fyne fills the places list's labels from untranslated
// strings on every update, so its update function is wrapped: after Fyne's,
// a label whose whole text is a place name gets the catalog's word. The list
// is told from the dialog's other lists by its first item, always "Home".
func translatePlaces(win fyne.Window) {
	top := win.Canvas().Overlays().Top()
	if top == nil {
		return
	}
	for _, l := range lists(top) {
		update, create := l.UpdateItem, l.CreateItem
		if update == nil || create == nil || l.Length == nil || l.Length() == 0 {
			continue
		}
		probe := create()
		update(0, probe)
		if !hasLabel(probe, "Home") {
			continue
		}
		l.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
			update(id, o)
			relabel(o)
		}
		l.Refresh()
	}
}

// lists finds the lists under o, through the containers a dialog is built
// of (a pop-up's content, split panes, scrolls, containers).
func lists(o fyne.CanvasObject) []*widget.List {
	var out []*widget.List
	switch v := o.(type) {
	case *widget.List:
		out = append(out, v)
	case *widget.PopUp:
		out = append(out, lists(v.Content)...)
	case *container.Split:
		out = append(out, lists(v.Leading)...)
		out = append(out, lists(v.Trailing)...)
	case *container.Scroll:
		out = append(out, lists(v.Content)...)
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, lists(c)...)
		}
	}
	return out
}

func hasLabel(o fyne.CanvasObject, text string) bool {
	found := false
	eachLabel(o, func(l *widget.Label) { found = found || l.Text == text })
	return found
}

func relabel(o fyne.CanvasObject) {
	eachLabel(o, func(l *widget.Label) {
		if key, ok := placeNames[l.Text]; ok {
			l.SetText(assets.T(dialogLang, key))
		}
	})
}

func eachLabel(o fyne.CanvasObject, f func(*widget.Label)) {
	switch v := o.(type) {
	case *widget.Label:
		f(v)
	case *fyne.Container:
		for _, c := range v.Objects {
			eachLabel(c, f)
		}
	}
}

// regularFiles lists only regular files (following symlinks), with one of
// exts when given. Fyne's open dialog opens the chosen file itself before it
// hands it over: a FIFO would hang the window there and a device would give
// endless bytes, so such names are never offered (issue 11, point 6). What is
// chosen is read again through app's checks, which refuse the same files.
type regularFiles struct{ exts []string }

func (f regularFiles) Matches(u fyne.URI) bool {
	if u.Scheme() != "file" {
		return false
	}
	fi, err := os.Stat(u.Path())
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	if len(f.exts) == 0 {
		return true
	}
	for _, e := range f.exts {
		if strings.EqualFold(u.Extension(), e) {
			return true
		}
	}
	return false
}
