package app

import (
	"bytes"
	"context"
	"sort"
	"time"

	"sealdesk/store"
)

// VerifyOptions returns the options a verification in this workspace uses: its
// trust anchors, and the seal history it recorded, so that a signature made with
// one of its seals while that seal was suspended or revoked is a finding
// (GB/T 38540 §7.3 asks that a seal be valid when it is used; a suspended seal is
// not, whatever its dates say), and its limit on the size of the files it reads.
func (w *Workspace) VerifyOptions(ctx context.Context) (VerifyOptions, error) {
	roots, err := w.Roots()
	if err != nil {
		return VerifyOptions{}, err
	}
	return VerifyOptions{Roots: roots, SealStatus: w.sealStatusAt, MaxFileSize: w.MaxFileSize(ctx)}, nil
}

// sealStatusAt returns the status this workspace recorded, at time at, for the
// seal whose signer certificate is cert (DER) and whose code is code (any code when
// ""), and its status now; both "" when no seal here matches. The status at a time is replayed from the seal's events, so
// a seal suspended and later resumed is "suspended" for signatures made in between.
func (w *Workspace) sealStatusAt(ctx context.Context, cert []byte, code string, at time.Time) (then, now string, err error) {
	seals, err := w.db.Seals(ctx)
	if err != nil {
		return "", "", err
	}
	for _, sl := range seals {
		if !bytes.Equal(sl.Cert, cert) || (code != "" && sl.Code != code) {
			continue
		}
		es, err := w.db.SealEvents(ctx, sl.ID)
		if err != nil {
			return "", "", err
		}
		// Events are kept in the order they were recorded; a clock set back would
		// put one out of time order, so replay them by time.
		sort.SliceStable(es, func(i, j int) bool { return es[i].At.Before(es[j].At) })
		status := ""
		for _, e := range es {
			if e.At.After(at) {
				break
			}
			if e.ToStatus != "" {
				status = e.ToStatus
			}
		}
		if status == "" && len(es) == 0 && !sl.CreatedAt.After(at) && sl.Status != store.SealRevoked {
			// A seal from before events were recorded: its status has not changed since.
			status = sl.Status
		}
		// Several seals may share a certificate (a re-issue on the same key): the
		// worst status wins, so that reusing a revoked seal's key is not hidden.
		if then == "" || rank(status) > rank(then) {
			then = status
		}
		if now == "" || rank(sl.Status) > rank(now) {
			now = sl.Status
		}
	}
	return then, now, nil
}

func rank(status string) int {
	switch status {
	case store.SealActive:
		return 1
	case store.SealSuspended:
		return 2
	case store.SealRevoked:
		return 3
	}
	return 0
}
