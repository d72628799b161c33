package device

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// editKeyFile rewrites fields of a key file's JSON the way an attacker with a
// text editor would.
func editKeyFile(t *testing.T, path string, edit func(map[string]any)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, _ = json.Marshal(m)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// counterFolder gives the test a folder whose key files carry authenticated
// counters, as a workspace's do.
func counterFolder(t *testing.T) (dir string, key []byte) {
	t.Helper()
	dir = t.TempDir()
	key = make([]byte, 32)
	rand.Read(key)
	release, err := RegisterCounterKey(dir, key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(release)
	return dir, key
}

func createIn(t *testing.T, dir, pin string) string {
	t.Helper()
	key, _ := GenerateKey(AlgSM2, rand.Reader)
	path := filepath.Join(dir, "seal.key")
	if err := CreateSoftKey(path, key, pin); err != nil {
		t.Fatal(err)
	}
	return path
}

func lockKey(t *testing.T, path string) {
	t.Helper()
	for i := 0; i < SoftKeyMaxTries; i++ {
		k, _ := OpenSoftKey(path)
		k.Unlock("000001")
	}
	k, _ := OpenSoftKey(path)
	if !k.Status().Locked {
		t.Fatal("key not locked after the maximum of wrong PINs")
	}
}

// TestSoftKeyEditedCounterRefused: resetting "failures" of a locked key, or
// raising "max_tries", makes the key refuse to open, right PIN or not.
func TestSoftKeyEditedCounterRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(map[string]any)
	}{
		{"failures reset", func(m map[string]any) { m["failures"] = 0 }},
		{"max_tries raised", func(m map[string]any) { m["max_tries"] = 1000 }},
		{"mac removed", func(m map[string]any) { delete(m, "mac") }},
		{"downgraded to version 1", func(m map[string]any) { m["version"] = 1; m["failures"] = 0; delete(m, "mac") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, _ := counterFolder(t)
			path := createIn(t, dir, "135790")
			lockKey(t, path)
			editKeyFile(t, path, tc.edit)
			k, err := OpenSoftKey(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = k.Unlock("135790")
			if tc.name == "downgraded to version 1" {
				// The version is in the GCM additional data: no PIN opens it.
				if !errors.Is(err, ErrPINIncorrect) {
					t.Fatalf("downgraded key: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrCounterTampered) {
				t.Fatalf("edited key with the right PIN: %v, want ErrCounterTampered", err)
			}
		})
	}
}

// TestSoftKeyForeignCounterKey: a key file MAC'd under another workstation's
// secret, or in a folder with no counter key, does not open.
func TestSoftKeyForeignCounterKey(t *testing.T) {
	dir, _ := counterFolder(t)
	path := createIn(t, dir, "135790")
	other, _ := counterFolder(t)
	moved := filepath.Join(other, "seal.key")
	b, _ := os.ReadFile(path)
	os.WriteFile(moved, b, 0o600)
	k, _ := OpenSoftKey(moved)
	if _, err := k.Unlock("135790"); !errors.Is(err, ErrCounterForeign) {
		t.Fatalf("key from another workstation: %v", err)
	}
	loose := filepath.Join(t.TempDir(), "seal.key")
	os.WriteFile(loose, b, 0o600)
	k, _ = OpenSoftKey(loose)
	if _, err := k.Unlock("135790"); !errors.Is(err, ErrNoCounterKey) {
		t.Fatalf("key in a folder without counter key: %v", err)
	}
}

// TestSoftKeyVersion1Upgraded: a key file written before counters were
// authenticated opens, and its first successful unlock makes it version 2,
// whose counter can no longer be edited.
func TestSoftKeyVersion1Upgraded(t *testing.T) {
	path, _ := newSoftKey(t, AlgSM2, "135790") // no counter key: version 1
	k, _ := OpenSoftKey(path)
	if k.f.Version != 1 || k.f.MAC != nil {
		t.Fatalf("made outside a counter folder: version %d", k.f.Version)
	}
	// An edited version 1 limit is not carried into version 2.
	editKeyFile(t, path, func(m map[string]any) { m["max_tries"] = 1000 })
	_, key := counterFolder(t)
	release, _ := RegisterCounterKey(filepath.Dir(path), key)
	defer release()
	if _, err := k.Unlock("000001"); !errors.Is(err, ErrPINIncorrect) {
		t.Fatal(err)
	}
	if _, err := k.Unlock("135790"); err != nil {
		t.Fatal(err)
	}
	k, _ = OpenSoftKey(path)
	if k.f.Version != softKeyVersion || k.f.MAC == nil || k.f.Failures != 0 || k.f.MaxTries != SoftKeyMaxTries {
		t.Fatalf("after first unlock: version %d, failures %d, max tries %d", k.f.Version, k.f.Failures, k.f.MaxTries)
	}
	if _, err := k.Unlock("135790"); err != nil {
		t.Fatalf("upgraded key: %v", err)
	}
	lockKey(t, path)
	editKeyFile(t, path, func(m map[string]any) { m["failures"] = 0 })
	if _, err := k.Unlock("135790"); !errors.Is(err, ErrCounterTampered) {
		t.Fatalf("edited upgraded key: %v", err)
	}
}

// TestMain doubles as the helper process of TestSoftKeyConcurrentWrongPINs.
func TestMain(m *testing.M) {
	if path := os.Getenv("SEALDESK_TEST_UNLOCK"); path != "" {
		os.Exit(unlockHelper(path))
	}
	os.Exit(m.Run())
}

// unlockHelper registers the counter key from the environment, opens the key,
// waits for the go signal on stdin (so that all processes are ready together,
// without timing), tries a wrong PIN and prints the outcome.
func unlockHelper(path string) int {
	key, _ := hex.DecodeString(os.Getenv("SEALDESK_TEST_COUNTER_KEY"))
	if _, err := RegisterCounterKey(filepath.Dir(path), key); err != nil {
		fmt.Println("error", err)
		return 3
	}
	k, err := OpenSoftKey(path)
	if err != nil {
		fmt.Println("error", err)
		return 3
	}
	fmt.Println("ready")
	bufio.NewReader(os.Stdin).ReadString('\n')
	_, err = k.Unlock("000001")
	switch {
	case errors.Is(err, ErrPINLocked):
		fmt.Println("locked")
	case errors.Is(err, ErrPINIncorrect):
		fmt.Println("incorrect")
	default:
		fmt.Println("error", err)
		return 3
	}
	return 1
}

// TestSoftKeyConcurrentWrongPINs starts 30 processes that each try a wrong
// PIN at the same moment: every try counts (4 "incorrect", then the key is
// locked for the other 26) and the right PIN is refused afterwards.
func TestSoftKeyConcurrentWrongPINs(t *testing.T) {
	const n = 30
	dir, key := counterFolder(t)
	path := createIn(t, dir, "135790")
	type proc struct {
		cmd *exec.Cmd
		in  *os.File
		out *bufio.Reader
	}
	procs := make([]proc, n)
	for i := range procs {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SEALDESK_TEST_UNLOCK="+path, "SEALDESK_TEST_COUNTER_KEY="+hex.EncodeToString(key))
		inR, inW, _ := os.Pipe()
		cmd.Stdin = inR
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		inR.Close()
		procs[i] = proc{cmd, inW, bufio.NewReader(stdout)}
	}
	for _, p := range procs {
		if line, _ := p.out.ReadString('\n'); line != "ready\n" {
			t.Fatalf("helper: %q", line)
		}
	}
	for _, p := range procs {
		p.in.Write([]byte("go\n"))
	}
	count := map[string]int{}
	for _, p := range procs {
		var rest bytes.Buffer
		rest.ReadFrom(p.out)
		p.cmd.Wait()
		count[strings.TrimSpace(rest.String())]++
	}
	if count["incorrect"] != SoftKeyMaxTries-1 || count["locked"] != n-SoftKeyMaxTries+1 {
		t.Fatalf("outcomes %v, want %d incorrect and %d locked", count, SoftKeyMaxTries-1, n-SoftKeyMaxTries+1)
	}
	k, _ := OpenSoftKey(path)
	if k.f.Failures != SoftKeyMaxTries || !k.Status().Locked {
		t.Fatalf("failures %d after %d concurrent wrong PINs", k.f.Failures, n)
	}
	if _, err := k.Unlock("135790"); !errors.Is(err, ErrPINLocked) {
		t.Fatalf("right PIN after %d concurrent wrong PINs: %v", n, err)
	}
}
