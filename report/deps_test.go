package report

import (
	"testing"

	"sealdesk/internal/deptest"
)

// Reports are laid out from text alone: no GUI, no workflows, no store.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/app", "sealdesk/ui", "sealdesk/device", "sealdesk/store", "sealdesk/pdfsign", "sealdesk/seal")
}
