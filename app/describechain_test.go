package app

import (
	"strings"
	"testing"

	"sealdesk/assets"
)

// chainSamples are reasons as store and ledgercheck.go write them.
var chainSamples = []string{
	"hash mismatch: the entry was altered",
	"previous hash mismatch",
	"sequence gap: expected entry 17",
	"the archive checkpoint is unreadable",
	"the entry does not match the head the workstation signed for it",
	"the head's signature does not verify",
	"the archive checkpoint's signature does not verify",
	"the head's certificate is not trusted: x509: certificate signed by unknown authority",
	"the archive checkpoint's certificate is not trusted: x509: certificate signed by unknown authority",
	"the entry records an act of approver but carries no signature of theirs (table ledger_sigs)",
	"the entry of approver is signed by the certificate of \"U:custodian\", not of the user approver (table ledger_sigs)",
	"the entry of approver is the signer's certificate is not trusted: x509: certificate signed by unknown authority (table ledger_sigs)",
	"the head's certificate is not the workstation's: it belongs to \"WS:abc\", not \"WS:def\"",
	"the head's certificate holds no SM2 key",
	"the archive checkpoint's certificate is unreadable: x509: malformed certificate",
	"the signature of approver does not match the entry: it was rewritten",
	"entries after 41 were removed: the workstation signed a head at entry 45",
	"entries after the last signed head were not written by SealDesk",
	"the head is signed by a workstation key other than the one entry 12 moved to a USB key",
}

// TestDescribeChain: every reason the ledger check gives for a break reads
// in Chinese, keeping its numbers and names, the framing in Chinese even
// where a certificate's own error is quoted; English reads as written; every
// shape has a sample; an unknown reason is shown as it is.
func TestDescribeChain(t *testing.T) {
	used := map[string]bool{}
	ids := map[string]bool{"SealDesk": true, "USB": true, "Key": true, "ledger_sigs": true, "approver": true, "U:custodian": true, "WS:abc": true, "WS:def": true}
	for _, r := range chainSamples {
		e := &ChainBreakError{Seq: 3, Reason: r}
		zh, en := e.Describe(assets.LangZH), e.Describe(assets.LangEN)
		if zh == r || en != r {
			t.Errorf("%q: zh %q, en %q", r, zh, en)
			continue
		}
		for _, sh := range chainShapes {
			if sh.re.MatchString(r) {
				used[sh.key] = true
				break
			}
		}
		framing := zh
		if i := strings.Index(zh, "x509:"); i >= 0 {
			framing = zh[:i] // Go's own x509 text stays as it said it
		}
		for _, w := range latinWord.FindAllString(framing, -1) {
			if !ids[w] {
				t.Errorf("%q: zh %q says %q", r, zh, w)
			}
		}
		for _, n := range regexpDigits.FindAllString(r, -1) {
			if !strings.Contains(zh, n) {
				t.Errorf("%q: the number %s is lost in %q", r, n, zh)
			}
		}
	}
	for _, sh := range chainShapes {
		if !used[sh.key] {
			t.Errorf("shape %s: no sample", sh.key)
		}
	}
	if got := (&ChainBreakError{Reason: "something new"}).Describe(assets.LangZH); got != "something new" {
		t.Errorf("an unknown reason came back as %q", got)
	}
}
