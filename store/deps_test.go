package store

import (
	"testing"

	"sealdesk/internal/deptest"
)

// The store knows rows, not workflows, keys, PDFs or the GUI.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/app", "sealdesk/ui", "sealdesk/seal", "sealdesk/device", "sealdesk/pdfview", "sealdesk/pdfsign")
}
