package app

import (
	"context"
	"crypto"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm4"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/device"
	"sealdesk/internal/kdf"
	"sealdesk/internal/safefile"
	"sealdesk/store"
)

// Every user holds an SM2 key and a certificate from the workspace CA (issue
// 12 point 3), and signs the ledger entries written because they acted. The
// key is sealed under the user's password, and signing in stays one key
// derivation (issue 18 point 3): one scrypt run yields 48 bytes, the first 32
// are the stored password check and the last 16 the SM4 key that seals the
// user's key. Neither half tells anything about the other, so the check in
// the database does not open the key.
//
// The trap: the scrypt parameters sit in the stored hash, which anyone with
// the workspace files can edit; a weakened or copied hash yields another key
// and the user's key no longer opens, so sign-in fails loudly instead of
// letting the weaker hash in.

// pwFormat marks a password hash whose scrypt run also yields the key's KEK.
// Hashes in the older "scrypt" format are upgraded at the next sign-in.
const pwFormat = "scrypt2"

// userKeyPrefix marks a user key sealed under the password's KEK.
const userKeyPrefix = "pw:"

func passwordKDF(password string, salt []byte, n, r, p int) (check, kek []byte, err error) {
	out, err := kdf.Scrypt([]byte(password), salt, n, r, p, 48)
	if err != nil {
		return nil, nil, err
	}
	return out[:32], out[32:], nil
}

// newPassword returns the stored form of a new password and the key that
// seals the user's key under it.
func newPassword(password string, rand io.Reader) (hash string, kek []byte, err error) {
	salt := make([]byte, 16)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return "", nil, err
	}
	check, kek, err := passwordKDF(password, salt, pwN, pwR, pwP)
	if err != nil {
		return "", nil, err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("%s$%d$%d$%d$%s$%s", pwFormat, pwN, pwR, pwP, enc.EncodeToString(salt), enc.EncodeToString(check)), kek, nil
}

// openPassword checks password against a stored hash with one KDF run and
// returns the KEK of the user's key (nil for a hash in the older format,
// which has none).
func openPassword(stored, password string) (ok bool, kek []byte) {
	var n, r, p int
	parts := strings.Split(stored, "$")
	if len(parts) != 6 || parts[0] != pwFormat && parts[0] != "scrypt" {
		return false, nil
	}
	if _, err := fmt.Sscanf(parts[1]+" "+parts[2]+" "+parts[3], "%d %d %d", &n, &r, &p); err != nil {
		return false, nil
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false, nil
	}
	if parts[0] == "scrypt" {
		got, err := kdf.Scrypt([]byte(password), salt, n, r, p, len(want))
		return err == nil && subtle.ConstantTimeCompare(got, want) == 1, nil
	}
	check, kek, err := passwordKDF(password, salt, n, r, p)
	if err != nil || subtle.ConstantTimeCompare(check, want) != 1 {
		return false, nil
	}
	return true, kek
}

// userKeyFile is the on-disk form of a user's key (JSON): PKCS#8 DER sealed
// with SM4-GCM under the password's KEK; the user's name and public key are
// the additional data, so a file moved to another user does not open.
type userKeyFile struct {
	Version    int    `json:"version"`
	User       string `json:"user"`
	PublicKey  []byte `json:"public_key"` // PKIX DER
	Nonce      []byte `json:"nonce"`
	Ciphertext []byte `json:"ciphertext"`
}

func (f *userKeyFile) aad() []byte {
	return []byte(fmt.Sprintf("sealdesk-userkey-v%d|%s|%x", f.Version, f.User, f.PublicKey))
}

func kekAEAD(kek []byte) (cipher.AEAD, error) {
	block, err := sm4.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// sealUserKey writes key to users/NAME-TAG.ukey under kek and returns its reference.
func (w *Workspace) sealUserKey(name string, key crypto.Signer, kek []byte) (string, error) {
	if err := os.MkdirAll(filepath.Join(w.Home, "users"), 0o700); err != nil {
		return "", fmt.Errorf("create users folder: %w", err)
	}
	der, err := smx509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", fmt.Errorf("encode the key of %s: %w", name, err)
	}
	pub, err := smx509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return "", fmt.Errorf("encode the key of %s: %w", name, err)
	}
	f := userKeyFile{Version: 1, User: name, PublicKey: pub, Nonce: make([]byte, 12)}
	tag := make([]byte, 4)
	if _, err := io.ReadFull(w.Rand, tag); err != nil {
		return "", err
	}
	if _, err := io.ReadFull(w.Rand, f.Nonce); err != nil {
		return "", err
	}
	aead, err := kekAEAD(kek)
	if err != nil {
		return "", err
	}
	f.Ciphertext = aead.Seal(nil, f.Nonce, der, f.aad())
	b, err := json.MarshalIndent(&f, "", "  ")
	if err != nil {
		return "", err
	}
	// A fresh name each time: a new key never overwrites the one in use
	// until the row naming the new one is committed.
	rel := filepath.Join("users", fmt.Sprintf("%s-%x.ukey", name, tag))
	if err := safefile.WriteBytes(filepath.Join(w.Home, rel), 0o600, b); err != nil {
		return "", err
	}
	return userKeyPrefix + rel, nil
}

// openUserKey opens u's key with the KEK of their password (no KDF).
func (w *Workspace) openUserKey(u store.User, kek []byte) (crypto.Signer, *smx509.Certificate, error) {
	rel, ok := strings.CutPrefix(u.KeyRef, userKeyPrefix)
	if !ok {
		return nil, nil, fmt.Errorf("the key %s of %s is not sealed under the password", u.KeyRef, u.Name)
	}
	b, err := os.ReadFile(filepath.Join(w.Home, rel))
	if err != nil {
		return nil, nil, fmt.Errorf("read the key of %s: %w", u.Name, err)
	}
	var f userKeyFile
	if err := json.Unmarshal(b, &f); err != nil || f.Version != 1 || f.User != u.Name {
		return nil, nil, fmt.Errorf("the key file %s is not the key of %s", rel, u.Name)
	}
	aead, err := kekAEAD(kek)
	if err != nil {
		return nil, nil, err
	}
	der, err := aead.Open(nil, f.Nonce, f.Ciphertext, f.aad())
	if err != nil {
		return nil, nil, fmt.Errorf("the key of %s does not open with the password hash on file: the users row or the key file was changed", u.Name)
	}
	key, err := smx509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, nil, fmt.Errorf("decode the key of %s: %w", u.Name, err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, nil, fmt.Errorf("the key of %s cannot sign", u.Name)
	}
	if len(u.Cert) == 0 {
		return signer, nil, nil // a key awaiting its certificate (CertifyUserKeys)
	}
	cert, err := smx509.ParseCertificate(u.Cert)
	if err != nil {
		return nil, nil, fmt.Errorf("read the certificate of %s: %w", u.Name, err)
	}
	if !publicKeysEqual(cert.PublicKey, signer.Public()) {
		return nil, nil, fmt.Errorf("the certificate of %s is not the certificate of their key", u.Name)
	}
	return signer, cert, nil
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	pa, ok1 := a.(*ecdsa.PublicKey)
	pb, ok2 := b.(*ecdsa.PublicKey)
	return ok1 && ok2 && pa.Equal(pb)
}

// userCert issues the certificate of a user's key from ca.
func (w *Workspace) userCert(ca *issuer, org string, u *store.User, pub crypto.PublicKey, now time.Time) error {
	// As long as the workstation's: a user's entries must verify for as
	// long as the ledger keeps them.
	tmpl, err := certTemplate(w.Rand, org, u.DisplayName, now, 10)
	if err != nil {
		return err
	}
	tmpl.Subject.SerialNumber = userSerialPrefix + u.Name
	// The roles the user was created with: every user now holds a key, so a
	// role added to the users row later does not turn the key of, say, an
	// auditor into an approval key (certHasRole).
	tmpl.Subject.OrganizationalUnit = append([]string(nil), u.Roles...)
	tmpl.KeyUsage = smx509.KeyUsageDigitalSignature | smx509.KeyUsageContentCommitment
	tmpl.ExtKeyUsage = []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}
	der, err := smx509.CreateCertificate(w.Rand, tmpl, ca.cert, pub, ca.key)
	if err != nil {
		return fmt.Errorf("issue the certificate of %s: %w", u.Name, err)
	}
	u.Cert = der
	return nil
}

// certHasRole reports whether a user certificate may act in role. An approval
// certificate from before every user had one names no role: only approvers
// had such a certificate then.
func certHasRole(cert *smx509.Certificate, role string) bool {
	ous := cert.Subject.OrganizationalUnit
	if len(ous) == 0 {
		return role == RoleApprover
	}
	for _, r := range ous {
		if r == role {
			return true
		}
	}
	return false
}

// newUserKey gives u a new SM2 key sealed under kek and its certificate from ca.
func (w *Workspace) newUserKey(ca *issuer, org string, u *store.User, kek []byte, now time.Time) error {
	key, err := device.GenerateKey(device.AlgSM2, w.Rand)
	if err != nil {
		return err
	}
	if err := w.userCert(ca, org, u, key.Public(), now); err != nil {
		return err
	}
	ref, err := w.sealUserKey(u.Name, key, kek)
	if err != nil {
		return err
	}
	u.KeyRef = ref
	return nil
}

// removeKeyFile deletes a key file no row names any longer.
func (w *Workspace) removeKeyFile(ref string) {
	for _, p := range []string{device.SoftKeyPrefix, userKeyPrefix} {
		if rel, ok := strings.CutPrefix(ref, p); ok {
			path := filepath.Join(w.Home, rel)
			os.Remove(path)
			os.Remove(path + ".lock")
		}
	}
}

// Entry signatures. An entry is signed over its sequence number and hash; the
// hash chains every entry before it, so rewriting any entry and re-chaining
// the ledger breaks the signature of every later entry a user signed.

func entryStatement(e *store.Entry) []byte {
	return []byte(fmt.Sprintf("sealdesk-ledger-entry-v1\nseq=%d\nhash=%s\nactor=%s\n", e.Seq, hex.EncodeToString(e.Hash), e.Actor))
}

// signedActor reports whether entry e records an act of the user it names,
// which that user's key must sign once the ledger requires it
// (kindActorsSigned). Not: entries SealDesk writes on its own (actor "",
// the demo's set-up, an OS account recovering an administrator), sign-in tries
// that did not succeed (nobody proved to be the user), and stamp outcomes,
// which recovery may write after the custodian's process died: those rest on
// the seal's signature in the document and on the workstation's head.
func signedActor(e *store.Entry) bool {
	switch {
	case e.Actor == "" || e.Actor == "init-demo" || e.Actor == "system" || strings.HasPrefix(e.Actor, "os:"):
		return false
	case e.Kind == EntryLogin && e.Outcome != store.OutcomeOK:
		return false
	case e.Kind == EntryStamp:
		return false
	}
	return true
}

// kindActorsSigned is the ledger entry from which every act of a user must
// carry that user's signature: written when the workspace is made, or by
// CertifyUserKeys once every user of an older workspace has a certified key.
const kindActorsSigned = EntryActorsSigned

// signers holds the open sessions of this process by user name: an entry
// naming a signed-in user is signed with their key.
func (w *Workspace) sessionFor(name string) *Session {
	w.sessionsMu.Lock()
	defer w.sessionsMu.Unlock()
	return w.sessions[name]
}

func (w *Workspace) setSession(name string, s *Session) {
	w.sessionsMu.Lock()
	defer w.sessionsMu.Unlock()
	if w.sessions == nil {
		w.sessions = map[string]*Session{}
	}
	if s == nil {
		delete(w.sessions, name)
		return
	}
	w.sessions[name] = s
}

// signEntry signs e, just appended in tx, with the key of its actor when the
// actor is signed in here and the entry is one of their acts.
func (w *Workspace) signEntry(ctx context.Context, tx store.Txn, e *store.Entry) error {
	if !signedActor(e) {
		return nil
	}
	s := w.sessionFor(e.Actor)
	if s == nil || s.signer == nil {
		return nil
	}
	if s.cert == nil {
		// A key made at sign-in may have been certified since
		// (CertifyUserKeys, perhaps by another process).
		u, err := tx.User(ctx, e.Actor)
		if err != nil || len(u.Cert) == 0 {
			return err
		}
		cert, err := smx509.ParseCertificate(u.Cert)
		if err != nil || !publicKeysEqual(cert.PublicKey, s.signer.Public()) {
			return nil // not this session's key: the entry stays unsigned, which the check reports
		}
		s.cert = cert
	}
	sig, err := signMessage(s.signer, entryStatement(e), w.Rand)
	if err != nil {
		return fmt.Errorf("sign ledger entry %d as %s: %w", e.Seq, e.Actor, err)
	}
	return tx.AddEntrySig(ctx, e.Seq, sig, s.cert.Raw)
}

// checkEntrySigner checks that cert may sign entry e: a user certificate
// naming e's actor, chaining to a trust anchor at the entry's time.
func (c certCache) checkEntrySigner(e *store.Entry, roots *smx509.CertPool) (*ecdsa.PublicKey, error) {
	pub, err := c.trusted(e.SignerCert, e.At, roots)
	if err != nil {
		return nil, fmt.Errorf("the signer's %w", err)
	}
	if got := c[string(e.SignerCert)].serial; got != userSerialPrefix+e.Actor {
		return nil, fmt.Errorf("signed by the certificate of %q, not of the user %s", got, e.Actor)
	}
	return pub, nil
}

// verifyEntrySig verifies the signature math of one signed entry.
func verifyEntrySig(pub *ecdsa.PublicKey, e *store.Entry) bool {
	return sm2.VerifyASN1WithSM2(pub, nil, entryStatement(e), e.Signature)
}

// CertifyUserKeys is the upgrade step of a workspace from before every user
// had a key (administrators only, with the CA's PIN): each user's key, made
// at their first sign-in since (openSessionKey), gets its certificate from
// the workspace CA, and the ledger then requires every act of a user to carry
// that user's signature (kindActorsSigned). A user with no key yet is named
// and nothing is written: they sign in once, or get a new password (which
// comes with a new key and certificate). It returns the users certified.
func (w *Workspace) CertifyUserKeys(ctx context.Context, s *Session, caPIN string) ([]string, error) {
	entry := store.Entry{Actor: actor(s), Kind: EntryUserCertify}
	if r := need(s, RoleAdmin); r != nil {
		return nil, w.refuse(ctx, entry, r)
	}
	done, err := w.db.HasLedgerKind(ctx, kindActorsSigned)
	if err != nil {
		return nil, err
	}
	us, err := w.db.Users(ctx)
	if err != nil {
		return nil, err
	}
	var todo []store.User
	for _, u := range us {
		if len(u.Cert) > 0 {
			continue
		}
		if !strings.HasPrefix(u.KeyRef, userKeyPrefix) {
			return nil, w.refuse(ctx, entry, errf("user_key_missing", nil, u.Name))
		}
		todo = append(todo, u)
	}
	if done && len(todo) == 0 {
		return nil, nil
	}
	ca, _, _, err := w.loadCA(ctx, device.AlgSM2, caPIN)
	if err != nil {
		return nil, w.refuseOrFail(ctx, entry, err)
	}
	org, now := w.Organisation(ctx), w.Now()
	var names []string
	for i := range todo {
		u := &todo[i]
		pub, err := w.userKeyPublic(*u)
		if err != nil {
			return nil, err
		}
		if err := w.userCert(ca, org, u, pub, now); err != nil {
			return nil, err
		}
		names = append(names, u.Name)
	}
	entry.Outcome, entry.Detail = store.OutcomeOK, "certified the keys of "+strings.Join(names, " ")
	err = w.db.Update(ctx, func(tx store.Txn) error {
		for _, u := range todo {
			if err := tx.SetPassword(ctx, u.Name, u.PasswordHash, u.KeyRef, u.Cert); err != nil {
				return err
			}
			if u.Name == s.User.Name && s.signer != nil {
				// The administrator's own key, open in this session:
				// their entries are signed from this one on.
				cert, err := smx509.ParseCertificate(u.Cert)
				if err != nil {
					return err
				}
				s.cert, s.User.Cert = cert, u.Cert
			}
		}
		if err := w.ledger(ctx, tx, entry); err != nil {
			return err
		}
		if done {
			return nil
		}
		return w.ledger(ctx, tx, store.Entry{Kind: kindActorsSigned, Outcome: store.OutcomeOK,
			Detail: "every act of a user is signed by that user's key from here on"})
	})
	if err != nil {
		return nil, err
	}
	return names, nil
}

// userKeyPublic reads the public key of u's key from its file (no password
// needed: it is stored beside the sealed key, and bound to it as its AEAD's
// additional data, so a swapped public key does not open later).
func (w *Workspace) userKeyPublic(u store.User) (crypto.PublicKey, error) {
	rel, _ := strings.CutPrefix(u.KeyRef, userKeyPrefix)
	b, err := os.ReadFile(filepath.Join(w.Home, rel))
	if err != nil {
		return nil, fmt.Errorf("read the key of %s: %w", u.Name, err)
	}
	var f userKeyFile
	if err := json.Unmarshal(b, &f); err != nil || f.User != u.Name {
		return nil, fmt.Errorf("the key file %s is not the key of %s", rel, u.Name)
	}
	pub, err := smx509.ParsePKIXPublicKey(f.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("read the key of %s: %w", u.Name, err)
	}
	return pub, nil
}
