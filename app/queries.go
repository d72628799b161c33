package app

import (
	"context"
	"errors"
	"fmt"

	"sealdesk/device"
	"sealdesk/store"
)

// The read side of the workspace for the faces (ui, sealctl): they list seals,
// requests, grants and the ledger through these methods and never hold the
// database, so every write goes through a workflow that checks the rules and
// writes the ledger (issue #14 point 1).
//
// The row types are aliases of the store's: each is exactly what a face shows
// (a seal's picture and certificate, a request's document and position, an
// entry's hashes), so an app copy would add a second definition to keep in step
// and nothing else. ChainBreakError is the one real app type here: it is what a
// face needs from any broken-ledger finding, whether the chain or a signed head
// failed.
type (
	// Seal is a seal of the organisation bound to the key that signs with it.
	Seal = store.Seal
	// SealLifecycle is what the workspace keeps about a seal beside its row:
	// origin, vendor, the reason of its last suspension or revocation, re-issue links.
	SealLifecycle = store.Lifecycle
	// StampRequest asks to stamp one exact document with one seal at one spot.
	StampRequest = store.Request
	// PrintRequest asks for authorised paper copies of one stamped document.
	PrintRequest = store.PrintRequest
	// Approval is one approver's signed decision on a request.
	Approval = store.Approval
	// LedgerEntry is one line of the ledger.
	LedgerEntry = store.Entry
	// LedgerFilter selects ledger entries; zero fields match everything.
	LedgerFilter = store.LedgerFilter
	// User is a person who signs in to the workspace (Session.User's type).
	User = store.User
	// Grant lets a user use a seal for a period, unless withdrawn.
	Grant = store.Grant
	// ApprovalRule says how many approvals a seal's use needs and from whom.
	ApprovalRule = store.ApprovalRule
)

// Seal statuses.
const (
	SealActive    = store.SealActive
	SealSuspended = store.SealSuspended
	SealRevoked   = store.SealRevoked
)

// Statuses of stamp and print requests.
const (
	RequestPending   = store.RequestPending
	RequestApproved  = store.RequestApproved
	RequestRejected  = store.RequestRejected
	RequestUsed      = store.RequestUsed
	RequestWithdrawn = store.RequestWithdrawn
)

// Outcomes of a ledger entry.
const (
	OutcomeOK      = store.OutcomeOK
	OutcomeRefused = store.OutcomeRefused
	OutcomeFailed  = store.OutcomeFailed
)

// Seals lists every seal of the workspace, whatever its status.
func (w *Workspace) Seals(ctx context.Context) ([]Seal, error) { return w.db.Seals(ctx) }

// Seal returns the seal with this id (FindSeal also takes a code or a name).
func (w *Workspace) Seal(ctx context.Context, id string) (Seal, error) { return w.db.Seal(ctx, id) }

// SealLifecycle returns what the workspace keeps about seal id's life.
func (w *Workspace) SealLifecycle(ctx context.Context, id string) (SealLifecycle, error) {
	return w.db.Lifecycle(ctx, id)
}

// Requests lists the stamp requests in status, or all of them for "".
func (w *Workspace) Requests(ctx context.Context, status string) ([]StampRequest, error) {
	return w.db.Requests(ctx, status)
}

// StampRequest returns the stamp request id.
func (w *Workspace) StampRequest(ctx context.Context, id string) (StampRequest, error) {
	return w.db.Request(ctx, id)
}

// Approvals lists the decisions on stamp request id.
func (w *Workspace) Approvals(ctx context.Context, id string) ([]Approval, error) {
	return w.db.Approvals(ctx, id)
}

// ApprovedRequest returns user's approved, unused stamp request for exactly
// the document whose SM3 hash (hex) is docHash: the newest when there are
// several, or nil when there is none.
func (w *Workspace) ApprovedRequest(ctx context.Context, user, docHash string) (*StampRequest, error) {
	reqs, err := w.db.Requests(ctx, store.RequestApproved)
	if err != nil {
		return nil, err
	}
	var found *StampRequest
	for i := range reqs {
		if reqs[i].DocHash == docHash && reqs[i].Requester == user {
			found = &reqs[i]
		}
	}
	return found, nil
}

// PrintRequests lists the print requests in status, or all of them for "".
func (w *Workspace) PrintRequests(ctx context.Context, status string) ([]PrintRequest, error) {
	return w.db.PrintRequests(ctx, status)
}

// PrintRequest returns the print request id.
func (w *Workspace) PrintRequest(ctx context.Context, id string) (PrintRequest, error) {
	return w.db.PrintRequest(ctx, id)
}

// Ledger returns the entries matching f in chain order. It reads; whether
// the chain is intact is LedgerStatus's question.
func (w *Workspace) Ledger(ctx context.Context, f LedgerFilter) ([]LedgerEntry, error) {
	return w.db.Ledger(ctx, f)
}

// ChainBreakError says where the ledger stops being trustworthy: an entry
// edited, removed or added behind SealDesk's back, or a signed head or archive
// checkpoint that does not check.
type ChainBreakError struct {
	Seq    int64  // the first entry found broken (for a deletion: the entry after the gap)
	Reason string // what is wrong there, in English
	Err    error
}

func (e *ChainBreakError) Error() string {
	return fmt.Sprintf("ledger broken at entry %d: %s", e.Seq, e.Reason)
}

func (e *ChainBreakError) Unwrap() error { return e.Err }

// LedgerStatus checks the whole ledger as VerifyLedger does and returns the
// number of entries ever written; a broken chain or head is a
// *ChainBreakError, any other error means the check could not be made.
func (w *Workspace) LedgerStatus(ctx context.Context) (int64, error) {
	return chainBreak(w.VerifyLedger(ctx))
}

// LedgerStatusFull is LedgerStatus that also checks every signed head's
// signature, on all cores.
func (w *Workspace) LedgerStatusFull(ctx context.Context) (int64, error) {
	return chainBreak(w.VerifyLedgerFull(ctx))
}

func chainBreak(n int64, err error) (int64, error) {
	var ce *store.ChainError
	if errors.As(err, &ce) {
		return n, &ChainBreakError{Seq: ce.Seq, Reason: ce.Reason, Err: err}
	}
	return n, err
}

// AllUsers lists the workspace's users (for pickers: names and roles).
func (w *Workspace) AllUsers(ctx context.Context) ([]User, error) { return w.db.Users(ctx) }

// Grants lists the grants of user on seal sealID; "" matches every user or seal.
func (w *Workspace) Grants(ctx context.Context, user, sealID string) ([]Grant, error) {
	return w.db.Grants(ctx, user, sealID)
}

// ApprovalProgress says how many approvals stamp request id has and how many
// its seal's rule needs.
func (w *Workspace) ApprovalProgress(ctx context.Context, id string) (have, need int, err error) {
	r, err := w.db.Request(ctx, id)
	if err != nil {
		return 0, 0, err
	}
	rule, err := w.db.ApprovalRule(ctx, r.SealID)
	if err != nil {
		return 0, 0, err
	}
	as, err := w.db.Approvals(ctx, id)
	if err != nil {
		return 0, 0, err
	}
	for _, a := range as {
		if a.Decision == store.DecisionApprove {
			have++
		}
	}
	return have, max(rule.Required, 1), nil
}

// ApprovalRule returns seal sealID's approval rule (one approval from any
// approver when none was set).
func (w *Workspace) ApprovalRule(ctx context.Context, sealID string) (ApprovalRule, error) {
	return w.db.ApprovalRule(ctx, sealID)
}

// USBVendorTable returns the workspace's own additions to the USB vendor
// table as the administrator wrote them (SetUSBVendors' input), "" for none.
func (w *Workspace) USBVendorTable(ctx context.Context) (string, error) {
	return w.db.Meta(ctx, metaUSBVendors)
}

// Key algorithms a new seal may use (MakeSealInput.Algorithm).
const (
	AlgSM2       = device.AlgSM2
	AlgECDSAP256 = device.AlgECDSAP256
)
