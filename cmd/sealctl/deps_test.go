package main

import (
	"testing"

	"sealdesk/internal/deptest"
)

// sealctl runs on a machine without a display: no Fyne anywhere in its build.
// Like the desktop it is a face over app: no direct use of the database or the
// key devices (issue #14); only direct imports can be checked, since app
// imports both. Its tests may still make SoftHSM2 keys through device.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI)
	deptest.ForbidImports(t, "sealdesk/store", "sealdesk/device")
}

// TestOneCopyReader: a scanned copy's QR code is read by app.ReadCopyScan,
// for both faces (issue 14), so sealctl does not decode it itself.
func TestOneCopyReader(t *testing.T) {
	deptest.ForbidImports(t, "sealdesk/copies")
}
