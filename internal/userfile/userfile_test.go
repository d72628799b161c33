package userfile

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestHostileFiles: a FIFO (which would block open(2) forever), /dev/zero
// (which never ends), symlinks to both, and a folder are refused at once with
// ErrNotRegular; a file over the limit is refused naming the limit.
func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.pdf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	linkZero := filepath.Join(dir, "zero.pdf")
	linkFifo := filepath.Join(dir, "fifo-link.pdf")
	if err := os.Symlink("/dev/zero", linkZero); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(fifo, linkFifo); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{"fifo": fifo, "dev-zero": "/dev/zero", "link-to-zero": linkZero, "link-to-fifo": linkFifo, "folder": dir} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadAll(path, 0)
			var nr *NotRegularError
			if !errors.Is(err, ErrNotRegular) || !errors.As(err, &nr) {
				t.Fatalf("ReadAll(%s) = %v, want ErrNotRegular", path, err)
			}
		})
	}
	big := filepath.Join(dir, "big.pdf")
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), 1001), 0o600); err != nil {
		t.Fatal(err)
	}
	var tl *TooLargeError
	if _, err := ReadAll(big, 1000); !errors.As(err, &tl) || tl.Limit != 1000 || tl.Size != 1001 {
		t.Fatalf("over the limit: %v", err)
	}
	data, err := ReadAll(big, 1001)
	if err != nil || len(data) != 1001 {
		t.Fatalf("at the limit: %d, %v", len(data), err)
	}
	// A regular file whose size says 0 but that reads on (a /proc file; one
	// that grows after the check is the same): the limit holds while reading.
	const proc = "/proc/self/maps"
	if fi, err := os.Stat(proc); err != nil || !fi.Mode().IsRegular() || fi.Size() != 0 {
		t.Skipf("%s is not a regular file of size 0 here: %v", proc, err)
	}
	if data, err := ReadAll(proc, 100); !errors.As(err, &tl) || tl.Limit != 100 {
		t.Fatalf("%s read with a limit of 100 bytes: %d bytes, %v", proc, len(data), err)
	}
}

// TestReadAllHashesOnTheWay: the extra writers see exactly the bytes returned.
func TestReadAllHashesOnTheWay(t *testing.T) {
	p := filepath.Join(t.TempDir(), "doc.pdf")
	want := bytes.Repeat([]byte("%PDF-1.7 hello "), 100000)
	if err := os.WriteFile(p, want, 0o600); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	got, err := ReadAll(p, 0, h)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes, %v", len(got), err)
	}
	if sum := sha256.Sum256(want); !bytes.Equal(h.Sum(nil), sum[:]) {
		t.Fatal("hash on the way differs")
	}
}
