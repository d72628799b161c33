package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/pdfsign"
	"sealdesk/seal"
	"sealdesk/store"
)

// Verdict words used in reports (and in JSON).
const (
	Valid   = "valid"
	Invalid = "invalid"
	Trusted = "trusted"
	Unknown = "unknown"
	// Untrusted: trust anchors were given and the signer does not chain to them (or
	// its chain was not valid when it signed).
	Untrusted = "untrusted"
	NoSeal    = "absent"
	KindPDF   = "pdf"
	KindSeal  = "seal"
	KindSig   = "signature"
)

// SignatureReport is the verdict on one signature of a PDF.
type SignatureReport struct {
	Field               string `json:"field"`
	Page                int    `json:"page"`
	Integrity           string `json:"integrity"`
	CoversWholeDocument bool   `json:"covers_whole_document"`
	ModifiedAfter       bool   `json:"modified_after"`
	Modification        string `json:"modification,omitempty"`
	Trust               string `json:"trust"`
	Signer              string `json:"signer"`
	Organisation        string `json:"organisation,omitempty"` // the signer certificate's O
	// Workstation is the id of the SealDesk workstation whose own key signed
	// (an audit or verification report), read from the certificate's
	// serialNumber; the faces name it in the reader's language rather than
	// showing the certificate's English common name.
	Workstation   string    `json:"workstation,omitempty"`
	SealName      string    `json:"seal_name"`
	SealCode      string    `json:"seal_code"`
	SealCheck     string    `json:"seal_check"` // seal data: maker signature valid and signer certificate listed in it
	Algorithm     string    `json:"algorithm"`
	SigningTime   time.Time `json:"signing_time"`
	Reason        string    `json:"reason,omitempty"`
	Revision      int       `json:"revision,omitempty"` // the revision it covers, 1-based
	Certification int       `json:"certification,omitempty"`
	// SealStatus is the seal's status at signing time as the workspace recorded
	// it (active, suspended, revoked); empty without a workspace or for a seal it does not know.
	SealStatus string   `json:"seal_status,omitempty"`
	Problems   []string `json:"problems,omitempty"`
	// SealPicture is the picture the seal data carries (PNG, JPEG…), for the faces.
	SealPicture []byte `json:"-"`
}

// Finding severities.
const (
	SevError   = "error"   // makes the verdict invalid
	SevWarning = "warning" // worth saying, the verdict stays valid
)

// Finding codes besides the change classes of pdfsign (pdfsign.Change…), which are
// used as codes as they are.
const (
	FindNoSignatures  = "no_signatures"
	FindIntegrity     = "integrity"
	FindUntrusted     = "untrusted"
	FindTrustUnknown  = "trust_unknown"
	FindSealInvalid   = "seal_invalid"
	FindSealExpired   = "seal_expired"
	FindSealNotYet    = "seal_not_yet_valid"
	FindMaker         = "maker_signature"
	FindSignature     = "signature"
	FindWeakAlgorithm = "weak_algorithm"
	FindTrailingData  = pdfsign.ChangeTrailingData
	// FindSealSuspended and FindSealRevoked: the workspace recorded the seal as
	// suspended or revoked when the signature says it was made.
	FindSealSuspended = "seal_suspended_at_signing"
	FindSealRevoked   = "seal_revoked_at_signing"
	// FindSealRevokedSince: revoked after the claimed signing time; without a
	// trusted timestamp that time is the signer's word (a warning).
	FindSealRevokedSince = "seal_revoked_since"
)

// Finding is one reason for the verdict, named by Code for scripts; the faces say it
// in the user's language with the catalog message "verify.finding.<code>".
type Finding struct {
	Code      string `json:"code"`
	Severity  string `json:"severity"`
	Signature int    `json:"signature,omitempty"` // 1-based index into Signatures; 0: the file
	Revision  int    `json:"revision,omitempty"`  // the revision that made a change
	Objects   []int  `json:"objects,omitempty"`   // PDF object numbers concerned
	Detail    string `json:"detail,omitempty"`    // English detail
}

// VerifyReport is the verdict on a file: a PDF with its signatures, a seal
// (GB/T 38540 / GM/T 0031 SESeal) or a document signature (SES_Signature).
type VerifyReport struct {
	Kind       string            `json:"kind"`
	File       string            `json:"file"`
	Valid      bool              `json:"valid"`
	Findings   []Finding         `json:"findings"`
	Signatures []SignatureReport `json:"signatures,omitempty"`

	// Seal files (and the seal inside a signature file).
	Version        int        `json:"version,omitempty"`        // by structure: 1 (GM/T 0031), 4 (GB/T 38540), 5 (4 + timestamp)
	HeaderVersion  int        `json:"header_version,omitempty"` // what SES_Header.version says
	MakerSignature string     `json:"maker_signature,omitempty"`
	Name           string     `json:"name,omitempty"`
	Code           string     `json:"code,omitempty"`
	ValidFrom      *time.Time `json:"valid_from,omitempty"`
	ValidTo        *time.Time `json:"valid_to,omitempty"`
	// Expired and NotYetValid compare the seal's validity period with the time of
	// verification (or, for a signature file, of signing). They do not make a seal file
	// invalid: its maker signature is what is checked.
	Expired     bool     `json:"expired"`
	NotYetValid bool     `json:"not_yet_valid"`
	Picture     string   `json:"picture,omitempty"`
	Quirks      []string `json:"quirks,omitempty"`

	// Signature files.
	Signature string   `json:"signature,omitempty"`
	Problems  []string `json:"problems,omitempty"`
}

// VerifyOptions says what to trust and when.
type VerifyOptions struct {
	Roots *smx509.CertPool // trust anchors; nil means every signer is "unknown"
	At    time.Time        // when certificates must be valid; zero means now
	// MaxFileSize is the largest file read, in bytes; 0 means the default (2 GiB).
	MaxFileSize int64
	// SealStatus, when set, tells the status a workspace recorded for the seal with
	// signer certificate cert and seal code code at time at, and its status now
	// ("" for a seal it does not know). Workspace.VerifyOptions sets it.
	SealStatus func(ctx context.Context, cert []byte, code string, at time.Time) (then, now string, err error)
}

// VerifyFile checks the file at path. It returns an *Error for unreadable input.
func VerifyFile(ctx context.Context, path string, o VerifyOptions) (*VerifyReport, error) {
	// No SM3 here: verification does not need the document's hash, and a
	// 50 MB file would pay for it.
	data, err := readUserFile(path, o.MaxFileSize)
	if err != nil {
		return nil, err
	}
	return VerifyDocument(ctx, &Document{Path: path, Size: int64(len(data)), Format: DetectFormat(data), data: data}, o)
}

// VerifyDocument checks a document already read (OpenDocument); it returns an
// *Error naming doc.Path for input it cannot read.
func VerifyDocument(ctx context.Context, doc *Document, o VerifyOptions) (*VerifyReport, error) {
	path := doc.Path
	rep, err := Verify(ctx, doc.data, o)
	if err != nil {
		if pe := pdfError(err, path); pe != err {
			return nil, pe
		}
		if oe := ofdError(err, path); oe != err {
			return nil, oe
		}
		return nil, errf("unreadable", err, path)
	}
	rep.File = path
	return rep, nil
}

// Verify checks a PDF, a seal or a document signature given as bytes.
func Verify(ctx context.Context, data []byte, o VerifyOptions) (*VerifyReport, error) {
	switch DetectFormat(data) {
	case FormatPDF:
		return verifyPDF(ctx, data, o)
	case FormatOFD:
		return verifyOFD(data, o)
	}
	at := o.At
	if at.IsZero() {
		at = time.Now()
	}
	if s, err := seal.Parse(data); err == nil {
		rep := &VerifyReport{Kind: KindSeal, Findings: []Finding{}}
		fillSeal(rep, s, at)
		if s.TrailingBytes > 0 {
			rep.addFinding(Finding{Code: FindTrailingData, Severity: SevError,
				Detail: fmt.Sprintf("%d bytes after the DER seal data are not covered by the maker's signature", s.TrailingBytes)})
		}
		rep.settle()
		return rep, nil
	}
	if sig, err := seal.ParseSignature(data); err == nil {
		rep := &VerifyReport{Kind: KindSig, Signature: Valid, Findings: []Finding{}}
		if err := sig.Verify(); err != nil {
			rep.Signature = Invalid
			rep.Problems = append(rep.Problems, err.Error())
			rep.addFinding(Finding{Code: FindSignature, Severity: SevError, Detail: err.Error()})
		}
		if sig.Seal != nil {
			// GB/T 38540 §7.3: the seal must have been valid when it was used.
			when := sig.Time
			if when.IsZero() {
				when = at
			}
			fillSeal(rep, sig.Seal, when)
			for i := range rep.Findings {
				if c := rep.Findings[i].Code; c == FindSealExpired || c == FindSealNotYet {
					rep.Findings[i].Severity = SevError
				}
			}
		}
		if sig.TrailingBytes > 0 {
			rep.addFinding(Finding{Code: FindTrailingData, Severity: SevError,
				Detail: fmt.Sprintf("%d bytes after the DER signature are not covered by it", sig.TrailingBytes)})
		}
		rep.Quirks = append(rep.Quirks, sig.Quirks...)
		rep.settle()
		return rep, nil
	}
	return nil, errUnrecognised
}

func (r *VerifyReport) addFinding(f Finding) { r.Findings = append(r.Findings, f) }

// settle sets Valid: no finding of severity error.
func (r *VerifyReport) settle() {
	r.Valid = !slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Severity == SevError })
}

// errUnrecognised is the cause of an "unreadable" verdict.
var errUnrecognised = errors.New("neither a PDF nor GB/T 38540 / GM/T 0031 seal data")

// fillSeal describes seal data and checks its maker signature; at is when the seal
// should be within its validity period (a warning here, the caller may raise it).
func fillSeal(rep *VerifyReport, s *seal.Seal, at time.Time) {
	rep.Version, rep.HeaderVersion, rep.Name, rep.Code = s.Version, s.HeaderVersion, s.Name, s.Code
	rep.MakerSignature = Valid
	if err := s.VerifyMaker(); err != nil {
		rep.MakerSignature = Invalid
		rep.Problems = append(rep.Problems, err.Error())
		rep.addFinding(Finding{Code: FindMaker, Severity: SevError, Detail: err.Error()})
	}
	switch {
	case !s.ValidTo.IsZero() && at.After(s.ValidTo):
		rep.Expired = true
		rep.addFinding(Finding{Code: FindSealExpired, Severity: SevWarning,
			Detail: fmt.Sprintf("valid until %s, checked at %s", s.ValidTo.Format(time.DateOnly), at.Format(time.DateOnly))})
	case !s.ValidFrom.IsZero() && at.Before(s.ValidFrom):
		rep.NotYetValid = true
		rep.addFinding(Finding{Code: FindSealNotYet, Severity: SevWarning,
			Detail: fmt.Sprintf("valid from %s, checked at %s", s.ValidFrom.Format(time.DateOnly), at.Format(time.DateOnly))})
	}
	from, to := s.ValidFrom, s.ValidTo
	if !from.IsZero() {
		rep.ValidFrom = &from
	}
	if !to.IsZero() {
		rep.ValidTo = &to
	}
	rep.Picture = s.Picture.Format
	rep.Quirks = append(rep.Quirks, s.Quirks...)
}

func verifyPDF(ctx context.Context, data []byte, o VerifyOptions) (*VerifyReport, error) {
	opts := pdfsign.VerifyOptions{Roots: o.Roots, At: o.At}
	r, err := pdfsign.Verify(bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		return nil, err
	}
	rep := &VerifyReport{Kind: KindPDF, Findings: []Finding{}}
	if len(r.Signatures) == 0 {
		rep.addFinding(Finding{Code: FindNoSignatures, Severity: SevError, Detail: "the document carries no signature"})
		if r.TrailingBytes > 0 {
			rep.addFinding(Finding{Code: FindTrailingData, Severity: SevError,
				Detail: fmt.Sprintf("%d bytes after the last %%%%EOF are not part of any revision (an update cut short?)", r.TrailingBytes)})
		}
	}
	for i, s := range r.Signatures {
		n := i + 1
		fail := func(code, detail string) {
			rep.addFinding(Finding{Code: code, Severity: SevError, Signature: n, Detail: detail})
		}
		sr := SignatureReport{
			Field: s.FieldName, Page: s.Page, Integrity: Valid, CoversWholeDocument: s.CoversWholeDocument,
			ModifiedAfter: s.ModifiedAfter, Modification: s.Modification, Trust: Unknown, Signer: s.Signer,
			Algorithm: s.Algorithm, SigningTime: s.SigningTime, Reason: s.Reason, SealCheck: NoSeal,
			Revision: s.Revision, Certification: s.DocMDP,
		}
		if s.SignerCert != nil && len(s.SignerCert.Subject.Organization) > 0 {
			sr.Organisation = s.SignerCert.Subject.Organization[0]
		}
		if s.SignerCert != nil {
			if id, ok := strings.CutPrefix(s.SignerCert.Subject.SerialNumber, wsSerial); ok {
				sr.Workstation = id
			}
		}
		if !s.Intact {
			sr.Integrity = Invalid
			detail := "the signature does not verify"
			if s.IntegrityErr != nil {
				detail = s.IntegrityErr.Error()
				sr.Problems = append(sr.Problems, detail)
			}
			fail(FindIntegrity, detail)
		}
		for _, w := range s.Warnings {
			rep.addFinding(Finding{Code: w.Code, Severity: SevWarning, Signature: n, Detail: w.Detail})
		}
		for _, c := range s.Changes {
			rep.addFinding(Finding{Code: c.Class, Severity: SevError, Signature: n, Revision: c.Revision, Objects: c.Objects, Detail: c.Detail})
		}
		switch {
		case s.Trusted:
			sr.Trust = Trusted
		case o.Roots != nil:
			// Anchors were given: a signer outside them is a finding, not a shrug.
			sr.Trust = Untrusted
			detail := "the signer does not chain to the trust anchors"
			if s.TrustErr != nil {
				detail = s.TrustErr.Error()
			}
			fail(FindUntrusted, detail)
		default:
			rep.addFinding(Finding{Code: FindTrustUnknown, Severity: SevWarning, Signature: n, Detail: "no trust anchors were given"})
		}
		if len(s.SealData) > 0 {
			sr.SealCheck = Valid
			sd, err := seal.Parse(s.SealData)
			switch {
			case err != nil:
				sr.SealCheck = Invalid
				sr.Problems = append(sr.Problems, "seal data: "+err.Error())
				fail(FindSealInvalid, "seal data: "+err.Error())
			default:
				sr.SealName, sr.SealCode, sr.SealPicture = sd.Name, sd.Code, sd.Picture.Data
				if err := sd.VerifyMaker(); err != nil {
					sr.SealCheck = Invalid
					sr.Problems = append(sr.Problems, "seal data: "+err.Error())
					fail(FindSealInvalid, "seal data: "+err.Error())
				}
				if sd.TrailingBytes > 0 {
					sr.SealCheck = Invalid
					fail(FindSealInvalid, fmt.Sprintf("seal data: %d bytes after the DER", sd.TrailingBytes))
				}
				if s.SignerCert != nil && !sd.ContainsCert(s.SignerCert.Raw) {
					sr.SealCheck = Invalid
					sr.Problems = append(sr.Problems, "the signer certificate is not in the seal's certificate list")
					fail(FindSealInvalid, "the signer certificate is not in the seal's certificate list")
				}
				// GB/T 38540 §7.3: the seal must have been within its validity period when used.
				if t := s.SigningTime; !t.IsZero() && !sd.ValidAt(t) {
					sr.SealCheck = Invalid
					sr.Problems = append(sr.Problems, "signed outside the seal's validity period")
					code := FindSealExpired
					if !sd.ValidFrom.IsZero() && t.Before(sd.ValidFrom) {
						code = FindSealNotYet
					}
					fail(code, fmt.Sprintf("signed %s, seal valid %s to %s", t.Format(time.DateOnly),
						sd.ValidFrom.Format(time.DateOnly), sd.ValidTo.Format(time.DateOnly)))
				}
			}
		}
		if o.SealStatus != nil && s.SignerCert != nil {
			when := s.SigningTime
			if when.IsZero() {
				when = o.At
			}
			if when.IsZero() {
				when = time.Now()
			}
			then, now, err := o.SealStatus(ctx, s.SignerCert.Raw, sr.SealCode, when)
			if err != nil {
				return nil, err
			}
			sr.SealStatus = then
			at := when.Format(time.DateTime)
			switch {
			case then == store.SealSuspended:
				fail(FindSealSuspended, "the workspace records the seal as suspended at "+at)
			case then == store.SealRevoked:
				fail(FindSealRevoked, "the workspace records the seal as revoked at "+at)
			case now == store.SealRevoked:
				rep.addFinding(Finding{Code: FindSealRevokedSince, Severity: SevWarning, Signature: n,
					Detail: "the seal was revoked after " + at + "; that time is the signer's claim"})
			}
		}
		rep.Signatures = append(rep.Signatures, sr)
	}
	rep.settle()
	return rep, nil
}

// SignedRevision returns the version of a PDF that its signature n (1-based, in the
// order of VerifyReport.Signatures) signed: the file's first bytes up to the end of
// the signature's /ByteRange. That is every byte the signature covers plus its own
// /Contents, so it opens as the document the signer saw (Acrobat's "view signed
// version"). It returns an *Error when the file is unreadable or has no such signature.
func SignedRevision(data []byte, path string, n int) ([]byte, error) {
	if DetectFormat(data) != FormatPDF {
		return nil, errf(CodeNotPDF, nil, path)
	}
	r, err := pdfsign.Verify(bytes.NewReader(data), int64(len(data)), pdfsign.VerifyOptions{})
	if err != nil {
		if pe := pdfError(err, path); pe != err {
			return nil, pe
		}
		return nil, errf("unreadable", err, path)
	}
	if n < 1 || n > len(r.Signatures) {
		return nil, errf("no_signature_n", nil, n, len(r.Signatures))
	}
	br := r.Signatures[n-1].ByteRange
	end := br[2] + br[3]
	// Only a range that starts the file and leaves out one gap inside it (§12.8.1) describes a revision.
	if br[0] != 0 || br[1] <= 0 || br[2] <= br[1] || end <= br[2] || end > int64(len(data)) {
		return nil, errf("no_signature_n", nil, n, len(r.Signatures))
	}
	return data[:end], nil
}
