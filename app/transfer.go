package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"sealdesk/internal/safefile"
	"sealdesk/place"
	"sealdesk/store"
)

// A request file carries a stamp request and its signed approvals between
// workstations that share no network: the field exports a pending request,
// headquarters imports and approves it and exports it again, the field imports
// the signed approvals and stamps offline. Nothing in the file is taken on
// trust: every approval's signature is checked against the importing
// workstation's anchors, on import and again at the stamp.
const requestFormat = "sealdesk-request-v1"

// RequestFile is the JSON form of a request file.
type RequestFile struct {
	Format      string           `json:"format"`
	Workstation string           `json:"workstation"`
	Request     store.Request    `json:"request"`
	Approvals   []store.Approval `json:"approvals"`
	// Witness is the ledger's head at export: the exporting workstation can
	// check its ledger against the file later (ledger verify --witness).
	Witness *Witness `json:"witness,omitempty"`
	// Document is the exact document the request is for (issue 16): an
	// approver elsewhere sees its pages with every mark, as one here would.
	// Its SM3 must be the request's; absent when the file here was moved or
	// changed since the request.
	Document []byte `json:"document,omitempty"`
}

// importedDir holds the documents that came with imported request files, one
// folder a document hash.
const importedDir = "imported"

// ExportRequest writes a request and its decisions to path.
func (w *Workspace) ExportRequest(ctx context.Context, s *Session, id, path string) error {
	if s == nil {
		return errf("role", nil, "", RoleCustodian)
	}
	req, err := w.db.Request(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return errf("request_missing", err, id)
	}
	if err != nil {
		return err
	}
	if err := CheckNewFile(path); err != nil {
		return err
	}
	as, err := w.db.Approvals(ctx, id)
	if err != nil {
		return err
	}
	wt, err := w.currentWitness(ctx)
	if err != nil {
		return err
	}
	f := RequestFile{Format: requestFormat, Workstation: w.workstation, Request: req, Approvals: as, Witness: &wt}
	carried := "without the document"
	if doc, err := w.OpenDocument(ctx, req.DocPath); err == nil && doc.SM3 == req.DocHash {
		f.Document, carried = doc.data, "with the document"
	}
	if err := safefile.Write(path, 0o644, func(out io.Writer) error {
		enc := json.NewEncoder(out)
		enc.SetIndent("", " ")
		return enc.Encode(&f)
	}); err != nil {
		return err
	}
	return w.db.Update(ctx, func(tx store.Txn) error {
		return w.ledger(ctx, tx, store.Entry{Actor: s.User.Name, Kind: EntryRequestExport, Outcome: store.OutcomeOK, SealID: req.SealID,
			RequestID: id, DocName: req.DocName, DocHash: req.DocHash, Detail: fmt.Sprintf("%d decisions, %s → %s", len(as), carried, path)})
	})
}

// ImportRequest reads a request file: a new request is filed as it was (pending
// or decided); for a known request the file must describe the same request, and
// its new decisions are added. Every approval must verify against this
// workstation's trust anchors, or the file is refused whole.
func (w *Workspace) ImportRequest(ctx context.Context, s *Session, path string) (string, error) {
	entry := store.Entry{Actor: actor(s), Kind: EntryRequestImport}
	data, err := readUserFile(path, w.MaxFileSize(ctx))
	if err != nil {
		return "", err
	}
	var f RequestFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil || f.Format != requestFormat || f.Request.ID == "" {
		return "", errf("request_file", err, path, errf("rf_not_request", nil))
	}
	req := f.Request
	entry.SealID, entry.RequestID, entry.DocName, entry.DocHash = req.SealID, req.ID, req.DocName, req.DocHash
	if s == nil || !(s.User.HasRole(RoleCustodian) || s.User.HasRole(RoleApprover) || s.User.HasRole(RoleAdmin)) {
		return "", w.refuse(ctx, entry, errf("role", nil, actor(s), RoleCustodian))
	}
	if _, err := w.db.Seal(ctx, req.SealID); err != nil {
		return "", w.refuse(ctx, entry, errf("seal_missing", err, req.SealID))
	}
	status := store.RequestPending
	for _, a := range f.Approvals {
		if a.RequestID != req.ID {
			return "", w.refuse(ctx, entry, errf("request_file", nil, path, errf("rf_other_request", nil)))
		}
		if a.Approver == req.Requester {
			return "", w.refuse(ctx, entry, errf("self_approval", nil, req.ID))
		}
		if err := w.checkApprovalSignature(a, stampRequestFields(req)); err != nil {
			return "", w.refuse(ctx, entry, errf("approval_signature", err, req.ID, err))
		}
		switch a.Decision {
		case store.DecisionApprove:
			if status == store.RequestPending {
				status = store.RequestApproved
			}
		case store.DecisionReject:
			status = store.RequestRejected
		}
	}
	local, err := w.db.Request(ctx, req.ID)
	known := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	if known {
		same := local.SealID == req.SealID && local.Requester == req.Requester && local.DocHash == req.DocHash &&
			local.Page == req.Page && local.XMM == req.XMM && local.YMM == req.YMM && local.Workstation == req.Workstation &&
			local.Placements.Same(placementsOf(req)) && local.Rule == req.Rule
		if !same {
			return "", w.refuse(ctx, entry, errf("request_file", nil, path, errf("rf_differs", nil, req.ID)))
		}
	}
	if f.Document != nil {
		if got := sm3Hex(f.Document); got != req.DocHash {
			return "", w.refuse(ctx, entry, errf("request_file", nil, path, errf("rf_document", nil, short(got))))
		}
		if !known {
			if req.DocPath, err = w.keepImportedDocument(req.DocName, req.DocHash, f.Document); err != nil {
				return "", err
			}
		}
	}
	have, _ := w.db.Approvals(ctx, req.ID)
	err = w.db.Update(ctx, func(tx store.Txn) error {
		if !known {
			req.Status = store.RequestPending
			if err := tx.CreateRequest(ctx, req); err != nil {
				return err
			}
		}
		added := 0
		for _, a := range f.Approvals {
			if hasApproval(have, a) {
				continue
			}
			if err := tx.AddApproval(ctx, a); err != nil {
				return err
			}
			added++
		}
		cur := store.RequestPending
		if known {
			cur = local.Status
		}
		if cur == store.RequestPending && status != store.RequestPending {
			if err := tx.SetRequestStatus(ctx, req.ID, store.RequestPending, status); err != nil {
				return err
			}
		}
		entry.Outcome = store.OutcomeOK
		entry.Detail = fmt.Sprintf("from %s: %d new decisions; status %s", f.Workstation, added, status)
		return w.ledger(ctx, tx, entry)
	})
	if err != nil {
		return "", err
	}
	return req.ID, nil
}

func hasApproval(have []store.Approval, a store.Approval) bool {
	for _, h := range have {
		if bytes.Equal(h.Signature, a.Signature) && h.Approver == a.Approver {
			return true
		}
	}
	return false
}

// placementsOf is a request's list of marks; a request file written before
// lists has its one spot in Page, XMM, YMM.
func placementsOf(r store.Request) place.List {
	if len(r.Placements) > 0 {
		return r.Placements
	}
	return place.List{{Page: r.Page, XMM: r.XMM, YMM: r.YMM}}
}

// keepImportedDocument stores a document that came with a request file under
// the workspace, in a folder named by its hash, and returns its path.
func (w *Workspace) keepImportedDocument(name, hash string, data []byte) (string, error) {
	base := filepath.Base(filepath.Clean("/" + name))
	if base == "/" || base == "." || base == ".." {
		base = "document.pdf"
	}
	dir := filepath.Join(w.Home, importedDir, hash)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", errf("file_write", err, dir, err)
	}
	path := filepath.Join(dir, base)
	if err := safefile.WriteBytes(path, 0o600, data); err != nil {
		return "", errf("file_write", err, path, err)
	}
	return path, nil
}
