package pdfsign

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Classes of a change made after a signature (SignatureReport.Changes). The
// difference analysis follows ISO 32000-2 §12.8.2.2 (DocMDP) and §12.8.2.4
// (FieldMDP) and the rules of pyHanko's diff_analysis: a later revision is compared
// with the one before it object by object, and only the changes those rules allow
// are silent. Everything else is a change of one of these classes.
const (
	ChangeTrailingData     = "trailing_data"            // bytes after the last revision (incremental-saving attack, truncated update)
	ChangeByteRange        = "byte_range"               // the signed range is not one whole revision that holds the signature (USF, signature wrapping)
	ChangeSignatureRemoved = "signature_removed"        // the signed field is no longer in the form (shadow "hide")
	ChangeFormFields       = "form_fields"              // fields removed from /AcroForm or the form rewritten
	ChangeFormFieldAdded   = "form_field_added"         // a new field that is not a signature
	ChangeFormFill         = "form_fill"                // a field filled where DocMDP P1 or a FieldMDP lock forbids it
	ChangeUnsignedSigField = "unsigned_signature_field" // a new signature field not signed in its own revision ("sneaky signature")
	ChangeSignatureAdded   = "signature_added"          // an approval signature after a P1 certification
	ChangeWidgetAdded      = "widget_added"             // a widget (with appearance) that belongs to no new signature
	ChangeAnnotation       = "annotation"               // annotations added, changed or removed where the level forbids it
	ChangePageContent      = "page_content"             // a page's /Contents, /Resources or other entries (shadow "replace")
	ChangePageTree         = "page_tree"                // pages added, removed, replaced or reordered
	ChangeCatalog          = "catalog"                  // the document catalog beyond form, DSS, metadata and extensions
	ChangeObject           = "object"                   // any other object added, changed or deleted
	ChangeUnreadable       = "unreadable_revision"      // the signed revision cannot be read
)

// Change is one difference, found after a signature, that the rules do not allow.
type Change struct {
	Class    string // one of the Change… constants
	Revision int    // 1-based revision that made it; 0 when not tied to one
	Objects  []int  // object numbers concerned
	Detail   string // English description
}

func (c Change) String() string {
	s := c.Detail
	if c.Revision > 0 {
		s = fmt.Sprintf("revision %d: %s", c.Revision, s)
	}
	if len(c.Objects) > 0 {
		nrs := make([]string, len(c.Objects))
		for i, n := range c.Objects {
			nrs[i] = fmt.Sprint(n)
		}
		s += " (object " + strings.Join(nrs, ", ") + ")"
	}
	return s
}

// policy is what a revision may change, set by the signatures before it.
type policy struct {
	// level 0: approval signatures only (signatures, DSS, timestamps, metadata and
	// filling existing fields); 1–3: the DocMDP /P of a certification signature.
	level int
	locks []fieldLock
}

// fieldLock is one FieldMDP transform (ISO 32000-2 §12.8.2.4, Table 257) or a
// signature field's /Lock dictionary (§12.7.5.5, Table 235).
type fieldLock struct {
	action string // All, Include, Exclude
	fields []string
}

func (p policy) locked(name string) bool {
	for _, l := range p.locks {
		in := slices.ContainsFunc(l.fields, func(f string) bool { return f == name || strings.HasPrefix(name, f+".") })
		switch l.action {
		case "All":
			return true
		case "Include":
			if in {
				return true
			}
		case "Exclude":
			if !in {
				return true
			}
		}
	}
	return false
}

// differ compares one revision (old) with the next (cur).
type differ struct {
	old, cur *model.Context
	end      revisionEnd // end of cur
	rev      int         // 1-based number of cur
	pol      policy
	changes  []Change

	allowed  map[int]bool // new objects that belong to an allowed addition
	listable map[int]bool // objects that may newly appear in /Fields or /Annots
	judged   map[int]bool // existing objects whose change a structural check has judged
	owner    map[int]string
}

func (d *differ) add(class string, detail string, objs ...int) {
	d.changes = append(d.changes, Change{Class: class, Revision: d.rev, Objects: objs, Detail: detail})
}

func (d *differ) isNew(nr int) bool {
	e, ok := d.old.Table[nr]
	return !ok || e.Free || e.Object == nil
}

// diffRevision lists the changes cur makes to old that pol does not allow.
func diffRevision(old, cur *model.Context, end revisionEnd, rev int, pol policy) []Change {
	d := &differ{old: old, cur: cur, end: end, rev: rev, pol: pol,
		allowed: map[int]bool{}, listable: map[int]bool{}, judged: map[int]bool{}, owner: map[int]string{}}
	if old.Root == nil || cur.Root == nil || old.Root.ObjectNumber != cur.Root.ObjectNumber {
		d.add(ChangeCatalog, "the document catalog was replaced")
		return d.changes
	}
	d.fields()
	d.parents()
	d.catalog()
	d.pages()
	d.objects()
	return d.changes
}

// signedHere reports whether the signature dictionary sd signs exactly the revision
// ending at d.end ("signed in the same revision", pyHanko's SigFieldCreationRule).
func (d *differ) signedHere(sd types.Dict) bool {
	arr, err := d.cur.DereferenceArray(sd["ByteRange"])
	if err != nil || len(arr) != 4 {
		return false
	}
	var br [4]int64
	for i, e := range arr {
		v, err := d.cur.DereferenceInteger(e)
		if err != nil || v == nil {
			return false
		}
		br[i] = int64(v.Value())
	}
	e := br[2] + br[3]
	return br[0] == 0 && e >= d.end.marker+5 && e <= d.end.end
}

func refNr(o types.Object) (int, bool) {
	r, ok := o.(types.IndirectRef)
	if !ok {
		return 0, false
	}
	return r.ObjectNumber.Value(), true
}

func (f field) objects() []int {
	var out []int
	if !f.direct {
		out = append(out, f.ref.ObjectNumber.Value())
	}
	if f.widgetOK && (f.direct || f.widgetRef.ObjectNumber != f.ref.ObjectNumber) {
		out = append(out, f.widgetRef.ObjectNumber.Value())
	}
	return out
}

// fields judges added and changed form fields.
func (d *differ) fields() {
	oldFields := map[string]field{}
	for _, f := range formFields(d.old) {
		oldFields[f.name] = f
	}
	for _, f := range formFields(d.cur) {
		of, existed := oldFields[f.name]
		objs := f.objects()
		take := func() { // the field's objects are accounted for: never reported twice
			for _, nr := range objs {
				d.listable[nr], d.judged[nr] = true, true
			}
			if existed {
				d.judgeAppearances(of.widget)
			}
			collect(d.cur, f.dict, d.allowed, d.isNew, 0)
			if f.widget != nil {
				collect(d.cur, f.widget, d.allowed, d.isNew, 0)
			}
			for _, nr := range objs {
				if d.isNew(nr) {
					d.allowed[nr] = true
				}
			}
		}
		if f.isSig {
			if existed && of.dict.HasEntry("V") {
				continue // signed before: any change is an object change below
			}
			if !f.dict.HasEntry("V") {
				if !existed {
					take()
					d.add(ChangeUnsignedSigField, fmt.Sprintf("signature field %q was added without a signature", f.name), objs...)
				}
				continue
			}
			sd, _ := d.cur.DereferenceDict(f.dict["V"])
			if sd == nil || !d.signedHere(sd) {
				take()
				d.add(ChangeUnsignedSigField, fmt.Sprintf("signature field %q carries a signature that does not sign this revision", f.name), objs...)
				continue
			}
			if t := sd.Type(); d.pol.level == 1 && (t == nil || *t != "DocTimeStamp") {
				take()
				d.add(ChangeSignatureAdded, fmt.Sprintf("signature %q was added although the certification allows no changes", f.name), objs...)
				continue
			}
			if existed && !d.fieldFillOK(of, f, "V", "AP", "AS", "MK") {
				take()
				d.add(ChangeObject, fmt.Sprintf("signature field %q was changed beyond being signed", f.name), objs...)
				continue
			}
			take()
			continue
		}
		if !existed {
			take()
			d.add(ChangeFormFieldAdded, fmt.Sprintf("form field %q was added", f.name), objs...)
			continue
		}
		if equalDicts(of.dict, f.dict) && equalDicts(of.widget, f.widget) {
			continue
		}
		switch {
		case d.pol.level == 1:
			d.add(ChangeFormFill, fmt.Sprintf("form field %q was filled although the certification allows no changes", f.name), objs...)
		case d.pol.locked(f.name):
			d.add(ChangeFormFill, fmt.Sprintf("form field %q is locked by a signature and was changed", f.name), objs...)
		case !d.fieldFillOK(of, f, "V", "AS", "AP"):
			d.add(ChangeObject, fmt.Sprintf("form field %q was changed beyond its value and appearance", f.name), objs...)
		}
		take()
	}
}

// parents judges the non-terminal fields of the old form (ISO 32000-2 §12.7.4): one
// may gain kids that are new, allowed fields (a signature added under "Signatures").
func (d *differ) parents() {
	acro, _ := d.old.DereferenceDict(catalog(d.old)["AcroForm"])
	fields, _ := d.old.DereferenceArray(acro["Fields"])
	seen := map[int]bool{}
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		nr, ok := refNr(o)
		if !ok || seen[nr] || depth > 32 {
			return
		}
		seen[nr] = true
		od, _ := d.old.DereferenceDict(o)
		kids, _ := d.old.DereferenceArray(od["Kids"])
		if len(kids) == 0 {
			return
		}
		for _, k := range kids {
			walk(k, depth+1)
		}
		cd, _ := d.cur.DereferenceDict(o)
		if cd == nil || equalDicts(od, cd) || !equalExcept(od, cd, "Kids") {
			return
		}
		ck, _ := d.cur.DereferenceArray(cd["Kids"])
		if len(missingFrom(kids, ck)) > 0 {
			d.add(ChangeFormFields, fmt.Sprintf("fields were removed from field object %d", nr), nr)
			d.judged[nr] = true
			return
		}
		for _, k := range ck {
			if kn, ok := refNr(k); ok && !d.listable[kn] && !slices.ContainsFunc(kids, func(x types.Object) bool { return equalObjects(x, k) }) {
				return // an unknown kid: the object comparison reports the change
			}
		}
		d.judged[nr] = true
	}
	for _, f := range fields {
		walk(f, 0)
	}
}

// fieldFillOK reports whether f differs from of only in keys (the field's value and its widget's appearance).
func (d *differ) fieldFillOK(of, f field, keys ...string) bool {
	return equalExcept(of.dict, f.dict, keys...) && equalExcept(of.widget, f.widget, keys...)
}

// judgeAppearances marks the appearance streams of an existing widget (ISO 32000-2
// §12.5.5): filling a field may rewrite them in place. Only the streams themselves:
// fonts and images they share with pages stay under the page's rules.
func (d *differ) judgeAppearances(w types.Dict) {
	ap, _ := d.old.DereferenceDict(w["AP"])
	for _, k := range []string{"N", "R", "D"} {
		o := ap[k]
		if nr, ok := refNr(o); ok {
			d.judged[nr] = true
		}
		// A dictionary of appearance states (/On, /Off) rather than one stream.
		if states, err := d.old.DereferenceDict(o); err == nil {
			for _, s := range states {
				if nr, ok := refNr(s); ok {
					d.judged[nr] = true
				}
			}
		}
	}
}

// catalog judges the document catalog, the interactive form, DSS, metadata and /Info.
func (d *differ) catalog() {
	oldRoot, curRoot := catalog(d.old), catalog(d.cur)
	rootNr := d.old.Root.ObjectNumber.Value()
	d.judged[rootNr] = true
	// ISO 32000-2 §12.8.4.3 (DSS), §14.3.2 (metadata), §7.12 (extensions): allowed at every level.
	if k := changedKeys(oldRoot, curRoot, "AcroForm", "DSS", "Metadata", "Extensions", "Perms"); len(k) > 0 {
		d.add(ChangeCatalog, "the document catalog was changed: /"+strings.Join(k, ", /"), rootNr)
		for _, key := range k {
			if key != "Pages" {
				collect(d.cur, curRoot[key], d.allowed, d.isNew, 0)
			}
		}
	}
	d.perms(oldRoot["Perms"], curRoot["Perms"], rootNr)
	for _, key := range []string{"DSS", "Metadata", "Extensions"} {
		d.allowTree(d.old, oldRoot[key])
		collect(d.cur, curRoot[key], d.allowed, d.isNew, 0)
		if nr, ok := refNr(curRoot[key]); ok {
			d.judged[nr] = true
		}
	}
	// /Info is metadata too (pyHanko's DocInfoRule).
	if d.old.Info != nil {
		d.judged[d.old.Info.ObjectNumber.Value()] = true
	}
	if d.cur.Info != nil {
		collect(d.cur, *d.cur.Info, d.allowed, d.isNew, 0)
	}

	oa, ca := oldRoot["AcroForm"], curRoot["AcroForm"]
	for _, o := range []types.Object{oa, ca} {
		if nr, ok := refNr(o); ok {
			d.judged[nr] = true
		}
	}
	od, _ := d.old.DereferenceDict(oa)
	cd, _ := d.cur.DereferenceDict(ca)
	if od == nil {
		od = types.Dict{}
	}
	if cd == nil {
		if len(od) > 0 {
			d.add(ChangeFormFields, "the interactive form was removed")
		}
		return
	}
	if k := changedKeys(od, cd, "Fields", "SigFlags", "DR", "NeedAppearances"); len(k) > 0 {
		d.add(ChangeFormFields, "the interactive form was changed: /"+strings.Join(k, ", /"))
	}
	collect(d.cur, cd["DR"], d.allowed, d.isNew, 0)
	for _, o := range []types.Object{od["Fields"], cd["Fields"]} {
		if nr, ok := refNr(o); ok {
			d.judged[nr] = true
		}
	}
	of, _ := d.old.DereferenceArray(od["Fields"])
	cf, _ := d.cur.DereferenceArray(cd["Fields"])
	if missing := missingFrom(of, cf); len(missing) > 0 {
		d.add(ChangeFormFields, fmt.Sprintf("%d form field(s) were removed from the form", len(missing)), missing...)
	}
	for _, o := range cf {
		if nr, ok := refNr(o); ok && !d.listable[nr] && !slices.ContainsFunc(of, func(x types.Object) bool { return equalObjects(x, o) }) {
			d.add(ChangeFormFields, "an existing object was listed as a form field", nr)
		}
	}
}

// perms judges /Perms (ISO 32000-1 §12.8.4): its DocMDP entry may not change, and
// a usage-rights signature (/UR3) may only go away, as signers that know it
// remove it (pyHanko and iText leave a document's usage rights to Adobe Reader;
// any change invalidates them anyway).
func (d *differ) perms(oldP, curP types.Object, rootNr int) {
	od, _ := d.old.DereferenceDict(oldP)
	cd, _ := d.cur.DereferenceDict(curP)
	if od == nil {
		od = types.Dict{}
	}
	if cd == nil {
		cd = types.Dict{}
	}
	for _, o := range []types.Object{oldP, curP} {
		if nr, ok := refNr(o); ok {
			d.judged[nr] = true
		}
	}
	k := changedKeys(od, cd, "UR3")
	if _, had := od["UR3"]; !had {
		if _, has := cd["UR3"]; has {
			k = append(k, "UR3")
		}
	} else if ur, has := cd["UR3"]; has && !equalObjects(od["UR3"], ur) {
		k = append(k, "UR3")
	}
	if len(k) > 0 {
		d.add(ChangeCatalog, "the document permissions were changed: /Perms /"+strings.Join(k, ", /"), rootNr)
	}
}

// allowTree marks the existing objects reachable from o as judged: DSS and metadata may change freely.
func (d *differ) allowTree(ctx *model.Context, o types.Object) {
	seen := map[int]bool{}
	walkRefs(ctx, o, seen, 0)
	for nr := range seen {
		if !d.isNew(nr) {
			d.judged[nr] = true
		}
	}
}

// missingFrom returns the object numbers of references in old that cur lacks.
func missingFrom(old, cur types.Array) []int {
	var out []int
	for _, o := range old {
		if slices.ContainsFunc(cur, func(x types.Object) bool { return equalObjects(x, o) }) {
			continue
		}
		if nr, ok := refNr(o); ok {
			out = append(out, nr)
		} else {
			out = append(out, 0)
		}
	}
	return out
}

// pages judges the page tree, each page dictionary and its annotations.
func (d *differ) pages() {
	oldPages, err1 := walkPages(d.old)
	curPages, err2 := walkPages(d.cur)
	if err1 != nil || err2 != nil {
		d.add(ChangePageTree, "the page tree cannot be read")
		return
	}
	// Inner nodes of the old tree: a change there is a page-tree change.
	if r := catalog(d.old); r != nil {
		d.markTree(r["Pages"], 0)
	}
	if len(oldPages) != len(curPages) {
		d.add(ChangePageTree, fmt.Sprintf("the page count changed from %d to %d", len(oldPages), len(curPages)))
	}
	for i := range min(len(oldPages), len(curPages)) {
		op, cp := oldPages[i], curPages[i]
		page := i + 1
		onr := op.ref.ObjectNumber.Value()
		if op.ref.ObjectNumber != cp.ref.ObjectNumber {
			d.add(ChangePageTree, fmt.Sprintf("page %d was replaced", page), onr, cp.ref.ObjectNumber.Value())
			continue
		}
		d.judged[onr] = true
		od, cd := op.dict, cp.dict
		if k := changedKeys(od, cd, "Annots"); len(k) > 0 {
			d.add(ChangePageContent, fmt.Sprintf("page %d: /%s changed", page, strings.Join(k, ", /")), onr)
			for _, key := range k {
				collect(d.cur, cd[key], d.allowed, d.isNew, 0)
			}
		}
		// Objects the page draws with: a change to them is a change of the page's content.
		for _, key := range []string{"Contents", "Resources"} {
			seen := map[int]bool{}
			walkRefs(d.old, od[key], seen, 0)
			for nr := range seen {
				if _, ok := d.owner[nr]; !ok {
					d.owner[nr] = fmt.Sprintf("%s:%d", ChangePageContent, page)
				}
			}
		}
		d.annots(page, od["Annots"], cd["Annots"])
	}
}

func (d *differ) markTree(o types.Object, depth int) {
	nr, ok := refNr(o)
	if !ok || depth > 64 {
		return
	}
	dict, _ := d.old.DereferenceDict(o)
	if dict == nil {
		return
	}
	if t := dict.Type(); t != nil && *t == "Page" {
		return
	}
	if _, seen := d.owner[nr]; seen {
		return
	}
	d.owner[nr] = ChangePageTree + ":0"
	kids, _ := d.old.DereferenceArray(dict["Kids"])
	for _, k := range kids {
		d.markTree(k, depth+1)
	}
}

// annots judges a page's /Annots: signature widgets may be appended; with DocMDP P3
// other annotations (not widgets) may be added, changed and removed.
func (d *differ) annots(page int, oo, co types.Object) {
	for _, o := range []types.Object{oo, co} {
		if nr, ok := refNr(o); ok {
			d.judged[nr] = true
		}
	}
	oa, _ := d.old.DereferenceArray(oo)
	ca, _ := d.cur.DereferenceArray(co)
	for _, a := range oa {
		nr, _ := refNr(a)
		isWidget := d.isWidget(d.old, a)
		if !isWidget {
			d.owner[nr] = fmt.Sprintf("%s:%d", ChangeAnnotation, page)
		}
		if slices.ContainsFunc(ca, func(x types.Object) bool { return equalObjects(x, a) }) {
			continue
		}
		if d.pol.level == 3 && !isWidget {
			continue
		}
		d.add(ChangeAnnotation, fmt.Sprintf("an annotation was removed from page %d", page), nr)
	}
	for _, a := range ca {
		if slices.ContainsFunc(oa, func(x types.Object) bool { return equalObjects(x, a) }) {
			continue
		}
		nr, isRef := refNr(a)
		if isRef && d.listable[nr] {
			continue
		}
		if d.isWidget(d.cur, a) {
			what := "a widget annotation"
			if ad, _ := d.cur.DereferenceDict(a); ad != nil && ad.HasEntry("AP") {
				what = "a widget annotation with an appearance"
			}
			d.add(ChangeWidgetAdded, fmt.Sprintf("%s that belongs to no new signature was added to page %d", what, page), nr)
		} else if d.pol.level != 3 {
			d.add(ChangeAnnotation, fmt.Sprintf("an annotation was added to page %d", page), nr)
		}
		collect(d.cur, a, d.allowed, d.isNew, 0) // reported above, with what it brings
	}
}

func (d *differ) isWidget(ctx *model.Context, o types.Object) bool {
	ad, _ := ctx.DereferenceDict(o)
	if ad == nil {
		return false
	}
	st := ad.Subtype()
	return st != nil && *st == "Widget"
}

// objects compares every object not judged by a structural check.
func (d *differ) objects() {
	reach := map[int]bool{}
	walkRefs(d.cur, *d.cur.Root, reach, 0)
	if d.cur.Info != nil {
		walkRefs(d.cur, *d.cur.Info, reach, 0)
	}
	nrs := make([]int, 0, len(d.cur.Table))
	for nr := range d.cur.Table {
		nrs = append(nrs, nr)
	}
	slices.Sort(nrs)
	// Changed objects first: the new objects a reported change brings are part of that
	// report, not separate ones.
	for _, nr := range nrs {
		e := d.cur.Table[nr]
		if nr == 0 || e.Free || e.Object == nil || d.isNew(nr) || d.judged[nr] {
			continue
		}
		oo, co := resolved(d.old, nr), resolved(d.cur, nr)
		if equalObjects(oo, co) || (isStructural(oo) && isStructural(co)) {
			continue
		}
		collect(d.cur, co, d.allowed, d.isNew, 0)
		class, page := ChangeObject, ""
		if o, ok := d.owner[nr]; ok {
			class, page, _ = strings.Cut(o, ":")
		}
		switch {
		case class == ChangeAnnotation && d.pol.level == 3:
		case class == ChangeObject:
			d.add(class, fmt.Sprintf("object %d (%s) was changed", nr, describe(co)), nr)
		case class == ChangePageTree:
			d.add(class, fmt.Sprintf("page tree node %d was changed", nr), nr)
		default:
			d.add(class, fmt.Sprintf("page %s: object %d (%s) was changed", page, nr, describe(co)), nr)
		}
	}
	for _, nr := range nrs {
		e := d.cur.Table[nr]
		if nr == 0 || e.Free || e.Object == nil || !d.isNew(nr) {
			continue
		}
		// A new object nothing reaches changes nothing a reader sees.
		co := resolved(d.cur, nr)
		if d.allowed[nr] || isStructural(co) || !reach[nr] {
			continue
		}
		d.add(ChangeObject, fmt.Sprintf("object %d (%s) was added", nr, describe(co)), nr)
		collect(d.cur, co, d.allowed, d.isNew, 0)
	}
	for nr, oe := range d.old.Table {
		if nr == 0 || oe.Free || oe.Object == nil {
			continue
		}
		if e, ok := d.cur.Table[nr]; (!ok || e.Free || e.Object == nil) && reach[nr] {
			d.add(ChangeObject, fmt.Sprintf("object %d (%s) was deleted but is still referenced", nr, describe(resolved(d.old, nr))), nr)
		}
	}
}

// resolved returns object nr of ctx. pdfcpu keeps the objects of object streams as
// lazy placeholders until they are dereferenced: compare the objects, not those.
func resolved(ctx *model.Context, nr int) types.Object {
	e, ok := ctx.Table[nr]
	if !ok || e.Free || e.Object == nil {
		return nil
	}
	if _, lazy := e.Object.(types.LazyObjectStreamObject); lazy {
		gen := 0
		if e.Generation != nil {
			gen = *e.Generation
		}
		if o, err := ctx.Dereference(*types.NewIndirectRef(nr, gen)); err == nil && o != nil {
			return o
		}
	}
	return e.Object
}

// walkRefs adds the number of every object referenced from o, directly or through
// other objects, to seen (dangling references included).
func walkRefs(ctx *model.Context, o types.Object, seen map[int]bool, depth int) {
	if depth > 10000 {
		return
	}
	switch v := o.(type) {
	case types.IndirectRef:
		nr := v.ObjectNumber.Value()
		if seen[nr] {
			return
		}
		seen[nr] = true
		if obj, err := ctx.Dereference(v); err == nil {
			walkRefs(ctx, obj, seen, depth+1)
		}
	case types.Dict:
		for _, e := range v {
			walkRefs(ctx, e, seen, depth+1)
		}
	case types.StreamDict:
		walkRefs(ctx, v.Dict, seen, depth+1)
	case types.Array:
		for _, e := range v {
			walkRefs(ctx, e, seen, depth+1)
		}
	}
}

// changedKeys lists the keys, other than except, whose values differ between a and b.
func changedKeys(a, b types.Dict, except ...string) []string {
	var out []string
	for k := range a {
		if !slices.Contains(except, k) && !equalObjects(a[k], b[k]) {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok && !slices.Contains(except, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func equalDicts(a, b types.Dict) bool { return len(changedKeys(a, b)) == 0 && (a == nil) == (b == nil) }

// equalObjects compares two objects by meaning: a stream rewritten with another
// filter (a full-compression rewrite) is equal when its decoded bytes are.
func equalObjects(a, b types.Object) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	as, aok := a.(types.StreamDict)
	bs, bok := b.(types.StreamDict)
	if aok || bok {
		if !aok || !bok {
			return false
		}
		if as.Dict.PDFString() == bs.Dict.PDFString() && bytes.Equal(as.Raw, bs.Raw) {
			return true
		}
		if len(changedKeys(as.Dict, bs.Dict, "Length", "Filter", "DecodeParms")) > 0 {
			return false
		}
		ac, bc := as, bs
		if ac.Decode() != nil || bc.Decode() != nil {
			return false
		}
		return bytes.Equal(ac.Content, bc.Content)
	}
	return a.PDFString() == b.PDFString()
}

func equalExcept(a, b types.Dict, keys ...string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return len(changedKeys(a, b, keys...)) == 0
}
