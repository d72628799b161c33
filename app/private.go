package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// A workspace holds password hashes, sealed keys and the ledger: only the OS
// account that runs SealDesk may read it (issue 11). Folders are 0700, files
// lose every group and other bit, also when the folder existed before; Open
// tightens what it finds looser and says so.

// PermissionFix is one mode that Open tightened.
type PermissionFix struct {
	Path     string
	From, To fs.FileMode
}

// privatise tightens every folder under home to 0700 and every file to at
// most owner-only. It does not follow symbolic links.
func privatise(home string) ([]PermissionFix, error) {
	var fixed []PermissionFix
	err := filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // a WAL file that SQLite removed meanwhile
			}
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		fi, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		mode := fi.Mode().Perm()
		want := mode &^ 0o077
		if d.IsDir() {
			want = 0o700
		}
		if mode == want {
			return nil
		}
		if err := os.Chmod(path, want); err != nil {
			return fmt.Errorf("restrict %s: %w", path, err)
		}
		fixed = append(fixed, PermissionFix{Path: path, From: mode, To: want})
		return nil
	})
	return fixed, err
}

// createPrivateFile creates path empty with mode 0600 unless it exists, so
// SQLite (which gives its WAL and shared-memory files the database file's
// mode) never makes a world-readable database under a loose umask.
func createPrivateFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// PermissionFixes lists the modes Open tightened, for the faces to report.
func (w *Workspace) PermissionFixes() []PermissionFix { return w.permFixes }
