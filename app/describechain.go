package app

import "sealdesk/assets"

// Where and why a ledger breaks (a ChainBreakError's Reason) is English, as
// store and ledgercheck.go write it and as JSON and scripts keep it. People
// read it in their language: Describe reads the facts back out with the
// patterns those write (each listed beside its source); a reason of no
// known shape is shown as it is.
var chainShapes = []detailShape{
	// store/ledger.go, store/archive.go
	fshape(`hash mismatch: the entry was altered`, "ledger.c.altered"),
	fshape(`previous hash mismatch`, "ledger.c.prev"),
	fshape(`sequence gap: expected entry (\d+)`, "ledger.c.gap"),
	fshape(`the archive checkpoint is unreadable`, "ledger.c.checkpoint_unreadable"),
	// ledgercheck.go
	fshape(`the entry does not match the head the workstation signed for it`, "ledger.c.head_mismatch"),
	fshape(`the head's signature does not verify`, "ledger.c.head_sig"),
	fshape(`the archive checkpoint's signature does not verify`, "ledger.c.checkpoint_sig"),
	fshape(`the head's (.+)`, "ledger.c.head_cert"),
	fshape(`the archive checkpoint's (.+)`, "ledger.c.checkpoint_cert"),
	fshape(`the entry records an act of (\S+) but carries no signature of theirs \(table ledger_sigs\)`, "ledger.c.unsigned_act"),
	fshape(`the entry of (\S+) is (.+) \(table ledger_sigs\)`, "ledger.c.entry_signer"),
	fshape(`the signature of (\S+) does not match the entry: it was rewritten`, "ledger.c.entry_sig"),
	fshape(`entries after (\d+) were removed: the workstation signed a head at entry (\d+)`, "ledger.c.tail_cut"),
	fshape(`entries after the last signed head were not written by SealDesk`, "ledger.c.appended"),
	fshape(`the head is signed by a workstation key other than the one entry (\d+) moved to a USB key`, "ledger.c.head_key"),
}

// certShapes are what the certificate checks of ledgercheck.go and
// userkey.go say, quoted inside the reasons above and inside an extract's
// refusal; Go's own x509 text after them stays as it is.
var certShapes = []detailShape{
	fshape(`((?:the signer's )?)certificate is unreadable: (.+)`, "ledger.cert.unreadable"),
	fshape(`((?:the signer's )?)certificate is not trusted: (.+)`, "ledger.cert.untrusted"),
	fshape(`((?:the signer's )?)certificate holds no SM2 key`, "ledger.cert.no_sm2"),
	fshape(`((?:the signer's )?)certificate is not the workstation's: it belongs to "(.*)", not "(.*)"`, "ledger.cert.other_ws"),
	fshape(`signed by the certificate of "(.*)", not of the user (\S+)`, "ledger.cert.other_user"),
}

// Describe says in lang why the ledger breaks at e.Seq.
func (e *ChainBreakError) Describe(lang string) string { return describeChain(e.Reason, lang) }

// describeChain says a ledger-break reason in lang.
func describeChain(reason, lang string) string {
	return describeShapes(chainShapes, reason, lang, func(g string) string { return describeCert(g, lang) })
}

// describeCert says a certificate check's text in lang where its shape is known.
func describeCert(text, lang string) string {
	return describeShapes(certShapes, text, lang, func(g string) string { return g })
}

// describeShapes says text in lang through the first of shapes it matches,
// each group passed through fact; text of no known shape comes back as it is.
func describeShapes(shapes []detailShape, text, lang string, fact func(string) string) string {
	for _, sh := range shapes {
		if m := sh.re.FindStringSubmatch(text); m != nil {
			args := make([]any, 0, len(m)-1)
			for _, g := range m[1:] {
				args = append(args, fact(g))
			}
			return assets.T(lang, sh.key, args...)
		}
	}
	return text
}
