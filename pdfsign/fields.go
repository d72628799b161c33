package pdfsign

import (
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// field is one terminal form field of the interactive form (ISO 32000-1 §12.7.3).
type field struct {
	name      string // fully qualified name (§12.7.3.2)
	ref       types.IndirectRef
	direct    bool // the field dictionary is a direct object (no ref)
	dict      types.Dict
	isSig     bool              // /FT /Sig, possibly inherited
	widget    types.Dict        // the field itself when merged with its widget, else its first widget kid
	widgetRef types.IndirectRef // valid when widgetOK
	widgetOK  bool
}

func catalog(ctx *model.Context) types.Dict {
	if ctx.Root == nil {
		return nil
	}
	d, err := ctx.DereferenceDict(*ctx.Root)
	if err != nil {
		return nil
	}
	return d
}

func (doc *document) fields() []field { return formFields(doc.ctx) }

// formFields lists the terminal fields reachable from /AcroForm /Fields. Broken
// entries are skipped: a damaged form must not stop the other signatures from being checked.
func formFields(ctx *model.Context) []field {
	root := catalog(ctx)
	if root == nil {
		return nil
	}
	acro, err := ctx.DereferenceDict(root["AcroForm"])
	if err != nil || acro == nil {
		return nil
	}
	arr, err := ctx.DereferenceArray(acro["Fields"])
	if err != nil {
		return nil
	}
	var out []field
	seen := map[int]bool{}
	var walk func(o types.Object, parent string, ft string, depth int)
	walk = func(o types.Object, parent string, ft string, depth int) {
		if depth > 32 {
			return
		}
		f := field{}
		if r, ok := o.(types.IndirectRef); ok {
			if seen[r.ObjectNumber.Value()] {
				return
			}
			seen[r.ObjectNumber.Value()] = true
			f.ref = r
		} else {
			f.direct = true
		}
		d, err := ctx.DereferenceDict(o)
		if err != nil || d == nil {
			return
		}
		f.dict = d
		f.name = parent
		if t, err := ctx.DereferenceStringOrHexLiteral(d["T"], model.V10, nil); err == nil && d.HasEntry("T") {
			if parent != "" {
				f.name = parent + "." + t
			} else {
				f.name = t
			}
		}
		if n := d.NameEntry("FT"); n != nil {
			ft = *n
		}
		f.isSig = ft == "Sig"
		kids, _ := ctx.DereferenceArray(d["Kids"])
		var childFields []types.Object
		for _, k := range kids {
			kd, err := ctx.DereferenceDict(k)
			if err != nil || kd == nil {
				continue
			}
			if kd.HasEntry("T") {
				childFields = append(childFields, k)
			} else if !f.widgetOK && f.widget == nil {
				f.widget = kd
				f.widgetRef, f.widgetOK = k.(types.IndirectRef)
			}
		}
		if len(childFields) > 0 {
			for _, k := range childFields {
				walk(k, f.name, ft, depth+1)
			}
			return
		}
		if f.widget == nil {
			if st := d.Subtype(); st != nil && *st == "Widget" {
				f.widget, f.widgetRef, f.widgetOK = d, f.ref, !f.direct
			}
		}
		out = append(out, f)
	}
	for _, o := range arr {
		walk(o, "", "", 0)
	}
	return out
}
