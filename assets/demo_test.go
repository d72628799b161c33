package assets

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"sealdesk/internal/testpdf"
)

var updateDemo = flag.Bool("update-demo-contract", false, "rewrite demo-contract.pdf from testpdf")

// demoContract is the document a newcomer stamps in the README's tour. It is
// written by the test helper testpdf, which must not ship in the product
// (issue 14), so the bytes are generated here and embedded as DemoContract.
// To change the contract, edit this and run
//
//	go test ./assets -run TestDemoContractUnchanged -update-demo-contract
func demoContract() []byte {
	return testpdf.New(testpdf.Options{Title: "Demo contract", Pages: []testpdf.Page{
		{Lines: []string{"SealDesk demo contract", "", "Party A: Demo Technology Co., Ltd.", "Party B: Example Trading Co., Ltd.", "",
			"1. Party B supplies 100 units of goods to Party A.", "2. Payment within 30 days of delivery.", "", "Page 1 of 2"}},
		{Lines: []string{"Signatures and seals", "", "Party A (seal):", "", "", "", "", "", "", "", "Party B (seal):", "", "Page 2 of 2"}},
	}})
}

// TestDemoContractUnchanged: the embedded contract is exactly what testpdf
// writes for the demo, so the file in the tree cannot drift from its source.
func TestDemoContractUnchanged(t *testing.T) {
	want := demoContract()
	if *updateDemo {
		if err := os.WriteFile("demo-contract.pdf", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(DemoContract, want) {
		t.Fatalf("demo-contract.pdf (%d bytes) differs from testpdf's demo contract (%d bytes): run with -update-demo-contract", len(DemoContract), len(want))
	}
}
