package seal

import (
	"testing"

	"sealdesk/internal/deptest"
)

// The seal package knows certificates and signers, never devices, PDFs, the store or the GUI.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/app", "sealdesk/ui", "sealdesk/device", "sealdesk/pdfview", "sealdesk/pdfsign", "sealdesk/store")
}
