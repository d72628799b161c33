package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"sealdesk/place"
)

// Request statuses.
const (
	RequestPending  = "pending"
	RequestApproved = "approved"
	RequestRejected = "rejected"
	RequestUsed     = "used"
	// RequestWithdrawn: its requester took it back before it was used.
	RequestWithdrawn = "withdrawn"
	// RequestStamping: a stamp reserved the approval and is signing now (or
	// was interrupted; the next command recovers it). The approval is spent.
	RequestStamping = "stamping"
	// RequestFailed: a stamp was interrupted before it produced a complete
	// file. The approval is spent; a new request is needed.
	RequestFailed = "failed"
)

// Request asks to stamp one exact document with one seal at one spot.
type Request struct {
	ID        string
	SealID    string
	Requester string
	DocName   string
	DocPath   string
	DocHash   string // hex SM3 of the document bytes
	DocSize   int64
	// Placements are where the seal goes, in order. Page, XMM and YMM are
	// the first of them (the one spot of a request made before lists).
	Placements place.List
	// Rule says how the placements were chosen ("" for spots picked by
	// hand): "keyword …", "seam …".
	Rule string
	// Batch names the requests filed together over many documents ("" for
	// one alone); each still has its own approval and stamp.
	Batch     string `json:",omitempty"`
	Page      int
	XMM, YMM  float64
	Reason    string
	Status    string
	CreatedAt time.Time
	UsedAt    time.Time
	OutPath   string
	OutHash   string
	// Workstation is the SM3 (hex) of the certificate of the workstation the
	// request came from; only that workstation may stamp it. "" for requests
	// made before workstations were named.
	Workstation string `json:",omitempty"`
}

const requestColumns = "id, seal_id, requester, doc_name, doc_path, doc_hash, doc_size, page, x_mm, y_mm, reason, status, created_at, used_at, out_path, out_hash, workstation, placements, rule, batch"

// CreateRequest adds a request. A request with no Placements has the one at
// Page, XMM, YMM; one with Placements keeps the first in those fields too.
func (tx *Tx) CreateRequest(ctx context.Context, r Request) error {
	places := ""
	if len(r.Placements) > 0 {
		first := r.Placements[0]
		r.Page, r.XMM, r.YMM = first.Page, first.XMM, first.YMM
		places = r.Placements.String()
	}
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO requests("+requestColumns+") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?)",
		r.ID, r.SealID, r.Requester, r.DocName, r.DocPath, r.DocHash, r.DocSize, r.Page, r.XMM, r.YMM, r.Reason, r.Status, fmtTime(r.CreatedAt), r.Workstation,
		places, r.Rule, r.Batch)
	if err != nil {
		return fmt.Errorf("create request %s: %w", r.ID, err)
	}
	return nil
}

// SetRequestStatus moves a request from one status to another. It fails with
// ErrConflict when the request is no longer in status from, so two workstations
// or processes can never both use one approval.
func (tx *Tx) SetRequestStatus(ctx context.Context, id, from, to string) error {
	res, err := tx.tx.ExecContext(ctx, "UPDATE requests SET status = ? WHERE id = ? AND status = ?", to, id, from)
	if err != nil {
		return fmt.Errorf("set request %s status: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("request %s is not %s: %w", id, from, ErrConflict)
	}
	return nil
}

// Reservation is a stamp in progress: the temporary file it writes, where
// that file goes, and the process writing it.
type Reservation struct {
	RequestID string
	TmpPath   string // absolute path of the temporary output in the target folder
	OutPath   string // absolute path the output is moved to once committed
	PID       int
	Started   time.Time
	Status    string // RequestStamping, or RequestUsed while the move into place is unfinished
	DocHash   string
	DocSize   int64
	OutHash   string
}

// ReserveRequest moves an approved request to RequestStamping, recording the
// temporary file and the process. It fails with ErrConflict when the request
// is not approved any more: of two processes, exactly one reserves.
func (tx *Tx) ReserveRequest(ctx context.Context, r Reservation) error {
	res, err := tx.tx.ExecContext(ctx, "UPDATE requests SET status = ?, stamp_tmp = ?, out_path = ?, stamp_pid = ?, stamp_started = ? WHERE id = ? AND status = ?",
		RequestStamping, r.TmpPath, r.OutPath, r.PID, fmtTime(r.Started), r.RequestID, RequestApproved)
	if err != nil {
		return fmt.Errorf("reserve request %s: %w", r.RequestID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("request %s is not approved: %w", r.RequestID, ErrConflict)
	}
	return nil
}

// MarkRequestUsed records that a reserved request produced its stamped
// output. The temporary file stays named (stamp_tmp) until DoneMoving.
func (tx *Tx) MarkRequestUsed(ctx context.Context, id string, at time.Time, outPath, outHash string) error {
	res, err := tx.tx.ExecContext(ctx, "UPDATE requests SET status = ?, used_at = ?, out_path = ?, out_hash = ? WHERE id = ? AND status = ?",
		RequestUsed, fmtTime(at), outPath, outHash, id, RequestStamping)
	if err != nil {
		return fmt.Errorf("mark request %s used: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("request %s is not being stamped: %w", id, ErrConflict)
	}
	return nil
}

// MarkRequestFailed records that a reserved stamp ended without an output.
func (tx *Tx) MarkRequestFailed(ctx context.Context, id string) error {
	res, err := tx.tx.ExecContext(ctx, "UPDATE requests SET status = ?, stamp_tmp = NULL WHERE id = ? AND status = ?",
		RequestFailed, id, RequestStamping)
	if err != nil {
		return fmt.Errorf("mark request %s failed: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("request %s is not being stamped: %w", id, ErrConflict)
	}
	return nil
}

// ReleaseRequest gives a reservation back (stamping → approved). Only for a
// stamp that failed before any signature value existed: the key refused to
// sign, so nothing that verifies can be on disk.
func (tx *Tx) ReleaseRequest(ctx context.Context, id string) error {
	res, err := tx.tx.ExecContext(ctx, "UPDATE requests SET status = ?, stamp_tmp = NULL, stamp_pid = NULL, stamp_started = NULL, out_path = NULL WHERE id = ? AND status = ?",
		RequestApproved, id, RequestStamping)
	if err != nil {
		return fmt.Errorf("release request %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("request %s is not being stamped: %w", id, ErrConflict)
	}
	return nil
}

// DoneMoving forgets a used request's temporary file once it is in place.
func (db *DB) DoneMoving(ctx context.Context, id string) error {
	if _, err := db.db.ExecContext(ctx, "UPDATE requests SET stamp_tmp = NULL WHERE id = ? AND status = ?", id, RequestUsed); err != nil {
		return fmt.Errorf("finish stamp of %s: %w", id, err)
	}
	return nil
}

// Reservations lists the stamps that are in progress, were interrupted, or
// whose output has not been moved into place yet.
func (r reader) Reservations(ctx context.Context) ([]Reservation, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT id, COALESCE(stamp_tmp, ''), COALESCE(out_path, ''), COALESCE(stamp_pid, 0), COALESCE(stamp_started, ''), status,
		doc_hash, doc_size, COALESCE(out_hash, '') FROM requests WHERE status = ? OR (status = ? AND stamp_tmp IS NOT NULL) ORDER BY id`, RequestStamping, RequestUsed)
	if err != nil {
		return nil, fmt.Errorf("list stamps in progress: %w", err)
	}
	defer rows.Close()
	var out []Reservation
	for rows.Next() {
		var v Reservation
		var started string
		if err := rows.Scan(&v.RequestID, &v.TmpPath, &v.OutPath, &v.PID, &started, &v.Status, &v.DocHash, &v.DocSize, &v.OutHash); err != nil {
			return nil, fmt.Errorf("list stamps in progress: %w", err)
		}
		v.Started = parseTime(started)
		out = append(out, v)
	}
	return out, rows.Err()
}

// ErrConflict means a row changed under us.
var ErrConflict = errors.New("store: conflicting change")

func scanRequest(row interface{ Scan(...any) error }) (Request, error) {
	var r Request
	var created string
	var used, outPath, outHash sql.NullString
	var places string
	err := row.Scan(&r.ID, &r.SealID, &r.Requester, &r.DocName, &r.DocPath, &r.DocHash, &r.DocSize, &r.Page, &r.XMM, &r.YMM,
		&r.Reason, &r.Status, &created, &used, &outPath, &outHash, &r.Workstation, &places, &r.Rule, &r.Batch)
	if err != nil {
		return r, err
	}
	r.CreatedAt, r.UsedAt = parseTime(created), parseTime(used.String)
	r.OutPath, r.OutHash = outPath.String, outHash.String
	if places == "" {
		r.Placements = place.List{{Page: r.Page, XMM: r.XMM, YMM: r.YMM}}
		return r, nil
	}
	// A list edited into something unreadable is reported as such; its
	// approval signature, over the canonical text, fails anyway.
	if r.Placements, err = place.ParseList(places); err != nil {
		return r, fmt.Errorf("request %s: placements: %w", r.ID, err)
	}
	return r, nil
}

// Request returns the request with the given id.
func (r reader) Request(ctx context.Context, id string) (Request, error) {
	req, err := scanRequest(r.q.QueryRowContext(ctx, "SELECT "+requestColumns+" FROM requests WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Request{}, fmt.Errorf("request %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return Request{}, fmt.Errorf("read request %s: %w", id, err)
	}
	return req, nil
}

// Requests lists requests, newest first; an empty status lists all.
func (r reader) Requests(ctx context.Context, status string) ([]Request, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+requestColumns+" FROM requests WHERE ? = '' OR status = ? ORDER BY created_at DESC, id", status, status)
	if err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	defer rows.Close()
	var out []Request
	for rows.Next() {
		req, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("list requests: %w", err)
		}
		out = append(out, req)
	}
	return out, rows.Err()
}

// Approval decisions.
const (
	DecisionApprove = "approve"
	DecisionReject  = "reject"
)

// Approval is one approver's decision on a request.
type Approval struct {
	ID        int64
	RequestID string
	Approver  string
	Decision  string
	Comment   string
	At        time.Time
	Signature []byte // the approver's signature over the decision (app defines what is signed)
	Cert      []byte // the certificate it verifies with, DER
}

// AddApproval records a decision.
func (tx *Tx) AddApproval(ctx context.Context, a Approval) error {
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO approvals(request_id, approver, decision, comment, at, signature, cert) VALUES(?, ?, ?, ?, ?, ?, ?)",
		a.RequestID, a.Approver, a.Decision, a.Comment, fmtTime(a.At), nonNil(a.Signature), nonNil(a.Cert))
	if err != nil {
		return fmt.Errorf("record approval of %s: %w", a.RequestID, err)
	}
	return nil
}

// Approvals returns the decisions on a request, oldest first.
func (r reader) Approvals(ctx context.Context, requestID string) ([]Approval, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT id, request_id, approver, decision, comment, at, signature, cert FROM approvals WHERE request_id = ? ORDER BY id", requestID)
	if err != nil {
		return nil, fmt.Errorf("list approvals: %w", err)
	}
	return scanApprovals(rows)
}

func scanApprovals(rows *sql.Rows) ([]Approval, error) {
	defer rows.Close()
	var out []Approval
	for rows.Next() {
		var a Approval
		var at string
		if err := rows.Scan(&a.ID, &a.RequestID, &a.Approver, &a.Decision, &a.Comment, &at, &a.Signature, &a.Cert); err != nil {
			return nil, fmt.Errorf("list approvals: %w", err)
		}
		a.At = parseTime(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// nonNil keeps NOT NULL blob columns from receiving NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
