package app

import (
	"context"

	"sealdesk/store"
)

// The database rows SealDesk acts on can be edited by anyone with the
// workspace files; the ledger is a hash chain whose head the workstation
// signs. Before a stamp or a print the rows that allow it are checked against
// the ledger's own account of the request (issue 12): a request set back to
// "approved" after it was stamped, an approval row inserted without the
// decision that would have recorded it, or a print count set back, is refused
// with a message naming the table and the row.

// history returns the ledger entries of one request, oldest first.
func (w *Workspace) history(ctx context.Context, id string) ([]store.Entry, *Error) {
	es, err := w.db.Ledger(ctx, store.LedgerFilter{RequestID: id})
	if err != nil {
		return nil, errf("internal", err, err)
	}
	return es, nil
}

// checkUnusedInLedger refuses a stamp request that the ledger shows was
// already reserved or stamped, whatever its row says.
func checkUnusedInLedger(req store.Request, es []store.Entry) *Error {
	var reserved int64 // the stamp.start not given back, if any
	for _, e := range es {
		switch {
		case e.Kind == EntryStamp && e.Outcome == store.OutcomeOK:
			return errf("ledger_used", nil, req.ID, req.Status, e.Seq)
		case e.Kind == EntryStampStart:
			reserved = e.Seq
		case e.Kind == EntryStampRelease && e.Outcome == store.OutcomeOK && reserved > 0:
			reserved = 0 // the key made no signature: the approval was given back
		case e.Kind == EntryRequestWithdraw && e.Outcome == store.OutcomeOK:
			return errf("ledger_withdrawn", nil, req.ID, req.Status, e.Seq)
		}
	}
	if reserved > 0 {
		return errf("ledger_used", nil, req.ID, req.Status, reserved)
	}
	return nil
}

// checkApprovalsInLedger refuses an approval row that no ledger entry
// recorded: a local decision writes an "approve" entry by its approver, an
// approval carried from another workstation a EntryRequestImport entry.
func checkApprovalsInLedger(id string, as []store.Approval, es []store.Entry) *Error {
	imported := false
	approvedBy := map[string]bool{}
	for _, e := range es {
		if e.Outcome != store.OutcomeOK {
			continue
		}
		switch e.Kind {
		case EntryApprove:
			approvedBy[e.Actor] = true
		case EntryRequestImport:
			imported = true
		}
	}
	for _, a := range as {
		if a.Decision == store.DecisionApprove && !approvedBy[a.Approver] && !imported {
			return errf("approval_unrecorded", nil, a.Approver, id)
		}
	}
	return nil
}

// checkPrintsInLedger refuses a print request whose count of printed copies
// is below what the ledger recorded.
func checkPrintsInLedger(p store.PrintRequest, es []store.Entry) *Error {
	n := 0
	for _, e := range es {
		if e.Kind == EntryPrint && e.Outcome == store.OutcomeOK {
			n++
		}
	}
	if n != p.Printed || n >= p.Copies {
		if n != p.Printed {
			return errf("ledger_printed", nil, p.ID, p.Printed, n)
		}
		return errf("print_exhausted", nil, p.ID, p.Copies)
	}
	return nil
}
