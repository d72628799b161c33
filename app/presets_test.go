package app

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var presetCall = regexp.MustCompile(`\bseal\.(OrganisationSeal|BusinessSeal|InvoiceSeal|NameSeal)\(`)

// TestSealPresetsHaveOneOwner: a kind of seal becomes a picture in
// SealPicture only — MakeSeal, the demo and the seal form's preview once each
// had their own switch, and the demo's drifted (issue #14). Product code
// outside package seal and presets.go must not call the picture presets.
func TestSealPresetsHaveOneOwner(t *testing.T) {
	files := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "seal" || strings.HasPrefix(d.Name(), ".") && path != "..") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == filepath.Join("..", "app", "presets.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, m := range presetCall.FindAllIndex(src, -1) {
			t.Errorf("%s:%d: calls seal.%s: take the kind's picture from app.SealPicture", path,
				1+strings.Count(string(src[:m[0]]), "\n"), presetCall.FindSubmatch(src[m[0]:m[1]])[1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("read only %d files", files)
	}
}
