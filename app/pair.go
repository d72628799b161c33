package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
)

// demoRootFiles are the PEM files in trust/ of the roots a demo workspace's
// own CAs issue from (demo.go writes them, loadCA reads them back).
var demoRootFiles = []string{"demo-sm2-root.pem", "demo-ecdsa-root.pem"}

// OwnRootFiles returns the files of this workspace's own roots, the ones an
// administrator hands to a workstation it pairs with (`sealctl trust add`
// there). Each file must hold an anchor this workspace's ledger records:
// trust/ is only a folder, and a certificate replaced in it must not travel
// on as if this workstation vouched for it (the trap `trust add` already
// closes for files dropped into trust/, issue 12).
func (w *Workspace) OwnRootFiles(ctx context.Context) ([]string, error) {
	if _, err := w.Roots(); err != nil { // every anchor row recorded by the ledger
		return nil, err
	}
	as, err := w.db.Anchors(ctx)
	if err != nil {
		return nil, err
	}
	anchors := map[string]bool{}
	for _, a := range as {
		anchors[a.SM3] = true
	}
	var files []string
	for _, name := range demoRootFiles {
		path := filepath.Join(w.Home, trustDir, name)
		data, err := readUserFile(path, 16<<20)
		if errors.Is(err, os.ErrNotExist) {
			return nil, errf("own_roots_missing", err, w.Home, name)
		}
		if err != nil {
			return nil, err
		}
		certs, err := parseAnchors(data)
		if err != nil {
			return nil, errf("trust_file", err, path, err)
		}
		for _, c := range certs {
			if !anchors[certSM3(c.Raw)] {
				return nil, errf("own_root_unrecorded", nil, path, subjectOf(c))
			}
		}
		files = append(files, path)
	}
	return files, nil
}
