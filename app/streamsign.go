package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"reflect"

	"github.com/emmansun/gmsm/sm3"

	"sealdesk/internal/userfile"
	"sealdesk/pdfsign"
	"sealdesk/place"
)

// codeDocChangedWhileStamping: the file changed between its scan (the
// approval check) and its copy into the output. No signature was made.
const codeDocChangedWhileStamping = "doc_changed_while_stamping"

// signDocument writes the signed document into f, the stamp's temporary file
// (opened for reading and writing), and returns what pdfsign says of it and
// the SM3 of every byte written. A document held in memory (a person's
// OpenDocument) is signed from there; one that scanDocument read, from its
// file, without ever holding it (copyScanned).
//
// marks are the request's placements: one of the whole seal signs as every
// stamp did, several sign once a mark (pdfsign.SignAll).
func signDocument(f *os.File, doc *Document, opts pdfsign.Options, marks place.List) ([]string, string, error) {
	if doc.Format == FormatOFD {
		return signOFD(f, doc, opts, marks) // a new package, not an update: stampofd.go
	}
	if doc.data == nil {
		return signScanned(f, doc, opts, marks)
	}
	// The output begins with the document: its SM3, and an SM2 signature's,
	// go on from the read's; one pass over the document feeds the approval
	// check (doc.SM3), the signature and the output hash.
	if d := doc.digest(); d != nil {
		opts.DocumentDigest = d
	}
	sum := newOutputHash(doc)
	fields, err := signMarks(bytes.NewReader(doc.data), io.MultiWriter(&crashWriter{w: f, at: int64(len(doc.data)) / 2}, sum), opts, marks)
	if err != nil {
		return nil, "", err
	}
	return fields, sum.Sum(), nil
}

// signScanned signs a document scanDocument read (issue 18: constant memory
// for any size). The document is copied from its file into f, and the copy's
// SHA-256 must be the scan's: the bytes in f are then the very bytes whose
// SM3 was checked against the approval, whatever happened to the file since
// (a change is refused, never signed). pdfcpu then parses f, not the
// person's file, so the update is built for those bytes too. The signature's
// digest and the output's SM3 go on from the scan's states: the document's
// bytes are hashed with SM3 once in all.
func signScanned(f *os.File, doc *Document, opts pdfsign.Options, marks place.List) ([]string, string, error) {
	changed := func(why string) error { return errf(codeDocChangedWhileStamping, errors.New(why), doc.Path) }
	src, size, err := userfile.Open(doc.Path, doc.Size)
	if err != nil {
		if tl, ok := err.(*userfile.TooLargeError); ok {
			return nil, "", changed(fmt.Sprintf("%d bytes instead of %d", tl.Size, doc.Size))
		}
		return nil, "", fileError(err, doc.Path)
	}
	defer src.Close()
	if size != doc.Size {
		return nil, "", changed(fmt.Sprintf("%d bytes instead of %d", size, doc.Size))
	}
	check := sha256.New()
	cw := &crashWriter{w: f, at: size / 2}
	var werr error
	n, err := copyHashing(io.LimitReader(src, size+1), size, func(p []byte) {
		if werr == nil {
			_, werr = cw.Write(p)
		}
	}, check)
	if err != nil {
		return nil, "", fileError(err, doc.Path)
	}
	if werr != nil {
		return nil, "", werr
	}
	if n != size || !bytes.Equal(check.Sum(nil), doc.sha) {
		return nil, "", changed("its bytes are not the ones checked")
	}
	if len(marks) > 0 && !marks.Plain() {
		// Several marks: each signature hashes what came before it, from
		// the checked copy in f.
		upd, all, err := pdfsign.SignAllUpdates(f, size, opts, marks)
		if err != nil {
			return nil, "", err
		}
		return finishScanned(f, doc, upd, fieldNames(all))
	}
	p, err := pdfsign.Prepare(io.NewSectionReader(f, 0, size), opts)
	if err != nil {
		return nil, "", err
	}
	var digest hash.Hash
	switch reflect.TypeOf(p.NewDigest()) {
	case reflect.TypeOf(sm3.New()):
		digest = doc.digest()
	case reflect.TypeOf(sha256.New()):
		digest = doc.shaDigest()
	}
	if digest == nil {
		return nil, "", fmt.Errorf("sign: no digest of the document for a %T", p.NewDigest())
	}
	upd, res, err := p.Finish(digest)
	if err != nil {
		return nil, "", err
	}
	return finishScanned(f, doc, upd, []string{res.FieldName})
}

// finishScanned appends the update to the copy of the document in f and
// returns the output's SM3, going on from the scan's state.
func finishScanned(f *os.File, doc *Document, upd []byte, fields []string) ([]string, string, error) {
	if _, err := f.Write(upd); err != nil {
		return nil, "", fmt.Errorf("write the seal: %w", err)
	}
	out := doc.digest() // the output is the document, then the update
	if out == nil {
		return nil, "", fmt.Errorf("sign: no SM3 state of the document")
	}
	out.Write(upd)
	return fields, hex.EncodeToString(out.Sum(nil)), nil
}

func fieldNames(rs []*pdfsign.Result) []string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.FieldName
	}
	return names
}
