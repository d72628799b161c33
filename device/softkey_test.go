package device

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/emmansun/gmsm/sm2"

	"sealdesk/internal/kdf"
)

func newSoftKey(t *testing.T, alg, pin string) (string, crypto.Signer) {
	t.Helper()
	key, err := GenerateKey(alg, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), alg+".key")
	if err := CreateSoftKey(path, key, pin); err != nil {
		t.Fatal(err)
	}
	return path, key
}

func TestSoftKeySignsWithRightPIN(t *testing.T) {
	for _, alg := range []string{AlgSM2, AlgECDSAP256, AlgRSA} {
		t.Run(alg, func(t *testing.T) {
			path, _ := newSoftKey(t, alg, "135790")
			raw, _ := os.ReadFile(path)
			if containsPlainKey(raw) {
				t.Fatal("key file holds the private key in the clear")
			}
			k, err := OpenSoftKey(path)
			if err != nil {
				t.Fatal(err)
			}
			if k.Algorithm() != alg {
				t.Fatalf("algorithm %s", k.Algorithm())
			}
			signer, err := k.Unlock("135790")
			if err != nil {
				t.Fatal(err)
			}
			msg := []byte("合同第一页")
			switch alg {
			case AlgSM2:
				sig, err := signer.Sign(rand.Reader, msg, sm2.DefaultSM2SignerOpts)
				if err != nil {
					t.Fatal(err)
				}
				pub := signer.Public().(*ecdsa.PublicKey)
				if !sm2.VerifyASN1WithSM2(pub, nil, msg, sig) {
					t.Fatal("SM2 signature with the default ID does not verify")
				}
			default:
				d := sha256.Sum256(msg)
				if _, err := signer.Sign(rand.Reader, d[:], crypto.SHA256); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func containsPlainKey(b []byte) bool {
	// PKCS#8 DER starts with SEQUENCE, INTEGER 0; the file is JSON with base64 ciphertext.
	return len(b) > 0 && b[0] == 0x30
}

func TestSoftKeyWrongPINCountsDownAndLocks(t *testing.T) {
	path, _ := newSoftKey(t, AlgSM2, "135790")
	for want := SoftKeyMaxTries - 1; want >= 1; want-- {
		// Reopen every time: the counter must live on disk, not in memory.
		k, err := OpenSoftKey(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = k.Unlock("000001")
		var pe *PINError
		if !errors.As(err, &pe) || !errors.Is(err, ErrPINIncorrect) || pe.TriesLeft != want {
			t.Fatalf("wrong PIN: %v, want %d tries left", err, want)
		}
		if st := k.Status(); st.TriesLeft != want || st.FinalTry != (want == 1) {
			t.Fatalf("status %+v after wrong PIN", st)
		}
	}
	k, _ := OpenSoftKey(path)
	if _, err := k.Unlock("000001"); !errors.Is(err, ErrPINLocked) {
		t.Fatalf("fifth wrong PIN: %v, want ErrPINLocked", err)
	}
	// Locked for good: even the right PIN is refused.
	k, _ = OpenSoftKey(path)
	if _, err := k.Unlock("135790"); !errors.Is(err, ErrPINLocked) || !k.Status().Locked {
		t.Fatalf("right PIN on a locked key: %v", err)
	}
}

func TestSoftKeyRightPINResetsCounter(t *testing.T) {
	path, _ := newSoftKey(t, AlgECDSAP256, "135790")
	k, _ := OpenSoftKey(path)
	k.Unlock("999999")
	k.Unlock("999998")
	if _, err := k.Unlock("135790"); err != nil {
		t.Fatal(err)
	}
	k, _ = OpenSoftKey(path)
	if st := k.Status(); st.TriesLeft != SoftKeyMaxTries {
		t.Fatalf("tries left %d after a right PIN", st.TriesLeft)
	}
}

func TestSoftKeyChangePIN(t *testing.T) {
	path, _ := newSoftKey(t, AlgSM2, "135790")
	k, _ := OpenSoftKey(path)
	if err := k.ChangePIN("135790", "123456"); !errors.Is(err, ErrPINPolicy) {
		t.Fatalf("changing to a default PIN: %v", err)
	}
	if err := k.ChangePIN("135790", "246801"); err != nil {
		t.Fatal(err)
	}
	k, _ = OpenSoftKey(path)
	if _, err := k.Unlock("135790"); !errors.Is(err, ErrPINIncorrect) {
		t.Fatalf("old PIN after change: %v", err)
	}
	if _, err := k.Unlock("246801"); err != nil {
		t.Fatalf("new PIN: %v", err)
	}
}

// TestSoftKeyChangePINRace: four holders of the same key file (as four
// processes would open it) change its PIN at once, each with the right old
// PIN and a new PIN of its own. Exactly one succeeds; the others find its new
// PIN and are refused with a counted wrong try, and the key opens with the
// winner's PIN. Checking the old PIN and re-sealing under two holds of the
// file lock let all four succeed, the last writer's PIN silently winning.
func TestSoftKeyChangePINRace(t *testing.T) {
	path, _ := newSoftKey(t, AlgSM2, "135790")
	old := "135790"
	// Which holder reaches the lock first varies, and so did the old code's
	// window: several rounds make a miss of it all but impossible.
	for round := range 4 {
		pins := make([]string, 4)
		for i := range pins {
			pins[i] = fmt.Sprintf("%d%d%04d", round+2, i+1, 1000+round*10+i)
		}
		errs := make([]error, len(pins))
		var wg sync.WaitGroup
		for i, p := range pins {
			k, err := OpenSoftKey(path)
			if err != nil {
				t.Fatal(err)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = k.ChangePIN(old, p)
			}()
		}
		wg.Wait()
		winner := ""
		for i, err := range errs {
			switch {
			case err == nil && winner == "":
				winner = pins[i]
			case err == nil:
				t.Errorf("round %d: both %s and %s were accepted", round, winner, pins[i])
			case !errors.Is(err, ErrPINIncorrect):
				t.Errorf("round %d: change to %s: %v", round, pins[i], err)
			}
		}
		if winner == "" {
			t.Fatalf("round %d: no change succeeded", round)
		}
		k, _ := OpenSoftKey(path)
		if _, err := k.Unlock(winner); err != nil {
			t.Fatalf("round %d: the winner's PIN %s: %v", round, winner, err)
		}
		old = winner
	}
	k, _ := OpenSoftKey(path)
	if err := k.ChangePIN(old, old); !errors.Is(err, ErrPINPolicy) {
		t.Fatalf("the same PIN again: %v", err)
	}
}

func TestSoftKeyHeaderIsBound(t *testing.T) {
	path, _ := newSoftKey(t, AlgSM2, "135790")
	other, _ := newSoftKey(t, AlgSM2, "135790")
	// Swap in another key's public key on disk: the sealed part no longer opens.
	b, _ := OpenSoftKey(other)
	editKeyFile(t, path, func(m map[string]any) { m["public_key"] = b.f.PublicKey })
	a, _ := OpenSoftKey(path)
	if _, err := a.Unlock("135790"); !errors.Is(err, ErrPINIncorrect) {
		t.Fatalf("tampered header: %v", err)
	}
}

func TestOpenSoftKeyErrors(t *testing.T) {
	if _, err := OpenSoftKey(filepath.Join(t.TempDir(), "none.key")); !errors.Is(err, ErrNoToken) {
		t.Fatalf("missing file: %v", err)
	}
	p := filepath.Join(t.TempDir(), "junk.key")
	os.WriteFile(p, []byte("not json"), 0o600)
	if _, err := OpenSoftKey(p); err == nil {
		t.Fatal("junk accepted")
	}
	if err := CreateSoftKey(p, nil, "12"); !errors.Is(err, ErrPINPolicy) {
		t.Fatalf("short PIN: %v", err)
	}
}

// TestSoftKeyWithSecret (issue 18): a key sealed under a random 32-byte secret
// opens with that secret and no scrypt run, and without a try counter (a
// wrong secret fails every time, never locks); a PIN never opens such a file,
// a secret never opens a PIN's, and a secret shorter than 256 bits is refused.
func TestSoftKeyWithSecret(t *testing.T) {
	key, err := GenerateKey(AlgSM2, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	secret := make([]byte, SecretSize)
	rand.Read(secret)
	path := filepath.Join(t.TempDir(), "ws.key")
	if err := SealSoftKeyWithSecret(path, key, secret[:SecretSize-1]); err == nil {
		t.Fatal("a 31-byte secret was accepted")
	}
	if err := SealSoftKeyWithSecret(path, key, secret); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if containsPlainKey(raw) {
		t.Fatal("key file holds the private key in the clear")
	}
	k, err := OpenSoftKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if k.KDF() != KDFHKDFSM3 {
		t.Fatalf("KDF %q", k.KDF())
	}
	wrong := append([]byte(nil), secret...)
	wrong[0] ^= 1
	for range SoftKeyMaxTries + 1 {
		if _, err := k.UnlockWithSecret(wrong); !errors.Is(err, ErrWrongSecret) {
			t.Fatalf("wrong secret: %v", err)
		}
	}
	before := kdf.Runs()
	signer, err := k.UnlockWithSecret(secret)
	if err != nil {
		t.Fatalf("right secret after %d wrong ones: %v", SoftKeyMaxTries+1, err)
	}
	if n := kdf.Runs() - before; n != 0 {
		t.Fatalf("opening with a secret ran %d scrypt derivations", n)
	}
	if !signer.Public().(*ecdsa.PublicKey).Equal(key.Public()) {
		t.Fatal("another key came out")
	}
	if _, err := k.Unlock(hex.EncodeToString(secret)); err == nil {
		t.Fatal("Unlock opened a file sealed under a machine secret")
	}

	pinPath, _ := newSoftKey(t, AlgSM2, "135790")
	pk, _ := OpenSoftKey(pinPath)
	if _, err := pk.UnlockWithSecret([]byte("135790")); err == nil || errors.Is(err, ErrWrongSecret) {
		t.Fatalf("UnlockWithSecret of a PIN's key file: %v", err)
	}
}
