// Package app holds SealDesk's workflows and rules: sign-in, stamp requests,
// approvals, stamping, verification and the ledger. The desktop (package ui) and
// the command line (cmd/sealctl) are thin faces over it. Every method is safe to
// call from any goroutine and takes a context.
//
// The rules it enforces (REFERENCE §1): a seal is used only with an approval
// that names the exact document, seal, page and position; the approver is never
// the requester; an approval is used once; every request, decision, stamp and
// refusal is a ledger entry written in the same transaction as the change.
package app

import (
	"context"
	"crypto"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/pdfview"
	"sealdesk/store"
)

// Workspace is an open SealDesk workspace folder.
type Workspace struct {
	Home string
	db   store.Backend // only app reaches the database: the faces go through its methods (issue #14)

	// Injectable for deterministic tests.
	Now  func() time.Time
	Rand io.Reader

	permFixes []PermissionFix
	recovered []Recovered

	workstation string
	ip          string // this workstation's address, found at open; "" when unknown

	renderOnce sync.Once
	pictures   sync.Map // SM3 of a seal picture PNG → *pdfsign.Picture (preparedPicture)
	render     *pdfview.Renderer
	renderErr  error

	// The workstation key and certificate, opened once (heads.go); wsMu
	// guards them, as a move to a token (wstoken.go) makes them stale.
	wsMu     sync.Mutex
	wsOpened bool
	wsSoft   bool // the open key is the software key file
	wsSigner crypto.Signer
	wsCert   *smx509.Certificate
	wsErr    error
	// the workstation certificate alone, for checks that need no key (rowauth.go)
	wsCertRead bool
	wsCertOnly *smx509.Certificate
	wsCertErr  error

	releaseCounterKey func() // set by useHostSecret
	hostSecret        []byte // the workstation's secret from outside the folder; set by useHostSecret
	demoCAPIN         string // the demo CA keys' secret, set by useHostSecret

	sessionsMu sync.Mutex
	sessions   map[string]*Session // signed-in users of this process, whose keys sign their entries
}

// Paths inside a workspace folder.
const (
	dbFile    = "workspace.db"
	keysDir   = "keys"
	trustDir  = "trust"
	docsDir   = "documents"
	makerFile = "maker.key"
)

// Exists reports whether home holds a workspace.
func Exists(home string) bool {
	_, err := os.Stat(filepath.Join(home, dbFile))
	return err == nil
}

// Open opens the workspace in home.
func Open(home string) (*Workspace, error) {
	if !Exists(home) {
		return nil, errf("workspace_missing", nil, home, home)
	}
	return openDB(home)
}

func openDB(home string) (*Workspace, error) {
	if err := createPrivateFile(filepath.Join(home, dbFile)); err != nil {
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	fixes, err := privatise(home)
	if err != nil {
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	db, err := store.Open(filepath.Join(home, dbFile))
	if err != nil {
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	w := &Workspace{Home: home, db: db, Now: time.Now, Rand: rand.Reader, permFixes: fixes}
	db.SetRowRecorder(w.recordRow)
	db.SetRecordVerifier(w.verifyRecord)
	host, _ := os.Hostname()
	id, _ := db.Meta(context.Background(), "workstation_id")
	w.workstation = id + "@" + host
	w.ip = localIP()
	if id != "" { // "" while InitDemo makes the workspace: it calls useHostSecret itself
		if err := w.useHostSecret(id); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := w.adoptRows(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	if err := w.adoptTrustFolder(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	// Finish what an interrupted stamp left behind before anything else runs
	// (reserve, sign, commit: see reserve.go).
	if w.recovered, err = w.recoverStamps(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	return w, nil
}

// Recovered lists the interrupted stamps that Open finished.
func (w *Workspace) Recovered() []Recovered { return w.recovered }

// localIP returns the workstation's address for the ledger: the first IPv4
// address of an interface that is up and not loopback, else the first such
// IPv6 global unicast address, else "" (a field workstation with no network).
// A variable so tests can pin it.
var localIP = func() string {
	ifs, err := net.Interfaces()
	if err != nil {
		return ""
	}
	var v6 string
	for _, i := range ifs {
		if i.Flags&net.FlagUp == 0 || i.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := i.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok || !n.IP.IsGlobalUnicast() && !n.IP.IsPrivate() {
				continue
			}
			if n.IP.To4() != nil {
				return n.IP.String()
			}
			if v6 == "" {
				v6 = n.IP.String()
			}
		}
	}
	return v6
}

// Close closes the workspace and its renderer, if one was started.
func (w *Workspace) Close() error {
	if w.releaseCounterKey != nil {
		w.releaseCounterKey()
	}
	if w.render != nil {
		w.render.Close()
	}
	return w.db.Close()
}

// Organisation returns the organisation's name.
func (w *Workspace) Organisation(ctx context.Context) string {
	org, _ := w.db.Meta(ctx, "organisation")
	return org
}

// ledger appends an entry stamped with the workstation and the time.
func (w *Workspace) ledger(ctx context.Context, tx store.Txn, e store.Entry) error {
	if e.At.IsZero() {
		e.At = w.Now()
	}
	e.Workstation, e.IP = w.workstation, w.ip
	if err := tx.AppendLedger(ctx, &e); err != nil {
		return err
	}
	if err := w.signEntry(ctx, tx, &e); err != nil {
		return err
	}
	return w.signHead(ctx, tx, &e)
}

// fail records a failure that is not a refusal (a key file or a printer
// that could not be written to) in the ledger, in its own transaction, and
// returns err (with the ledger's error, when that failed too).
func (w *Workspace) fail(ctx context.Context, e store.Entry, err error) error {
	e.Outcome, e.Detail = store.OutcomeFailed, err.Error()
	if lerr := w.db.Update(ctx, func(tx store.Txn) error { return w.ledger(ctx, tx, e) }); lerr != nil {
		return errors.Join(err, lerr)
	}
	return err
}

// refuse records a refusal in the ledger (in its own transaction) and returns it.
func (w *Workspace) refuse(ctx context.Context, e store.Entry, refusal *Error) error {
	e.Outcome = store.OutcomeRefused
	e.Detail = refusal.Code + ": " + refusal.Error()
	if err := w.db.Update(ctx, func(tx store.Txn) error { return w.ledger(ctx, tx, e) }); err != nil {
		return fmt.Errorf("record refusal (%v): %w", refusal, err)
	}
	return refusal
}
