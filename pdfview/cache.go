package pdfview

import (
	"fmt"
	"os"
	"path/filepath"
)

// CacheDirEnv names the environment variable that overrides DefaultCacheDir.
const CacheDirEnv = "SEALDESK_PDFIUM_CACHE"

// exeCacheDir is the folder beside the executable that `make build` (and an
// installer) fills with the compiled PDFium module (Precompile), so that the
// first start of the app already skips the 4–6 s compilation.
const exeCacheDir = "pdfium-cache"

// DefaultCacheDir is where the app keeps wazero's compiled PDFium module: the
// folder named by $SEALDESK_PDFIUM_CACHE; else pdfium-cache beside the
// executable when it exists and is writable (wazero writes a new entry when
// the machine's CPU features or the module differ from the precompiled one);
// else the user's cache folder. "" when none can be found (no cache).
func DefaultCacheDir() string {
	if d := InstalledCacheDir(); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "sealdesk", "pdfium")
	}
	return ""
}

// InstalledCacheDir is DefaultCacheDir without the user's cache: the folder
// named by $SEALDESK_PDFIUM_CACHE, else the one `make build` filled beside the
// executable; "" when there is neither. A program with a folder of its own
// for the cache (a workspace's) uses this first, so that it loads the
// compiled module the installation carries instead of compiling it anew.
func InstalledCacheDir() string {
	if d := os.Getenv(CacheDirEnv); d != "" {
		return d
	}
	if exe, err := os.Executable(); err == nil {
		d := filepath.Join(filepath.Dir(exe), exeCacheDir)
		if st, err := os.Stat(d); err == nil && st.IsDir() && writable(d) {
			return d
		}
	}
	return ""
}

// Precompile compiles the PDFium module into the compilation cache in dir
// (created if missing), so that every later NewRenderer on dir loads machine
// code instead of compiling. It is what `make build` runs; running it on a
// warm cache only checks the entry.
func Precompile(dir string) error {
	if dir == "" {
		return fmt.Errorf("pdfview: precompile: no cache folder")
	}
	r, err := NewRenderer(RendererOptions{CacheDir: dir})
	if err != nil {
		return err
	}
	return r.Close()
}

func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}
