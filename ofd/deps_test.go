package ofd

import (
	"testing"

	"sealdesk/internal/deptest"
)

// OFD reading, verifying and stamping know seal data (seal) and nothing else of ours.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/app", "sealdesk/ui", "sealdesk/device", "sealdesk/store", "sealdesk/pdfsign", "sealdesk/pdfview")
}
