package device

import (
	"bufio"
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	"github.com/miekg/pkcs11"

	"sealdesk/internal/userfile"
)

// ErrPINMustChange is returned before any PIN try when the token demands a new
// PIN (CKF_USER_PIN_TO_BE_CHANGED, CKR_PIN_EXPIRED) or the PIN offered is a
// well-known factory default: such a token must get its own PIN first. It
// unwraps to ErrPINPolicy, so callers that only know the policy error still
// refuse with a sensible message.
var ErrPINMustChange = fmt.Errorf("%w: the key's PIN must be changed before first use", ErrPINPolicy)

// TriesUnknown is PINStatus.TriesLeft (and PINError.TriesLeft) for a token that
// does not say how many tries remain: PKCS#11 only has the "count low" and
// "final try" flags.
const TriesUnknown = -1

// EnvModules lists extra PKCS#11 modules, separated by the OS path list
// separator, tried after the ones given explicitly.
const EnvModules = "SEALDESK_PKCS11_MODULES"

// Where p11-kit keeps its module configs and, for a relative "module:" line,
// the modules themselves (p11-kit's default on Debian amd64). Variables so
// tests can point them at testdata.
var (
	p11kitConfigDirs = []string{"/usr/share/p11-kit/modules", "/etc/pkcs11/modules"}
	p11kitModuleDir  = "/usr/lib/x86_64-linux-gnu/pkcs11"
)

// ModulePaths returns the PKCS#11 modules to try, without duplicates: the
// explicit paths, then those in $SEALDESK_PKCS11_MODULES, then every
// "module:" line of the p11-kit configs that names an existing file.
func ModulePaths(explicit ...string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		key := p
		if real, err := filepath.EvalSymlinks(p); err == nil {
			key = real
		}
		if p != "" && !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	for _, p := range explicit {
		add(p)
	}
	for _, p := range filepath.SplitList(os.Getenv(EnvModules)) {
		add(p)
	}
	for _, dir := range p11kitConfigDirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.module"))
		for _, f := range files {
			p := p11kitModule(f)
			if p == "" {
				continue
			}
			if !filepath.IsAbs(p) {
				p = filepath.Join(p11kitModuleDir, p)
			}
			if _, err := os.Stat(p); err == nil {
				add(p)
			}
		}
	}
	return out
}

// p11kitModule reads the "module:" value of a p11-kit module config
// (p11-kit's pkcs11.conf(5) format: "name: value" lines, "#" comments).
func p11kitModule(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			continue
		}
		if name, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "module" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// Module is a loaded, initialised PKCS#11 library. There is one per library
// path in a process (C_Initialize may be called only once); every call into it
// is serialised because we do not ask the library for its own locking.
type Module struct {
	Path string

	mu     sync.Mutex
	ctx    *pkcs11.Ctx
	closed bool
}

// LoadError is a module the dynamic linker would not load: no library, or
// one for another platform.
type LoadError struct{ Path string }

func (e *LoadError) Error() string { return "device: cannot load PKCS#11 module " + e.Path }

var modules = struct {
	sync.Mutex
	m map[string]*Module
}{m: map[string]*Module{}}

// OpenModule loads and initialises the module at path, or returns the one
// already open in this process.
func OpenModule(path string) (*Module, error) {
	// One library reached by two paths (p11-kit names Debian's SoftHSM2 by
	// its multiarch path, a symlink away) is still one library to initialise.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	modules.Lock()
	defer modules.Unlock()
	if m := modules.m[path]; m != nil {
		return m, nil
	}
	// dlopen(3) opens a FIFO with a blocking open(2) and would wait for a
	// writer for ever; a module is a regular file or no module (issue 11).
	f, _, err := userfile.Open(path, userfile.DefaultLimit)
	if err != nil {
		return nil, fmt.Errorf("device: PKCS#11 module: %w", err)
	}
	f.Close()
	ctx := pkcs11.New(path)
	if ctx == nil {
		return nil, &LoadError{Path: path}
	}
	if err := ctx.Initialize(); err != nil && !isCode(err, pkcs11.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
		ctx.Destroy()
		return nil, fmt.Errorf("device: initialise PKCS#11 module %s: %w", path, err)
	}
	m := &Module{Path: path, ctx: ctx}
	modules.m[path] = m
	return m, nil
}

// Close finalises and unloads the module. Signers made from it fail with
// ErrNoToken afterwards.
func (m *Module) Close() error {
	modules.Lock()
	if modules.m[m.Path] == m {
		delete(modules.m, m.Path)
	}
	modules.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil
	}
	m.closed = true
	err := m.ctx.Finalize()
	m.ctx.Destroy()
	if err != nil {
		return fmt.Errorf("finalise PKCS#11 module %s: %w", m.Path, err)
	}
	return nil
}

// lock takes the module's lock, or fails when the module was closed.
func (m *Module) lock() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return fmt.Errorf("%w: module %s was unloaded", ErrNoToken, m.Path)
	}
	return nil
}

// Token is a token in a slot, as its CK_TOKEN_INFO describes it.
type Token struct {
	Module        string
	Slot          uint
	Label         string
	Manufacturer  string
	Model         string
	Serial        string
	PIN           PINStatus
	PINCountLow   bool // CKF_USER_PIN_COUNT_LOW: at least one wrong PIN since the last good one
	MustChangePIN bool // CKF_USER_PIN_TO_BE_CHANGED
	LoginRequired bool
}

// URI names the token.
func (t Token) URI() URI {
	return URI{Token: t.Label, Manufacturer: t.Manufacturer, Serial: t.Serial, Model: t.Model, ModulePath: t.Module}
}

func tokenFrom(module string, slot uint, ti pkcs11.TokenInfo) Token {
	t := Token{
		Module: module, Slot: slot,
		Label:         strings.TrimRight(ti.Label, " \x00"),
		Manufacturer:  strings.TrimRight(ti.ManufacturerID, " \x00"),
		Model:         strings.TrimRight(ti.Model, " \x00"),
		Serial:        strings.TrimRight(ti.SerialNumber, " \x00"),
		PINCountLow:   ti.Flags&pkcs11.CKF_USER_PIN_COUNT_LOW != 0,
		MustChangePIN: ti.Flags&pkcs11.CKF_USER_PIN_TO_BE_CHANGED != 0,
		LoginRequired: ti.Flags&pkcs11.CKF_LOGIN_REQUIRED != 0,
	}
	t.PIN = pinStatus(ti.Flags)
	return t
}

// pinStatus maps the CK_TOKEN_INFO flags (PKCS#11 v2.40 §5.2) to PINStatus.
func pinStatus(flags uint) PINStatus {
	switch {
	case flags&pkcs11.CKF_USER_PIN_LOCKED != 0:
		return PINStatus{TriesLeft: 0, Locked: true}
	case flags&pkcs11.CKF_USER_PIN_FINAL_TRY != 0:
		return PINStatus{TriesLeft: 1, FinalTry: true}
	}
	return PINStatus{TriesLeft: TriesUnknown}
}

// Tokens lists the tokens present in the module's slots.
func (m *Module) Tokens() ([]Token, error) {
	if err := m.lock(); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	slots, err := m.ctx.GetSlotList(true)
	if err != nil {
		return nil, mapErr(err, "list slots")
	}
	var out []Token
	for _, s := range slots {
		ti, err := m.ctx.GetTokenInfo(s)
		if err != nil {
			if isNoToken(err) {
				continue // pulled out while we were looking
			}
			return nil, mapErr(err, "read token info")
		}
		if ti.Flags&pkcs11.CKF_TOKEN_INITIALIZED == 0 {
			continue // a blank token (SoftHSM2's spare slot, a key before personalisation) holds no keys
		}
		out = append(out, tokenFrom(m.Path, s, ti))
	}
	return out, nil
}

// FindToken returns the one token u selects.
func (m *Module) FindToken(u URI) (Token, error) {
	toks, err := m.Tokens()
	if err != nil {
		return Token{}, err
	}
	var found []Token
	for _, t := range toks {
		if u.matchesToken(t) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return Token{}, fmt.Errorf("%w: no token matches %s", ErrNoToken, u)
	case 1:
		return found[0], nil
	}
	return Token{}, fmt.Errorf("device: %d tokens match %s; name the token by its serial", len(found), u)
}

// Key is a key pair on a token as seen without logging in: its public half
// (from the public-key object or, failing that, the certificate with the same
// CKA_ID) and the certificate, if any.
type Key struct {
	Token     Token
	ID        []byte
	Label     string
	Algorithm string
	Public    crypto.PublicKey
	Cert      *smx509.Certificate // nil when the token holds none for this CKA_ID
}

// URI names the key's private half.
func (k Key) URI() URI {
	u := k.Token.URI()
	u.ID, u.Object, u.Type = k.ID, k.Label, "private"
	return u
}

// Certificate is an X.509 certificate object on a token.
type Certificate struct {
	ID    []byte
	Label string
	Cert  *smx509.Certificate
}

// Keys lists the key pairs of a token (public objects only: no PIN needed).
func (m *Module) Keys(tok Token) ([]Key, error) {
	if err := m.lock(); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	sh, err := m.ctx.OpenSession(tok.Slot, pkcs11.CKF_SERIAL_SESSION)
	if err != nil {
		return nil, mapErr(err, "open session")
	}
	defer m.ctx.CloseSession(sh)
	certs, err := m.certs(sh)
	if err != nil {
		return nil, err
	}
	pubs, err := m.find(sh, []*pkcs11.Attribute{pkcs11.NewAttribute(pkcs11.CKA_CLASS, pkcs11.CKO_PUBLIC_KEY)})
	if err != nil {
		return nil, err
	}
	var out []Key
	seen := map[string]bool{}
	for _, o := range pubs {
		id, label := m.idLabel(sh, o)
		pub, err := m.publicKey(sh, o)
		if err != nil {
			continue // a key type we cannot use: not listed
		}
		alg, _ := AlgorithmOf(pub)
		k := Key{Token: tok, ID: id, Label: label, Algorithm: alg, Public: pub}
		for _, c := range certs {
			if bytes.Equal(c.ID, id) {
				k.Cert = c.Cert
			}
		}
		seen[string(id)] = true
		out = append(out, k)
	}
	for _, c := range certs {
		if seen[string(c.ID)] {
			continue
		}
		alg, err := AlgorithmOf(c.Cert.PublicKey)
		if err != nil {
			continue
		}
		seen[string(c.ID)] = true
		out = append(out, Key{Token: tok, ID: c.ID, Label: c.Label, Algorithm: alg, Public: c.Cert.PublicKey, Cert: c.Cert})
	}
	return out, nil
}

// Certificates lists the X.509 certificates on a token.
func (m *Module) Certificates(tok Token) ([]Certificate, error) {
	if err := m.lock(); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	sh, err := m.ctx.OpenSession(tok.Slot, pkcs11.CKF_SERIAL_SESSION)
	if err != nil {
		return nil, mapErr(err, "open session")
	}
	defer m.ctx.CloseSession(sh)
	return m.certs(sh)
}

func (m *Module) certs(sh pkcs11.SessionHandle) ([]Certificate, error) {
	objs, err := m.find(sh, []*pkcs11.Attribute{
		pkcs11.NewAttribute(pkcs11.CKA_CLASS, pkcs11.CKO_CERTIFICATE),
		pkcs11.NewAttribute(pkcs11.CKA_CERTIFICATE_TYPE, pkcs11.CKC_X_509),
	})
	if err != nil {
		return nil, err
	}
	var out []Certificate
	for _, o := range objs {
		attrs, err := m.ctx.GetAttributeValue(sh, o, []*pkcs11.Attribute{pkcs11.NewAttribute(pkcs11.CKA_VALUE, nil)})
		if err != nil {
			return nil, mapErr(err, "read certificate")
		}
		c, err := smx509.ParseCertificate(attrs[0].Value)
		if err != nil {
			continue // not a certificate we can read; it cannot be a seal's
		}
		id, label := m.idLabel(sh, o)
		out = append(out, Certificate{ID: id, Label: label, Cert: c})
	}
	return out, nil
}

func (m *Module) find(sh pkcs11.SessionHandle, tmpl []*pkcs11.Attribute) ([]pkcs11.ObjectHandle, error) {
	if err := m.ctx.FindObjectsInit(sh, tmpl); err != nil {
		return nil, mapErr(err, "find objects")
	}
	var out []pkcs11.ObjectHandle
	for {
		objs, _, err := m.ctx.FindObjects(sh, 64)
		if err != nil {
			m.ctx.FindObjectsFinal(sh)
			return nil, mapErr(err, "find objects")
		}
		if len(objs) == 0 {
			break
		}
		out = append(out, objs...)
	}
	if err := m.ctx.FindObjectsFinal(sh); err != nil {
		return nil, mapErr(err, "find objects")
	}
	return out, nil
}

func (m *Module) idLabel(sh pkcs11.SessionHandle, o pkcs11.ObjectHandle) (id []byte, label string) {
	if a, err := m.ctx.GetAttributeValue(sh, o, []*pkcs11.Attribute{pkcs11.NewAttribute(pkcs11.CKA_ID, nil)}); err == nil {
		id = a[0].Value
	}
	if a, err := m.ctx.GetAttributeValue(sh, o, []*pkcs11.Attribute{pkcs11.NewAttribute(pkcs11.CKA_LABEL, nil)}); err == nil {
		label = string(a[0].Value)
	}
	return id, label
}

// SM2Mechanisms are the vendor numbers a module uses for SM2 (PKCS#11 has
// none; REFERENCE §5). Only signing over a caller-made e is used: Z and e are
// computed here with gmsm, so whether a token includes Z does not matter.
type SM2Mechanisms struct {
	KeyType uint // CKK_SM2
	SignE   uint // CKM_SM2_SIGN over e = SM3(Z‖M), 32 bytes in, r‖s or DER out
}

// The swpkcs11.h family (Sansec, TASS, iTrus), used for modules not in sm2ByModule.
var defaultSM2 = SM2Mechanisms{KeyType: 0x80000004, SignE: 0x80008104}

// sm2ByModule holds the modules known to number SM2 differently, by file name.
var sm2ByModule = map[string]SM2Mechanisms{}

func sm2For(module string) SM2Mechanisms {
	if m, ok := sm2ByModule[filepath.Base(module)]; ok {
		return m
	}
	return defaultSM2
}

var (
	oidSM2  = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 301}
	oidP256 = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}
)

// publicKey reads the public key of a public-key or private-key object.
func (m *Module) publicKey(sh pkcs11.SessionHandle, o pkcs11.ObjectHandle) (crypto.PublicKey, error) {
	a, err := m.ctx.GetAttributeValue(sh, o, []*pkcs11.Attribute{pkcs11.NewAttribute(pkcs11.CKA_KEY_TYPE, nil)})
	if err != nil {
		return nil, mapErr(err, "read key type")
	}
	kt := attrUint(a[0].Value)
	get := func(t uint) []byte {
		a, err := m.ctx.GetAttributeValue(sh, o, []*pkcs11.Attribute{pkcs11.NewAttribute(t, nil)})
		if err != nil {
			return nil
		}
		return a[0].Value
	}
	switch {
	case kt == pkcs11.CKK_RSA:
		n, e := get(pkcs11.CKA_MODULUS), get(pkcs11.CKA_PUBLIC_EXPONENT)
		if len(n) == 0 || len(e) == 0 || len(e) > 8 {
			return nil, errors.New("device: RSA key without modulus or exponent")
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}, nil
	case kt == pkcs11.CKK_EC || kt == sm2For(m.Path).KeyType:
		var curve elliptic.Curve = sm2.P256() // vendor SM2 keys often lack CKA_EC_PARAMS
		if params := get(pkcs11.CKA_EC_PARAMS); len(params) > 0 {
			var oid asn1.ObjectIdentifier
			if _, err := asn1.Unmarshal(params, &oid); err != nil {
				return nil, errors.New("device: EC key with unreadable CKA_EC_PARAMS")
			}
			switch {
			case oid.Equal(oidP256):
				curve = elliptic.P256()
			case oid.Equal(oidSM2):
			default:
				return nil, fmt.Errorf("device: EC curve %s not supported", oid)
			}
		} else if kt == pkcs11.CKK_EC {
			return nil, errors.New("device: EC key without CKA_EC_PARAMS")
		}
		point := get(pkcs11.CKA_EC_POINT)
		// CKA_EC_POINT is DER OCTET STRING (PKCS#11 v2.40 §2.3.3); some tokens give the raw point.
		var raw []byte
		if rest, err := asn1.Unmarshal(point, &raw); err != nil || len(rest) != 0 {
			raw = point
		}
		if curve == elliptic.P256() {
			return ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
		}
		return sm2.NewPublicKey(raw)
	}
	return nil, fmt.Errorf("device: key type %#x not supported", kt)
}

func attrUint(b []byte) uint {
	// CK_ULONG in host byte order; every platform we ship on is little-endian.
	var v uint
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint(b[i])
	}
	return v
}

// Signer logs in to the token with pin and returns a signer for the private
// key u names (by CKA_ID and/or label; if u names neither, the token's only
// private key). The PIN is tried once and not kept: it goes to C_Login and
// nowhere else. A token that is locked, must have its PIN changed, or is
// offered a well-known default PIN is refused before the PIN is tried.
// Close the signer to log out.
func (m *Module) Signer(u URI, pin string) (*TokenSigner, error) {
	tok, err := m.FindToken(u)
	if err != nil {
		return nil, err
	}
	switch {
	case tok.PIN.Locked:
		return nil, ErrPINLocked
	case tok.MustChangePIN:
		return nil, ErrPINMustChange
	case IsDefaultPIN(pin):
		return nil, fmt.Errorf("%w (%s is a factory default)", ErrPINMustChange, pin)
	}
	if err := m.lock(); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	sh, err := m.ctx.OpenSession(tok.Slot, pkcs11.CKF_SERIAL_SESSION)
	if err != nil {
		return nil, mapErr(err, "open session")
	}
	s := &TokenSigner{m: m, sh: sh, token: tok}
	ok := false
	defer func() {
		if !ok {
			m.ctx.CloseSession(sh)
		}
	}()
	if err := m.ctx.Login(sh, pkcs11.CKU_USER, pin); err != nil && !isCode(err, pkcs11.CKR_USER_ALREADY_LOGGED_IN) {
		return nil, m.loginErr(tok.Slot, err)
	}
	s.loggedIn = true
	defer func() {
		if !ok {
			m.ctx.Logout(sh)
		}
	}()
	tmpl := []*pkcs11.Attribute{pkcs11.NewAttribute(pkcs11.CKA_CLASS, pkcs11.CKO_PRIVATE_KEY)}
	if len(u.ID) > 0 {
		tmpl = append(tmpl, pkcs11.NewAttribute(pkcs11.CKA_ID, u.ID))
	}
	if u.Object != "" {
		tmpl = append(tmpl, pkcs11.NewAttribute(pkcs11.CKA_LABEL, u.Object))
	}
	objs, err := m.find(sh, tmpl)
	if err != nil {
		return nil, err
	}
	switch len(objs) {
	case 0:
		return nil, fmt.Errorf("%w: no private key matches %s", ErrNoToken, u)
	case 1:
	default:
		return nil, fmt.Errorf("device: %d private keys match %s; name one by its id", len(objs), u)
	}
	s.key = objs[0]
	id, _ := m.idLabel(sh, s.key)
	s.pub, err = m.publicHalf(sh, s.key, id)
	if err != nil {
		return nil, err
	}
	if s.alg, err = AlgorithmOf(s.pub); err != nil {
		return nil, err
	}
	ok = true
	return s, nil
}

// publicHalf finds the public key of a private key: its public-key object,
// else its certificate, else the private object itself (some tokens keep the
// public attributes there).
func (m *Module) publicHalf(sh pkcs11.SessionHandle, priv pkcs11.ObjectHandle, id []byte) (crypto.PublicKey, error) {
	if len(id) > 0 {
		objs, err := m.find(sh, []*pkcs11.Attribute{
			pkcs11.NewAttribute(pkcs11.CKA_CLASS, pkcs11.CKO_PUBLIC_KEY), pkcs11.NewAttribute(pkcs11.CKA_ID, id),
		})
		if err != nil {
			return nil, err
		}
		if len(objs) > 0 {
			if pub, err := m.publicKey(sh, objs[0]); err == nil {
				return pub, nil
			}
		}
		certs, err := m.certs(sh)
		if err != nil {
			return nil, err
		}
		for _, c := range certs {
			if bytes.Equal(c.ID, id) {
				return c.Cert.PublicKey, nil
			}
		}
	}
	if pub, err := m.publicKey(sh, priv); err == nil {
		return pub, nil
	}
	return nil, errors.New("device: the token has no public key or certificate for this private key")
}

// loginErr maps a failed C_Login, reading the token flags again for the tries left.
func (m *Module) loginErr(slot uint, err error) error {
	if !isCode(err, pkcs11.CKR_PIN_INCORRECT) {
		return mapErr(err, "log in")
	}
	ti, terr := m.ctx.GetTokenInfo(slot)
	if terr != nil {
		return &PINError{TriesLeft: TriesUnknown}
	}
	st := pinStatus(ti.Flags)
	if st.Locked {
		return ErrPINLocked
	}
	return &PINError{TriesLeft: st.TriesLeft}
}

// ChangePIN sets a new user PIN on the token u names (C_SetPIN in a R/W
// public session, PKCS#11 v2.40 §5.6). The new PIN must pass CheckPIN, so a
// factory default can never be set again.
func (m *Module) ChangePIN(u URI, oldPIN, newPIN string) error {
	if err := CheckPIN(newPIN); err != nil {
		return err
	}
	tok, err := m.FindToken(u)
	if err != nil {
		return err
	}
	if tok.PIN.Locked {
		return ErrPINLocked
	}
	if err := m.lock(); err != nil {
		return err
	}
	defer m.mu.Unlock()
	sh, err := m.ctx.OpenSession(tok.Slot, pkcs11.CKF_SERIAL_SESSION|pkcs11.CKF_RW_SESSION)
	if err != nil {
		return mapErr(err, "open session")
	}
	defer m.ctx.CloseSession(sh)
	if err := m.ctx.SetPIN(sh, oldPIN, newPIN); err != nil {
		return m.loginErr(tok.Slot, err)
	}
	return nil
}

// TokenSigner signs with a private key on a token in one logged-in session.
type TokenSigner struct {
	m        *Module
	sh       pkcs11.SessionHandle
	key      pkcs11.ObjectHandle
	pub      crypto.PublicKey
	alg      string
	token    Token
	loggedIn bool

	testOnlyRaw func(mech uint, in []byte) ([]byte, error) // replaces C_Sign in unit tests
}

var _ crypto.Signer = (*TokenSigner)(nil)

// Public returns the key's public half.
func (s *TokenSigner) Public() crypto.PublicKey { return s.pub }

// Algorithm names the key's algorithm.
func (s *TokenSigner) Algorithm() string { return s.alg }

// Token describes the token the key is on.
func (s *TokenSigner) Token() Token { return s.token }

// Close logs out and closes the session.
func (s *TokenSigner) Close() error {
	if err := s.m.lock(); err != nil {
		return nil // the module is gone, and the session with it
	}
	defer s.m.mu.Unlock()
	if s.loggedIn {
		s.loggedIn = false
		s.m.ctx.Logout(s.sh)
		return mapErr(s.m.ctx.CloseSession(s.sh), "close session")
	}
	return nil
}

// DigestInfo prefixes of RFC 8017 §9.2 note 1.
var digestInfo = map[crypto.Hash][]byte{
	crypto.SHA256: {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20},
	crypto.SHA384: {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30},
	crypto.SHA512: {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40},
}

// Sign signs as the package convention says: RSA PKCS#1 v1.5 and ECDSA over a
// digest; SM2 over the message with sm2.DefaultSM2SignerOpts (e is computed
// here, the token signs e with the raw mechanism). Every signature is checked
// against the public key before it is returned, so a token that signs with
// another key, or a vendor mechanism that means something else, never puts a
// bad signature into a document.
func (s *TokenSigner) Sign(_ io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	switch pub := s.pub.(type) {
	case *rsa.PublicKey:
		if _, pss := opts.(*rsa.PSSOptions); pss {
			return nil, errors.New("device: RSA-PSS is not supported on tokens")
		}
		h := opts.HashFunc()
		prefix, ok := digestInfo[h]
		if !ok || len(digest) != h.Size() {
			return nil, fmt.Errorf("device: RSA signing with hash %v not supported", h)
		}
		sig, err := s.raw(pkcs11.CKM_RSA_PKCS, append(append([]byte{}, prefix...), digest...))
		if err != nil {
			return nil, err
		}
		if err := rsa.VerifyPKCS1v15(pub, h, digest, sig); err != nil {
			return nil, errors.New("device: the token's RSA signature does not verify")
		}
		return sig, nil
	case *ecdsa.PublicKey:
		if pub.Curve == sm2.P256() {
			return s.signSM2(pub, digest, opts)
		}
		if h := opts.HashFunc(); h == 0 || len(digest) != h.Size() {
			return nil, errors.New("device: ECDSA signs a digest")
		}
		out, err := s.raw(pkcs11.CKM_ECDSA, digest)
		if err != nil {
			return nil, err
		}
		sig, err := normaliseSig(out)
		if err != nil {
			return nil, err
		}
		if !ecdsa.VerifyASN1(pub, digest, sig) {
			return nil, errors.New("device: the token's ECDSA signature does not verify")
		}
		return sig, nil
	}
	return nil, fmt.Errorf("device: cannot sign with %T", s.pub)
}

func (s *TokenSigner) signSM2(pub *ecdsa.PublicKey, msg []byte, opts crypto.SignerOpts) ([]byte, error) {
	var e []byte
	if o, ok := opts.(*sm2.SM2SignerOption); ok {
		// The ID inside the option is unexported; only the default one is accepted.
		if !reflect.DeepEqual(o, sm2.DefaultSM2SignerOpts) {
			return nil, errors.New("device: SM2 on a token signs with the default ID only")
		}
		var err error
		if e, err = sm2.CalculateSM2Hash(pub, msg, nil); err != nil {
			return nil, err
		}
	} else {
		e = msg // as gmsm: without SM2 options the input already is e
	}
	if len(e) != 32 {
		return nil, errors.New("device: SM2 e must be 32 bytes")
	}
	out, err := s.raw(sm2For(s.m.Path).SignE, e)
	if err != nil {
		return nil, err
	}
	sig, err := normaliseSig(out)
	if err != nil {
		return nil, err
	}
	if !sm2.VerifyASN1(pub, e, sig) {
		return nil, errors.New("device: the token's SM2 signature does not verify (wrong mechanism for this module?)")
	}
	return sig, nil
}

// normaliseSig turns raw r‖s (PKCS#11 v2.40 §2.3.1) into DER SEQUENCE{r, s}
// and passes DER through, so tokens that answer either way work.
func normaliseSig(b []byte) ([]byte, error) {
	var rs struct{ R, S *big.Int }
	if rest, err := asn1.Unmarshal(b, &rs); err == nil && len(rest) == 0 && rs.R.Sign() > 0 && rs.S.Sign() > 0 {
		return b, nil
	}
	if len(b) == 0 || len(b)%2 != 0 || len(b) > 132 {
		return nil, fmt.Errorf("device: token returned a %d-byte signature", len(b))
	}
	rs.R = new(big.Int).SetBytes(b[:len(b)/2])
	rs.S = new(big.Int).SetBytes(b[len(b)/2:])
	return asn1.Marshal(rs)
}

func (s *TokenSigner) raw(mech uint, in []byte) ([]byte, error) {
	if s.testOnlyRaw != nil {
		return s.testOnlyRaw(mech, in)
	}
	if err := s.m.lock(); err != nil {
		return nil, err
	}
	defer s.m.mu.Unlock()
	if !s.loggedIn {
		return nil, fmt.Errorf("%w: the signing session was closed", ErrNoToken)
	}
	if err := s.m.ctx.SignInit(s.sh, []*pkcs11.Mechanism{pkcs11.NewMechanism(mech, nil)}, s.key); err != nil {
		return nil, mapErr(err, "start signing")
	}
	out, err := s.m.ctx.Sign(s.sh, in)
	if err != nil {
		return nil, mapErr(err, "sign")
	}
	return out, nil
}

func isCode(err error, code uint) bool {
	var e pkcs11.Error
	return errors.As(err, &e) && uint(e) == code
}

func isNoToken(err error) bool {
	var e pkcs11.Error
	if !errors.As(err, &e) {
		return false
	}
	switch uint(e) {
	case pkcs11.CKR_DEVICE_REMOVED, pkcs11.CKR_TOKEN_NOT_PRESENT, pkcs11.CKR_SESSION_HANDLE_INVALID,
		pkcs11.CKR_SESSION_CLOSED, pkcs11.CKR_SLOT_ID_INVALID, pkcs11.CKR_KEY_HANDLE_INVALID,
		pkcs11.CKR_OBJECT_HANDLE_INVALID, pkcs11.CKR_CRYPTOKI_NOT_INITIALIZED, pkcs11.CKR_TOKEN_NOT_RECOGNIZED:
		return true
	}
	return false
}

// mapErr translates a PKCS#11 return code into this package's errors at the
// boundary, keeping the vendor code in the message for support.
func mapErr(err error, what string) error {
	if err == nil {
		return nil
	}
	var e pkcs11.Error
	if !errors.As(err, &e) {
		return fmt.Errorf("%s: %w", what, err)
	}
	switch {
	case uint(e) == pkcs11.CKR_PIN_INCORRECT:
		return &PINError{TriesLeft: TriesUnknown}
	case uint(e) == pkcs11.CKR_PIN_LOCKED:
		return ErrPINLocked
	case uint(e) == pkcs11.CKR_PIN_EXPIRED, uint(e) == pkcs11.CKR_USER_PIN_NOT_INITIALIZED:
		return ErrPINMustChange
	case uint(e) == pkcs11.CKR_PIN_INVALID, uint(e) == pkcs11.CKR_PIN_LEN_RANGE, uint(e) == pkcs11.CKR_PIN_TOO_WEAK:
		return fmt.Errorf("%w: the token refused it (%v)", ErrPINPolicy, e)
	case isNoToken(e):
		return fmt.Errorf("%w: %s: %v", ErrNoToken, what, e)
	}
	return fmt.Errorf("%s: %w", what, e)
}
