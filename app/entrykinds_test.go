package app

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

	"sealdesk/assets"
)

// entryKindValues reads the kinds declared in entrykinds.go: the test takes
// them from the file itself, so a kind added there is checked without a list
// to keep in step.
func entryKindValues(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "entrykinds.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					v, _ := strconv.Unquote(lit.Value)
					kinds[v] = n.Name
				}
			}
		}
	}
	if len(kinds) < 30 {
		t.Fatalf("entrykinds.go declares %d kinds: the parse went wrong", len(kinds))
	}
	return kinds
}

var sqlKind = regexp.MustCompile(`(?i)\bkind\s*(=|<>|!=|in\s*\()\s*'`)

// kindLiterals returns, as "file:line: text", every place in src that spells a
// ledger kind as a literal: a dotted kind anywhere ("seal.make" names nothing
// else); an undotted one ("stamp", "approve", also CLI commands and error
// codes) where it is used as a kind — a Kind field, a comparison with .Kind or
// a variable named kind, a switch on one, an assignment to one, a list or set
// made only of kinds; and SQL comparing the kind column with a literal.
func kindLiterals(fset *token.FileSet, f *ast.File, kinds map[string]string) []string {
	var out []string
	flag := func(n ast.Node, why string) {
		out = append(out, fset.Position(n.Pos()).String()+": "+why)
	}
	isKind := func(e ast.Expr) (string, bool) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return "", false
		}
		v, err := strconv.Unquote(lit.Value)
		if err != nil {
			return "", false
		}
		_, ok = kinds[v]
		return v, ok
	}
	kindSlot := func(e ast.Expr) bool {
		switch x := e.(type) {
		case *ast.SelectorExpr:
			return x.Sel.Name == "Kind"
		case *ast.Ident:
			return strings.EqualFold(x.Name, "kind")
		}
		return false
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BasicLit:
			if v, ok := isKind(x); ok && strings.Contains(v, ".") {
				flag(x, "kind "+strconv.Quote(v)+" spelt out; use "+kinds[v])
			} else if x.Kind == token.STRING && sqlKind.MatchString(x.Value) {
				flag(x, "SQL compares the kind column with a literal")
			}
		case *ast.KeyValueExpr:
			if k, ok := x.Key.(*ast.Ident); ok && k.Name == "Kind" {
				if v, ok := isKind(x.Value); ok {
					flag(x, "Kind: "+strconv.Quote(v))
				}
			}
		case *ast.BinaryExpr:
			if x.Op != token.EQL && x.Op != token.NEQ {
				break
			}
			if v, ok := isKind(x.Y); ok && kindSlot(x.X) {
				flag(x, "compared with "+strconv.Quote(v))
			} else if v, ok := isKind(x.X); ok && kindSlot(x.Y) {
				flag(x, "compared with "+strconv.Quote(v))
			}
		case *ast.CallExpr:
			// strings.HasPrefix(e.Kind, "print") and the like.
			if len(x.Args) == 2 && kindSlot(x.Args[0]) {
				if v, ok := isKind(x.Args[1]); ok {
					flag(x, "kind matched against "+strconv.Quote(v))
				}
			}
		case *ast.SwitchStmt:
			if x.Tag == nil || !kindSlot(x.Tag) {
				break
			}
			for _, c := range x.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					if v, ok := isKind(e); ok {
						flag(e, "case "+strconv.Quote(v))
					}
				}
			}
		case *ast.AssignStmt:
			if len(x.Lhs) != len(x.Rhs) {
				break
			}
			for i, l := range x.Lhs {
				if v, ok := isKind(x.Rhs[i]); ok && kindSlot(l) {
					flag(x.Rhs[i], "kind set to "+strconv.Quote(v))
				}
			}
		case *ast.CompositeLit:
			n, all := 0, true
			for _, e := range x.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Key
				}
				if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if _, ok := isKind(lit); !ok {
						all = false
					}
					n++
				}
			}
			if n >= 2 && all {
				flag(x, "a list of kinds spelt out")
			}
		}
		return true
	})
	return out
}

// TestEntryKindsHaveOneOwner fails when product code (every non-test .go file
// of the module but entrykinds.go) spells a ledger kind as a literal instead
// of naming its constant: the writers and the readers then agree by
// construction, and a kind is renamed or added in one place.
func TestEntryKindsHaveOneOwner(t *testing.T) {
	kinds := entryKindValues(t)
	fset := token.NewFileSet()
	self, _ := filepath.Abs("entrykinds.go")
	var found []string
	files := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		if abs, _ := filepath.Abs(path); abs == self {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files++
		found = append(found, kindLiterals(fset, f, kinds)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("read only %d files: the walk went wrong", files)
	}
	for _, f := range found {
		t.Error(f)
	}
}

// TestKindLiteralsFinds shows the check is not vacuous: each way of spelling
// a kind is found, and the look-alikes (a CLI command, an error code, a seal
// kind) are not.
func TestKindLiteralsFinds(t *testing.T) {
	kinds := entryKindValues(t)
	src := `package p
func f(e store.Entry, kind string) {
	_ = store.Entry{Kind: "stamp"}             // 1
	_ = e.Kind == "approve"                    // 2
	switch e.Kind { case "print": }           // 3
	e.Kind, kind = "login", "logout"           // 4 5
	_ = map[string]bool{"login": true, "settings": true} // 6
	_ = []string{"x", "seal.make"}             // 7
	_ = strings.HasPrefix(e.Kind, "print")     // 8
	_ = "SELECT 1 FROM ledger WHERE kind = 'stamp'" // 9
	cmds := map[string]int{"approve": 1, "verify": 2}
	_ = errf("login", nil)
	_ = store.Seal{Kind: "contract"}
	_ = Code(err) == "login"
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := kindLiterals(fset, f, kinds)
	if len(got) != 9 {
		t.Fatalf("found %d, want 9:\n%s", len(got), strings.Join(got, "\n"))
	}
}

// TestEntryKindsAreNamed: every kind has its name in the catalog
// ("ui.kind.<kind>", zh-CN and en), so the ledger screen and the audit report
// never show a kind in its internal spelling.
func TestEntryKindsAreNamed(t *testing.T) {
	for v, name := range entryKindValues(t) {
		key := "ui.kind." + v
		if !assets.HasMessage(key) || assets.T(assets.LangZH, key) == assets.T(assets.LangEN, key) {
			t.Errorf("%s (%q) has no name in both languages (%s)", name, v, key)
		}
	}
}

// TestEntryKindsListsEveryKind: EntryKinds, the list the faces' filters
// offer, names every kind entrykinds.go declares, once.
func TestEntryKindsListsEveryKind(t *testing.T) {
	want := entryKindValues(t)
	seen := map[string]bool{}
	for _, k := range EntryKinds() {
		if _, ok := want[k]; !ok || seen[k] {
			t.Errorf("EntryKinds lists %q twice or unknown", k)
		}
		seen[k] = true
	}
	for v, name := range want {
		if !seen[v] {
			t.Errorf("EntryKinds misses %s (%q)", name, v)
		}
	}
}
