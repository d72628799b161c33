package osslofd

import (
	"testing"

	"sealdesk/internal/deptest"
)

// TestNotInTheProduct: osslofd runs OpenSSL for tests; no non-test file of
// the module may import it.
func TestNotInTheProduct(t *testing.T) {
	for _, p := range deptest.Importers(t, "../..", "./...", "sealdesk/internal/osslofd") {
		t.Errorf("%s imports sealdesk/internal/osslofd outside its tests", p)
	}
}
