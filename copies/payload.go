// Package copies makes authorised paper copies of stamped documents: each copy
// is a new PDF rendering of the stamped original (which is never changed),
// marked "复印件 第 n / N 份" with the print time, the workstation and a QR code
// that ties the paper back to the electronic original: its SM3 hash, the ids
// of its signatures and the copy number. A document stamped electronically
// counts only as a copy once printed (REFERENCE §1), so the marks say so.
package copies

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"
)

// ErrPayload means a QR text is not a SealDesk copy code.
var ErrPayload = errors.New("copies: not a SealDesk copy code")

// Payload is what a copy's QR code says. Hashes and signature ids are
// lower-case hex here, as everywhere in SealDesk (app's document hash,
// the ledger); only the QR text upper-cases them (see magic).
type Payload struct {
	DocHash     string    // hex SM3 of the stamped original, lower case
	Copy, Of    int       // this is copy Copy of Of
	Request     string    // the print request that allowed it
	Signatures  []string  // ids of the original's signatures (SignatureID), lower case
	Workstation string    // workstation id
	Printed     time.Time // minute precision, UTC
}

// The QR text uses only the QR alphanumeric set (0-9 A-Z space $%*+-./:) so the
// code stays small: version and fields separated by '/', signature ids by '.'.
// That format is fixed (copies already printed carry it): hex is upper case
// on paper because the alphanumeric set has no lower-case letters, and
// ParsePayload turns it back to lower case, accepting either.
const magic = "SDC1"

// String returns the QR text.
func (p Payload) String() string {
	return strings.Join([]string{magic, strings.ToUpper(p.DocHash), strconv.Itoa(p.Copy), strconv.Itoa(p.Of),
		strings.ToUpper(p.Request), strings.ToUpper(strings.Join(p.Signatures, ".")), strings.ToUpper(p.Workstation),
		p.Printed.UTC().Format("200601021504")}, "/")
}

// ParsePayload reads a QR text back.
func ParsePayload(s string) (Payload, error) {
	f := strings.Split(strings.TrimSpace(s), "/")
	if len(f) != 8 || f[0] != magic {
		return Payload{}, fmt.Errorf("%w: %.40q", ErrPayload, s)
	}
	var p Payload
	var err error
	if b, err := hex.DecodeString(f[1]); err != nil || len(b) != sm3.Size {
		return Payload{}, fmt.Errorf("%w: bad document hash", ErrPayload)
	}
	p.DocHash = strings.ToLower(f[1])
	if p.Copy, err = strconv.Atoi(f[2]); err != nil {
		return Payload{}, fmt.Errorf("%w: bad copy number", ErrPayload)
	}
	if p.Of, err = strconv.Atoi(f[3]); err != nil || p.Copy < 1 || p.Copy > p.Of {
		return Payload{}, fmt.Errorf("%w: bad copy count", ErrPayload)
	}
	p.Request = f[4]
	if f[5] != "" {
		p.Signatures = strings.Split(strings.ToLower(f[5]), ".")
	}
	p.Workstation = f[6]
	if p.Printed, err = time.Parse("200601021504", f[7]); err != nil {
		return Payload{}, fmt.Errorf("%w: bad print time", ErrPayload)
	}
	return p, nil
}

// DocHash returns the hex SM3 of a document, lower case.
func DocHash(doc []byte) string {
	sum := sm3.Sum(doc)
	return hex.EncodeToString(sum[:])
}

// SignatureID names one signature of a PDF: the first 8 bytes of SM3 over its
// /Contents value exactly as written in the file (between the two byte ranges),
// in lower-case hex. It identifies the signature without needing to parse it.
func SignatureID(pdf []byte, byteRange [4]int64) string {
	start, end := byteRange[0]+byteRange[1], byteRange[2]
	if start < 0 || end > int64(len(pdf)) || start > end {
		return ""
	}
	return ValueID(pdf[start:end])
}

// ValueID names one signature of an OFD as SignatureID names one of a PDF:
// the first 8 bytes of SM3 over its signed value file (SignedValue.dat)
// exactly as stored in the package, in lower-case hex.
func ValueID(signedValue []byte) string {
	sum := sm3.Sum(signedValue)
	return hex.EncodeToString(sum[:8])
}

// Match says whether a copy's payload belongs to the original document whose
// signature ids are ids, and why not when it does not.
func Match(p Payload, original []byte, ids []string) error {
	if got := DocHash(original); !strings.EqualFold(got, p.DocHash) {
		return fmt.Errorf("copies: the copy was made from another document (SM3 %s…, this one %s…)", p.DocHash[:16], got[:16])
	}
	if !strings.EqualFold(strings.Join(p.Signatures, "."), strings.Join(ids, ".")) {
		return fmt.Errorf("copies: the copy lists signatures %v, the original has %v", p.Signatures, ids)
	}
	return nil
}
