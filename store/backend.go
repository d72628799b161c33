package store

import (
	"context"
	"time"
)

// Backend is the workspace database as package app uses it: rows in, rows
// out, no SQL. *DB (SQLite, one file per workspace) is its one
// implementation; a second one — PostgreSQL, say, for an office where several
// workstations share requests and approvals — implements these three
// interfaces and app's rules (separation of duties, no stamp without
// approval, the chained ledger) run on it unchanged.
//
// What a second implementation must guarantee, because app's rules rely on
// it:
//
//   - Update runs fn in one transaction that is all or nothing: an error
//     from fn, or a crash, leaves no row and no ledger entry of it behind.
//   - Write transactions are serialised (SQLite: BEGIN IMMEDIATE). The
//     ledger is a hash chain: AppendLedger reads the last entry and links
//     after it, so two writers must never append after the same entry.
//     Serialisable isolation, or a lock on the ledger's head taken by
//     AppendLedger, both do.
//   - Status changes are compare-and-set: SetRequestStatus, ReserveRequest,
//     SetPrintRequestStatus, CountCopy and ChangeSealStatus fail with
//     ErrConflict / ErrStatusChanged when the row is no longer in the status
//     the caller read, so two workstations cannot both use one approval.
//   - A missing row is ErrNotFound (errors.Is), never a zero row.
//   - Entries and heads come back byte for byte as written (text, times to
//     the nanosecond in UTC, hashes), or the chain no longer verifies;
//     Ledger and ScanLedger return entries in sequence order.
//   - Reads outside Update see only committed transactions.
//
// Maintenance that only SQLite has (the file's path, its handle for tests)
// stays on *DB and out of this interface.
type Backend interface {
	Reader
	// Update runs fn in one write transaction: committed when fn returns
	// nil, rolled back otherwise.
	Update(ctx context.Context, fn func(Txn) error) error
	Close() error
	DoneMoving(ctx context.Context, id string) error
	ScanLedger(ctx context.Context, withSignatures bool, start func(base Head), fn func(e *Entry, h *Head) error) (LedgerScan, error)
}

// Txn is a write transaction (Backend.Update): it reads what it has
// written so far and the rows committed before it began.
type Txn interface {
	Reader
	AddEntrySig(ctx context.Context, seq int64, sig, cert []byte) error
	AddRemoteHead(ctx context.Context, h Head, importedAt time.Time) error
	AddAnchor(ctx context.Context, a Anchor) error
	AddApproval(ctx context.Context, a Approval) error
	AddGrant(ctx context.Context, g Grant) (int64, error)
	AddHead(ctx context.Context, h Head) error
	AddPrintApproval(ctx context.Context, a Approval) error
	AddRemoteEntry(ctx context.Context, e Entry, importedAt time.Time) error
	AddSealEvent(ctx context.Context, e *SealEvent) error
	AppendLedger(ctx context.Context, e *Entry) error
	ArchiveLedger(ctx context.Context, base Head) error
	ChangeSealStatus(ctx context.Context, id, from, to, reason string, at time.Time) error
	CopyGrants(ctx context.Context, from, to, by string, at time.Time) error
	CountCopy(ctx context.Context, id string) (int, error)
	CreatePrintRequest(ctx context.Context, p PrintRequest) error
	CreateRequest(ctx context.Context, r Request) error
	CreateSeal(ctx context.Context, s Seal) error
	CreateUser(ctx context.Context, u User) error
	DeleteMeta(ctx context.Context, key string) error
	MarkRequestFailed(ctx context.Context, id string) error
	MarkRequestUsed(ctx context.Context, id string, at time.Time, outPath, outHash string) error
	ReleaseRequest(ctx context.Context, id string) error
	ReserveRequest(ctx context.Context, r Reservation) error
	SetApprovalRule(ctx context.Context, r ApprovalRule) error
	SetDisabled(ctx context.Context, name string, disabled bool) error
	SetLifecycle(ctx context.Context, id string, l Lifecycle) error
	SetMeta(ctx context.Context, key, value string) error
	SetPassword(ctx context.Context, name, hash, keyRef string, cert []byte) error
	SetPrintRequestStatus(ctx context.Context, id, from, to string) error
	SetRequestStatus(ctx context.Context, id, from, to string) error
	SetSealKey(ctx context.Context, id, keyRef string, cert, chain, sealData []byte) error
	SetSealStatus(ctx context.Context, id, status string) error
	SetSignIn(ctx context.Context, name string, failed int, notBefore time.Time, locked bool) error
	WithdrawGrant(ctx context.Context, id int64, by string, at time.Time) error
	// RecordRow appends a row record (KindRow) for ref through rec.
	RecordRow(ctx context.Context, rec RowRecorder, ref RowRef, actor, detail string) error
}

// Reader is what both a Backend and a Txn answer.
type Reader interface {
	EntryHash(ctx context.Context, seq int64) (hash []byte, ok bool, err error)
	HasLedgerKind(ctx context.Context, kind string) (bool, error)
	RemoteHeads(ctx context.Context, workstation string, from, to int64) ([]Head, error)
	Anchors(ctx context.Context) ([]Anchor, error)
	ApprovalRule(ctx context.Context, sealID string) (ApprovalRule, error)
	Approvals(ctx context.Context, requestID string) ([]Approval, error)
	Grants(ctx context.Context, user, sealID string) ([]Grant, error)
	Heads(ctx context.Context) ([]Head, error)
	LastEntry(ctx context.Context) (Entry, bool, error)
	// LatestSealEntry is the newest entry with outcome ok about the seal
	// whose kind is one of kinds (false when there is none).
	LatestSealEntry(ctx context.Context, sealID string, kinds ...string) (Entry, bool, error)
	Ledger(ctx context.Context, f LedgerFilter) ([]Entry, error)
	LedgerBase(ctx context.Context) (Head, error)
	Lifecycle(ctx context.Context, id string) (Lifecycle, error)
	Meta(ctx context.Context, key string) (string, error)
	PrintApprovals(ctx context.Context, id string) ([]Approval, error)
	PrintRequest(ctx context.Context, id string) (PrintRequest, error)
	PrintRequests(ctx context.Context, status string) ([]PrintRequest, error)
	RemoteEntries(ctx context.Context, workstation string) ([]Entry, error)
	RemoteEntry(ctx context.Context, workstation string, seq int64) (Entry, bool, error)
	RemoteLast(ctx context.Context, workstation string) (int64, error)
	Request(ctx context.Context, id string) (Request, error)
	Requests(ctx context.Context, status string) ([]Request, error)
	Reservations(ctx context.Context) ([]Reservation, error)
	Seal(ctx context.Context, id string) (Seal, error)
	SealByCode(ctx context.Context, code string) (Seal, error)
	SealEvents(ctx context.Context, id string) ([]SealEvent, error)
	Seals(ctx context.Context) ([]Seal, error)
	User(ctx context.Context, name string) (User, error)
	Users(ctx context.Context) ([]User, error)
	VerifyLedger(ctx context.Context) (int64, error)
	// Authenticated rows (rows.go): each guarded row's content against its
	// latest record in the ledger, and the head signed for an entry.
	HeadAt(ctx context.Context, seq int64) (Head, bool, error)
	RecordedRow(ctx context.Context, ref RowRef) (hash string, ok bool, err error)
	CheckRow(ctx context.Context, ref RowRef) error
	GuardedRows(ctx context.Context) ([]RowRef, error)
	RecordedRows(ctx context.Context) ([]RowState, error)
	CheckRowsRecorded(ctx context.Context, recorded map[string]string) error
}

var (
	_ Backend = (*DB)(nil)
	_ Txn     = (*Tx)(nil)
)
