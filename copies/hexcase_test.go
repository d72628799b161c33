package copies

import (
	"regexp"
	"strings"
	"testing"

	"sealdesk/internal/testpdf"
)

var lowerHex = regexp.MustCompile(`^[0-9a-f]+$`)

// TestHexIsLowercase: the copies API speaks lower-case hex like app and the
// ledger (issue 14), while the QR text keeps its fixed upper-case format, so
// a copy printed before the change still scans and matches.
func TestHexIsLowercase(t *testing.T) {
	doc := testpdf.Simple(1)
	if h := DocHash(doc); len(h) != 64 || !lowerHex.MatchString(h) {
		t.Errorf("DocHash = %q, want 64 lower-case hex digits", h)
	}
	if id := SignatureID(doc, [4]int64{0, 10, 30, 10}); len(id) != 16 || !lowerHex.MatchString(id) {
		t.Errorf("SignatureID = %q, want 16 lower-case hex digits", id)
	}

	// The QR text of a copy as printed on paper: upper-case hex.
	hash := strings.ToUpper(DocHash(doc))
	printedText := "SDC1/" + hash + "/1/2/P20261122-ABC123/0011AABBCCDDEEFF/DEADBEEF/202611220930"
	p, err := ParsePayload(printedText)
	if err != nil {
		t.Fatal(err)
	}
	if p.DocHash != DocHash(doc) || p.Signatures[0] != "0011aabbccddeeff" {
		t.Errorf("parsed hash %q, signatures %v: want lower case", p.DocHash, p.Signatures)
	}
	if got := p.String(); got != printedText {
		t.Errorf("QR text changed format:\n got %s\nwant %s", got, printedText)
	}
	if err := Match(p, doc, []string{"0011aabbccddeeff"}); err != nil {
		t.Errorf("a printed copy no longer matches its original: %v", err)
	}
}
