package pdfview

import (
	"testing"

	"sealdesk/internal/deptest"
)

// The viewer knows pages, not seals, keys, the store or the GUI.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/app", "sealdesk/ui", "sealdesk/seal", "sealdesk/device", "sealdesk/pdfsign", "sealdesk/store")
}
