package app

import "sealdesk/assets"

// A finding's Detail is English (JSON keeps it so, for scripts). The faces
// show it in the reader's language: DescribeFinding reads its facts back out
// of it, as DescribeEntry does for ledger details, with the patterns that
// pdfsign, ofd and verify.go write (each listed beside its source). A detail
// of no known shape (an error of a parser, say) is shown as it is.
var findingShapes = []detailShape{
	// verify.go
	fshape(`(\d+) bytes after the DER seal data are not covered by the maker's signature`, "verify.d.seal_trailing"),
	fshape(`(\d+) bytes after the DER signature are not covered by it`, "verify.d.sig_trailing"),
	fshape(`valid until (\S+), checked at (\S+)`, "verify.d.valid_until"),
	fshape(`valid from (\S+), checked at (\S+)`, "verify.d.valid_from"),
	fshape(`the document carries no signature`, "verify.d.no_signature"),
	fshape(`(\d+) bytes after the last %%EOF are not part of any revision(?: \(an update cut short\?\))?`, "verify.d.eof_trailing"),
	fshape(`no trust anchors were given`, "verify.d.no_anchors"),
	fshape(`the seal was revoked after (.+); that time is the signer's claim`, "verify.d.revoked_after"),
	// pdfsign/verify.go
	fshape(`signature field "(.+)" is no longer part of the form`, "verify.d.field_gone"),
	fshape(`the signed range does not end at the end of a revision`, "verify.d.range_end"),
	fshape(`the signature dictionary is not part of the revision it signs`, "verify.d.dict_outside"),
	fshape(`SHA-1 digest: a weak algorithm .*`, "verify.d.sha1"),
	fshape(`RSA key of (\d+) bits: a weak key`, "verify.d.weak_rsa"),
	fshape(`SHA-1 timestamp imprint: a weak algorithm`, "verify.d.sha1_timestamp"),
	fshape(`adbe\.pkcs7\.sha1: the document digest is SHA-1, a weak algorithm`, "verify.d.pkcs7_sha1"),
	fshape(`the signer certificate is not valid X\.509 .*`, "verify.d.lenient_cert"),
	// pdfsign/diff.go
	fshape(`the document catalog was replaced`, "verify.d.catalog_replaced"),
	fshape(`signature field "(.+)" was added without a signature`, "verify.d.unsigned_field"),
	fshape(`signature field "(.+)" carries a signature that does not sign this revision`, "verify.d.field_other_rev"),
	fshape(`signature "(.+)" was added although the certification allows no changes`, "verify.d.sig_certified"),
	fshape(`signature field "(.+)" was changed beyond being signed`, "verify.d.field_changed"),
	fshape(`form field "(.+)" was added`, "verify.d.form_added"),
	fshape(`form field "(.+)" was filled although the certification allows no changes`, "verify.d.form_filled_certified"),
	fshape(`form field "(.+)" is locked by a signature and was changed`, "verify.d.form_locked"),
	fshape(`form field "(.+)" was changed beyond its value and appearance`, "verify.d.form_changed"),
	fshape(`fields were removed from field object (\d+)`, "verify.d.fields_removed_from"),
	fshape(`the document catalog was changed: (.+)`, "verify.d.catalog_changed"),
	fshape(`the interactive form was removed`, "verify.d.form_removed"),
	fshape(`the interactive form was changed: (.+)`, "verify.d.form_dict_changed"),
	fshape(`(\d+) form field\(s\) were removed from the form`, "verify.d.fields_removed"),
	fshape(`an existing object was listed as a form field`, "verify.d.object_as_field"),
	fshape(`the document permissions were changed: (.+)`, "verify.d.perms_changed"),
	fshape(`the page tree cannot be read`, "verify.d.page_tree_unreadable"),
	fshape(`the page count changed from (\d+) to (\d+)`, "verify.d.page_count"),
	fshape(`page (\d+) was replaced`, "verify.d.page_replaced"),
	fshape(`page (\d+): (/.+) changed`, "verify.d.page_keys"),
	fshape(`an annotation was removed from page (\d+)`, "verify.d.annot_removed"),
	fshape(`a widget annotation with an appearance that belongs to no new signature was added to page (\d+)`, "verify.d.widget_ap_added"),
	fshape(`a widget annotation that belongs to no new signature was added to page (\d+)`, "verify.d.widget_added"),
	fshape(`an annotation was added to page (\d+)`, "verify.d.annot_added"),
	fshape(`page tree node (\d+) was changed`, "verify.d.node_changed"),
	fshape(`page (\S+): object (\d+) \((.+)\) was changed`, "verify.d.page_object_changed"),
	fshape(`object (\d+) \((.+)\) was changed`, "verify.d.object_changed"),
	fshape(`object (\d+) \((.+)\) was added`, "verify.d.object_added"),
	fshape(`object (\d+) \((.+)\) was deleted but is still referenced`, "verify.d.object_deleted"),
}

// fshape is a finding's detail shape: as a ledger detail's, without kinds.
func fshape(pattern, key string) detailShape { return shape(key, pattern) }

// objectWords are the words pdfsign's describe uses for an object that has
// no /Type; a /Type name (Page, Annot/Widget) is the PDF's own and stays.
var objectWords = map[string]string{"stream": "verify.d.obj.stream", "dictionary": "verify.d.obj.dictionary"}

// DescribeFinding says f's detail in lang; "" when it has none.
func DescribeFinding(f Finding, lang string) string {
	if f.Detail == "" {
		return ""
	}
	return describeShapes(findingShapes, f.Detail, lang, func(g string) string {
		if k, ok := objectWords[g]; ok {
			return assets.T(lang, k)
		}
		return g
	})
}
