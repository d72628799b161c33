package app

import (
	"bytes"
	"context"
	"fmt"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/device"
	"sealdesk/seal"
	"sealdesk/store"
)

// TokenKeyPrefix starts the key reference of a seal whose key is on a USB key:
// the rest is an RFC 7512 URI, e.g. "pkcs11:token=…;id=%01;type=private".
const TokenKeyPrefix = device.TokenKeyPrefix

// sealChain returns the seal's certificate followed by its issuers.
func sealChain(sl store.Seal) ([]*smx509.Certificate, error) {
	cert, err := smx509.ParseCertificate(sl.Cert)
	if err != nil {
		return nil, fmt.Errorf("read seal certificate: %w", err)
	}
	chain := []*smx509.Certificate{cert}
	if len(sl.Chain) > 0 {
		more, err := smx509.ParseCertificates(sl.Chain)
		if err != nil {
			return nil, fmt.Errorf("read seal certificate chain: %w", err)
		}
		chain = append(chain, more...)
	}
	return chain, nil
}

// TriesUnknown is a token PIN's TriesLeft when the token does not say.
const TriesUnknown = device.TriesUnknown

// TokenKeys is a token with what it holds, for listing.
type TokenKeys struct {
	Token device.Token
	Keys  []device.Key
	Certs []device.Certificate
	Err   error // the token could not be read
}

// ModuleTokens is a PKCS#11 module with its tokens, or why it could not be used.
type ModuleTokens struct {
	Path   string
	Err    error
	Tokens []TokenKeys
}

// ListTokens reads the given modules, or every discovered one when none is
// given, and the keys and certificates of each token, without a PIN.
func ListTokens(modules ...string) []ModuleTokens {
	var out []ModuleTokens
	if len(modules) == 0 {
		modules = device.ModulePaths()
	}
	for _, p := range modules {
		mt := ModuleTokens{Path: p}
		m, err := device.OpenModule(p)
		if err == nil {
			var toks []device.Token
			toks, err = m.Tokens()
			for _, t := range toks {
				tk := TokenKeys{Token: t}
				if tk.Keys, tk.Err = m.Keys(t); tk.Err == nil {
					tk.Certs, tk.Err = m.Certificates(t)
				}
				mt.Tokens = append(mt.Tokens, tk)
			}
		}
		if e := deviceError(err); e != nil {
			err = e // in the catalog, with its code (a --module that names no library is bad input)
		}
		mt.Err = err
		out = append(out, mt)
	}
	return out
}

// FindToken says why the token uri names cannot be reached (a bad URI, a
// module that is no library, no such token plugged in), or nil: what a
// command checks before it asks for PINs.
func FindToken(uri string) error {
	u, err := device.ParseURI(uri)
	if err != nil {
		return errf("key_uri", err, err)
	}
	if _, _, err := device.LocateToken(u); err != nil {
		return wrapDevice(err)
	}
	return nil
}

// ChangeTokenPIN changes the user PIN of the token uri names; the new PIN must
// pass device.CheckPIN (no factory defaults).
func ChangeTokenPIN(uri, oldPIN, newPIN string) error {
	u, err := device.ParseURI(uri)
	if err != nil {
		return errf("key_uri", err, err)
	}
	if err := device.ChangeTokenPIN(u, oldPIN, newPIN); err != nil {
		return wrapDevice(err)
	}
	return nil
}

// BindKey makes the key uri names (on a USB key) the seal's key. Only an
// administrator may; the key's certificate, read from the token by the key's
// CKA_ID, must be in the seal's certificate list (GB/T 38540 §7.3), so a seal
// can only be bound to a key its maker certified. The seal's chain is kept
// when it issued the new certificate and emptied otherwise.
func (w *Workspace) BindKey(ctx context.Context, s *Session, sealRef, uri string) error {
	entry := store.Entry{Actor: actor(s), Kind: EntrySealBind}
	if e := need(s, RoleAdmin); e != nil {
		return w.refuse(ctx, entry, e)
	}
	sl, err := w.FindSeal(ctx, sealRef)
	if err != nil {
		return err
	}
	entry.SealID = sl.ID
	u, err := device.ParseURI(uri)
	if err != nil {
		return w.refuse(ctx, entry, errf("key_uri", err, err))
	}
	u.Type = "private"
	m, tok, err := device.LocateToken(u)
	if err != nil {
		return w.refuse(ctx, entry, wrapDevice(err))
	}
	keys, err := m.Keys(tok)
	if err != nil {
		return w.refuse(ctx, entry, wrapDevice(err))
	}
	var key *device.Key
	for i, k := range keys {
		if (len(u.ID) == 0 || bytes.Equal(k.ID, u.ID)) && (u.Object == "" || k.Label == u.Object) {
			if key != nil {
				return w.refuse(ctx, entry, errf("key_ambiguous", nil, uri))
			}
			key = &keys[i]
		}
	}
	switch {
	case key == nil:
		return w.refuse(ctx, entry, wrapDevice(fmt.Errorf("%w: no key matches %s", device.ErrNoToken, uri)))
	case key.Cert == nil:
		return w.refuse(ctx, entry, errf("key_no_cert", nil, uri))
	}
	sd, err := seal.Parse(sl.SealData)
	if err != nil {
		return fmt.Errorf("read seal data of %s: %w", sl.ID, err)
	}
	if !sd.ContainsCert(key.Cert.Raw) {
		return w.refuse(ctx, entry, errf("key_not_in_seal", nil, sl.Name))
	}
	chain := []byte{}
	if old, err := sealChain(sl); err == nil && len(old) > 1 && key.Cert.CheckSignatureFrom(old[1]) == nil {
		chain = sl.Chain
	}
	ref := key.URI()
	ref.ModulePath = m.Path
	return w.db.Update(ctx, func(tx store.Txn) error {
		if err := tx.SetSealKey(ctx, sl.ID, ref.String(), key.Cert.Raw, chain, nil); err != nil {
			return err
		}
		entry.Outcome = store.OutcomeOK
		entry.Detail = fmt.Sprintf("%s bound to %s (certificate %s)", sl.Name, ref, key.Cert.Subject.CommonName)
		return w.ledger(ctx, tx, entry)
	})
}
