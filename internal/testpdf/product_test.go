package testpdf

import (
	"testing"

	"sealdesk/internal/deptest"
)

// TestNotInTheProduct: testpdf is a test helper (issue 14). No non-test file
// of the module may import it; the demo workspace's contract is embedded as
// assets/demo-contract.pdf instead (assets' TestDemoContractUnchanged
// regenerates it from here).
func TestNotInTheProduct(t *testing.T) {
	for _, p := range deptest.Importers(t, "../..", "./...", "sealdesk/internal/testpdf") {
		t.Errorf("%s imports sealdesk/internal/testpdf outside its tests: the product would ship a test helper", p)
	}
}
