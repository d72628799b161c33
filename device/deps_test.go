package device

import (
	"testing"

	"sealdesk/internal/deptest"
)

// Keys know nothing of seals, PDFs, the store, the GUI or where the workstation secret lives.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/app", "sealdesk/ui", "sealdesk/seal", "sealdesk/pdfview", "sealdesk/pdfsign", "sealdesk/store", "sealdesk/internal/hostsecret")
}
