package pdfsign

import (
	"testing"

	"sealdesk/internal/deptest"
)

// PDF signing takes a signer and certificates; it knows page geometry (pdfview) and nothing else of ours.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/app", "sealdesk/ui", "sealdesk/seal", "sealdesk/device", "sealdesk/store")
}
