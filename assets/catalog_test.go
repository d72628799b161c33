package assets

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestCatalogBothLanguages: every message has a Chinese and an English text,
// and they differ (a message left in one language shows up as equal texts).
func TestCatalogBothLanguages(t *testing.T) {
	for k, m := range messages {
		if strings.TrimSpace(m[0]) == "" || strings.TrimSpace(m[1]) == "" || m[0] == m[1] {
			t.Errorf("%s is not in both languages: zh %q, en %q", k, m[0], m[1])
		}
	}
}

// catalogKey is a string literal shaped like a catalog key, by the first
// words the catalog uses.
var catalogKey = regexp.MustCompile(`^(app|audit|cli|copy|err|kind|ledger|msg|origin|place|request|seal|status|ui|verify|vreport)\.[a-z0-9_.\-]*[a-z0-9_]$`)

// TestCodeKeysExist: every key the product's code passes as a literal to a
// call (T, w.t, say, label…) is in the catalog: an unknown key would show as
// itself on the screen. Keys built at run time ("ui.kind."+kind) are checked
// by the tests of their owners (TestEntryKindsAreNamed, TestErrorCodesHaveMessages).
func TestCodeKeysExist(t *testing.T) {
	found := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != ".." || d.Name() == "testdata" || d.Name() == "assets") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			for _, a := range c.Args {
				lit, ok := a.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				s, _ := strconv.Unquote(lit.Value)
				if !catalogKey.MatchString(s) {
					continue
				}
				found++
				if !HasMessage(s) {
					t.Errorf("%s: key %q is not in the catalog", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 300 {
		t.Fatalf("found only %d keys: the scan went wrong", found)
	}
}
