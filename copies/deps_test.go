package copies

import (
	"testing"

	"sealdesk/internal/deptest"
)

// Copies render pages (pdfview) and know nothing of the store, keys or the GUI.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/app", "sealdesk/ui", "sealdesk/device", "sealdesk/store", "sealdesk/pdfsign")
}
