package app

import (
	"regexp"
	"strings"
	"testing"

	"sealdesk/assets"
)

// findingSamples are details as verify.go, pdfsign and ofd write them.
var findingSamples = []string{
	"12 bytes after the DER seal data are not covered by the maker's signature",
	"3 bytes after the DER signature are not covered by it",
	"valid until 2025-01-31, checked at 2026-12-05",
	"valid from 2027-01-01, checked at 2026-12-05",
	"the document carries no signature",
	"40 bytes after the last %%EOF are not part of any revision (an update cut short?)",
	"40 bytes after the last %%EOF are not part of any revision",
	"no trust anchors were given",
	"the seal was revoked after 2026-11-30 10:00; that time is the signer's claim",
	`signature field "Seal1" is no longer part of the form`,
	"the signed range does not end at the end of a revision",
	"the signature dictionary is not part of the revision it signs",
	"SHA-1 digest: a weak algorithm (deprecated for signatures since 2013, NIST SP 800-131A)",
	"RSA key of 1024 bits: a weak key",
	"SHA-1 timestamp imprint: a weak algorithm",
	"adbe.pkcs7.sha1: the document digest is SHA-1, a weak algorithm",
	"the signer certificate is not valid X.509 (e.g. a negative serial number); read leniently for its key",
	"the document catalog was replaced",
	`signature field "Seal2" was added without a signature`,
	`signature field "Seal2" carries a signature that does not sign this revision`,
	`signature "Seal2" was added although the certification allows no changes`,
	`signature field "Seal1" was changed beyond being signed`,
	`form field "Amount" was added`,
	`form field "Amount" was filled although the certification allows no changes`,
	`form field "Amount" is locked by a signature and was changed`,
	`form field "Amount" was changed beyond its value and appearance`,
	"fields were removed from field object 12",
	"the document catalog was changed: /OpenAction, /Names",
	"the interactive form was removed",
	"the interactive form was changed: /NeedAppearances",
	"2 form field(s) were removed from the form",
	"an existing object was listed as a form field",
	"the document permissions were changed: /Perms /DocMDP",
	"the page tree cannot be read",
	"the page count changed from 2 to 3",
	"page 2 was replaced",
	"page 2: /Contents, /Resources changed",
	"an annotation was removed from page 1",
	"a widget annotation with an appearance that belongs to no new signature was added to page 1",
	"a widget annotation that belongs to no new signature was added to page 1",
	"an annotation was added to page 2",
	"page tree node 3 was changed",
	"page 2: object 17 (stream) was changed",
	"object 17 (dictionary) was changed",
	"object 18 (XObject/Image) was added",
	"object 19 (Font) was deleted but is still referenced",
}

// findingIDs are the names a Chinese detail may show as written: PDF names
// and algorithm, format and product names.
var findingIDs = map[string]bool{"DER": true, "EOF": true, "SHA": true, "RSA": true, "Catalog": true, "XObject/Image": true,
	"Font": true, "NIST": true, "adbe.pkcs7.sha1": true, "Seal1": true, "Seal2": true, "Amount": true}

// TestDescribeFinding: every finding detail the verifiers write reads in
// Chinese with no English word but names (PDF keys, algorithms, field
// names), every shape is exercised, and the English reading keeps the
// facts (issue 17 point 3: verify's reasons were English in zh-CN).
func TestDescribeFinding(t *testing.T) {
	used := map[string]bool{}
	for _, d := range findingSamples {
		zh := DescribeFinding(Finding{Detail: d}, assets.LangZH)
		en := DescribeFinding(Finding{Detail: d}, assets.LangEN)
		if zh == d {
			t.Errorf("%q: no shape reads it", d)
			continue
		}
		for _, sh := range findingShapes {
			if sh.re.MatchString(d) {
				used[sh.key] = true
				break
			}
		}
		for _, w := range latinWord.FindAllString(zh, -1) {
			if !findingIDs[w] && !strings.HasPrefix(w, "/") && !strings.ContainsAny(w, "0123456789") {
				t.Errorf("%q: zh %q says %q", d, zh, w)
			}
		}
		for _, n := range regexpDigits.FindAllString(d, -1) {
			if !strings.Contains(zh, n) || !strings.Contains(en, n) {
				t.Errorf("%q: the number %s is lost (zh %q, en %q)", d, n, zh, en)
			}
		}
	}
	for _, sh := range findingShapes {
		if !used[sh.key] {
			t.Errorf("shape %s: no sample", sh.key)
		}
	}
	if got := DescribeFinding(Finding{Detail: "pdfcpu: something else"}, assets.LangZH); got != "pdfcpu: something else" {
		t.Errorf("an unknown detail came back as %q", got)
	}
}

var regexpDigits = regexp.MustCompile(`\d+`)
