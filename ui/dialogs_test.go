package ui

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"fyne.io/fyne/v2/storage"
)

// TestOpenDialogOffersRegularFilesOnly: the open dialog never lists a FIFO,
// a device or a symlink to either, even named .pdf, since Fyne would open the
// chosen one itself and hang or read forever (issue 11, point 6).
func TestOpenDialogOffersRegularFilesOnly(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "合同.PDF")
	if err := os.WriteFile(doc, []byte("%PDF-1.7\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(other, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "x.pdf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.pdf")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.pdf")
	if err := os.Symlink(doc, link); err != nil {
		t.Fatal(err)
	}
	f := regularFiles{[]string{".pdf"}}
	for path, want := range map[string]bool{doc: true, link: true, other: false, fifo: false, zero: false, "/dev/zero": false, dir: false} {
		if got := f.Matches(storage.NewFileURI(path)); got != want {
			t.Errorf("%s: offered %v, want %v", path, got, want)
		}
	}
	if !(regularFiles{}).Matches(storage.NewFileURI(other)) || (regularFiles{}).Matches(storage.NewFileURI(fifo)) {
		t.Error("without extensions: a regular file must be offered and a FIFO not")
	}
}
