package app

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"sealdesk/pdfview"
)

// TestRendererUsesInstalledCache (issue 18 point 4): with a compiled PDFium
// module installed (here named by $SEALDESK_PDFIUM_CACHE, as bin/pdfium-cache
// beside the programs is found), a workspace's printing starts PDFium from it
// and compiles nothing into a cache of its own.
func TestRendererUsesInstalledCache(t *testing.T) {
	installed := filepath.Join(os.TempDir(), "sealdesk-test-pdfium-cache") // pdfview's tests keep it warm
	t.Setenv(pdfview.CacheDirEnv, installed)
	w := demo(t)
	if _, err := w.renderer(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(w.Home, "cache", "pdfium")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the workspace got a PDFium cache of its own: %v", err)
	}
	if entries, err := os.ReadDir(installed); err != nil || len(entries) == 0 {
		t.Fatalf("installed cache: %v, %d entries", err, len(entries))
	}
}
