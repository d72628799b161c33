package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/pdfsign"
	"sealdesk/seal"
)

// Verdict words used in reports (and in JSON).
const (
	Valid    = "valid"
	Invalid  = "invalid"
	Trusted  = "trusted"
	Unknown  = "unknown"
	NoSeal   = "absent"
	KindPDF  = "pdf"
	KindSeal = "seal"
	KindSig  = "signature"
)

// SignatureReport is the verdict on one signature of a PDF.
type SignatureReport struct {
	Field               string    `json:"field"`
	Page                int       `json:"page"`
	Integrity           string    `json:"integrity"`
	CoversWholeDocument bool      `json:"covers_whole_document"`
	ModifiedAfter       bool      `json:"modified_after"`
	Modification        string    `json:"modification,omitempty"`
	Trust               string    `json:"trust"`
	Signer              string    `json:"signer"`
	SealName            string    `json:"seal_name"`
	SealCode            string    `json:"seal_code"`
	SealCheck           string    `json:"seal_check"` // seal data: maker signature valid and signer certificate listed in it
	Algorithm           string    `json:"algorithm"`
	SigningTime         time.Time `json:"signing_time"`
	Reason              string    `json:"reason,omitempty"`
	Problems            []string  `json:"problems,omitempty"`
}

// VerifyReport is the verdict on a file: a PDF with its signatures, a seal
// (GB/T 38540 / GM/T 0031 SESeal) or a document signature (SES_Signature).
type VerifyReport struct {
	Kind       string            `json:"kind"`
	File       string            `json:"file"`
	Valid      bool              `json:"valid"`
	Signatures []SignatureReport `json:"signatures,omitempty"`

	// Seal files (and the seal inside a signature file).
	Version        int        `json:"version,omitempty"`        // by structure: 1 (GM/T 0031), 4 (GB/T 38540), 5 (4 + timestamp)
	HeaderVersion  int        `json:"header_version,omitempty"` // what SES_Header.version says
	MakerSignature string     `json:"maker_signature,omitempty"`
	Name           string     `json:"name,omitempty"`
	Code           string     `json:"code,omitempty"`
	ValidFrom      *time.Time `json:"valid_from,omitempty"`
	ValidTo        *time.Time `json:"valid_to,omitempty"`
	Picture        string     `json:"picture,omitempty"`
	Quirks         []string   `json:"quirks,omitempty"`

	// Signature files.
	Signature string   `json:"signature,omitempty"`
	Problems  []string `json:"problems,omitempty"`
}

// VerifyOptions says what to trust and when.
type VerifyOptions struct {
	Roots *smx509.CertPool // trust anchors; nil means every signer is "unknown"
	At    time.Time        // when certificates must be valid; zero means now
}

// VerifyFile checks the file at path. It returns an *Error for unreadable input.
func VerifyFile(ctx context.Context, path string, o VerifyOptions) (*VerifyReport, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errf("file_missing", err, path)
	}
	if err != nil {
		return nil, errf("file_read", err, path, err)
	}
	rep, err := Verify(ctx, data, o)
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
	// ISO 32000-2 §7.5.2: readers accept the header anywhere in the first 1024 bytes.
	if bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return verifyPDF(data, o)
	}
	if isOFD(data) {
		return verifyOFD(data, o)
	}
	if s, err := seal.Parse(data); err == nil {
		rep := &VerifyReport{Kind: KindSeal}
		fillSeal(rep, s)
		rep.Valid = rep.MakerSignature == Valid
		return rep, nil
	}
	if sig, err := seal.ParseSignature(data); err == nil {
		rep := &VerifyReport{Kind: KindSig, Signature: Valid}
		if err := sig.Verify(); err != nil {
			rep.Signature = Invalid
			rep.Problems = append(rep.Problems, err.Error())
		}
		if sig.Seal != nil {
			fillSeal(rep, sig.Seal)
		}
		rep.Quirks = append(rep.Quirks, sig.Quirks...)
		rep.Valid = rep.Signature == Valid && rep.MakerSignature == Valid
		return rep, nil
	}
	return nil, errUnrecognised
}

// errUnrecognised is the cause of an "unreadable" verdict.
var errUnrecognised = errors.New("neither a PDF nor GB/T 38540 / GM/T 0031 seal data")

func fillSeal(rep *VerifyReport, s *seal.Seal) {
	rep.Version, rep.HeaderVersion, rep.Name, rep.Code = s.Version, s.HeaderVersion, s.Name, s.Code
	rep.MakerSignature = Valid
	if err := s.VerifyMaker(); err != nil {
		rep.MakerSignature = Invalid
		rep.Problems = append(rep.Problems, err.Error())
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

func verifyPDF(data []byte, o VerifyOptions) (*VerifyReport, error) {
	opts := pdfsign.VerifyOptions{Roots: o.Roots, At: o.At}
	r, err := pdfsign.Verify(bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		return nil, err
	}
	rep := &VerifyReport{Kind: KindPDF, Valid: true}
	for _, s := range r.Signatures {
		sr := SignatureReport{
			Field: s.FieldName, Page: s.Page, Integrity: Valid, CoversWholeDocument: s.CoversWholeDocument,
			ModifiedAfter: s.ModifiedAfter, Modification: s.Modification, Trust: Unknown, Signer: s.Signer,
			Algorithm: s.Algorithm, SigningTime: s.SigningTime, Reason: s.Reason, SealCheck: NoSeal,
		}
		if !s.Intact {
			sr.Integrity = Invalid
			if s.IntegrityErr != nil {
				sr.Problems = append(sr.Problems, s.IntegrityErr.Error())
			}
		}
		if s.Trusted {
			sr.Trust = Trusted
		}
		if len(s.SealData) > 0 {
			sr.SealCheck = Valid
			sd, err := seal.Parse(s.SealData)
			switch {
			case err != nil:
				sr.SealCheck = Invalid
				sr.Problems = append(sr.Problems, "seal data: "+err.Error())
			default:
				sr.SealName, sr.SealCode = sd.Name, sd.Code
				if err := sd.VerifyMaker(); err != nil {
					sr.SealCheck = Invalid
					sr.Problems = append(sr.Problems, "seal data: "+err.Error())
				}
				if s.SignerCert != nil && !sd.ContainsCert(s.SignerCert.Raw) {
					sr.SealCheck = Invalid
					sr.Problems = append(sr.Problems, "the signer certificate is not in the seal's certificate list")
				}
				if !s.SigningTime.IsZero() && !sd.ValidAt(s.SigningTime) {
					sr.SealCheck = Invalid
					sr.Problems = append(sr.Problems, "signed outside the seal's validity period")
				}
			}
		}
		if sr.Integrity != Valid || sr.ModifiedAfter || sr.SealCheck == Invalid {
			rep.Valid = false
		}
		rep.Signatures = append(rep.Signatures, sr)
	}
	return rep, nil
}
