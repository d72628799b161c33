package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/emmansun/gmsm/sm3"

	"sealdesk/internal/userfile"
	"sealdesk/pdfview"
)

// Format is what a document is, told from its bytes (never from its name).
type Format string

// Formats DetectFormat tells apart.
const (
	FormatPDF   Format = "pdf"
	FormatOFD   Format = "ofd" // GB/T 33190: a ZIP package
	FormatOther Format = ""    // a seal file, a signature, or something else
)

// DetectFormat tells a document's format from its first bytes (1024 are
// enough): the one place the faces and the workflows ask "is this a PDF?".
func DetectFormat(head []byte) Format {
	switch {
	case pdfview.IsPDF(head):
		return FormatPDF
	case isOFD(head):
		return FormatOFD
	}
	return FormatOther
}

// Document is a person's file read once: its bytes, their SM3 (lowercase hex,
// computed on the same pass) and its format. Request, Stamp and verification
// take one instead of reading and hashing the file again.
type Document struct {
	Path   string
	Size   int64
	SM3    string // lowercase hex, as the ledger and the requests record it; "" when read only to verify
	Format Format

	data  []byte
	state []byte // the SM3 state after data (MarshalBinary), for outputHash

	// Set by scanDocument, which keeps no data: the SHA-256 state after the
	// bytes (MarshalBinary) and their SHA-256.
	shaState []byte
	sha      []byte
}

// Bytes returns the document's bytes (not a copy: do not change them).
func (d *Document) Bytes() []byte { return d.data }

// OpenDocument reads a file a person named (a document to stamp, a seal
// file, an exchange file): regular files only, up to limit bytes (0: the
// default; issue 11: a FIFO, /dev/zero or a symlink to them gets a clear
// error at once, never a hang or an out-of-memory crash).
func OpenDocument(path string, limit int64) (*Document, error) {
	sum := sm3.New()
	data, err := userfile.ReadAll(path, limit, sum)
	if err != nil {
		return nil, fileError(err, path)
	}
	state, err := sum.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return nil, err
	}
	return &Document{Path: path, Size: int64(len(data)), SM3: hex.EncodeToString(sum.Sum(nil)), Format: DetectFormat(data),
		data: data, state: state}, nil
}

// OpenDocument is the workspace's: at most its maximum file size.
func (w *Workspace) OpenDocument(ctx context.Context, path string) (*Document, error) {
	return OpenDocument(path, w.MaxFileSize(ctx))
}

// digest returns a running SM3 of the document's bytes, restored from the
// read's state (nil if it cannot be): the signature of an SM2 seal goes on
// from it instead of hashing the document again (pdfsign.Options.DocumentDigest).
func (d *Document) digest() hash.Hash {
	h := sm3.New()
	if d.state == nil || h.(encoding.BinaryUnmarshaler).UnmarshalBinary(d.state) != nil {
		return nil
	}
	return h
}

// shaDigest is digest for SHA-256, from scanDocument's state (an ECDSA or
// RSA seal's signature digest).
func (d *Document) shaDigest() hash.Hash {
	h := sha256.New()
	if d.shaState == nil || h.(encoding.BinaryUnmarshaler).UnmarshalBinary(d.shaState) != nil {
		return nil
	}
	return h
}

// SumFile reads the person's file at path in one streaming pass and returns
// it as a Document without its bytes: its SM3 (lowercase hex) and its format.
// It is the faces' one reader and hasher of a document (issue 14): the
// stamping view looks up the approved request by its hash and the approver's
// preview checks the file is still the one approved, before PDFium opens the
// file through its own reader, so a 50 MB document is never held in memory.
func (w *Workspace) SumFile(ctx context.Context, path string) (*Document, error) {
	return w.scanDocument(ctx, path)
}

// scanDocument reads the file at path once and keeps none of it (issue 18:
// a 50 MB document is not held while it is signed): its SM3, which is the
// approval check and the state an SM2 signature and the output's hash go on
// from, and its SHA-256, which is an ECDSA or RSA signature's digest and what
// proves that the copy the stamp writes later is these very bytes
// (copyScanned). The two hashes run side by side, on two cores: SM3 is the
// slow one, SHA-256 (SHA-NI) adds no time.
func (w *Workspace) scanDocument(ctx context.Context, path string) (*Document, error) {
	f, size, err := userfile.Open(path, w.MaxFileSize(ctx))
	if err != nil {
		return nil, fileError(err, path)
	}
	defer f.Close()
	s3, s2 := sm3.New(), sha256.New()
	head := make([]byte, 0, 1024)
	n, err := copyHashing(io.LimitReader(f, size+1), size, func(p []byte) {
		if len(head) < cap(head) {
			head = append(head, p[:min(len(p), cap(head)-len(head))]...)
		}
	}, s3, s2)
	if err != nil {
		return nil, fileError(err, path)
	}
	if n != size {
		return nil, errf(CodeFileRead, nil, path, fmt.Sprintf("the file changed size while it was read (%d, then %d bytes)", size, n))
	}
	state, err := s3.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return nil, err
	}
	shaState, err := s2.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return nil, err
	}
	return &Document{Path: path, Size: size, SM3: hex.EncodeToString(s3.Sum(nil)), Format: DetectFormat(head),
		state: state, shaState: shaState, sha: s2.Sum(nil)}, nil
}

// copyHashing reads up to size bytes of r in 1 MiB chunks, hands each chunk to
// use and to every hash, the hashes in parallel (one goroutine each but the
// first, which runs on this one), and returns how many bytes it read.
func copyHashing(r io.Reader, size int64, use func([]byte), hs ...hash.Hash) (int64, error) {
	buf := make([]byte, min(size+1, 1<<20))
	var n int64
	var wg sync.WaitGroup
	for {
		k, err := io.ReadFull(r, buf)
		if k > 0 {
			chunk := buf[:k]
			use(chunk)
			for _, h := range hs[1:] {
				wg.Add(1)
				go func() { defer wg.Done(); h.Write(chunk) }()
			}
			hs[0].Write(chunk)
			wg.Wait()
			n += int64(k)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// outputHash hashes an output that begins with the document's bytes, as an
// incremental update does (ISO 32000 §7.5.6), without hashing those bytes a
// second time: what is written is compared with the document (memcmp, far
// cheaper than SM3) and, while equal, only the bytes after it are fed to the
// SM3 state the read left. Output that differs from the document anywhere in
// its first len(doc) bytes, or stops short of them, is hashed from its start,
// so the sum is always that of the bytes written (issue 18 point 1).
type outputHash struct {
	doc      []byte
	h        hash.Hash
	off      int  // bytes written so far that equal doc's
	diverged bool // h hashes everything written from its start
}

func newOutputHash(doc *Document) *outputHash {
	o := &outputHash{doc: doc.data, h: sm3.New()}
	if err := o.h.(encoding.BinaryUnmarshaler).UnmarshalBinary(doc.state); err != nil || doc.state == nil {
		o.h.Reset()
		o.diverged = true
	}
	return o
}

func (o *outputHash) Write(p []byte) (int, error) {
	n := len(p)
	if !o.diverged && o.off < len(o.doc) {
		k := min(len(p), len(o.doc)-o.off)
		if !bytes.Equal(p[:k], o.doc[o.off:o.off+k]) {
			o.h.Reset()
			o.h.Write(o.doc[:o.off])
			o.diverged = true
		} else {
			o.off += k
			p = p[k:]
		}
	}
	o.h.Write(p)
	return n, nil
}

// Sum returns the hex SM3 of everything written.
func (o *outputHash) Sum() string {
	if !o.diverged && o.off < len(o.doc) { // a prefix of the document
		return sm3Hex(o.doc[:o.off])
	}
	return hex.EncodeToString(o.h.Sum(nil))
}

func sm3Hex(b []byte) string {
	s := sm3.Sum(b)
	return hex.EncodeToString(s[:])
}

// readUserFile is OpenDocument without the hash.
func readUserFile(path string, limit int64) ([]byte, error) {
	data, err := userfile.ReadAll(path, limit)
	if err != nil {
		return nil, fileError(err, path)
	}
	return data, nil
}

// fileError turns a read error into ours, naming the file and the problem.
func fileError(err error, path string) error {
	if e := userFileError(err); e != nil {
		return e
	}
	if errors.Is(err, os.ErrNotExist) {
		return errf(CodeFileMissing, err, path)
	}
	return errf(CodeFileRead, err, path, err)
}

// CheckNewFile accepts path as a new file to write: nothing is there (a
// FIFO, a folder or a link is something: never written over or through, and
// a FIFO never opened) and its folder exists, so a write that cannot succeed
// is refused before any work is done or recorded.
func CheckNewFile(path string) error {
	if e := checkNewFile(path); e != nil {
		return e
	}
	return nil
}

func checkNewFile(path string) *Error {
	if _, err := os.Lstat(path); err == nil {
		return errf(CodeOutExists, nil, path)
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return errf(CodeOutFolder, err, path, dir)
	}
	return nil
}

// checkFolder refuses a path a folder is wanted at that is something else (a
// file, a FIFO, a device), naming it; a missing path is the caller's to handle.
func checkFolder(path string) *Error {
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		return errf(CodeNotFolder, nil, path)
	}
	return nil
}

// userFileError is ours for a file userfile refused (not a regular file, too
// large) anywhere in err's chain, naming the file; nil for any other error.
func userFileError(err error) *Error {
	var nr *userfile.NotRegularError
	var tl *userfile.TooLargeError
	switch {
	case errors.As(err, &nr):
		return errf(CodeNotRegular, err, nr.Path, word("file.kind."+nr.Kind()))
	case errors.As(err, &tl):
		return errf(CodeTooLarge, err, tl.Path, megabytes(tl.Limit))
	}
	return nil
}

func megabytes(n int64) int64 { return (n + 1<<20 - 1) >> 20 }

// ReadUserFile reads a file a person named, for the faces: regular files
// only, at most limit bytes (0: the default 2 GiB), errors in the catalog.
func ReadUserFile(path string, limit int64) ([]byte, error) { return readUserFile(path, limit) }
