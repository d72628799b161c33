package app

import "sealdesk/seal"

// Seal presets: what each kind of seal implies — its GB/T 38540 type, the
// horizontal text under the star, its name and its picture (sizes and shapes
// of REFERENCE §6). MakeSeal, the demo and the seal form's preview all take a
// kind's picture from SealPicture, so the three cannot drift apart.

// sealKind is what a kind of seal implies: its GB/T 38540 type (1 an
// organisation's seal, 2 a person's) and, for business seals, the horizontal
// text under the star.
type sealKind struct {
	sesType int
	purpose string
}

var sealKinds = map[string]sealKind{
	"official":  {1, ""},
	"contract":  {1, "合同专用章"},
	"finance":   {1, "财务专用章"},
	"invoice":   {1, "发票专用章"},
	"business":  {1, ""}, // 报关、审验 …: the purpose is given
	"legal-rep": {2, ""},
	"personal":  {2, ""},
}

// SealKinds lists the kinds MakeSeal knows.
func SealKinds() []string {
	return []string{"official", "contract", "finance", "invoice", "business", "legal-rep", "personal"}
}

// SealPictureInput is what a kind's picture is drawn from; fields a kind does
// not use are ignored, and an empty Purpose takes the kind's own.
type SealPictureInput struct {
	Kind         string
	Organisation string
	Purpose      string // business seals: the text under the star
	TaxID        string // invoice seals
	Holder       string // a person's seals
	Code         string // the seal code printed on the rim; may be empty in a preview
}

// purposeOf returns the text under the star: in's own, else the kind's.
func purposeOf(in SealPictureInput) string {
	if in.Purpose != "" {
		return in.Purpose
	}
	return sealKinds[in.Kind].purpose
}

// SealPicture returns the picture preset of in's kind: an organisation's round
// seal with a star, an invoice seal's oval, a person's square name seal, or a
// business seal with its purpose under the star.
func SealPicture(in SealPictureInput) seal.PictureSpec {
	switch in.Kind {
	case "official":
		return seal.OrganisationSeal(in.Organisation, in.Code)
	case "invoice":
		return seal.InvoiceSeal(in.Organisation, in.TaxID, in.Code)
	case "legal-rep", "personal":
		return seal.NameSeal(in.Holder)
	}
	return seal.BusinessSeal(in.Organisation, purposeOf(in), in.Code)
}
