package device

import (
	"bytes"
	"crypto"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/emmansun/gmsm/smx509"
)

// Key references as the workspace stores them. A software key is "soft:"
// followed by its file's path relative to the workspace folder; a key on a USB
// key is an RFC 7512 URI ("pkcs11:token=…;id=%01;type=private"), optionally
// naming its module in module-path.
const (
	SoftKeyPrefix  = "soft:"
	TokenKeyPrefix = "pkcs11:"
)

// SoftKeyRef returns the reference of the software key file rel (relative to
// the workspace folder).
func SoftKeyRef(rel string) string { return SoftKeyPrefix + rel }

// SoftKeyPath returns the file a "soft:" reference names under dir, and false
// when ref is not a software key's.
func SoftKeyPath(dir, ref string) (string, bool) {
	rel, ok := strings.CutPrefix(ref, SoftKeyPrefix)
	if !ok {
		return "", false
	}
	return filepath.Join(dir, rel), true
}

// IsTokenKey reports whether ref names a key on a USB key.
func IsTokenKey(ref string) bool { return strings.HasPrefix(ref, TokenKeyPrefix) }

// OpenOptions says where software keys live and which certificate the key
// belongs to.
type OpenOptions struct {
	// Dir is the folder "soft:" references are relative to.
	Dir string
	// Cert is the DER certificate of the key; Chain its issuers (concatenated
	// DER, may be empty). The opened key's public half must be Cert's: a token
	// holding another key under the same URI is refused.
	Cert  []byte
	Chain []byte
	// Signatures is how many signatures a key on a USB key may make before
	// its session logs out: one a mark of a stamp, one a document of a
	// batch, all with one PIN entry. 0 means 1.
	Signatures int
	// Unattended keeps a token key's session for the life of the process,
	// for a key that signs without a person (the workstation key that signs
	// ledger heads, whose PIN SealDesk keeps sealed); Signatures is ignored.
	Unattended bool
}

// OpenedKey is a key ready to sign once, with its certificate chain (the
// key's certificate first) and the PIN state read when it was opened.
type OpenedKey struct {
	Signer crypto.Signer
	Chain  []*smx509.Certificate
	PIN    PINStatus
	close  func() // logs a token out before its signatures are used up
}

// Close ends the key's session early (a batch cancelled or refused part-way);
// a software key has none.
func (k *OpenedKey) Close() {
	if k.close != nil {
		k.close()
	}
}

// OpenKey opens the key ref names with pin. A software key counts the try as
// SoftKey.Unlock does; a key on a USB key is found through module discovery
// (the module the URI names, else ModulePaths) and logged in to for one
// signature: the session logs out after the first Sign, or when the signer is
// dropped unused. Wrong or locked PINs come back as PINError / ErrPINLocked,
// an absent key as ErrNoToken, never as a vendor code.
func OpenKey(ref, pin string, o OpenOptions) (*OpenedKey, error) {
	chain, err := parseChain(o.Cert, o.Chain)
	if err != nil {
		return nil, err
	}
	if path, ok := SoftKeyPath(o.Dir, ref); ok {
		k, err := OpenSoftKey(path)
		if err != nil {
			return nil, err
		}
		sg, err := k.Unlock(pin)
		if err != nil {
			return nil, err
		}
		return &OpenedKey{Signer: sg, Chain: chain, PIN: k.Status()}, nil
	}
	if !IsTokenKey(ref) {
		return nil, fmt.Errorf("%w: %q is neither a software key nor a PKCS#11 URI", ErrNoToken, ref)
	}
	u, err := ParseURI(ref)
	if err != nil {
		return nil, fmt.Errorf("key reference: %w", err)
	}
	m, tok, err := LocateToken(u)
	if err != nil {
		return nil, err
	}
	ts, err := m.Signer(u, pin)
	if err != nil {
		return nil, err
	}
	if len(chain) > 0 && !samePublic(ts.Public(), chain[0].PublicKey) {
		ts.Close()
		return nil, fmt.Errorf("device: the key %s is not the key of the certificate %s", ref, chain[0].Subject.CommonName)
	}
	if o.Unattended {
		return &OpenedKey{Signer: ts, Chain: chain, PIN: tok.PIN, close: func() { ts.Close() }}, nil
	}
	s := &countedSigner{ts: ts, left: max(o.Signatures, 1)}
	// A stamp that fails before it signs must still log out; the session is
	// closed when the signer is dropped.
	runtime.AddCleanup(s, func(ts *TokenSigner) { ts.Close() }, ts)
	return &OpenedKey{Signer: s, Chain: chain, PIN: tok.PIN, close: func() { ts.Close() }}, nil
}

func parseChain(cert, issuers []byte) ([]*smx509.Certificate, error) {
	if len(cert) == 0 {
		return nil, nil
	}
	c, err := smx509.ParseCertificate(cert)
	if err != nil {
		return nil, fmt.Errorf("read certificate: %w", err)
	}
	chain := []*smx509.Certificate{c}
	if len(issuers) > 0 {
		more, err := smx509.ParseCertificates(issuers)
		if err != nil {
			return nil, fmt.Errorf("read certificate chain: %w", err)
		}
		chain = append(chain, more...)
	}
	return chain, nil
}

func samePublic(a, b crypto.PublicKey) bool {
	da, err1 := smx509.MarshalPKIXPublicKey(a)
	db, err2 := smx509.MarshalPKIXPublicKey(b)
	return err1 == nil && err2 == nil && bytes.Equal(da, db)
}

// countedSigner signs through a token session that logs out after its last
// allowed signature, so a PIN entered for one stamp never leaves the key
// open for more.
type countedSigner struct {
	mu   sync.Mutex
	ts   *TokenSigner
	left int
}

var _ crypto.Signer = (*countedSigner)(nil)

func (s *countedSigner) Public() crypto.PublicKey { return s.ts.Public() }

func (s *countedSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.left <= 0 {
		return nil, fmt.Errorf("%w: the key's session has made the signatures it was opened for", ErrNoToken)
	}
	s.left--
	if s.left == 0 {
		defer s.ts.Close()
	}
	return s.ts.Sign(r, digest, opts)
}

// LocateToken opens the module that holds the token u names: the module in
// u's module-path when it has one, else the first discovered module
// (ModulePaths: explicit, $SEALDESK_PKCS11_MODULES, p11-kit) with a matching
// token.
func LocateToken(u URI) (*Module, Token, error) {
	paths := ModulePaths()
	if u.ModulePath != "" {
		paths = []string{u.ModulePath}
	}
	var errs []error
	for _, p := range paths {
		m, err := OpenModule(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		tok, err := m.FindToken(u)
		if err == nil {
			return m, tok, nil
		}
		errs = append(errs, err)
	}
	if len(paths) == 0 {
		return nil, Token{}, fmt.Errorf("%w: no PKCS#11 module found for %s", ErrNoToken, u)
	}
	return nil, Token{}, fmt.Errorf("%w: no module holds the token of %s: %w", ErrNoToken, u, errors.Join(errs...))
}

// ChangeTokenPIN changes the user PIN of the token uri names; the new PIN
// must pass CheckPIN (no factory defaults).
func ChangeTokenPIN(u URI, oldPIN, newPIN string) error {
	m, _, err := LocateToken(u)
	if err != nil {
		return err
	}
	return m.ChangePIN(u, oldPIN, newPIN)
}
