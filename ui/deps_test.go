package ui

import (
	"testing"

	"sealdesk/internal/deptest"
)

// The desktop is a face over app: it lists and changes everything through
// app's methods, never the database or the key devices, so no screen can skip
// a rule or the ledger (issue #14). Only direct imports can be checked (app
// itself imports both); tests may still forge rows through store.
func TestDependencies(t *testing.T) {
	deptest.ForbidImports(t, "sealdesk/store", "sealdesk/device")
}

// TestOneDocumentHasher: the desktop neither hashes nor sniffs a document
// itself; app.Workspace.SumFile reads it once (issue 14).
func TestOneDocumentHasher(t *testing.T) {
	deptest.ForbidImports(t, "github.com/emmansun/gmsm/sm3")
}

// TestOneCopyReader: a scanned copy's QR code is read by app.ReadCopyScan,
// for both faces (issue 14), so the desktop does not decode it itself.
func TestOneCopyReader(t *testing.T) {
	deptest.ForbidImports(t, "sealdesk/copies")
}
