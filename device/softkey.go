package device

import (
	"crypto"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/internal/kdf"
	"sealdesk/internal/safefile"
)

// SoftKeyMaxTries is how many wrong PINs in a row lock a software key, like a USB key.
const SoftKeyMaxTries = 5

// Default scrypt cost for new software keys: about 0.1 s and 32 MiB per PIN try
// on the 2-core office PCs we target, so guessing a 6-digit PIN offline costs
// days of CPU even before the lock.
const (
	scryptN = 1 << 15
	scryptR = 8
	scryptP = 1
)

// How a key file derives its SM4 key-encryption key. A PIN or a password is
// stretched with scrypt, since a person's secret can be guessed. A random
// secret of at least SecretSize bytes (a workstation key's, issue 18) cannot:
// stretching it buys nothing and costs 0.1 s and 32 MiB at every open, so its
// key-encryption key is HKDF-SM3 (RFC 5869) of it, salted with the file's salt.
const (
	KDFScrypt  = "scrypt"
	KDFHKDFSM3 = "hkdf-sm3"
)

// SecretSize is the shortest secret SealSoftKeyWithSecret accepts: 256 bits.
const SecretSize = 32

// ErrWrongSecret means the secret given to UnlockWithSecret does not open the key.
var ErrWrongSecret = errors.New("device: the secret does not open the key")

// softKeyFile is the on-disk form of a software key (JSON). The private key is
// PKCS#8 DER sealed with SM4-GCM under a key derived from the PIN with scrypt;
// the header (version, algorithm, public key, KDF parameters) is the GCM
// additional data, so it cannot be swapped. The try counter is outside the
// sealed part on purpose, since it must change without the PIN; from version 2
// it and the limit are covered by MAC, an HMAC-SM3 under a counter key that
// lives outside the workspace (RegisterCounterKey), so that editing "failures"
// or "max_tries" makes the key refuse to open instead of unlocking it.
//
// Version 1 files (no MAC) still open: their first successful unlock re-seals
// them as version 2. Because the version is part of the GCM additional data, a
// version 2 file rewritten as version 1 to shed its MAC never opens again.
type softKeyFile struct {
	Version      int    `json:"version"`
	Algorithm    string `json:"algorithm"`
	PublicKey    []byte `json:"public_key"` // PKIX DER
	KDF          string `json:"kdf"`
	N            int    `json:"n"`
	R            int    `json:"r"`
	P            int    `json:"p"`
	Salt         []byte `json:"salt"`
	Cipher       string `json:"cipher"`
	Nonce        []byte `json:"nonce"`
	Ciphertext   []byte `json:"ciphertext"`
	Failures     int    `json:"failures"`
	MaxTries     int    `json:"max_tries"`
	CounterKeyID []byte `json:"counter_key_id,omitempty"` // which counter key made MAC
	MAC          []byte `json:"mac,omitempty"`            // HMAC-SM3 over all of the above
}

const softKeyVersion = 2

func (f *softKeyFile) aad() []byte {
	return []byte(fmt.Sprintf("sealdesk-softkey-v%d|%s|%x|%s|%d|%d|%d|%x|%s", f.Version, f.Algorithm, f.PublicKey, f.KDF, f.N, f.R, f.P, f.Salt, f.Cipher))
}

// mac authenticates every field, the counter and the limit included.
func (f *softKeyFile) mac(key []byte) []byte {
	m := hmac.New(sm3.New, key)
	fmt.Fprintf(m, "sealdesk-softkey-counter|%s|%x|%x|%d|%d|%x", f.aad(), f.Nonce, f.Ciphertext, f.Failures, f.MaxTries, f.CounterKeyID)
	return m.Sum(nil)
}

// counterKeyID names a counter key without revealing it, so that a key file
// MAC'd on another workstation gets its own message rather than "edited".
func counterKeyID(key []byte) []byte {
	m := hmac.New(sm3.New, key)
	m.Write([]byte("sealdesk-counter-key-id"))
	return m.Sum(nil)[:8]
}

// counterKeys maps folders to the key that authenticates the try counters of
// the key files under them. The caller (the app, which knows where a
// workspace's keys live and where its workstation secret is) registers them;
// this package knows folders, not workspaces.
var counterKeys struct {
	sync.Mutex
	regs []*counterReg
}

type counterReg struct {
	dir string
	key []byte
}

// RegisterCounterKey declares that the software key files under dir carry try
// counters authenticated under key. Call release when done; the most recent
// registration of a folder wins.
func RegisterCounterKey(dir string, key []byte) (release func(), err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("device: register counter key: %w", err)
	}
	if len(key) < 16 {
		return nil, errors.New("device: counter key too short")
	}
	r := &counterReg{dir: abs, key: append([]byte(nil), key...)}
	counterKeys.Lock()
	counterKeys.regs = append(counterKeys.regs, r)
	counterKeys.Unlock()
	return func() {
		counterKeys.Lock()
		defer counterKeys.Unlock()
		for i, x := range counterKeys.regs {
			if x == r {
				counterKeys.regs = append(counterKeys.regs[:i], counterKeys.regs[i+1:]...)
				return
			}
		}
	}, nil
}

func counterKeyFor(path string) []byte {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	counterKeys.Lock()
	defer counterKeys.Unlock()
	for i := len(counterKeys.regs) - 1; i >= 0; i-- {
		r := counterKeys.regs[i]
		if strings.HasPrefix(abs, r.dir+string(filepath.Separator)) {
			return r.key
		}
	}
	return nil
}

// SoftKey is a private key in a file, usable only with its PIN.
type SoftKey struct {
	mu   sync.Mutex
	path string
	f    softKeyFile
	rand io.Reader
}

// AlgorithmOf names the algorithm of a public key.
func AlgorithmOf(pub crypto.PublicKey) (string, error) {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		switch k.Curve {
		case sm2.P256():
			return AlgSM2, nil
		case elliptic.P256():
			return AlgECDSAP256, nil
		}
	case *rsa.PublicKey:
		return AlgRSA, nil
	}
	return "", fmt.Errorf("device: unsupported key type %T", pub)
}

// GenerateKey makes a new private key of the named algorithm.
func GenerateKey(alg string, r io.Reader) (crypto.Signer, error) {
	switch alg {
	case AlgSM2:
		return sm2.GenerateKey(r)
	case AlgECDSAP256:
		return ecdsa.GenerateKey(elliptic.P256(), r)
	case AlgRSA:
		return rsa.GenerateKey(r, 2048)
	}
	return nil, fmt.Errorf("device: unknown algorithm %q", alg)
}

// CreateSoftKey writes key to path, sealed under pin.
func CreateSoftKey(path string, key crypto.Signer, pin string) error {
	if err := CheckPIN(pin); err != nil {
		return err
	}
	return SealSoftKey(path, key, pin)
}

// SealSoftKey writes key to path sealed under secret without applying the PIN
// policy: for keys protected by something with a policy of its own, such as a
// user's sign-in password (a person's approval key opens when they sign in).
// Under a folder with a registered counter key the file is version 2 with an
// authenticated counter; elsewhere (a key made to be handed over) version 1,
// which gains its code at its first unlock in a registered folder.
func SealSoftKey(path string, key crypto.Signer, secret string) error {
	return sealSoftKey(path, key, KDFScrypt, []byte(secret))
}

// SealSoftKeyWithSecret writes key to path sealed under secret, random bytes
// that no person chose (at least SecretSize of them), with HKDF-SM3 instead of
// scrypt: a key that must open unattended and often, like the workstation's.
// Such a file opens only with UnlockWithSecret; Unlock refuses it, so a PIN
// never meets the fast derivation.
func SealSoftKeyWithSecret(path string, key crypto.Signer, secret []byte) error {
	if len(secret) < SecretSize {
		return fmt.Errorf("device: a secret of %d bytes is too short for a fast key derivation (at least %d)", len(secret), SecretSize)
	}
	return sealSoftKey(path, key, KDFHKDFSM3, secret)
}

func sealSoftKey(path string, key crypto.Signer, kdfName string, secret []byte) error {
	alg, err := AlgorithmOf(key.Public())
	if err != nil {
		return err
	}
	pub, err := smx509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return fmt.Errorf("encode public key: %w", err)
	}
	k := &SoftKey{path: path, rand: rand.Reader, f: softKeyFile{
		Version: 1, Algorithm: alg, PublicKey: pub, KDF: kdfName,
		Cipher: "SM4-GCM", MaxTries: SoftKeyMaxTries,
	}}
	if kdfName == KDFScrypt {
		k.f.N, k.f.R, k.f.P = scryptN, scryptR, scryptP
	}
	ck := counterKeyFor(path)
	if ck != nil {
		k.f.Version = softKeyVersion
	}
	if err := k.seal(key, secret); err != nil {
		return err
	}
	return k.save(ck)
}

// CheckPIN applies the PIN policy: 6 to 16 characters, and none of the
// well-known defaults, which a USB key must have changed before first use.
func CheckPIN(pin string) error {
	switch {
	case len(pin) < 6 || len(pin) > 16:
		return fmt.Errorf("%w: it must have 6 to 16 characters", ErrPINPolicy)
	case IsDefaultPIN(pin):
		return fmt.Errorf("%w: %s is a well-known default", ErrPINPolicy, pin)
	}
	return nil
}

// IsDefaultPIN reports whether pin is one of the factory defaults of common USB keys.
func IsDefaultPIN(pin string) bool {
	switch pin {
	case "123456", "12345678", "000000", "00000000", "111111", "888888":
		return true
	}
	return false
}

func (k *SoftKey) seal(key crypto.Signer, secret []byte) error {
	der, err := smx509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("encode private key: %w", err)
	}
	k.f.Salt = make([]byte, 16)
	k.f.Nonce = make([]byte, 12)
	if _, err := io.ReadFull(k.rand, k.f.Salt); err != nil {
		return err
	}
	if _, err := io.ReadFull(k.rand, k.f.Nonce); err != nil {
		return err
	}
	aead, err := k.aead(secret)
	if err != nil {
		return err
	}
	k.f.Ciphertext = aead.Seal(nil, k.f.Nonce, der, k.f.aad())
	return nil
}

// hkdfInfo separates the key-encryption key from any other use of the secret.
const hkdfInfo = "sealdesk/softkey-kek/v1"

func (k *SoftKey) aead(secret []byte) (cipher.AEAD, error) {
	if k.f.Cipher != "SM4-GCM" {
		return nil, fmt.Errorf("device: key file uses %s/%s, which this build does not know", k.f.KDF, k.f.Cipher)
	}
	var kek []byte
	var err error
	switch k.f.KDF {
	case KDFScrypt:
		kek, err = kdf.Scrypt(secret, k.f.Salt, k.f.N, k.f.R, k.f.P, 16)
	case KDFHKDFSM3:
		kek, err = hkdf.Key(sm3.New, secret, k.f.Salt, hkdfInfo, 16)
	default:
		return nil, fmt.Errorf("device: key file uses %s/%s, which this build does not know", k.f.KDF, k.f.Cipher)
	}
	if err != nil {
		return nil, fmt.Errorf("derive key: %w", err)
	}
	block, err := sm4.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// save writes the file atomically and synced (safefile), with a fresh
// authentication code when it is version 2.
func (k *SoftKey) save(counterKey []byte) error {
	if k.f.Version >= softKeyVersion {
		if counterKey == nil {
			return fmt.Errorf("%w: %s", ErrNoCounterKey, k.path)
		}
		k.f.CounterKeyID = counterKeyID(counterKey)
		k.f.MAC = k.f.mac(counterKey)
	}
	b, err := json.MarshalIndent(&k.f, "", "  ")
	if err != nil {
		return err
	}
	return safefile.WriteBytes(k.path, 0o600, b)
}

// OpenSoftKey reads a software key file; no PIN is needed to see its public part.
func OpenSoftKey(path string) (*SoftKey, error) {
	k := &SoftKey{path: path, rand: rand.Reader}
	if err := k.load(); err != nil {
		return nil, err
	}
	return k, nil
}

// load (re)reads the file: another process may have used a try since.
func (k *SoftKey) load() error {
	b, err := os.ReadFile(k.path)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w: no key file %s", ErrNoToken, k.path)
	}
	if err != nil {
		return fmt.Errorf("read key file: %w", err)
	}
	var f softKeyFile
	if err := json.Unmarshal(b, &f); err != nil || f.Version < 1 || f.Version > softKeyVersion {
		return fmt.Errorf("device: %s is not a SealDesk key file", k.path)
	}
	if f.Version == 1 {
		// Nothing authenticates a version 1 limit: every such file was written
		// with SoftKeyMaxTries, so a different value is an edit and is ignored.
		f.MaxTries = SoftKeyMaxTries
	}
	k.f = f
	return nil
}

// checkCounter verifies the authentication code of a version 2 file.
func (k *SoftKey) checkCounter(counterKey []byte) error {
	if k.f.Version < softKeyVersion {
		return nil
	}
	switch {
	case counterKey == nil:
		return fmt.Errorf("%w: %s", ErrNoCounterKey, k.path)
	case !hmac.Equal(k.f.CounterKeyID, counterKeyID(counterKey)):
		return fmt.Errorf("%w: %s", ErrCounterForeign, k.path)
	case !hmac.Equal(k.f.MAC, k.f.mac(counterKey)) || k.f.MaxTries <= 0:
		return fmt.Errorf("%w: %s", ErrCounterTampered, k.path)
	}
	return nil
}

// lock takes an exclusive lock shared by every process on this key: a sidecar
// file, because the key file itself is replaced by rename at every save and a
// lock on the old inode would not exclude a process that opened the new one.
func (k *SoftKey) lock() (unlock func(), err error) {
	f, err := os.OpenFile(k.path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock key file: %w", err)
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock key file: %w", err)
	}
	return func() { f.Close() }, nil // closing releases the lock
}

// Algorithm names the key's algorithm.
func (k *SoftKey) Algorithm() string { return k.f.Algorithm }

// Public returns the public key.
func (k *SoftKey) Public() (crypto.PublicKey, error) {
	return smx509.ParsePKIXPublicKey(k.f.PublicKey)
}

// PINStatus tells how many tries are left and whether the key is locked.
type PINStatus struct {
	TriesLeft int
	FinalTry  bool
	Locked    bool
}

// Status reports the PIN state without using a try, as last read from disk.
func (k *SoftKey) Status() PINStatus {
	k.mu.Lock()
	defer k.mu.Unlock()
	left := k.f.MaxTries - k.f.Failures
	if left < 0 {
		left = 0
	}
	return PINStatus{TriesLeft: left, FinalTry: left == 1, Locked: left == 0}
}

// Unlock returns the private key when pin is right. Every try is counted
// before the KDF runs, under a lock held across processes, and the counter is
// on disk (synced) before the PIN is even looked at: killing the process,
// or trying from many processes at once, never refunds a try. The counter is
// reset only after the right PIN. The last wrong try locks the key for good.
// The PIN is not kept.
func (k *SoftKey) Unlock(pin string) (crypto.Signer, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	unlock, err := k.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	return k.unlockLocked(pin)
}

// unlockLocked is Unlock for a caller holding k.mu and the file lock.
func (k *SoftKey) unlockLocked(pin string) (crypto.Signer, error) {
	if err := k.load(); err != nil {
		return nil, err
	}
	if k.f.KDF == KDFHKDFSM3 {
		return nil, fmt.Errorf("device: %s is sealed under a machine secret, not a PIN", k.path)
	}
	ck := counterKeyFor(k.path)
	if err := k.checkCounter(ck); err != nil {
		return nil, err
	}
	if k.f.Failures >= k.f.MaxTries {
		return nil, ErrPINLocked
	}
	k.f.Failures++
	if err := k.save(ck); err != nil {
		return nil, fmt.Errorf("record PIN try: %w", err)
	}
	aead, err := k.aead([]byte(pin))
	if err != nil {
		return nil, err
	}
	der, openErr := aead.Open(nil, k.f.Nonce, k.f.Ciphertext, k.f.aad())
	if openErr != nil {
		if k.f.Failures >= k.f.MaxTries {
			return nil, ErrPINLocked
		}
		return nil, &PINError{TriesLeft: k.f.MaxTries - k.f.Failures}
	}
	signer, err := parseSigner(der)
	if err != nil {
		return nil, err
	}
	k.f.Failures = 0
	if k.f.Version < softKeyVersion && ck != nil {
		// A version 1 file opened in a folder with a counter key: re-seal it
		// as version 2 so that its counter is authenticated from now on.
		k.f.Version = softKeyVersion
		if err := k.seal(signer, []byte(pin)); err != nil {
			return nil, err
		}
	}
	if err := k.save(ck); err != nil {
		return nil, fmt.Errorf("reset PIN counter: %w", err)
	}
	return signer, nil
}

// ChangePIN re-seals the key under a new PIN; the old PIN must be right, and
// a wrong one is a counted try like Unlock's. The check and the re-sealing
// happen under one hold of the file lock: of two processes changing the PIN
// with the same old PIN at once, the second finds the first's new PIN and is
// refused, rather than both succeeding and the last one's PIN silently
// winning.
func (k *SoftKey) ChangePIN(oldPIN, newPIN string) error {
	if err := CheckPIN(newPIN); err != nil {
		return err
	}
	if newPIN == oldPIN {
		return fmt.Errorf("%w: the new PIN is the old one", ErrPINPolicy)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	unlock, err := k.lock()
	if err != nil {
		return err
	}
	defer unlock()
	signer, err := k.unlockLocked(oldPIN)
	if err != nil {
		return err
	}
	if err := k.seal(signer, []byte(newPIN)); err != nil {
		return err
	}
	return k.save(counterKeyFor(k.path))
}

// KDF names how the file derives its key-encryption key: KDFScrypt (a PIN or
// a password) or KDFHKDFSM3 (a random secret, SealSoftKeyWithSecret).
func (k *SoftKey) KDF() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.f.KDF
}

// UnlockWithSecret opens a key sealed by SealSoftKeyWithSecret. No try is
// counted and nothing is written: a try counter guards guessable secrets, and
// 256 random bits are not guessed, so a wrong secret (another machine's) only
// fails, it never locks the key. Files sealed under a PIN are refused.
func (k *SoftKey) UnlockWithSecret(secret []byte) (crypto.Signer, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := k.load(); err != nil {
		return nil, err
	}
	if k.f.KDF != KDFHKDFSM3 {
		return nil, fmt.Errorf("device: %s is sealed under a PIN (%s), not a machine secret", k.path, k.f.KDF)
	}
	aead, err := k.aead(secret)
	if err != nil {
		return nil, err
	}
	der, err := aead.Open(nil, k.f.Nonce, k.f.Ciphertext, k.f.aad())
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrWrongSecret, k.path)
	}
	signer, err := parseSigner(der)
	if err != nil {
		return nil, err
	}
	return signer, nil
}

// parseSigner reads an unsealed PKCS#8 private key.
func parseSigner(der []byte) (crypto.Signer, error) {
	key, err := smx509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("device: decode private key: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("device: key of type %T cannot sign", key)
	}
	return signer, nil
}
