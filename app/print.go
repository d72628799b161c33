package app

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // scanned copies come as JPEG as often as PNG
	_ "image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"sealdesk/copies"
	"sealdesk/internal/safefile"
	"sealdesk/ofd"
	"sealdesk/pdfsign"
	"sealdesk/pdfview"
	"sealdesk/store"
)

// Print request ids start with P, stamp request ids with R.
const printPrefix = "P"

// MaxCopies bounds one print request.
const MaxCopies = 100

// RequestPrint files a request for copies authorised paper copies of a stamped
// document. Only a PDF or OFD whose seals verify (intact, nothing changed after them)
// can be printed: printing turns it into a copy (REFERENCE §1), so the
// original must be right first.
func (w *Workspace) RequestPrint(ctx context.Context, s *Session, docPath string, n int, reason string) (string, error) {
	if e := need(s, RolePrinter); e != nil {
		return "", w.refuse(ctx, store.Entry{Actor: actor(s), Kind: EntryPrintRequest}, e)
	}
	if e := w.sessionRow(ctx, s); e != nil {
		return "", w.refuse(ctx, store.Entry{Actor: actor(s), Kind: EntryPrintRequest}, e)
	}
	if n < 1 || n > MaxCopies {
		return "", errf("bad_copies", nil, MaxCopies, n)
	}
	doc, err := OpenDocument(docPath, w.MaxFileSize(ctx))
	if err != nil {
		return "", err
	}
	if err := w.checkStamped(ctx, doc.data, docPath); err != nil {
		return "", err
	}
	id, err := w.newID(printPrefix)
	if err != nil {
		return "", err
	}
	abs, _ := filepath.Abs(docPath)
	p := store.PrintRequest{ID: id, Requester: s.User.Name, DocName: filepath.Base(docPath), DocPath: abs, DocHash: doc.SM3,
		Copies: n, Reason: reason, Status: store.RequestPending, CreatedAt: w.Now()}
	err = w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.CreatePrintRequest(ctx, p); err != nil {
			return err
		}
		return w.ledger(ctx, tx, store.Entry{Actor: s.User.Name, Kind: EntryPrintRequest, Outcome: store.OutcomeOK, RequestID: id,
			DocName: p.DocName, DocHash: p.DocHash, Detail: fmt.Sprintf("%d copies; reason: %s", n, reason)})
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

func (w *Workspace) checkStamped(ctx context.Context, data []byte, path string) error {
	roots, err := w.Roots()
	if err != nil {
		return err
	}
	rep, err := Verify(ctx, data, VerifyOptions{Roots: roots, At: w.Now()})
	if err != nil {
		if pe := pdfError(err, path); pe != err {
			return pe
		}
		return errf("not_stamped", err, path)
	}
	if (rep.Kind != KindPDF && rep.Kind != KindOFD) || len(rep.Signatures) == 0 || !rep.Valid {
		return errf("not_stamped", nil, path)
	}
	return nil
}

// PrintInput says where the copies go: files in OutDir, or a CUPS queue.
type PrintInput struct {
	RequestID string
	DocPath   string // optional: defaults to the path recorded in the request
	OutDir    string // print-ready PDFs are written here (one per copy)
	Printer   string // a CUPS queue name; the copies are sent with lp
	GreySeals bool   // draw the seals grey instead of as they look on screen
}

// PrintResult lists what was produced.
type PrintResult struct {
	Files  []string // the copy PDFs written (OutDir), one per copy
	Copies []int    // their numbers
}

// Print produces every copy the approval still allows, each a marked PDF
// rendering of the stamped original, then refuses more. Each copy is counted
// and recorded in the ledger in the same transaction that writes it, so no
// more copies than approved can ever exist and none goes unrecorded.
func (w *Workspace) Print(ctx context.Context, s *Session, in PrintInput) (*PrintResult, error) {
	p, err := w.db.PrintRequest(ctx, in.RequestID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errf("request_missing", err, in.RequestID)
	}
	if err != nil {
		return nil, err
	}
	entry := store.Entry{Actor: actor(s), Kind: EntryPrint, RequestID: p.ID, DocName: p.DocName, DocHash: p.DocHash}
	refuse := func(e *Error) (*PrintResult, error) { return nil, w.refuse(ctx, entry, e) }
	if e := need(s, RolePrinter); e != nil {
		return refuse(e)
	}
	switch p.Status {
	case store.RequestPending:
		return refuse(errf("not_approved", nil, p.ID))
	case store.RequestRejected:
		return refuse(errf("rejected", nil, p.ID))
	case store.RequestUsed:
		return refuse(errf("print_exhausted", nil, p.ID, p.Copies))
	}
	if e := w.checkDecisions(ctx, p.ID, p.Requester, w.db.PrintApprovals, printRequestFields(p), store.ApprovalRule{Required: 1}); e != nil {
		return refuse(e)
	}
	hist, e := w.history(ctx, p.ID)
	if e == nil {
		e = checkPrintsInLedger(p, hist)
	}
	if e == nil {
		e = w.checkRows(ctx, store.UserRow(s.User.Name), store.PrintRow(p.ID))
	}
	if e != nil {
		return refuse(e)
	}
	if s.User.Name != p.Requester {
		return refuse(errf("not_requester", nil, p.Requester))
	}
	if (in.OutDir == "") == (in.Printer == "") {
		return nil, errf(CodePrintDestination, nil)
	}
	docPath := requestDocPath(nil, in.DocPath, p.DocPath)
	doc, e, err := openApproved(ctx, nil, docPath, p.DocHash, w.OpenDocument)
	if err != nil {
		return nil, err
	}
	if e != nil {
		return refuse(e)
	}
	marks, ids, err := copySeals(doc, w.Now())
	if err != nil {
		return nil, err
	}
	pd, err := w.openForCopies(doc)
	if err != nil {
		return nil, err
	}
	defer pd.Close()

	res := &PrintResult{}
	wsID, host, _ := strings.Cut(w.workstation, "@")
	for left := p.Copies - p.Printed; left > 0; left-- {
		var file string
		err := w.db.Update(ctx, func(tx store.Txn) error {
			n, err := tx.CountCopy(ctx, p.ID)
			if err != nil {
				return errf("print_exhausted", err, p.ID, p.Copies)
			}
			payload := copies.Payload{DocHash: doc.SM3, Copy: n, Of: p.Copies, Request: p.ID, Signatures: ids,
				Workstation: wsID, Printed: w.Now().UTC().Truncate(time.Minute)}
			opts := copies.Options{Payload: payload, Seals: marks, GreySeals: in.GreySeals, Host: host}
			var outHash string
			file, outHash, err = w.writeCopy(ctx, pd, opts, in, p.DocName, n)
			if err != nil {
				return err
			}
			e := entry
			e.Outcome = store.OutcomeOK
			e.OutHash = outHash
			e.Detail = fmt.Sprintf("copy %d of %d → %s", n, p.Copies, destination(in, file))
			if err := w.ledger(ctx, tx, e); err != nil {
				return err
			}
			res.Copies = append(res.Copies, n)
			return nil
		})
		if err != nil {
			if file != "" {
				os.Remove(file)
			}
			var ae *Error
			if errors.As(err, &ae) && ae.Code == "print_exhausted" {
				break // another workstation process printed the rest
			}
			return res, err
		}
		if in.Printer != "" {
			err := sendToPrinter(ctx, in.Printer, file, fmt.Sprintf("%s 复印件 %d/%d", p.DocName, res.Copies[len(res.Copies)-1], p.Copies))
			os.Remove(file)
			if err != nil {
				w.fail(ctx, entry, err) // recorded as far as it can be; the print failed either way
				return res, errf("print_failed", err, err)
			}
			continue
		}
		res.Files = append(res.Files, file)
	}
	return res, nil
}

// copySeals lists the seals of a stamped original as its copies name them:
// where each is drawn, so the copy mark can frame (or grey) it, and its id
// (copies.SignatureID for a PDF, copies.ValueID for an OFD, issue 15 point 4).
func copySeals(doc *Document, at time.Time) ([]copies.SealMark, []string, error) {
	var marks []copies.SealMark
	var ids []string
	if doc.Format == FormatOFD {
		pkg, err := ofd.Read(bytes.NewReader(doc.data), int64(len(doc.data)), ofd.Limits{})
		if err != nil {
			return nil, nil, ofdError(err, doc.Path)
		}
		rep, err := pkg.Verify(ofd.VerifyOptions{At: at})
		if err != nil {
			return nil, nil, ofdError(err, doc.Path)
		}
		pages, err := pkg.Pages(0)
		if err != nil {
			return nil, nil, ofdError(err, doc.Path)
		}
		for _, sig := range rep.Signatures {
			if sig.Doc == 0 && sig.Page >= 1 && sig.Page <= len(pages) {
				marks = append(marks, copies.SealMark{Page: sig.Page, Rect: ofdRect(sig.Boundary, ofdPage(pages[sig.Page-1]))})
			}
			value, _ := pkg.File(sig.Value)
			ids = append(ids, copies.ValueID(value))
		}
		return marks, ids, nil
	}
	rep, err := pdfsign.Verify(bytes.NewReader(doc.data), int64(len(doc.data)), pdfsign.VerifyOptions{At: at})
	if err != nil {
		return nil, nil, pdfError(err, doc.Path)
	}
	for _, sig := range rep.Signatures {
		marks = append(marks, copies.SealMark{Page: sig.Page, Rect: sig.Rect})
		ids = append(ids, copies.SignatureID(doc.data, sig.ByteRange))
	}
	return marks, ids, nil
}

// ofdRect turns an OFD box (x, y, width, height in mm from the page's
// top-left) into user space of the page ofdPages shows for it.
func ofdRect(box [4]float64, page pdfview.Page) pdfview.Rect {
	x0, y0 := page.DisplayToUser(box[0], box[1])
	x1, y1 := page.DisplayToUser(box[0]+box[2], box[1]+box[3])
	return pdfview.Rect{LLX: x0, LLY: y0, URX: x1, URY: y1}.Normalize()
}

// openForCopies opens an approved original for rendering its copies: a PDF
// in the workspace's PDFium, an OFD drawn by package ofd.
func (w *Workspace) openForCopies(doc *Document) (pdfview.Pages, error) {
	if doc.Format == FormatOFD {
		p, err := openOFDPages(doc.data)
		if err != nil {
			return nil, ofdError(err, doc.Path)
		}
		return p, nil
	}
	r, err := w.renderer()
	if err != nil {
		return nil, err
	}
	pd, err := r.Open(doc.data)
	if err != nil {
		return nil, pdfError(err, doc.Path)
	}
	return pd, nil
}

func destination(in PrintInput, file string) string {
	if in.Printer != "" {
		return "printer " + in.Printer
	}
	return filepath.Base(file)
}

// writeCopy renders copy n into a file: OutDir/<name>-复印件-n-of-N.pdf, or a
// temporary file for the printer. It returns the path and the hex SM3 of what
// it wrote, hashed on the way out rather than read back.
func (w *Workspace) writeCopy(ctx context.Context, pd pdfview.Pages, o copies.Options, in PrintInput, docName string, n int) (string, string, error) {
	var path string
	if in.OutDir != "" {
		if err := os.MkdirAll(in.OutDir, 0o755); err != nil {
			return "", "", errf("file_read", err, in.OutDir, err)
		}
		base := strings.TrimSuffix(docName, filepath.Ext(docName))
		path = filepath.Join(in.OutDir, fmt.Sprintf("%s-复印件-%d-of-%d.pdf", base, n, o.Payload.Of))
		if err := CheckNewFile(path); err != nil {
			return "", "", err
		}
	} else {
		f, err := os.CreateTemp("", "sealdesk-copy-*.pdf")
		if err != nil {
			return "", "", err
		}
		path = f.Name()
		f.Close()
	}
	h := sm3.New()
	err := safefile.Write(path, 0o644, func(out io.Writer) error { return copies.Write(ctx, pd, o, io.MultiWriter(out, h)) })
	if err != nil {
		return "", "", fmt.Errorf("write copy %d: %w", n, err)
	}
	return path, hex.EncodeToString(h.Sum(nil)), nil
}

// sendToPrinter hands a file to CUPS.
func sendToPrinter(ctx context.Context, printer, file, title string) error {
	out, err := exec.CommandContext(ctx, "lp", "-d", printer, "-t", title, file).CombinedOutput()
	if err != nil {
		return fmt.Errorf("lp -d %s: %v: %s", printer, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// renderer starts the workspace's PDFium instance on first use, from the
// compiled module the installation carries (bin/pdfium-cache, issue 18: a
// first print in a new workspace does not compile for seconds); without one,
// the module is compiled once and cached under the workspace.
func (w *Workspace) renderer() (*pdfview.Renderer, error) {
	w.renderOnce.Do(func() {
		dir := pdfview.InstalledCacheDir()
		if dir == "" {
			dir = filepath.Join(w.Home, "cache", "pdfium")
		}
		w.render, w.renderErr = pdfview.NewRenderer(pdfview.RendererOptions{CacheDir: dir})
	})
	return w.render, w.renderErr
}

// maxScanSize bounds a scanned copy's image file.
const maxScanSize = 256 << 20

// ReadCopyScan reads the QR text of a copy from a scan or photo of it (PNG or
// JPEG at path), for VerifyCopy: the one QR reader of both faces (issue 14).
// A file that cannot be read or is not an image is CodeFileRead (or the
// file's own code); an image without a copy's QR code is CodeCopyQR.
func ReadCopyScan(path string) (string, error) {
	data, err := ReadUserFile(path, maxScanSize)
	if err != nil {
		return "", err
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return "", errf(CodeFileRead, err, path, err)
	}
	text, err := copies.DecodeQR(img)
	if err != nil {
		return "", errf(CodeCopyQR, err, err)
	}
	return text, nil
}

// CopyReport is what checking a copy finds.
type CopyReport struct {
	Payload  copies.Payload `json:"payload"`
	Original string         `json:"original,omitempty"`
	Belongs  *bool          `json:"belongs,omitempty"` // set when an original was given
	Problem  string         `json:"problem,omitempty"`
}

// VerifyCopy decodes a copy's QR text and, given the electronic original,
// says whether the copy belongs to it and which copy it is.
func VerifyCopy(ctx context.Context, qrText, originalPath string) (*CopyReport, error) {
	p, err := copies.ParsePayload(qrText)
	if err != nil {
		return nil, errf("copy_qr", err, err)
	}
	rep := &CopyReport{Payload: p}
	if originalPath == "" {
		return rep, nil
	}
	doc, err := OpenDocument(originalPath, 0)
	if err != nil {
		return nil, err
	}
	_, ids, err := copySeals(doc, time.Time{})
	if err != nil {
		return nil, err
	}
	rep.Original = originalPath
	mismatch := copies.Match(p, doc.data, ids)
	ok := mismatch == nil
	rep.Belongs = &ok
	if !ok {
		rep.Problem = mismatch.Error()
	}
	return rep, nil
}
