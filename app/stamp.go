package app

import (
	"bytes"
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/device"
	"sealdesk/internal/safefile"
	"sealdesk/pdfsign"
	"sealdesk/pdfview"
	"sealdesk/place"
	"sealdesk/seal"
	"sealdesk/store"
)

// RequestInput is what a custodian asks for: this seal, on this exact document,
// at this spot (the seal's centre, in millimetres from the top-left corner of the
// page as displayed).
type RequestInput struct {
	Seal     string // id, code or name
	DocPath  string
	Doc      *Document // optional: the document as the person saw it (OpenDocument); DocPath is then Doc.Path
	Page     int
	XMM, YMM float64
	// Placements, when set, are several spots (Page, XMM, YMM are then
	// ignored): the seal goes at each, with one approval and one PIN.
	Placements place.List
	// Seam, when set, asks for a cross-page seal (骑缝章) instead.
	Seam *SeamInput
	// Keyword, when set, places the seal's centre on the keyword's match
	// (or matches) in the document's own text; the request records the
	// positions found.
	Keyword *pdfview.KeywordRule
	Reason  string
}

// SeamInput asks for a cross-page seal: the picture cut into as many slices
// as Pages names (all pages when ""; at least two), each slice at Edge of its
// page, OffsetMM along the edge (from the top of a left or right edge, from
// the left of a top or bottom one; 0: the middle of the first page's edge).
type SeamInput struct {
	Edge     place.Edge
	Pages    string
	OffsetMM float64
}

// Request files a stamp request and returns its id. Bad input (not a PDF, a
// damaged or encrypted one, a page or position off the document, an unknown
// seal) is refused before anything is written.
func (w *Workspace) Request(ctx context.Context, s *Session, in RequestInput) (string, error) {
	sl, err := w.requestSeal(ctx, s, in.Seal)
	if err != nil {
		return "", err
	}
	req, err := w.prepareRequest(ctx, s, sl, in)
	if err != nil {
		return "", err
	}
	if err := w.fileRequests(ctx, s, []store.Request{req}); err != nil {
		return "", err
	}
	return req.ID, nil
}

// requestSeal finds the seal a request names and checks that the user may
// ask for it: a custodian, the rows as the ledger recorded them, the seal
// usable, a grant in force. Each refusal is recorded.
func (w *Workspace) requestSeal(ctx context.Context, s *Session, ref string) (store.Seal, error) {
	if e := need(s, RoleCustodian); e != nil {
		return store.Seal{}, w.refuse(ctx, store.Entry{Actor: actor(s), Kind: EntryRequest}, e)
	}
	sl, err := w.FindSeal(ctx, ref)
	if err != nil {
		return store.Seal{}, err
	}
	entry := store.Entry{Actor: actor(s), Kind: EntryRequest, SealID: sl.ID}
	if e := w.checkUseRows(ctx, s.User.Name, sl.ID); e != nil {
		return store.Seal{}, w.refuse(ctx, entry, e)
	}
	if e := w.usable(sl); e != nil {
		return store.Seal{}, w.refuse(ctx, entry, e)
	}
	if e := w.checkGrant(ctx, s.User.Name, sl, w.Now()); e != nil {
		return store.Seal{}, w.refuse(ctx, entry, e)
	}
	return sl, nil
}

// prepareRequest reads the document of a request and resolves its marks; it
// writes nothing.
func (w *Workspace) prepareRequest(ctx context.Context, s *Session, sl store.Seal, in RequestInput) (store.Request, error) {
	doc, err := w.document(ctx, in.Doc, in.DocPath)
	if err != nil {
		return store.Request{}, err
	}
	in.DocPath = doc.Path
	ws, err := w.WorkstationID()
	if err != nil {
		return store.Request{}, err
	}
	if doc.Format == FormatOFD {
		// OFD (issue 15): an SM2 seal, spots by hand (stampofd.go).
		if e := checkOFDRequest(sl, in); e != nil {
			return store.Request{}, e
		}
	}
	var kwRule string
	if in.Keyword != nil {
		if in.Placements, err = w.keywordPlacements(ctx, doc, *in.Keyword); err != nil {
			return store.Request{}, err
		}
		in.Seam, kwRule = nil, "keyword "+in.Keyword.Keyword
	}
	marks, rule, err := resolvePlacements(doc.data, in, sl.WidthMM, sl.HeightMM)
	if err != nil {
		return store.Request{}, err
	}
	if kwRule != "" {
		rule = kwRule
	}
	abs, _ := filepath.Abs(in.DocPath)
	id, err := w.newID("R")
	if err != nil {
		return store.Request{}, err
	}
	return store.Request{
		ID: id, SealID: sl.ID, Requester: s.User.Name, DocName: filepath.Base(in.DocPath), DocPath: abs, DocHash: doc.SM3,
		DocSize: int64(len(doc.data)), Placements: marks, Rule: rule, Page: marks[0].Page, XMM: marks[0].XMM, YMM: marks[0].YMM, Reason: in.Reason,
		Status: store.RequestPending, CreatedAt: w.Now(), Workstation: ws,
	}, nil
}

// fileRequests files prepared requests in one write transaction, each with
// its ledger entry: all of them or none.
func (w *Workspace) fileRequests(ctx context.Context, s *Session, reqs []store.Request) error {
	return w.db.Update(ctx, func(tx store.Txn) error {
		for _, req := range reqs {
			// In the write transaction, so that two clicks or two processes
			// asking for the same stamp make one request.
			if dup, err := sameRequest(ctx, tx, req); err != nil || dup != nil {
				if dup != nil {
					return errf("duplicate_request", nil, dup.ID, dup.Status)
				}
				return err
			}
			if err := tx.CreateRequest(ctx, req); err != nil {
				return err
			}
			detail := fmt.Sprintf("%s; reason: %s", describePlacements(req.Placements, req.Rule), req.Reason)
			if req.Batch != "" {
				detail = "batch " + req.Batch + "; " + detail
			}
			if err := w.ledger(ctx, tx, store.Entry{Actor: s.User.Name, Kind: EntryRequest, Outcome: store.OutcomeOK, SealID: req.SealID, RequestID: req.ID,
				DocName: req.DocName, DocHash: req.DocHash, Detail: detail}); err != nil {
				return err
			}
		}
		return nil
	})
}

// document returns doc when the caller has read it already, else reads path.
func (w *Workspace) document(ctx context.Context, doc *Document, path string) (*Document, error) {
	if doc != nil && doc.SM3 != "" {
		return doc, nil
	}
	if doc != nil {
		path = doc.Path // read only to verify: no SM3 to rely on
	}
	return w.OpenDocument(ctx, path)
}

// requestDocPath is where a request's own step (Stamp, Print) reads its
// document: the document the person already read, else the path given, else
// the path the request recorded.
func requestDocPath(doc *Document, given, recorded string) string {
	if doc != nil {
		return doc.Path
	}
	return cmp.Or(given, recorded)
}

// openApproved opens the document of an approved request for its own step
// (Stamp, Print; issue 14: they shared these checks by copy): doc when the
// person has read it already, else path read by open (scanned to stream it
// or read to hold it). A document whose SM3 is not the approved one is
// refused (doc_changed) and returned too, for the ledger's detail.
func openApproved(ctx context.Context, doc *Document, path, approved string,
	open func(context.Context, string) (*Document, error),
) (*Document, *Error, error) {
	if doc == nil || doc.SM3 == "" {
		var err error
		if doc, err = open(ctx, path); err != nil {
			return nil, nil, err
		}
	}
	if doc.SM3 != approved {
		return doc, errf("doc_changed", nil, short(approved), short(doc.SM3)), nil
	}
	return doc, nil, nil
}

// sameRequest returns the requester's open request (pending or approved, not
// yet used) for the same stamp as r: same document bytes, seal, page and
// placements to 0.1 mm; nil when there is none.
func sameRequest(ctx context.Context, tx store.Txn, r store.Request) (*store.Request, error) {
	for _, status := range []string{store.RequestPending, store.RequestApproved} {
		open, err := tx.Requests(ctx, status)
		if err != nil {
			return nil, err
		}
		for _, o := range open {
			if o.Requester == r.Requester && o.SealID == r.SealID && o.DocHash == r.DocHash && o.Placements.Same(r.Placements) {
				return &o, nil
			}
		}
	}
	return nil, nil
}

// Withdraw takes back a stamp request its requester made, while it is still
// pending or approved and unused; the approvals it had are spent with it.
func (w *Workspace) Withdraw(ctx context.Context, s *Session, id string) error {
	entry := store.Entry{Actor: actor(s), Kind: EntryRequestWithdraw, RequestID: id}
	if e := need(s, RoleCustodian); e != nil {
		return w.refuse(ctx, entry, e)
	}
	r, err := w.db.Request(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return errf("request_missing", err, id)
	} else if err != nil {
		return err
	}
	entry.SealID, entry.DocName, entry.DocHash = r.SealID, r.DocName, r.DocHash
	if r.Requester != s.User.Name {
		return w.refuse(ctx, entry, errf("withdraw_not_yours", nil, id, r.Requester))
	}
	if r.Status != store.RequestPending && r.Status != store.RequestApproved {
		return w.refuse(ctx, entry, errf("withdraw_closed", nil, id, r.Status))
	}
	return w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.SetRequestStatus(ctx, id, r.Status, store.RequestWithdrawn); err != nil {
			// A stamp or a decision came first.
			return errf("withdraw_closed", err, id, "changed")
		}
		entry.Outcome = store.OutcomeOK
		entry.Detail = "was " + r.Status
		return w.ledger(ctx, tx, entry)
	})
}

func actor(s *Session) string {
	if s == nil {
		return ""
	}
	return s.User.Name
}

// newID returns an id such as R20261122-3F9A2C: a prefix (R stamp, P print),
// the day, then random hex, so ids made offline on different workstations do
// not collide.
func (w *Workspace) newID(prefix string) (string, error) {
	b := make([]byte, 3)
	if _, err := io.ReadFull(w.Rand, b); err != nil {
		return "", err
	}
	return prefix + w.Now().Format("20060102") + "-" + strings.ToUpper(hex.EncodeToString(b)), nil
}

// FindSeal finds a seal by id, code or name.
func (w *Workspace) FindSeal(ctx context.Context, ref string) (store.Seal, error) {
	if s, err := w.db.Seal(ctx, ref); err == nil {
		return s, nil
	}
	seals, err := w.db.Seals(ctx)
	if err != nil {
		return store.Seal{}, err
	}
	for _, s := range seals {
		if s.Code == ref || s.Name == ref {
			return s, nil
		}
	}
	return store.Seal{}, errf("seal_missing", nil, ref)
}

// usable says why a seal may not be used now, or nil.
func (w *Workspace) usable(s store.Seal) *Error {
	now := w.Now()
	day := func(t time.Time) string { return t.Local().Format("2006-01-02") }
	switch {
	case s.Status == store.SealSuspended:
		return errf("seal_suspended", nil, s.Name)
	case s.Status == store.SealRevoked:
		return errf("seal_revoked", nil, s.Name)
	case now.Before(s.ValidFrom):
		return errf("seal_not_yet_valid", nil, s.Name, day(s.ValidFrom))
	case now.After(s.ValidTo):
		return errf("seal_expired", nil, s.Name, day(s.ValidTo))
	}
	if c, err := smx509.ParseCertificate(s.Cert); err == nil && (now.Before(c.NotBefore) || now.After(c.NotAfter)) {
		return errf("cert_expired", nil, s.Name, day(c.NotBefore), day(c.NotAfter))
	}
	if len(s.Picture) == 0 {
		// An imported seal whose picture is OFD or SVG: kept in its seal data,
		// but there is nothing we can draw on a PDF page.
		format := "?"
		if sd, err := seal.Parse(s.SealData); err == nil {
			format = strings.ToUpper(sd.Picture.Format)
		}
		return errf("seal_picture_undrawable", nil, format)
	}
	return nil
}

// pdfError turns the PDF packages' errors into ours, naming the file.
func pdfError(err error, path string) error {
	var pe *pdfsign.PageError
	var place *pdfview.PlaceError
	switch {
	case errors.Is(err, pdfsign.ErrNotPDF):
		return errf("not_pdf", err, path)
	case errors.Is(err, pdfsign.ErrEncrypted):
		return errf("pdf_encrypted", err, path)
	case errors.Is(err, pdfsign.ErrDamaged):
		return errf("pdf_damaged", err, path)
	case errors.Is(err, pdfsign.ErrCertifiedNoChanges):
		return errf("pdf_certified", err, path)
	case errors.As(err, &pe):
		return errf("page_range", err, pe.Page, pe.Count)
	case errors.As(err, &place):
		return errf("off_page", err, place.WidthMM, place.HeightMM, place.CenterXMM, place.CenterYMM, place.PageWidthMM, place.PageHeightMM)
	}
	return err
}

// resolvePlacements turns what the custodian asked for into the marks the
// approver signs: one spot, several, or the slices of a seam seal, each
// checked against its page (it exists, the mark fits). rule says how they
// were chosen ("" for spots picked by hand).
func resolvePlacements(data []byte, in RequestInput, wmm, hmm float64) (place.List, string, error) {
	if DetectFormat(data) == FormatOFD {
		return resolveOFDPlacements(data, in, wmm, hmm) // stampofd.go
	}
	info, err := pdfsign.Inspect(bytes.NewReader(data))
	if err == nil && info.Certification == 1 {
		// Its certifier allowed no change at all: a stamp would break
		// that certification. Refused now rather than after approval.
		err = pdfsign.ErrCertifiedNoChanges
	}
	if err != nil {
		return nil, "", pdfError(err, in.DocPath)
	}
	marks, rule := in.Placements, ""
	switch {
	case in.Seam != nil:
		if _, err := place.ParseEdge(string(in.Seam.Edge)); err != nil {
			return nil, "", errf("seam_edge", err, in.Seam.Edge)
		}
		spec := in.Seam.Pages
		if spec == "" {
			spec = fmt.Sprintf("1-%d", len(info.Pages))
		}
		pages, err := place.ParsePages(spec, len(info.Pages))
		if err != nil {
			return nil, "", errf("page_list", err, spec, len(info.Pages))
		}
		if len(pages) < 2 {
			return nil, "", errf("seam_pages", nil, len(pages))
		}
		offset := in.Seam.OffsetMM
		if offset == 0 {
			w, h := info.Pages[pages[0]-1].DisplaySizeMM()
			if offset = h / 2; !in.Seam.Edge.Vertical() {
				offset = w / 2
			}
		}
		size := func(p int) (float64, float64) { return info.Pages[p-1].DisplaySizeMM() }
		if marks, err = place.SeamMarks(pages, in.Seam.Edge, offset, wmm, hmm, size); err != nil {
			return nil, "", errf("seam_pages", err, len(pages))
		}
		rule = fmt.Sprintf("seam %s pages %s offset %.1f mm", in.Seam.Edge, spec, offset)
	case len(marks) == 0:
		marks = place.List{{Page: in.Page, XMM: in.XMM, YMM: in.YMM}}
	}
	for _, m := range marks {
		if m.Page < 1 || m.Page > len(info.Pages) {
			return nil, "", errf("page_range", nil, m.Page, len(info.Pages))
		}
		w, h := m.Size(wmm, hmm)
		if _, err := info.Pages[m.Page-1].Place(m.XMM, m.YMM, w, h); err != nil {
			return nil, "", pdfError(err, in.DocPath)
		}
	}
	return marks, rule, nil
}

// describePlacements says in the ledger where a seal went.
func describePlacements(marks place.List, rule string) string {
	parts := make([]string, len(marks))
	for i, m := range marks {
		parts[i] = fmt.Sprintf("page %d at (%.1f, %.1f) mm", m.Page, m.XMM, m.YMM)
		if m.Seam != nil {
			parts[i] += fmt.Sprintf(" slice %d/%d", m.Seam.Index, m.Seam.Of)
		}
	}
	s := strings.Join(parts, ", ")
	if rule != "" {
		s = rule + ": " + s
	}
	return s
}

// Approve records an approver's approval of a pending request.
func (w *Workspace) Approve(ctx context.Context, s *Session, id, comment string) error {
	return w.decide(ctx, s, id, store.DecisionApprove, comment)
}

// Reject records an approver's rejection of a pending request.
func (w *Workspace) Reject(ctx context.Context, s *Session, id, comment string) error {
	return w.decide(ctx, s, id, store.DecisionReject, comment)
}

// subject is what an approver decides on: a stamp request or a print request.
type subject struct {
	requester, status string
	entry             store.Entry
	fields            [][2]string // the request's facts an approval signs
	setStatus         func(ctx context.Context, tx store.Txn, from, to string) error
	approvals         func(ctx context.Context) ([]store.Approval, error)
	addApproval       func(ctx context.Context, tx store.Txn, a store.Approval) error
}

func (w *Workspace) subject(ctx context.Context, id string) (*subject, error) {
	if strings.HasPrefix(id, printPrefix) {
		p, err := w.db.PrintRequest(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, errf("request_missing", err, id)
		}
		if err != nil {
			return nil, err
		}
		return &subject{requester: p.Requester, status: p.Status, fields: printRequestFields(p),
			entry: store.Entry{RequestID: id, DocName: p.DocName, DocHash: p.DocHash},
			setStatus: func(ctx context.Context, tx store.Txn, from, to string) error {
				return tx.SetPrintRequestStatus(ctx, id, from, to)
			},
			addApproval: func(ctx context.Context, tx store.Txn, a store.Approval) error { return tx.AddPrintApproval(ctx, a) },
			approvals:   func(ctx context.Context) ([]store.Approval, error) { return w.db.PrintApprovals(ctx, id) },
		}, nil
	}
	req, err := w.db.Request(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errf("request_missing", err, id)
	}
	if err != nil {
		return nil, err
	}
	return &subject{requester: req.Requester, status: req.Status, fields: stampRequestFields(req),
		entry: store.Entry{SealID: req.SealID, RequestID: id, DocName: req.DocName, DocHash: req.DocHash},
		setStatus: func(ctx context.Context, tx store.Txn, from, to string) error {
			return tx.SetRequestStatus(ctx, id, from, to)
		},
		addApproval: func(ctx context.Context, tx store.Txn, a store.Approval) error { return tx.AddApproval(ctx, a) },
		approvals:   func(ctx context.Context) ([]store.Approval, error) { return w.db.Approvals(ctx, id) },
	}, nil
}

func (w *Workspace) decide(ctx context.Context, s *Session, id, decision, comment string) error {
	sub, err := w.subject(ctx, id)
	if err != nil {
		return err
	}
	entry := sub.entry
	entry.Actor, entry.Kind = actor(s), decision // EntryApprove or EntryReject: the kinds are the decisions
	if e := need(s, RoleApprover); e != nil {
		return w.refuse(ctx, entry, e)
	}
	rows := []store.RowRef{store.UserRow(s.User.Name)}
	if sub.entry.SealID != "" {
		rows = append(rows, store.SealRow(sub.entry.SealID), store.RuleRow(sub.entry.SealID))
	} else {
		rows = append(rows, store.PrintRow(id))
	}
	if e := w.checkRows(ctx, rows...); e != nil {
		return w.refuse(ctx, entry, e)
	}
	if s.User.Name == sub.requester {
		return w.refuse(ctx, entry, errf("self_approval", nil, id))
	}
	if sub.status != store.RequestPending {
		return w.refuse(ctx, entry, errf("not_pending", nil, id, sub.status))
	}
	// The seal's approval rule: how many approvals, from whom (print requests: one, from any approver).
	rule := store.ApprovalRule{Required: 1}
	if sub.entry.SealID != "" {
		if rule, err = w.db.ApprovalRule(ctx, sub.entry.SealID); err != nil {
			return err
		}
	}
	prior, err := sub.approvals(ctx)
	if err != nil {
		return err
	}
	approvals := 0
	for _, p := range prior {
		if p.Approver == s.User.Name {
			return w.refuse(ctx, entry, errf("already_decided", nil, s.User.Name))
		}
		if p.Decision == store.DecisionApprove {
			approvals++
		}
	}
	to := store.RequestRejected
	if decision == store.DecisionApprove {
		if e := ruleAllows(rule, s.User.Name); e != nil {
			return w.refuse(ctx, entry, e)
		}
		approvals++
		to = store.RequestPending // until the rule's number of approvals is reached
		if approvals >= rule.Required {
			to = store.RequestApproved
		}
	}
	a := store.Approval{RequestID: id, Approver: s.User.Name, Decision: decision, Comment: comment, At: w.Now().UTC().Truncate(time.Microsecond)}
	if e := w.signApproval(s, &a, sub.fields); e != nil {
		return w.refuse(ctx, entry, e)
	}
	return w.db.Update(ctx, func(tx store.Txn) error {
		if to != store.RequestPending {
			if err := sub.setStatus(ctx, tx, store.RequestPending, to); err != nil {
				return errf("not_pending", err, id, "changed")
			}
		}
		if err := sub.addApproval(ctx, tx, a); err != nil {
			return err
		}
		entry.Outcome, entry.Detail = store.OutcomeOK, comment
		if decision == store.DecisionApprove && to == store.RequestPending {
			entry.Detail = fmt.Sprintf("%s (approval %d of %d)", comment, approvals, rule.Required)
		}
		return w.ledger(ctx, tx, entry)
	})
}

// StampInput names the approved request and where the stamped copy goes.
type StampInput struct {
	RequestID string
	DocPath   string    // optional: defaults to the path recorded in the request
	Doc       *Document // optional: the document already read (OpenDocument); its SM3 must still be the request's
	OutPath   string
	PIN       string
	Key       string // optional pkcs11: URI of the token key to sign with; it must be the key of the seal's certificate

	key *device.OpenedKey // a batch's key, opened once for all its documents
}

// signPDF signs a PDF held in memory into outPath, written atomically (never
// half-written), and returns the SM3 of what it wrote, hashed on the way out
// rather than read back.
func signPDF(in []byte, outPath string, perm os.FileMode, o pdfsign.Options) (*pdfsign.Result, string, error) {
	sum := sm3.New()
	var res *pdfsign.Result
	err := safefile.Write(outPath, perm, func(f io.Writer) (err error) {
		res, err = pdfsign.Sign(bytes.NewReader(in), io.MultiWriter(f, sum), o)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return res, hex.EncodeToString(sum.Sum(nil)), nil
}

// testHookBeforeSign runs between unlocking the key and signing (tests pull the key there).
var testHookBeforeSign func()

// StampResult describes a stamped document.
type StampResult struct {
	OutPath string
	OutHash string   // hex SM3 of the stamped file
	Field   string   // the first signature field
	Fields  []string // every signature field written, one a mark
}

// Stamp applies an approved request: it checks every rule again at the moment of
// use (approval present and by someone else, unused, the exact document, the
// seal usable, the PIN), signs through the seal's key, writes the stamped copy
// beside nothing else (never over the original, never half-written), and
// records the outcome. Every refusal is recorded in the ledger.
func (w *Workspace) Stamp(ctx context.Context, s *Session, in StampInput) (*StampResult, error) {
	// A cancel of ctx (the person pressed Cancel, the window closed) is
	// honoured at checkpoints up to the moment the approval is consumed, never
	// in the middle of a database write: the work itself runs uncancelled.
	cancel := ctx
	ctx = context.WithoutCancel(ctx)
	req, err := w.db.Request(ctx, in.RequestID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errf("request_missing", err, in.RequestID)
	}
	if err != nil {
		return nil, err
	}
	entry := store.Entry{Actor: actor(s), Kind: EntryStamp, SealID: req.SealID, RequestID: req.ID, DocName: req.DocName, DocHash: req.DocHash}
	refuse := func(e *Error) (*StampResult, error) { return nil, w.refuse(ctx, entry, e) }
	// A cancelled stamp writes no file, leaves the approval unused, and is a
	// failure entry in the ledger.
	cancelled := func() (*StampResult, error) {
		entry.Outcome, entry.Detail = store.OutcomeFailed, "cancelled: "+context.Cause(cancel).Error()
		if err := w.db.Update(ctx, func(tx store.Txn) error { return w.ledger(ctx, tx, entry) }); err != nil {
			return nil, fmt.Errorf("record cancelled stamp: %w", err)
		}
		return nil, errf("cancelled", context.Cause(cancel))
	}
	if cancel.Err() != nil {
		return cancelled()
	}

	if e := need(s, RoleCustodian); e != nil {
		return refuse(e)
	}
	// The custodian, the seal, its rule and grants as the ledger recorded
	// them (issue 12), before anything else is read from them.
	if e := w.checkUseRows(ctx, s.User.Name, req.SealID); e != nil {
		return refuse(e)
	}
	switch req.Status {
	case store.RequestPending:
		return refuse(errf("not_approved", nil, req.ID))
	case store.RequestRejected:
		return refuse(errf("rejected", nil, req.ID))
	case store.RequestUsed:
		return refuse(errf("already_used", nil, req.ID))
	case store.RequestStamping:
		return refuse(errf("stamp_in_progress", nil, req.ID))
	case store.RequestFailed:
		return refuse(errf("stamp_failed", nil, req.ID))
	case store.RequestWithdrawn:
		return refuse(errf("request_withdrawn", nil, req.ID))
	}
	rule, err := w.db.ApprovalRule(ctx, req.SealID)
	if err != nil {
		return nil, err
	}
	if e := w.checkDecisions(ctx, req.ID, req.Requester, w.db.Approvals, stampRequestFields(req), rule); e != nil {
		return refuse(e)
	}
	hist, e := w.history(ctx, req.ID)
	if e == nil {
		e = checkUnusedInLedger(req, hist)
	}
	if e != nil && (e.Code == "ledger_used" || e.Code == "ledger_withdrawn") {
		// Another process may have reserved or withdrawn the request since
		// its row was read above: the row read again says so, and that is
		// a race lost, not a database edited behind SealDesk's back.
		if now, err := w.db.Request(ctx, req.ID); err == nil && now.Status != req.Status {
			switch now.Status {
			case store.RequestStamping:
				e = errf("stamp_in_progress", nil, req.ID)
			case store.RequestUsed:
				e = errf("already_used", nil, req.ID)
			case store.RequestWithdrawn:
				e = errf("request_withdrawn", nil, req.ID)
			}
		}
	}
	if e != nil {
		return refuse(e)
	}
	if s.User.Name != req.Requester {
		return refuse(errf("not_requester", nil, req.Requester))
	}
	if e := w.checkWorkstation(req); e != nil {
		return refuse(e)
	}
	sl, err := w.db.Seal(ctx, req.SealID)
	if err != nil {
		return nil, err
	}
	if e := w.usable(sl); e != nil {
		return refuse(e)
	}
	if e := w.checkGrant(ctx, s.User.Name, sl, w.Now()); e != nil {
		return refuse(e)
	}
	if in.key == nil && in.Key == "" {
		// A software key whose PIN is older than the rule allows: refused
		// before the PIN is tried, the approval unspent (sealpin.go). A
		// batch checks once for all its documents.
		if e := w.pinFresh(ctx, sl); e != nil {
			return refuse(e)
		}
	}

	docPath := requestDocPath(in.Doc, in.DocPath, req.DocPath)
	if err := checkOutPath(docPath, in.OutPath); err != nil {
		return nil, err
	}
	// A document the person opened is signed as it was read; otherwise the
	// file is scanned, not held: it is copied when signed (signScanned).
	doc, e, err := openApproved(ctx, in.Doc, docPath, req.DocHash, w.scanDocument)
	if err != nil {
		return nil, err
	}
	if e != nil {
		entry.Detail = "document hash " + doc.SM3
		return refuse(e)
	}

	if doc.Format == FormatOFD {
		// Checked at request; again here, before the approval is spent
		// (an imported request, a seal changed since). stampofd.go.
		if e := ofdSealProblem(sl); e != nil {
			return refuse(e)
		}
	}

	if in.Key != "" {
		if _, err := device.ParseURI(in.Key); err != nil {
			return nil, errf("key_uri", err, err)
		}
		sl.KeyRef = in.Key // OpenKey checks it is the key of the seal's certificate
	}
	key := in.key
	if key == nil {
		key, err = device.OpenKey(sl.KeyRef, in.PIN, device.OpenOptions{Dir: w.Home, Cert: sl.Cert, Chain: sl.Chain, Signatures: len(req.Placements)})
		if err != nil {
			return refuse(wrapDevice(err))
		}
	}
	signer, chain := key.Signer, key.Chain
	picture, err := w.preparedPicture(sl)
	if err != nil {
		return nil, err
	}
	opts := pdfsign.Options{
		Signer: signer, Chain: chain, Page: req.Page, CenterXMM: req.XMM, CenterYMM: req.YMM, // the marks: req.Placements

		WidthMM: sl.WidthMM, HeightMM: sl.HeightMM, PreparedPicture: picture,
		Name: sl.Name, Reason: req.Reason, Location: w.Organisation(ctx), Time: w.Now(), SealData: sl.SealData, Rand: w.Rand,
	}
	if testHookBeforeSign != nil {
		testHookBeforeSign()
	}
	if cancel.Err() != nil { // after the PIN check, which takes a while
		return cancelled()
	}
	// From here on the approval is spent: reserve, sign, commit (issue 11).
	// Cancel is no longer honoured; finishing is the only outcome that
	// leaves the ledger and the disk in agreement.
	return w.signAndCommit(ctx, s, req, sl, entry, doc, docPath, in.OutPath, opts)
}

// preparedPicture is the seal's picture decoded and compressed for a PDF,
// kept for the workspace's life under the SM3 of its PNG: a batch, or a
// day's stamps with one seal, decode and compress it once.
func (w *Workspace) preparedPicture(sl store.Seal) (*pdfsign.Picture, error) {
	key := sm3Hex(sl.Picture)
	if p, ok := w.pictures.Load(key); ok {
		return p.(*pdfsign.Picture), nil
	}
	img, err := png.Decode(bytes.NewReader(sl.Picture))
	if err != nil {
		return nil, fmt.Errorf("decode seal picture: %w", err)
	}
	p, err := pdfsign.PreparePicture(img)
	if err != nil {
		return nil, err
	}
	w.pictures.Store(key, p)
	return p, nil
}

func short(h string) string {
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}

// checkDecisions requires at least one approval by an approver who is not the
// requester, and no rejection. It reads the rows again at the moment of use, so
// an approval row forged into the database by the requester is caught.
func (w *Workspace) checkDecisions(ctx context.Context, id, requester string, list func(context.Context, string) ([]store.Approval, error), fields [][2]string, rule store.ApprovalRule) *Error {
	as, err := list(ctx, id)
	if err != nil {
		return errf("internal", err, err)
	}
	valid := map[string]bool{} // distinct approvers whose signed approval counts under the rule
	for _, a := range as {
		if a.Decision == store.DecisionReject {
			return errf("rejected", nil, id)
		}
		if a.Approver == requester {
			return errf("self_approval", nil, id)
		}
		if err := w.checkApprovalSignature(a, fields); err != nil {
			return errf("approval_signature", err, id, err)
		}
		if e := ruleAllows(rule, a.Approver); e != nil {
			return e
		}
		// A local approver must still hold the role; an approver of another
		// workstation (an approval imported from headquarters) is vouched for by
		// the trusted certificate that names them.
		u, err := w.db.User(ctx, a.Approver)
		if err == nil {
			if e := w.checkRows(ctx, store.UserRow(a.Approver)); e != nil {
				return e
			}
		}
		switch {
		case err == nil && u.HasRole(RoleApprover) && !u.Disabled:
			valid[a.Approver] = true
		case errors.Is(err, store.ErrNotFound):
			valid[a.Approver] = true
		}
	}
	hist, e := w.history(ctx, id)
	if e == nil {
		e = checkApprovalsInLedger(id, as, hist)
	}
	if e != nil {
		return e
	}
	switch {
	case len(valid) == 0:
		return errf("not_approved", nil, id)
	case len(valid) < rule.Required:
		return errf("more_approvals", nil, id, rule.Required, len(valid))
	}
	return nil
}

func checkOutPath(in, out string) error {
	if out == "" {
		return errf(CodeOutMissing, nil)
	}
	ai, _ := filepath.Abs(in)
	ao, _ := filepath.Abs(out)
	if ai == ao {
		return errf("out_is_input", nil, out)
	}
	if fi, err := os.Stat(out); err == nil {
		if fin, err := os.Stat(in); err == nil && os.SameFile(fi, fin) {
			return errf("out_is_input", nil, out)
		}
	}
	return CheckNewFile(out)
}
