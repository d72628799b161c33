package app

import (
	"bytes"
	"errors"
	"strings"

	"sealdesk/ofd"
)

// KindOFD is the report kind of an OFD document (GB/T 33190).
const KindOFD = "ofd"

// isOFD says whether data is a zip package, the container of OFD
// (GB/T 33190 §7.1); Verify then reads it as OFD and names what is missing.
func isOFD(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// verifyOFD maps ofd's report into the same shape as a PDF's: one
// SignatureReport per signature, Field naming its Signature.xml.
func verifyOFD(data []byte, o VerifyOptions) (*VerifyReport, error) {
	r, err := ofd.Verify(bytes.NewReader(data), int64(len(data)), ofd.VerifyOptions{Roots: o.Roots, At: o.At})
	if err != nil {
		return nil, err
	}
	rep := &VerifyReport{Kind: KindOFD, Findings: []Finding{}}
	if len(r.Signatures) == 0 {
		rep.addFinding(Finding{Code: FindNoSignatures, Severity: SevError, Detail: "the document carries no signature"})
	}
	for i, s := range r.Signatures {
		n := i + 1
		fail := func(code string, err error, fallback string) {
			detail := fallback
			if err != nil {
				detail = err.Error()
			}
			rep.addFinding(Finding{Code: code, Severity: SevError, Signature: n, Detail: detail})
		}
		sr := SignatureReport{
			Field: s.Path, Page: s.Page, Integrity: Valid, CoversWholeDocument: s.CoversWholeDocument,
			ModifiedAfter: s.ModifiedAfter, Modification: s.Modification, Trust: Unknown, Signer: s.Signer,
			Algorithm: s.Algorithm, SigningTime: s.SigningTime, SealCheck: NoSeal,
		}
		if !s.Intact {
			sr.Integrity = Invalid
			sr.Problems = append(sr.Problems, errLines(s.IntegrityErr)...)
			fail(FindIntegrity, s.IntegrityErr, "the signature does not verify")
		}
		if s.ModifiedAfter {
			fail(FindOFDModified, nil, s.Modification)
		}
		if s.Seal != nil {
			sr.SealName, sr.SealCode, sr.SealCheck = s.Seal.Name, s.Seal.Code, Valid
			sr.SealPicture = s.Seal.Picture.Data // the faces draw PNG and JPEG; an OFD picture stays undrawn
		}
		if s.SealErr != nil {
			sr.SealCheck = Invalid
			sr.Problems = append(sr.Problems, errLines(s.SealErr)...)
			fail(FindSealInvalid, s.SealErr, "the seal is invalid")
		}
		switch {
		case s.Trusted:
			sr.Trust = Trusted
		case o.Roots != nil:
			// Anchors were given and the signer does not chain to them.
			sr.Trust = Untrusted
			sr.Problems = append(sr.Problems, errLines(s.TrustErr)...)
			fail(FindUntrusted, s.TrustErr, "the signer does not chain to the trust anchors")
		default:
			rep.addFinding(Finding{Code: FindTrustUnknown, Severity: SevWarning, Signature: n, Detail: "no trust anchors were given"})
		}
		rep.Quirks = append(rep.Quirks, s.Quirks...)
		rep.Signatures = append(rep.Signatures, sr)
	}
	if len(r.Unsigned) > 0 {
		rep.Problems = append(rep.Problems, "files covered by no signature: "+strings.Join(r.Unsigned, ", "))
		rep.addFinding(Finding{Code: FindOFDUnsigned, Severity: SevWarning, Detail: strings.Join(r.Unsigned, ", ")})
	}
	rep.settle()
	return rep, nil
}

// Finding codes of OFD packages.
const (
	FindOFDModified = "ofd_modified" // a file a signature covers changed, or a file was added, after signing
	FindOFDUnsigned = "ofd_unsigned" // files no signature covers
)

// errLines splits an errors.Join into its parts.
func errLines(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

// ofdError turns ofd's package errors into ours; other errors are returned as they are.
func ofdError(err error, path string) error {
	var fe *ofd.FormatError
	switch {
	case !errors.As(err, &fe):
		return err
	case errors.Is(err, ofd.ErrTooLarge):
		return errf("ofd_too_large", err, path, err)
	case errors.Is(err, ofd.ErrUnsafeName):
		return errf("ofd_unsafe", err, path, err)
	case errors.Is(err, ofd.ErrMissingPart):
		return errf("ofd_missing", err, path, err)
	}
	return errf("ofd_unreadable", err, path, err)
}
