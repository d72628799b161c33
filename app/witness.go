package app

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"sealdesk/ofd"
	"sealdesk/pdfsign"
	"sealdesk/store"
)

// Witnesses (issue 12 point 5). What leaves the PC — a stamped PDF and an
// audit report (in a signed CMS attribute), a ledger extract (its signed
// head), an exported request with its approvals — carries the
// ledger's sequence number and head hash at that moment. Whoever holds the
// workstation key can re-chain and re-sign the ledger on the PC, but cannot
// recall the copies: `sealctl ledger verify --witness FILE` checks that the
// ledger still holds each witnessed hash at its sequence number, so cutting
// the tail or rewriting any witnessed entry (or one before it, since every
// hash covers all before it) is detected.

const witnessFormat = "sealdesk-ledger-witness-v1"

// Witness is one ledger state seen from outside: the entry seq of
// workstation, whose hash was Hash.
type Witness struct {
	Workstation string `json:"workstation"`
	Seq         int64  `json:"seq"`
	Hash        []byte `json:"hash"`
}

// statement is the witness as text, as signed into a document.
func (wt Witness) statement() []byte {
	return []byte(witnessFormat + "\nworkstation=" + wt.Workstation + "\nseq=" + strconv.FormatInt(wt.Seq, 10) +
		"\nhash=" + hex.EncodeToString(wt.Hash) + "\n")
}

func parseWitness(b []byte) (Witness, error) {
	var wt Witness
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 4 || lines[0] != witnessFormat {
		return wt, errors.New("not a SealDesk ledger witness")
	}
	var err error
	for _, l := range lines[1:] {
		k, v, _ := strings.Cut(l, "=")
		switch k {
		case "workstation":
			wt.Workstation = v
		case "seq":
			wt.Seq, err = strconv.ParseInt(v, 10, 64)
		case "hash":
			wt.Hash, err = hex.DecodeString(v)
		default:
			err = fmt.Errorf("unknown field %q", k)
		}
		if err != nil {
			return wt, fmt.Errorf("witness field %s: %w", k, err)
		}
	}
	if wt.Seq < 1 || len(wt.Hash) != 32 || wt.Workstation == "" {
		return wt, errors.New("incomplete ledger witness")
	}
	return wt, nil
}

// lastWitness is the witness of the newest entry in tx.
func (w *Workspace) lastWitness(ctx context.Context, tx store.Txn) (Witness, error) {
	e, ok, err := tx.LastEntry(ctx)
	if err != nil || !ok {
		return Witness{}, fmt.Errorf("ledger witness: %v", err)
	}
	return Witness{Workstation: w.workstation, Seq: e.Seq, Hash: e.Hash}, nil
}

// currentWitness is the witness of the newest entry.
func (w *Workspace) currentWitness(ctx context.Context) (Witness, error) {
	e, ok, err := w.db.LastEntry(ctx)
	if err != nil || !ok {
		return Witness{}, fmt.Errorf("ledger witness: %v", err)
	}
	return Witness{Workstation: w.workstation, Seq: e.Seq, Hash: e.Hash}, nil
}

// fileWitnesses reads the witnesses a file carries: every SealDesk signature
// of a PDF or an OFD, or the signed head of a ledger extract.
func fileWitnesses(path string, limit int64) ([]Witness, error) {
	data, err := readUserFile(path, limit)
	if err != nil {
		return nil, err
	}
	var out []Witness
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		rep, err := pdfsign.Verify(bytes.NewReader(data), int64(len(data)), pdfsign.VerifyOptions{})
		if err != nil {
			return nil, errf("witness_unreadable", err, path, err)
		}
		for _, s := range rep.Signatures {
			if s.Witness == nil {
				continue
			}
			wt, err := parseWitness(s.Witness)
			if err != nil {
				return nil, errf("witness_unreadable", err, path, err)
			}
			out = append(out, wt)
		}
	case DetectFormat(data) == FormatOFD:
		rep, err := ofd.Verify(bytes.NewReader(data), int64(len(data)), ofd.VerifyOptions{})
		if err != nil {
			return nil, errf("witness_unreadable", err, path, err)
		}
		for _, s := range rep.Signatures {
			if s.Witness == nil || !s.Intact {
				continue // only a witness its signature still covers counts
			}
			wt, err := parseWitness(s.Witness)
			if err != nil {
				return nil, errf("witness_unreadable", err, path, err)
			}
			out = append(out, wt)
		}
	default:
		var x struct {
			Format  string     `json:"format"`
			Head    store.Head `json:"head"`    // a ledger extract's signed head
			Witness *Witness   `json:"witness"` // an exported request's
		}
		if err := json.Unmarshal(data, &x); err != nil {
			return nil, errf("witness_unreadable", err, path, "neither a PDF, a ledger extract nor a request file")
		}
		switch {
		case x.Format == extractFormat:
			out = append(out, Witness{Workstation: x.Head.Workstation, Seq: x.Head.Seq, Hash: x.Head.Hash})
		case x.Format == requestFormat && x.Witness != nil:
			out = append(out, *x.Witness)
		}
	}
	if len(out) == 0 {
		return nil, errf("witness_unreadable", nil, path, "no ledger witness in it")
	}
	return out, nil
}

// WitnessCheck is what the ledger says of one witness.
type WitnessCheck struct {
	File    string
	Witness Witness
	Err     error // nil: the ledger still holds the witnessed hash at its sequence number
}

// CheckWitnesses checks each file's witnesses against this workstation's
// ledger. An unreadable file, or one without a witness, is an error; a
// witness the ledger no longer agrees with is a WitnessCheck with Err set.
// The caller checks the ledger itself too (VerifyLedger): together they say
// that the ledger up to each witness is what was witnessed.
func (w *Workspace) CheckWitnesses(ctx context.Context, paths []string) ([]WitnessCheck, error) {
	var out []WitnessCheck
	for _, p := range paths {
		wts, err := fileWitnesses(p, w.MaxFileSize(ctx))
		if err != nil {
			return nil, err
		}
		for _, wt := range wts {
			out = append(out, WitnessCheck{File: p, Witness: wt, Err: w.checkWitness(ctx, p, wt)})
		}
	}
	return out, nil
}

func (w *Workspace) checkWitness(ctx context.Context, path string, wt Witness) error {
	if wt.Workstation != w.workstation {
		return errf("witness_foreign", nil, path, wt.Workstation, w.workstation)
	}
	base, err := w.db.LedgerBase(ctx)
	if err != nil {
		return err
	}
	if wt.Seq <= base.Seq {
		if wt.Seq == base.Seq && bytes.Equal(wt.Hash, base.Hash) {
			return nil
		}
		return errf("witness_archived", nil, path, wt.Seq, base.Seq)
	}
	h, ok, err := w.db.EntryHash(ctx, wt.Seq)
	if err != nil {
		return err
	}
	if !ok {
		last, _, err := w.db.LastEntry(ctx)
		if err != nil {
			return err
		}
		return errf("witness_cut", nil, path, wt.Seq, last.Seq)
	}
	if !bytes.Equal(h, wt.Hash) {
		return errf("witness_rewritten", nil, path, wt.Seq)
	}
	return nil
}
