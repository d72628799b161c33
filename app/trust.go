package app

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/store"
)

// Trust anchors (issue 12): the roots this workspace trusts for approvals,
// ledger heads, extracts and verification. Each is added by an administrator
// (or by init-demo for its own roots) with a EntryTrustAdd ledger entry naming
// its SM3; Roots uses an anchor only when the ledger records it, so a row
// inserted with sqlite3 is refused with a message naming it, and a
// certificate dropped into the trust/ folder is simply not trusted.

// metaAdopt marks roots in trust/ still to be taken over (EntryTrustAdopt).
const metaAdopt = "trust_adopt_pending"

// TrustAnchor is one trusted root as the faces show it.
type TrustAnchor struct {
	SM3     string `json:"sm3"`
	Subject string `json:"subject"`
	AddedBy string `json:"added_by"`
	AddedAt string `json:"added_at"`
}

func certSM3(der []byte) string {
	sum := sm3.Sum(der)
	return hex.EncodeToString(sum[:])
}

func subjectOf(c *smx509.Certificate) string {
	if c.Subject.CommonName != "" {
		return c.Subject.CommonName
	}
	return c.Subject.String()
}

// parseAnchors reads PEM (or one DER) certificates; each must be a CA.
func parseAnchors(data []byte) ([]*smx509.Certificate, error) {
	var certs []*smx509.Certificate
	rest := bytes.TrimSpace(data)
	for len(rest) > 0 {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := smx509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, err
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		c, err := smx509.ParseCertificate(data)
		if err != nil {
			return nil, errors.New("no certificate in the file")
		}
		certs = append(certs, c)
	}
	return certs, nil
}

// AddTrustAnchors adds the certificates in file (PEM or DER) as trust
// anchors (administrators only), each recorded in the ledger, and returns how
// many were new.
func (w *Workspace) AddTrustAnchors(ctx context.Context, s *Session, file string) (int, error) {
	entry := store.Entry{Actor: actor(s), Kind: EntryTrustAdd, DocName: filepath.Base(file)}
	if e := need(s, RoleAdmin); e != nil {
		return 0, w.refuse(ctx, entry, e)
	}
	data, err := readUserFile(file, 16<<20)
	if err != nil {
		return 0, err
	}
	certs, err := parseAnchors(data)
	if err != nil {
		return 0, errf("trust_file", err, file, err)
	}
	for _, c := range certs {
		if !c.IsCA {
			return 0, w.refuse(ctx, entry, errf("trust_not_ca", nil, subjectOf(c)))
		}
	}
	return w.addAnchors(ctx, actor(s), EntryTrustAdd, certs, "")
}

func (w *Workspace) addAnchors(ctx context.Context, by, kind string, certs []*smx509.Certificate, note string) (int, error) {
	have, err := w.db.Anchors(ctx)
	if err != nil {
		return 0, err
	}
	known := map[string]bool{}
	for _, a := range have {
		known[a.SM3] = true
	}
	added := 0
	err = w.db.Update(ctx, func(tx store.Txn) error {
		for _, c := range certs {
			sum := certSM3(c.Raw)
			if known[sum] {
				continue
			}
			known[sum] = true
			if err := tx.AddAnchor(ctx, store.Anchor{SM3: sum, DER: c.Raw, Subject: subjectOf(c), AddedBy: by, AddedAt: w.Now()}); err != nil {
				return err
			}
			e := store.Entry{Actor: by, Kind: kind, Outcome: store.OutcomeOK, DocName: subjectOf(c), DocHash: sum,
				Detail: fmt.Sprintf("trust anchor %s (O=%v), valid %s to %s%s", subjectOf(c), c.Subject.Organization,
					c.NotBefore.UTC().Format("2006-01-02"), c.NotAfter.UTC().Format("2006-01-02"), note)}
			if err := w.ledger(ctx, tx, e); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	return added, err
}

// TrustAnchors lists the workspace's trust anchors.
func (w *Workspace) TrustAnchors(ctx context.Context) ([]TrustAnchor, error) {
	as, err := w.db.Anchors(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]TrustAnchor, 0, len(as))
	for _, a := range as {
		out = append(out, TrustAnchor{SM3: a.SM3, Subject: a.Subject, AddedBy: a.AddedBy, AddedAt: a.AddedAt.Format("2006-01-02 15:04")})
	}
	return out, nil
}

// Roots returns the workspace's trust anchors as a pool. An anchor row that
// the ledger does not record is an error naming it: someone edited the
// database.
func (w *Workspace) Roots() (*smx509.CertPool, error) {
	ctx := context.Background()
	recorded := map[string]bool{}
	for _, kind := range []string{EntryTrustAdd, EntryTrustAdopt} {
		es, err := w.db.Ledger(ctx, store.LedgerFilter{Kind: kind, Outcome: store.OutcomeOK})
		if err != nil {
			return nil, err
		}
		for i := range es {
			if recordsAnchor(&es[i]) {
				recorded[es[i].DocHash] = true
			}
		}
	}
	return w.rootsRecorded(ctx, recorded)
}

// recordsAnchor says whether e records a trust anchor (its SM3 in DocHash).
func recordsAnchor(e *store.Entry) bool {
	return (e.Kind == EntryTrustAdd || e.Kind == EntryTrustAdopt) && e.Outcome == store.OutcomeOK
}

// rootsRecorded is Roots with the anchors the ledger records already known
// (by their SM3), as a ledger check collects them on its way.
func (w *Workspace) rootsRecorded(ctx context.Context, recorded map[string]bool) (*smx509.CertPool, error) {
	as, err := w.db.Anchors(ctx)
	if err != nil {
		return nil, err
	}
	pool := smx509.NewCertPool()
	for _, a := range as {
		if a.SM3 != certSM3(a.DER) || !recorded[a.SM3] {
			return nil, errf("anchor_unrecorded", nil, a.Subject, short(a.SM3))
		}
		c, err := smx509.ParseCertificate(a.DER)
		if err != nil {
			return nil, errf("anchor_unrecorded", err, a.Subject, short(a.SM3))
		}
		pool.AddCert(c)
	}
	return pool, nil
}

// adoptTrustFolder takes over the certificates of a workspace's trust/
// folder once, when the database was just upgraded to recorded anchors.
func (w *Workspace) adoptTrustFolder(ctx context.Context) error {
	if v, _ := w.db.Meta(ctx, metaAdopt); v == "" {
		return nil
	}
	dir := filepath.Join(w.Home, trustDir)
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("read trust anchors: %w", err)
	}
	var certs []*smx509.Certificate
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".pem" {
			continue
		}
		b, err := readUserFile(filepath.Join(dir, e.Name()), 16<<20)
		if err != nil {
			return err
		}
		cs, err := parseAnchors(b)
		if err != nil {
			continue // not a certificate: it was not trusted before either
		}
		certs = append(certs, cs...)
	}
	if _, err := w.addAnchors(ctx, "system", EntryTrustAdopt, certs, "; taken over from the trust folder on upgrade"); err != nil {
		return err
	}
	return w.db.Update(ctx, func(tx store.Txn) error { return tx.DeleteMeta(ctx, metaAdopt) })
}

// anchorsRecordedUpTo lists the anchors whose every recording entry has a
// sequence number of at most seq (they would be unrecorded once entries up
// to seq are archived).
func (w *Workspace) anchorsRecordedUpTo(ctx context.Context, seq int64) ([]store.Anchor, error) {
	as, err := w.db.Anchors(ctx)
	if err != nil {
		return nil, err
	}
	later := map[string]bool{}
	for _, kind := range []string{EntryTrustAdd, EntryTrustAdopt} {
		es, err := w.db.Ledger(ctx, store.LedgerFilter{Kind: kind, Outcome: store.OutcomeOK})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if e.Seq > seq {
				later[e.DocHash] = true
			}
		}
	}
	var out []store.Anchor
	for _, a := range as {
		if !later[a.SM3] {
			out = append(out, a)
		}
	}
	return out, nil
}

// anchorPool is the anchor rows as a pool, without asking the ledger.
func (w *Workspace) anchorPool(ctx context.Context) (*smx509.CertPool, error) {
	as, err := w.db.Anchors(ctx)
	if err != nil {
		return nil, err
	}
	pool := smx509.NewCertPool()
	for _, a := range as {
		if c, err := smx509.ParseCertificate(a.DER); err == nil {
			pool.AddCert(c)
		}
	}
	return pool, nil
}
