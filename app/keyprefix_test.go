package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKeyRefPrefixesOwnedByDevice: a key reference's kind ("soft:",
// "pkcs11:") is device's to spell (device.SoftKeyPrefix, TokenKeyPrefix;
// issue 14). No other non-test file of the module writes the literal.
func TestKeyRefPrefixesOwnedByDevice(t *testing.T) {
	var found []string
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != ".." && (d.Name() == "testdata" || d.Name() == "device" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, lit := range []string{`"soft:"`, `"pkcs11:"`} {
			if strings.Contains(string(data), lit) {
				found = append(found, filepath.ToSlash(path)+" "+lit)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s: use device.SoftKeyPrefix / device.TokenKeyPrefix", f)
	}
}
