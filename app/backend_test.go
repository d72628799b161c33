package app

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/store"
)

// TestAppSeesOnlyBackend: app's workflows name the database only through
// store.Backend and store.Txn, never SQLite's *store.DB or *store.Tx, so a
// second implementation (issue #14: PostgreSQL for a shared office) plugs in
// without touching app's rules. Only Open picks SQLite (store.Open).
func TestAppSeesOnlyBackend(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	n := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		n++
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "store" && (sel.Sel.Name == "DB" || sel.Sel.Name == "Tx") {
					t.Errorf("%s: store.%s: use store.Backend / store.Txn", fset.Position(sel.Pos()), sel.Sel.Name)
				}
			}
			return true
		})
	}
	if n < 30 {
		t.Fatalf("read %d files", n)
	}
}

// countingBackend is another store.Backend: SQLite behind a wrapper that
// counts transactions, standing in for a second implementation.
type countingBackend struct {
	store.Backend
	updates, appends int
}

func (c *countingBackend) Update(ctx context.Context, fn func(store.Txn) error) error {
	c.updates++
	return c.Backend.Update(ctx, func(tx store.Txn) error { return fn(&countingTxn{Txn: tx, c: c}) })
}

type countingTxn struct {
	store.Txn
	c *countingBackend
}

func (t *countingTxn) AppendLedger(ctx context.Context, e *store.Entry) error {
	t.c.appends++
	return t.Txn.AppendLedger(ctx, e)
}

// TestWorkflowOnAnotherBackend runs request, approval and stamp on a Backend
// that is not *store.DB: the rules need nothing but the interface, and every
// ledger entry goes through it.
func TestWorkflowOnAnotherBackend(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	before := ledgerCount(t, w)
	cb := &countingBackend{Backend: w.db}
	w.db = cb
	id := approved(t, w, "contract", demoDoc(w), 1, 60, 90)
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "s.pdf"), PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, OutPath: filepath.Join(t.TempDir(), "again.pdf"), PIN: DemoPIN}); err == nil {
		t.Fatal("the approval was used twice")
	}
	added := ledgerCount(t, w) - before
	if cb.updates < 3 || cb.appends != added || added < 4 {
		t.Fatalf("%d transactions, %d appends through the wrapper, %d entries added", cb.updates, cb.appends, added)
	}
	if _, err := w.LedgerStatus(ctx); err != nil {
		t.Fatal(err)
	}
}
