package device

import (
	"crypto"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm4"
	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/crypto/scrypt"

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

// softKeyFile is the on-disk form of a software key (JSON). The private key is
// PKCS#8 DER sealed with SM4-GCM under a key derived from the PIN with scrypt;
// the header (algorithm, public key, KDF parameters) is the GCM additional data,
// so it cannot be swapped. The retry counter is outside the sealed part on
// purpose: it must change without the PIN.
type softKeyFile struct {
	Version    int    `json:"version"`
	Algorithm  string `json:"algorithm"`
	PublicKey  []byte `json:"public_key"` // PKIX DER
	KDF        string `json:"kdf"`
	N          int    `json:"n"`
	R          int    `json:"r"`
	P          int    `json:"p"`
	Salt       []byte `json:"salt"`
	Cipher     string `json:"cipher"`
	Nonce      []byte `json:"nonce"`
	Ciphertext []byte `json:"ciphertext"`
	Failures   int    `json:"failures"`
	MaxTries   int    `json:"max_tries"`
}

func (f *softKeyFile) aad() []byte {
	return []byte(fmt.Sprintf("sealdesk-softkey-v%d|%s|%x|%s|%d|%d|%d|%x|%s", f.Version, f.Algorithm, f.PublicKey, f.KDF, f.N, f.R, f.P, f.Salt, f.Cipher))
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
func SealSoftKey(path string, key crypto.Signer, secret string) error {
	alg, err := AlgorithmOf(key.Public())
	if err != nil {
		return err
	}
	pub, err := smx509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return fmt.Errorf("encode public key: %w", err)
	}
	k := &SoftKey{path: path, rand: rand.Reader, f: softKeyFile{
		Version: 1, Algorithm: alg, PublicKey: pub, KDF: "scrypt", N: scryptN, R: scryptR, P: scryptP,
		Cipher: "SM4-GCM", MaxTries: SoftKeyMaxTries,
	}}
	if err := k.seal(key, secret); err != nil {
		return err
	}
	return k.save()
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

func (k *SoftKey) seal(key crypto.Signer, pin string) error {
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
	aead, err := k.aead(pin)
	if err != nil {
		return err
	}
	k.f.Ciphertext = aead.Seal(nil, k.f.Nonce, der, k.f.aad())
	return nil
}

func (k *SoftKey) aead(pin string) (cipher.AEAD, error) {
	if k.f.KDF != "scrypt" || k.f.Cipher != "SM4-GCM" {
		return nil, fmt.Errorf("device: key file uses %s/%s, which this build does not know", k.f.KDF, k.f.Cipher)
	}
	kek, err := scrypt.Key([]byte(pin), k.f.Salt, k.f.N, k.f.R, k.f.P, 16)
	if err != nil {
		return nil, fmt.Errorf("derive key: %w", err)
	}
	block, err := sm4.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func (k *SoftKey) save() error {
	b, err := json.MarshalIndent(&k.f, "", "  ")
	if err != nil {
		return err
	}
	return safefile.WriteBytes(k.path, 0o600, b)
}

// OpenSoftKey reads a software key file; no PIN is needed to see its public part.
func OpenSoftKey(path string) (*SoftKey, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: no key file %s", ErrNoToken, path)
	}
	if err != nil {
		return nil, fmt.Errorf("read key file: %w", err)
	}
	k := &SoftKey{path: path, rand: rand.Reader}
	if err := json.Unmarshal(b, &k.f); err != nil || k.f.Version != 1 {
		return nil, fmt.Errorf("device: %s is not a SealDesk key file", path)
	}
	if k.f.MaxTries <= 0 {
		k.f.MaxTries = SoftKeyMaxTries
	}
	return k, nil
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

// Status reports the PIN state without using a try.
func (k *SoftKey) Status() PINStatus {
	k.mu.Lock()
	defer k.mu.Unlock()
	left := k.f.MaxTries - k.f.Failures
	if left < 0 {
		left = 0
	}
	return PINStatus{TriesLeft: left, FinalTry: left == 1, Locked: left == 0}
}

// Unlock returns the private key when pin is right. A wrong PIN uses up one try
// (written to disk before the answer is given, so killing the process does not
// refund it); the last wrong try locks the key for good. The PIN is not kept.
func (k *SoftKey) Unlock(pin string) (crypto.Signer, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.f.Failures >= k.f.MaxTries {
		return nil, ErrPINLocked
	}
	aead, err := k.aead(pin)
	if err != nil {
		return nil, err
	}
	der, openErr := aead.Open(nil, k.f.Nonce, k.f.Ciphertext, k.f.aad())
	if openErr != nil {
		k.f.Failures++
		if err := k.save(); err != nil {
			return nil, fmt.Errorf("record wrong PIN: %w", err)
		}
		if k.f.Failures >= k.f.MaxTries {
			return nil, ErrPINLocked
		}
		return nil, &PINError{TriesLeft: k.f.MaxTries - k.f.Failures}
	}
	if k.f.Failures != 0 {
		k.f.Failures = 0
		if err := k.save(); err != nil {
			return nil, fmt.Errorf("reset PIN counter: %w", err)
		}
	}
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

// ChangePIN re-seals the key under a new PIN; the old PIN must be right.
func (k *SoftKey) ChangePIN(oldPIN, newPIN string) error {
	if err := CheckPIN(newPIN); err != nil {
		return err
	}
	signer, err := k.Unlock(oldPIN)
	if err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := k.seal(signer, newPIN); err != nil {
		return err
	}
	return k.save()
}
