// Package pdfsign puts a visible electronic seal with a detached CMS signature on a
// PDF page and verifies every signature a PDF carries.
//
// A seal is a signature field (ISO 32000-1 §12.7.4.5) whose merged widget shows the
// seal picture, upright as the page is displayed, and whose signature dictionary
// (§12.8.1) holds a CMS SignedData (RFC 5652) in /Contents with
// /SubFilter /adbe.pkcs7.detached. SM2 signatures use SM3 digests and the GM/T 0010
// algorithm identifiers; ECDSA P-256 and RSA use SHA-256 and are readable by
// poppler's pdfsig and MuPDF.
//
// Signing appends exactly one incremental update (§7.5.6) and never touches the
// original bytes, so earlier signatures stay valid. Verification checks each
// signature's integrity and chain, and decides by difference analysis whether the
// revisions after a signature only added further signature fields (the "stamp a
// stamped file" case) or changed the document.
//
// The package reads PDFs with pdfcpu but writes its incremental updates itself:
// pdfcpu's incremental writer reuses free object numbers (which PDFium cannot
// resolve) and drops sig-dict keys.
package pdfsign

import (
	"crypto"
	"errors"
	"fmt"
	"hash"
	"image"
	"io"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/pdfview"
	"sealdesk/place"
)

// Errors returned for unusable input.
var (
	// ErrNotPDF reports input that does not start like a PDF file.
	ErrNotPDF = errors.New("pdfsign: not a PDF file")
	// ErrEncrypted reports an encrypted PDF; sealing one would need its passwords and
	// would have to re-encrypt the update, which this package does not do.
	ErrEncrypted = errors.New("pdfsign: PDF is encrypted")
	// ErrDamaged reports a truncated or unreadable PDF. The parser's error is wrapped.
	ErrDamaged = errors.New("pdfsign: PDF is damaged")
	// ErrCertifiedNoChanges reports a PDF whose certification signature
	// allows no change at all (DocMDP P1): a seal added would break it.
	ErrCertifiedNoChanges = errors.New("pdfsign: PDF is certified with no changes allowed (DocMDP P1)")
)

// damagedError wraps a parser error so that errors.Is(err, ErrDamaged) holds and the cause stays reachable.
type damagedError struct{ err error }

func (e *damagedError) Error() string { return ErrDamaged.Error() + ": " + e.err.Error() }

func (e *damagedError) Unwrap() []error { return []error{ErrDamaged, e.err} }

func damaged(format string, a ...any) error { return &damagedError{fmt.Errorf(format, a...)} }

// PageError reports a page number outside the document.
type PageError struct {
	Page  int // the page asked for, 1-based
	Count int // pages in the document
}

func (e *PageError) Error() string {
	return fmt.Sprintf("pdfsign: page %d does not exist (document has %d pages)", e.Page, e.Count)
}

// FieldError reports a field name that cannot be used for a new signature field.
type FieldError struct {
	Name   string
	Reason string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("pdfsign: field name %q: %s", e.Name, e.Reason)
}

// Options describes one seal.
type Options struct {
	// Signer makes the signature. An SM2 signer (public key *ecdsa.PublicKey on
	// sm2.P256()) is given the DER of the signed attributes and
	// sm2.DefaultSM2SignerOpts and computes Z and SM3 itself, like *sm2.PrivateKey.
	// ECDSA P-256 signers get a SHA-256 digest, RSA signers a SHA-256 digest for
	// PKCS#1 v1.5.
	Signer crypto.Signer
	// Chain is the signer certificate first, then intermediates; all go into the CMS.
	Chain []*smx509.Certificate

	Page                 int     // 1-based page number
	CenterXMM, CenterYMM float64 // seal centre, mm from the top-left corner of the page as displayed
	WidthMM, HeightMM    float64 // true size of the seal
	Picture              image.Image
	// PreparedPicture, when set, is Picture made ready once (PreparePicture) and
	// is used instead of it.
	PreparedPicture *Picture
	// Seam, when set, makes this mark one slice of a cross-page seal (骑缝章):
	// the widget is the slice's size and shows that strip of the picture
	// (package place). Nil: the whole seal.
	Seam *place.Slice

	// FieldName names the new signature field; empty means the first unused "Seal<N>".
	FieldName string
	// Name, Reason and Location go into the signature dictionary.
	Name, Reason, Location string
	// Time is the signing time (signingTime attribute and /M); zero means now.
	Time time.Time
	// SealData is an optional DER GB/T 38540 SESeal embedded as the signed
	// attribute sealData (OID 2.25.247673368320837835478527086155085038715).
	SealData []byte
	// Witness is an optional statement of the workstation ledger's sequence
	// number and head hash at signing, embedded as the signed attribute
	// ledgerWitness (OID 2.25.6986561741609739802010525626315554307): a copy
	// of the ledger's state that leaves the PC with the document.
	Witness []byte
	// Rand is the randomness handed to Signer; nil means crypto/rand.
	Rand io.Reader
	// DocumentDigest, when set, is a running hash of exactly the input's bytes
	// that the caller computed on its own read of them (SM3 for an SM2
	// signer, SHA-256 otherwise; a hash of another kind is ignored). Sign then
	// copies the input without hashing it a second time and goes on from this
	// state with the update's bytes: one pass over a large document feeds the
	// caller's check and the signature (issue 18). The caller answers for
	// the state: one of other bytes gives a signature that does not verify.
	// Sign writes to it.
	DocumentDigest hash.Hash
}

// Info is what a sealing request needs to check a page and a position.
type Info struct {
	Pages      []pdfview.Page // geometry of every page, index 0 is page 1
	Signatures int            // signature fields that carry a signature
	Fields     []string       // fully qualified names of all form fields
	// Certification is the DocMDP /P of the document's certification
	// signature (1: no change at all, 2: form filling and signing, 3: also
	// annotations), 0 when it has none. Sign refuses a document at 1.
	Certification int
}

// Result describes a written seal.
type Result struct {
	FieldName string
	Page      int
	Rect      pdfview.Rect // widget rectangle in user space
	ByteRange [4]int64
	Size      int64 // bytes written in total
	Algorithm string
}

// VerifyOptions controls chain building.
type VerifyOptions struct {
	Roots         *smx509.CertPool // trusted roots; nil means no signature is trusted
	Intermediates *smx509.CertPool // extra intermediates besides those in each CMS
	At            time.Time        // validity time for the chain; zero means now
}

// Report is the result of Verify.
type Report struct {
	Signatures []SignatureReport
	Revisions  int // incremental revisions in the file (count of %%EOF markers that end a revision)
	// TrailingBytes counts the bytes after the last revision that are not white space:
	// an appended update cut short, or data smuggled behind the document.
	TrailingBytes int64
}

// SignatureReport describes one signature field.
type SignatureReport struct {
	FieldName string
	Page      int // 0 when the widget is on no page
	Rect      pdfview.Rect
	SubFilter string
	ByteRange [4]int64

	Signer       string // subject CN, or the whole DN when there is no CN
	SignerCert   *smx509.Certificate
	Certificates []*smx509.Certificate
	Algorithm    string // "SM2", "ECDSA-P256", "RSA" or what else was found

	// Intact holds when the CMS signature is valid and its messageDigest matches the ByteRange bytes.
	Intact       bool
	IntegrityErr error
	// CoversWholeDocument holds when the ByteRange reaches the end of the file.
	CoversWholeDocument bool
	// ModifiedAfter holds when a later revision made a change the rules do not allow.
	ModifiedAfter bool
	Modification  string    // what changed, when ModifiedAfter (Changes in words)
	Changes       []Change  // every such change with its class and object numbers
	Revision      int       // 1-based revision the signature covers; 0 when it covers none
	DocMDP        int       // certification level /P (1–3), 0 for an approval signature
	Warnings      []Warning // e.g. a weak digest algorithm; the signature is still intact

	SigningTime            time.Time
	Name, Reason, Location string

	Trusted  bool
	TrustErr error

	SealData []byte // the sealData signed attribute, if present
	Witness  []byte // the ledgerWitness signed attribute, if present
}

// Warning codes: worth telling, not a reason to reject.
const (
	WarnWeakAlgorithm      = "weak_algorithm"
	WarnWeakKey            = "weak_key"
	WarnLenientCertificate = "lenient_certificate"
)

// Warning is one remark on a signature that verifies.
type Warning struct {
	Code   string
	Detail string // English
}

func (w Warning) String() string { return w.Detail }
