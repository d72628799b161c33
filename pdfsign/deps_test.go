package pdfsign

import (
	"testing"

	"sealdesk/internal/deptest"
)

// PDF signing takes a signer and certificates; it knows page geometry (pdfview) and nothing else of ours.
func TestDependencies(t *testing.T) {
	deptest.Forbid(t, deptest.GUI, "sealdesk/app", "sealdesk/ui", "sealdesk/seal", "sealdesk/device", "sealdesk/store")
}

// TestSignFileUsesSafefile: SignFile writes through internal/safefile, the
// product's one atomic writer, instead of its own temp-file-and-rename
// (issue 14).
func TestSignFileUsesSafefile(t *testing.T) {
	if got := deptest.Matching(deptest.Imports(t, "."), "sealdesk/internal/safefile"); len(got) != 1 {
		t.Fatal("pdfsign does not import internal/safefile: SignFile has its own atomic write again")
	}
}
