package app

import (
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"sealdesk/store"
)

// LedgerRecord is a ledger entry as the audit exports show it: hashes in hex,
// the seal's name beside its id.
type LedgerRecord struct {
	Seq         int64     `json:"seq"`
	At          time.Time `json:"at"`
	Actor       string    `json:"actor"`
	Kind        string    `json:"kind"`
	Outcome     string    `json:"outcome"`
	SealID      string    `json:"seal_id,omitempty"`
	SealName    string    `json:"seal_name,omitempty"`
	RequestID   string    `json:"request_id,omitempty"`
	DocName     string    `json:"doc_name,omitempty"`
	DocHash     string    `json:"doc_hash,omitempty"`
	OutHash     string    `json:"out_hash,omitempty"`
	Detail      string    `json:"detail,omitempty"`
	Workstation string    `json:"workstation"`
	IP          string    `json:"ip,omitempty"`
	PrevHash    string    `json:"prev_hash"`
	Hash        string    `json:"hash"`
}

// LedgerRecords turns entries into records, naming their seals.
func (w *Workspace) LedgerRecords(ctx context.Context, es []store.Entry) ([]LedgerRecord, error) {
	names := map[string]string{}
	seals, err := w.db.Seals(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range seals {
		names[s.ID] = s.Name
	}
	out := make([]LedgerRecord, 0, len(es))
	for _, e := range es {
		out = append(out, LedgerRecord{e.Seq, e.At.UTC(), e.Actor, e.Kind, e.Outcome, e.SealID, names[e.SealID], e.RequestID, e.DocName,
			e.DocHash, e.OutHash, e.Detail, e.Workstation, e.IP, hex.EncodeToString(e.PrevHash), hex.EncodeToString(e.Hash)})
	}
	return out, nil
}

// ledgerCSVHeader names the CSV columns (the JSON field names, then the
// description).
var ledgerCSVHeader = []string{"seq", "at", "actor", "kind", "outcome", "seal_id", "seal_name", "request_id", "doc_name",
	"doc_hash", "out_hash", "detail", "workstation", "ip", "prev_hash", "hash", "description"}

// WriteLedgerCSV writes records as RFC 4180 CSV, UTF-8 with a byte-order
// mark: spreadsheet programs on Chinese Windows read a file without one as GBK.
// Beside the detail as stored (and hashed), the last column says it in lang
// (DescribeEntry); it comes last so that readers of the older columns are
// not disturbed.
func WriteLedgerCSV(out io.Writer, rs []LedgerRecord, lang string) error {
	if _, err := io.WriteString(out, "\ufeff"); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	c := csv.NewWriter(out)
	c.Write(ledgerCSVHeader)
	for _, r := range rs {
		c.Write([]string{strconv.FormatInt(r.Seq, 10), r.At.Format(time.RFC3339Nano), r.Actor, r.Kind, r.Outcome, r.SealID, r.SealName,
			r.RequestID, r.DocName, r.DocHash, r.OutHash, r.Detail, r.Workstation, r.IP, r.PrevHash, r.Hash, r.Description(lang)})
	}
	c.Flush()
	if err := c.Error(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}

// WriteLedgerJSON writes records as an indented JSON array.
func WriteLedgerJSON(out io.Writer, rs []LedgerRecord) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rs); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
