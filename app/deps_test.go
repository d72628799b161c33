package app

import (
	"reflect"
	"testing"

	"sealdesk/internal/deptest"
	"sealdesk/store"
)

// The workflows run headless: no Fyne, no ui.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/ui")
}

// TestWorkspaceHidesStore: the faces reach the workspace only through app's
// methods (issue #14), so no exported field of Workspace may hand out a store
// or device value (the database was once the exported field DB).
func TestWorkspaceHidesStore(t *testing.T) {
	ty := reflect.TypeOf(Workspace{})
	for i := 0; i < ty.NumField(); i++ {
		f := ty.Field(i)
		pkg := f.Type.PkgPath()
		if f.Type.Kind() == reflect.Pointer {
			pkg = f.Type.Elem().PkgPath()
		}
		if f.IsExported() && (pkg == "sealdesk/store" || pkg == "sealdesk/device") {
			t.Errorf("Workspace.%s (%s) is exported: the faces would bypass app's rules", f.Name, f.Type)
		}
	}
}

// sqlite is the workspace's SQLite database, for tests that forge rows or
// read the file (the workflows only see store.Backend).
func (w *Workspace) sqlite() *store.DB { return w.db.(*store.DB) }
