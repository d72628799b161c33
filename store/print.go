package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// PrintRequest asks for a number of authorised paper copies of one stamped document.
type PrintRequest struct {
	ID        string
	Requester string
	DocName   string
	DocPath   string
	DocHash   string
	Copies    int
	Printed   int
	Reason    string
	Status    string // RequestPending, RequestApproved, RequestRejected, RequestUsed
	CreatedAt time.Time
}

const printColumns = "id, requester, doc_name, doc_path, doc_hash, copies, printed, reason, status, created_at"

// CreatePrintRequest adds a print request.
func (tx *Tx) CreatePrintRequest(ctx context.Context, p PrintRequest) error {
	if err := tx.touch(ctx, PrintRow(p.ID)); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO print_requests("+printColumns+") VALUES(?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
		p.ID, p.Requester, p.DocName, p.DocPath, p.DocHash, p.Copies, p.Reason, p.Status, fmtTime(p.CreatedAt))
	if err != nil {
		return fmt.Errorf("create print request %s: %w", p.ID, err)
	}
	return nil
}

func scanPrint(row interface{ Scan(...any) error }) (PrintRequest, error) {
	var p PrintRequest
	var created string
	err := row.Scan(&p.ID, &p.Requester, &p.DocName, &p.DocPath, &p.DocHash, &p.Copies, &p.Printed, &p.Reason, &p.Status, &created)
	p.CreatedAt = parseTime(created)
	return p, err
}

// PrintRequest returns the print request with the given id.
func (r reader) PrintRequest(ctx context.Context, id string) (PrintRequest, error) {
	p, err := scanPrint(r.q.QueryRowContext(ctx, "SELECT "+printColumns+" FROM print_requests WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return PrintRequest{}, fmt.Errorf("print request %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return PrintRequest{}, fmt.Errorf("read print request %s: %w", id, err)
	}
	return p, nil
}

// PrintRequests lists print requests, newest first; an empty status lists all.
func (r reader) PrintRequests(ctx context.Context, status string) ([]PrintRequest, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+printColumns+" FROM print_requests WHERE ? = '' OR status = ? ORDER BY created_at DESC, id", status, status)
	if err != nil {
		return nil, fmt.Errorf("list print requests: %w", err)
	}
	defer rows.Close()
	var out []PrintRequest
	for rows.Next() {
		p, err := scanPrint(rows)
		if err != nil {
			return nil, fmt.Errorf("list print requests: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SetPrintRequestStatus moves a print request from one status to another, or
// fails with ErrConflict when it is no longer in status from.
func (tx *Tx) SetPrintRequestStatus(ctx context.Context, id, from, to string) error {
	if err := tx.touch(ctx, PrintRow(id)); err != nil {
		return err
	}
	res, err := tx.tx.ExecContext(ctx, "UPDATE print_requests SET status = ? WHERE id = ? AND status = ?", to, id, from)
	if err != nil {
		return fmt.Errorf("set print request %s status: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("print request %s is not %s: %w", id, from, ErrConflict)
	}
	return nil
}

// CountCopy takes one copy from an approved print request and returns its
// number (1-based). The update is conditional, so however many processes print
// at once, no more copies than approved are ever counted; the last one turns
// the request to "used".
func (tx *Tx) CountCopy(ctx context.Context, id string) (int, error) {
	if err := tx.touch(ctx, PrintRow(id)); err != nil {
		return 0, err
	}
	res, err := tx.tx.ExecContext(ctx, `UPDATE print_requests SET printed = printed + 1,
		status = CASE WHEN printed + 1 = copies THEN 'used' ELSE status END
		WHERE id = ? AND status = 'approved' AND printed < copies`, id)
	if err != nil {
		return 0, fmt.Errorf("count copy of %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, fmt.Errorf("print request %s has no copies left: %w", id, ErrConflict)
	}
	var n int
	if err := tx.tx.QueryRowContext(ctx, "SELECT printed FROM print_requests WHERE id = ?", id).Scan(&n); err != nil {
		return 0, fmt.Errorf("count copy of %s: %w", id, err)
	}
	return n, nil
}

// AddPrintApproval records a decision on a print request.
func (tx *Tx) AddPrintApproval(ctx context.Context, a Approval) error {
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO print_approvals(request_id, approver, decision, comment, at, signature, cert) VALUES(?, ?, ?, ?, ?, ?, ?)",
		a.RequestID, a.Approver, a.Decision, a.Comment, fmtTime(a.At), nonNil(a.Signature), nonNil(a.Cert))
	if err != nil {
		return fmt.Errorf("record approval of %s: %w", a.RequestID, err)
	}
	return nil
}

// PrintApprovals returns the decisions on a print request, oldest first.
func (r reader) PrintApprovals(ctx context.Context, id string) ([]Approval, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT id, request_id, approver, decision, comment, at, signature, cert FROM print_approvals WHERE request_id = ? ORDER BY id", id)
	if err != nil {
		return nil, fmt.Errorf("list print approvals: %w", err)
	}
	return scanApprovals(rows)
}
