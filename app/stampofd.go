package app

// Stamping an OFD document (issue 15 point 3): the same request → approval
// → stamp workflow as a PDF's, through the same reservation (reserve.go).
//
// What is signed: ofd.Stamp adds a Signatures.xml entry, a Signature.xml
// whose References are the SM3 of every file of the new package except the
// signature lists (as ofdrw's continued signing), with a StampAnnot at the
// placed spot, and a GB/T 38540 V4 SES_Signature over SM3(Signature.xml)
// made through the seal's key. The approval covers the OFD file's SM3, as it
// does a PDF's (stampRequestFields).
//
// The traps:
//   - GB/T 38540 signatures are SM2 with SM3 only. A seal with another key
//     (the demo's ECDSA 合同专用章) is refused when the request is filed,
//     and again before the approval is spent, never half-way through.
//   - OFD has no incremental update: the output is a new zip package, not
//     the document followed by an update. So a temporary file left by a
//     crash is never rolled forward (completeStamp requires the approved
//     bytes as the output's prefix): it is removed and the stamp recorded as
//     failed, and a new approval is needed (SECURITY.md).
//   - Keyword placement and seams read PDF text and page boxes; they are
//     refused for OFD with their own message rather than guessed.
//
// Several marks: one ofd.Stamp each, in sequence, each a new signature over
// the package the previous one wrote; a later stamp leaves earlier ones
// valid because the signature lists are not referenced.

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/internal/userfile"
	"sealdesk/ofd"
	"sealdesk/pdfsign"
	"sealdesk/place"
	"sealdesk/store"
)

// Codes of OFD stamping; their messages are in assets/i18n_ofdflow.go.
const (
	CodeOFDSealNotSM2 = "ofd_seal_not_sm2"
	CodeOFDNoSealData = "ofd_no_seal_data"
	CodeOFDNoSeam     = "ofd_no_seam"
	CodeOFDNoKeyword  = "ofd_no_keyword"
)

// An OFD that cannot be read is bad input, as a damaged PDF is: sealctl
// exits 2 for it (BadInput).
func init() {
	for _, c := range []string{"ofd_unreadable", "ofd_too_large", "ofd_unsafe", "ofd_missing"} {
		badInput[c] = true
	}
}

// checkOFDRequest refuses what an OFD cannot carry: a seal that is not SM2
// or has no GB/T 38540 seal data, a seam, a keyword placement.
func checkOFDRequest(sl store.Seal, in RequestInput) *Error {
	if e := ofdSealProblem(sl); e != nil {
		return e
	}
	switch {
	case in.Seam != nil:
		return errf(CodeOFDNoSeam, nil)
	case in.Keyword != nil:
		return errf(CodeOFDNoKeyword, nil, in.Keyword.Keyword)
	}
	return nil
}

// ofdSealProblem says why a seal cannot stamp an OFD, or nil: its
// certificate's key must be SM2 (GB/T 38540 §7: SM2 with SM3) and it must
// carry the seal data (SESeal) the signature embeds.
func ofdSealProblem(sl store.Seal) *Error {
	c, err := smx509.ParseCertificate(sl.Cert)
	if err != nil {
		return errf(CodeOFDSealNotSM2, err, sl.Name, "?")
	}
	if pub, ok := c.PublicKey.(*ecdsa.PublicKey); !ok || !sm2.IsSM2PublicKey(pub) {
		return errf(CodeOFDSealNotSM2, nil, sl.Name, keyName(c.PublicKey))
	}
	if len(sl.SealData) == 0 {
		return errf(CodeOFDNoSealData, nil, sl.Name)
	}
	return nil
}

// keyName names a public key's algorithm for a person: "ECDSA P-256", "RSA".
func keyName(pub any) string {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	case *rsa.PublicKey:
		return "RSA"
	}
	return fmt.Sprintf("%T", pub)
}

// resolveOFDPlacements is resolvePlacements for an OFD: spots by hand, each
// checked with ofd.CheckStamp (the page exists, the seal lies on it, the
// document's permissions allow signing), so that an approval is never
// spent on a stamp ofd.Stamp would refuse. Positions are mm from the page's
// top-left corner, y downwards: OFD's own system (GB/T 33190 §5.2), the same
// as SealDesk's placements, so they are used as they are.
func resolveOFDPlacements(data []byte, in RequestInput, wmm, hmm float64) (place.List, string, error) {
	p, err := ofd.Read(bytes.NewReader(data), int64(len(data)), ofd.Limits{})
	if err != nil {
		return nil, "", ofdStampError(err, in.DocPath)
	}
	marks := in.Placements
	if len(marks) == 0 {
		marks = place.List{{Page: in.Page, XMM: in.XMM, YMM: in.YMM}}
	}
	for _, m := range marks {
		if m.Seam != nil {
			return nil, "", errf(CodeOFDNoSeam, nil)
		}
		if err := p.CheckStamp(0, m.Page, m.XMM, m.YMM, wmm, hmm); err != nil {
			return nil, "", ofdStampError(err, in.DocPath)
		}
	}
	return marks, "", nil
}

// ofdStampError turns ofd's refusals into ours, naming the file.
func ofdStampError(err error, path string) error {
	var pe *ofd.PageError
	var pl *ofd.PlaceError
	switch {
	case errors.As(err, &pe):
		return errf("page_range", err, pe.Page, pe.Count)
	case errors.As(err, &pl):
		return errf("off_page", err, pl.Box[2], pl.Box[3], pl.Box[0]+pl.Box[2]/2, pl.Box[1]+pl.Box[3]/2, pl.PageMM[0], pl.PageMM[1])
	case errors.Is(err, ofd.ErrSigningForbidden):
		return errf("ofd_forbidden", err, path)
	case errors.Is(err, ofd.ErrNotSM2):
		return errf("ofd_not_sm2", err)
	}
	if oe := ofdError(err, path); oe != err {
		return oe
	}
	// Not a package error of ofd's (a document index, a seal it cannot
	// read): still a document SealDesk cannot stamp.
	return errf("ofd_unreadable", err, path, err)
}

// signOFD writes the stamped OFD into f, the stamp's temporary file, and
// returns the new signatures' Signature.xml paths and the SM3 of every byte
// written. A document scanDocument read (no bytes held) is read now and its
// SHA-256 must still be the scan's: what is signed is the approved bytes.
func signOFD(f *os.File, doc *Document, opts pdfsign.Options, marks place.List) ([]string, string, error) {
	data := doc.data
	if data == nil {
		var err error
		if data, err = readScannedOFD(doc); err != nil {
			return nil, "", err
		}
	}
	if len(opts.Chain) == 0 {
		return nil, "", errors.New("sign: no certificate for the seal's key")
	}
	if len(marks) == 0 {
		marks = place.List{{Page: opts.Page, XMM: opts.CenterXMM, YMM: opts.CenterYMM}}
	}
	out := data
	fields := make([]string, 0, len(marks))
	for _, m := range marks {
		var buf bytes.Buffer
		res, err := ofd.Stamp(bytes.NewReader(out), int64(len(out)), &buf, ofd.StampOptions{
			Page: m.Page, CenterXMM: m.XMM, CenterYMM: m.YMM,
			Seal: opts.SealData, Signer: opts.Signer, Cert: opts.Chain[0].Raw, Time: opts.Time, Rand: opts.Rand,
			Witness: opts.Witness,
		})
		if err != nil {
			// A key that refused (pulled out) stays a device error, so
			// the reservation keeps the approval usable (reserve.go).
			if deviceError(err) != nil {
				return nil, "", err
			}
			return nil, "", ofdStampError(err, doc.Path)
		}
		fields = append(fields, res.SignaturePath)
		out = buf.Bytes()
	}
	// Two writes, so that the crash tests can die half-way ("midwrite").
	sum := sm3.New()
	w := &crashWriter{w: f, at: int64(len(out)) / 2}
	for _, part := range [][]byte{out[:len(out)/2], out[len(out)/2:]} {
		if _, err := w.Write(part); err != nil {
			return nil, "", fmt.Errorf("write the stamped OFD: %w", err)
		}
		sum.Write(part)
	}
	return fields, hex.EncodeToString(sum.Sum(nil)), nil
}

// readScannedOFD reads a document scanDocument checked and proves it is the
// same bytes (its SHA-256, taken on the scan's pass with the approved SM3).
func readScannedOFD(doc *Document) ([]byte, error) {
	changed := func(why string) error { return errf(codeDocChangedWhileStamping, errors.New(why), doc.Path) }
	data, err := userfile.ReadAll(doc.Path, doc.Size)
	if err != nil {
		var tl *userfile.TooLargeError
		if errors.As(err, &tl) {
			return nil, changed(fmt.Sprintf("%d bytes instead of %d", tl.Size, doc.Size))
		}
		return nil, fileError(err, doc.Path)
	}
	if sum := sha256.Sum256(data); int64(len(data)) != doc.Size || !bytes.Equal(sum[:], doc.sha) {
		return nil, changed("its bytes are not the ones checked")
	}
	return data, nil
}

// ofdRollbackDetail is the ledger's word for an interrupted OFD stamp whose
// temporary file recovery removes, or "" when the file is not an OFD: it may
// have been complete, but an OFD is never rolled forward (completeStamp).
func ofdRollbackDetail(tmp string, pid int) string {
	f, err := os.Open(tmp)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	if DetectFormat(head[:n]) != FormatOFD {
		return ""
	}
	return fmt.Sprintf("recovered: an OFD stamp (pid %d) was interrupted before it was recorded; an OFD is a new package and is never rolled forward, so its temporary file was removed and the approval is spent", pid)
}
