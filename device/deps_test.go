package device

import (
	"testing"

	"sealdesk/internal/deptest"
)

// Keys know nothing of seals, PDFs, the store or the GUI.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/app", "sealdesk/ui", "sealdesk/seal", "sealdesk/pdfview", "sealdesk/pdfsign", "sealdesk/store")
}
