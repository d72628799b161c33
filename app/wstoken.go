package app

import (
	"context"
	"crypto"
	"crypto/cipher"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm4"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/device"
	"sealdesk/internal/hostsecret"
	"sealdesk/internal/safefile"
	"sealdesk/internal/userfile"
	"sealdesk/store"
)

// The workstation key on a USB key (issue 12 point 4). By default the key
// that signs every ledger head is a file sealed under the host secret
// (heads.go): whoever copies the workspace and that secret has the key for
// good. An administrator can move the workstation key onto a PKCS#11 token:
// SealDesk then signs heads through the token, the key never exists outside
// it, and the software key file is deleted. The head key must sign
// unattended, so the token's user PIN is kept, sealed (SM4-GCM) under a key
// derived from the host secret: the files and the secret together still let
// someone sign heads while the token is plugged into this PC, but not
// elsewhere, not after it is pulled out, and never a copy of the key.
const (
	wsTokenFile    = "ca/workstation.token"
	wsTokenPINInfo = "sealdesk/workstation-token-pin/v1"
	wsTokenMax     = 64 << 10 // the record is a few hundred bytes
)

// wsTokenRecord says where the workstation key lives now.
type wsTokenRecord struct {
	URI   string `json:"uri"`
	Cert  []byte `json:"cert"` // the workstation certificate of the token's key
	Nonce []byte `json:"nonce"`
	PIN   []byte `json:"pin"` // the token's user PIN, sealed (sealTokenPIN)
}

// tokenPINAEAD is the cipher that seals the token PIN, bound to the URI and
// certificate beside it: a record edited to point at another key or
// certificate no longer opens.
func (w *Workspace) tokenPINAEAD() (cipher.AEAD, error) {
	if w.hostSecret == nil {
		return nil, errors.New("no workstation secret")
	}
	block, err := sm4.NewCipher(hostsecret.Derive(w.hostSecret, wsTokenPINInfo)[:16])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func (r *wsTokenRecord) aad() []byte {
	return []byte("sealdesk-workstation-token-v1\nuri=" + r.URI + "\ncert=" + sm3Hex(r.Cert) + "\n")
}

func (w *Workspace) sealTokenPIN(r *wsTokenRecord, pin string) error {
	aead, err := w.tokenPINAEAD()
	if err != nil {
		return err
	}
	r.Nonce = make([]byte, aead.NonceSize())
	if _, err := io.ReadFull(w.Rand, r.Nonce); err != nil {
		return err
	}
	r.PIN = aead.Seal(nil, r.Nonce, []byte(pin), r.aad())
	return nil
}

func (w *Workspace) openTokenPIN(r *wsTokenRecord) (string, error) {
	aead, err := w.tokenPINAEAD()
	if err != nil {
		return "", err
	}
	if len(r.Nonce) != aead.NonceSize() {
		return "", errors.New("the record's nonce is malformed")
	}
	pin, err := aead.Open(nil, r.Nonce, r.PIN, r.aad())
	if err != nil {
		return "", errors.New("the sealed PIN does not open with this workstation's secret (the record was edited or copied from another PC)")
	}
	return string(pin), nil
}

// readWSToken returns the token record, or nil when the workstation key is
// a software key. It is read as a person's file is (userfile: a FIFO or a
// device in its place cannot hang or fill memory), up to a small limit.
func (w *Workspace) readWSToken() (*wsTokenRecord, error) {
	path := filepath.Join(w.Home, wsTokenFile)
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() { // a link too: the record is ours, never elsewhere
		return nil, fmt.Errorf("%s is not a regular file", wsTokenFile)
	}
	b, err := userfile.ReadAll(path, wsTokenMax) // a file swapped in since is checked again
	if err != nil {
		return nil, err
	}
	var r wsTokenRecord
	if err := json.Unmarshal(b, &r); err != nil || r.URI == "" || len(r.Cert) == 0 {
		return nil, fmt.Errorf("%s is unreadable", wsTokenFile)
	}
	return &r, nil
}

// openTokenWorkstationKey opens the workstation key on its token for the
// life of this process.
func (w *Workspace) openTokenWorkstationKey(r *wsTokenRecord) (crypto.Signer, *smx509.Certificate, error) {
	cert, err := smx509.ParseCertificate(r.Cert)
	if err != nil {
		return nil, nil, fmt.Errorf("read the workstation certificate: %w", err)
	}
	pin, err := w.openTokenPIN(r)
	if err != nil {
		return nil, nil, errf("wskey_token_record", err, err)
	}
	k, err := device.OpenKey(r.URI, pin, device.OpenOptions{Dir: w.Home, Cert: r.Cert, Unattended: true})
	if err != nil {
		return nil, nil, errf("wskey_token_absent", err, r.URI, err)
	}
	return k.Signer, cert, nil
}

// HoldWorkstationKeyOnToken moves the workstation key onto the PKCS#11 token
// key uri names (administrators only; tokenPIN is the token's user PIN, caPIN
// the workspace CA's, empty for the demo): the token's SM2 key gets a
// workstation certificate from the workspace CA, the record pointing to it
// replaces the software key, and the move is a ledger entry naming the new
// certificate's SM3, whose head the token key already signs. From that entry
// on, a head signed by any other workstation key is refused (ledgercheck.go).
//
// The order makes every interruption safe: the record is written (atomically)
// before the entry, so any process that appends after it signs with the token;
// the software key is deleted after the record, so nothing signs with it once
// the record exists. Another SealDesk process already running keeps its open
// software key only until its next append, which notices the record.
func (w *Workspace) HoldWorkstationKeyOnToken(ctx context.Context, s *Session, uri, tokenPIN, caPIN string) error {
	entry := store.Entry{Actor: actor(s), Kind: EntryWorkstationKey}
	if e := need(s, RoleAdmin); e != nil {
		return w.refuse(ctx, entry, e)
	}
	u, err := device.ParseURI(uri)
	if err != nil {
		return w.refuse(ctx, entry, errf("key_uri", err, err))
	}
	u.Type = "private"
	ref := u.String()
	k, err := device.OpenKey(ref, tokenPIN, device.OpenOptions{Dir: w.Home})
	if err != nil {
		return w.refuse(ctx, entry, wrapDevice(err))
	}
	defer k.Close()
	pub, ok := k.Signer.Public().(*ecdsa.PublicKey)
	if !ok || pub.Curve != sm2.P256() {
		return w.refuse(ctx, entry, errf("wskey_not_sm2", nil, ref))
	}
	// The key must really sign SM2 on this token before it replaces the
	// software key: a head it cannot sign would stop every act.
	probe := []byte("sealdesk-workstation-key-probe\n" + w.workstation + "\n")
	sig, err := signMessage(k.Signer, probe, w.Rand)
	if err != nil || !sm2.VerifyASN1WithSM2(pub, nil, probe, sig) {
		return w.refuse(ctx, entry, errf("wskey_token_sign", err, ref, err))
	}
	ca, _, _, err := w.loadCA(ctx, device.AlgSM2, caPIN)
	if err != nil {
		return w.refuseOrFail(ctx, entry, err)
	}
	id, _, _ := strings.Cut(w.workstation, "@")
	cert, err := w.workstationCertFor(ca, w.Organisation(ctx), id, pub, w.Now())
	if err != nil {
		return err
	}
	rec := wsTokenRecord{URI: ref, Cert: cert.Raw}
	if err := w.sealTokenPIN(&rec, tokenPIN); err != nil {
		return err
	}
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	l, _, err := w.lockFile("workstation-key", true)
	if err != nil {
		return err
	}
	defer l.release()
	if err := safefile.WriteBytes(filepath.Join(w.Home, wsTokenFile), 0o600, b); err != nil {
		return fmt.Errorf("write %s: %w", wsTokenFile, err)
	}
	crashPoint("wskey-token-written")
	if err := os.Remove(filepath.Join(w.Home, wsKeyFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("delete the software workstation key: %w", err)
	}
	syncDir(filepath.Join(w.Home, "ca"))
	w.forgetWorkstationKey()
	entry.Outcome, entry.DocHash = store.OutcomeOK, sm3Hex(cert.Raw)
	entry.Detail = "workstation key moved to " + ref
	return w.db.Update(ctx, func(tx store.Txn) error { return w.ledger(ctx, tx, entry) })
}

// forgetWorkstationKey drops the key and certificate this process opened,
// so the next use opens them where they live now.
func (w *Workspace) forgetWorkstationKey() {
	w.wsMu.Lock()
	defer w.wsMu.Unlock()
	w.wsOpened, w.wsCertRead = false, false
	w.wsSigner, w.wsCert, w.wsErr, w.wsCertOnly, w.wsCertErr = nil, nil, nil, nil, nil
}

// wsMovedAway reports whether the workstation key this process opened as a
// software key has since moved to a token (another process moved it).
func (w *Workspace) wsMovedAway() bool {
	if !w.wsSoft {
		return false
	}
	_, err := os.Lstat(filepath.Join(w.Home, wsTokenFile))
	return err == nil
}

// WorkstationKeyURI is the USB key the workstation key lives on, or "" while
// it is the software key file.
func (w *Workspace) WorkstationKeyURI() string {
	rec, err := w.readWSToken()
	if err != nil || rec == nil {
		return ""
	}
	return rec.URI
}

// KeyChoice is a key on a USB key that a person can pick.
type KeyChoice struct {
	URI   string // with the module's path, so it opens without discovery
	Token string // the token's label
	Label string // the key's label
}

// SM2TokenKeys lists the SM2 keys of every USB key the discovered modules
// see (no PIN needed), for the workstation key's move.
func SM2TokenKeys() []KeyChoice {
	var out []KeyChoice
	for _, m := range ListTokens() {
		for _, t := range m.Tokens {
			for _, k := range t.Keys {
				if k.Algorithm != device.AlgSM2 {
					continue
				}
				u := k.URI()
				u.ModulePath = m.Path
				out = append(out, KeyChoice{URI: u.String(), Token: t.Token.Label, Label: k.Label})
			}
		}
	}
	return out
}
