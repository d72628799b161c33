package app

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"sealdesk/assets"
)

// codeConstants reads the Code… constants of errors.go.
func codeConstants(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && strings.HasPrefix(n.Name, "Code") {
						out[n.Name], _ = strconv.Unquote(lit.Value)
					}
				}
			}
		}
	}
	return out
}

// errorCodes returns every code the product gives an *Error, with where: the
// first argument of errf / NewError / app.NewError and the Code of an Error
// literal, spelt as a literal or as a Code… constant.
func errorCodes(t *testing.T, consts map[string]string, dirs ...string) map[string]string {
	t.Helper()
	codes := map[string]string{}
	fset := token.NewFileSet()
	add := func(e ast.Expr) {
		var code string
		switch x := e.(type) {
		case *ast.BasicLit:
			code, _ = strconv.Unquote(x.Value)
		case *ast.Ident:
			code = consts[x.Name]
		case *ast.SelectorExpr:
			code = consts[x.Sel.Name]
		}
		if code != "" {
			codes[code] = fset.Position(e.Pos()).String()
		}
	}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CallExpr:
					name := ""
					switch fn := x.Fun.(type) {
					case *ast.Ident:
						name = fn.Name
					case *ast.SelectorExpr:
						name = fn.Sel.Name
					}
					if (name == "errf" || name == "NewError") && len(x.Args) > 0 {
						add(x.Args[0])
					}
				case *ast.CompositeLit:
					if id, ok := x.Type.(*ast.Ident); ok && id.Name == "Error" {
						for _, e := range x.Elts {
							if kv, ok := e.(*ast.KeyValueExpr); ok && kv.Key.(*ast.Ident).Name == "Code" {
								add(kv.Value)
							}
						}
					}
				}
				return true
			})
		}
	}
	return codes
}

// TestErrorCodesHaveMessages: every code app (and the faces, through
// NewError) gives an error, and every named Code… constant, has its catalog
// message "err.<code>" in zh-CN and in English, so no face ever shows a bare
// key.
func TestErrorCodesHaveMessages(t *testing.T) {
	consts := codeConstants(t)
	codes := errorCodes(t, consts, ".", "../ui", "../cmd/sealctl")
	if len(codes) < 100 {
		t.Fatalf("found only %d codes: the scan went wrong", len(codes))
	}
	for name, code := range consts {
		codes[code] = "errors.go: " + name
	}
	for code, where := range codes {
		key := "err." + code
		if !assets.HasMessage(key) {
			t.Errorf("%s: code %q has no catalog message %s", where, code, key)
			continue
		}
		zh, en := assets.T(assets.LangZH, key), assets.T(assets.LangEN, key)
		if strings.TrimSpace(zh) == "" || strings.TrimSpace(en) == "" || zh == en {
			t.Errorf("%s: %s is not in both languages: zh %q, en %q", where, key, zh, en)
		}
	}
}

// TestErrorCodesScanFindsMissing shows the scan is not vacuous: a code
// without a message, given through errf or a constant, is found.
func TestErrorCodesScanFindsMissing(t *testing.T) {
	dir := t.TempDir()
	src := "package p\nfunc f() { _ = errf(\"no_such_code_x\", nil); _ = app.NewError(app.CodeNotPDF, nil) }\n"
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	codes := errorCodes(t, codeConstants(t), dir)
	if _, ok := codes["no_such_code_x"]; !ok || codes[CodeNotPDF] == "" || assets.HasMessage("err.no_such_code_x") {
		t.Fatalf("scan found %v", codes)
	}
}

// TestBadInputSortsCodes: sealctl's exit code follows app's sorting of
// codes, through wrapping.
func TestBadInputSortsCodes(t *testing.T) {
	wrapped := errors.Join(errors.New("while stamping"), errf(CodeOutMissing, nil))
	if !BadInput(wrapped) || !BadInput(errf(CodeNotPDF, nil, "x")) {
		t.Fatal("input errors not sorted as bad input")
	}
	if BadInput(errf(CodePINLocked, nil)) || BadInput(errors.New("disk full")) || BadInput(nil) {
		t.Fatal("a refusal or failure sorted as bad input")
	}
}
