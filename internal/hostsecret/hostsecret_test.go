package hostsecret

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/internal/gnomekeyring"
	"sealdesk/internal/keyring"
)

func TestLoadOrCreateKeepsOneSecretPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "secrets")
	t.Setenv(EnvDir, dir)
	if _, err := Load("ab12"); !errors.Is(err, ErrMissing) {
		t.Fatalf("load before create: %v", err)
	}
	s1, created, err := LoadOrCreate("ab12")
	if err != nil || !created || len(s1) != Size {
		t.Fatalf("create: %v %v %d", err, created, len(s1))
	}
	s2, created, err := LoadOrCreate("ab12")
	if err != nil || created || !bytes.Equal(s1, s2) {
		t.Fatalf("second call made another secret: %v %v", err, created)
	}
	fi, _ := os.Stat(dir)
	if fi.Mode().Perm() != 0o700 {
		t.Fatalf("folder mode %v", fi.Mode())
	}
	p := filepath.Join(dir, "workstation-ab12.secret")
	fi, _ = os.Stat(p)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v", fi.Mode())
	}
	other, _, _ := LoadOrCreate("cd34")
	if bytes.Equal(other, s1) {
		t.Fatal("two workstations share a secret")
	}
	os.Chmod(p, 0o644)
	if _, err := Load("ab12"); err == nil {
		t.Fatal("a world-readable secret was accepted")
	}
	if _, _, err := LoadOrCreate("../x"); err == nil {
		t.Fatal("a path in the id was accepted")
	}
}

func TestDefaultDirFollowsXDG(t *testing.T) {
	t.Setenv(EnvDir, "")
	t.Setenv("XDG_CONFIG_HOME", "/cfg")
	if d, _ := Dir(); d != "/cfg/sealdesk" {
		t.Fatalf("dir %s", d)
	}
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "/home/u")
	if d, _ := Dir(); d != "/home/u/.config/sealdesk" {
		t.Fatalf("dir %s", d)
	}
}

func TestDeriveSeparatesPurposes(t *testing.T) {
	s := bytes.Repeat([]byte{7}, Size)
	if bytes.Equal(Derive(s, "a"), Derive(s, "b")) || len(Derive(s, "a")) != 32 {
		t.Fatal("labels do not separate keys")
	}
}

// TestNewSecretGoesToKeyring: with a keyring on the session bus (a real GNOME
// Keyring), a new secret is an item of the keyring that secret-tool finds,
// no file is written, and Find returns it from the keyring. With the keyring
// gone, Find says it could not ask it and writes nothing either.
func TestNewSecretGoesToKeyring(t *testing.T) {
	kr := gnomekeyring.Start(t)
	dir := t.TempDir()
	t.Setenv(EnvDir, dir)
	t.Setenv(EnvKeyring, "on")
	ctx := context.Background()
	if _, _, err := Find(ctx, "ab12"); !errors.Is(err, ErrMissing) || errors.Is(err, ErrNoKeyring) {
		t.Fatalf("find before create: %v", err)
	}
	s, h, err := Create(ctx, "ab12")
	if err != nil || h != Keyring || len(s) != Size {
		t.Fatalf("create: %v %q %d", err, h, len(s))
	}
	if b := kr.Lookup(t, "application", "sealdesk", "workstation", "ab12"); !bytes.Equal(b, s) {
		t.Fatalf("secret-tool finds %x, want %x", b, s)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("a keyring secret left %d files in the secret folder", len(left))
	}
	if s2, h, err := Find(ctx, "ab12"); err != nil || h != Keyring || !bytes.Equal(s2, s) {
		t.Fatalf("find: %v %q", err, h)
	}
	if s3, _, _ := Create(ctx, "cd34"); bytes.Equal(s3, s) {
		t.Fatal("two workstations share a secret")
	}

	kr.Stop()
	_, _, err = Find(ctx, "ab12")
	var ue *keyring.UnavailableError
	if !errors.Is(err, ErrMissing) || !errors.Is(err, ErrNoKeyring) || !errors.As(err, &ue) || ue.Reason != keyring.NoService {
		t.Fatalf("find with the keyring gone: %v", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("find made %d files", len(left))
	}
}

// TestFileSecretStaysWhenKeyringAppears: a secret made in a file (no keyring
// then) is still the one found once a keyring answers, and nothing is put in
// the keyring for it.
func TestFileSecretStaysWhenKeyringAppears(t *testing.T) {
	t.Setenv(EnvDir, t.TempDir())
	t.Setenv(EnvKeyring, "off")
	ctx := context.Background()
	s, h, err := Create(ctx, "ab12")
	if err != nil || h != File {
		t.Fatalf("create with the keyring off: %v %q", err, h)
	}
	kr := gnomekeyring.Start(t)
	t.Setenv(EnvKeyring, "on")
	if s2, h, err := Find(ctx, "ab12"); err != nil || h != File || !bytes.Equal(s2, s) {
		t.Fatalf("find: %v %q", err, h)
	}
	if n := kr.Count(t, "application", "sealdesk"); n != 0 {
		t.Fatalf("%d keyring items for a file secret", n)
	}
}

// TestKeyringOffInTests: setting SEALDESK_SECRET_DIR, as every test helper
// does, keeps the keyring out of it even when one runs (so tests never reach a
// developer's own keyring); SEALDESK_KEYRING=off does the same without it.
func TestKeyringOffInTests(t *testing.T) {
	kr := gnomekeyring.Start(t)
	ctx := context.Background()
	for _, env := range [][2]string{{t.TempDir(), ""}, {"", "off"}} {
		t.Setenv(EnvDir, env[0])
		t.Setenv(EnvKeyring, env[1])
		if env[0] == "" {
			t.Setenv("XDG_CONFIG_HOME", t.TempDir())
		}
		if _, _, err := Find(ctx, "ab12"); !errors.Is(err, ErrKeyringOff) {
			t.Fatalf("%s=%q %s=%q: find = %v, want the keyring off", EnvDir, env[0], EnvKeyring, env[1], err)
		}
		if _, h, err := Create(ctx, "ab12"); err != nil || h != File {
			t.Fatalf("create: %v %q", err, h)
		}
	}
	if n := kr.Count(t, "application", "sealdesk"); n != 0 {
		t.Fatalf("%d keyring items with the keyring off", n)
	}
	t.Setenv(EnvKeyring, "maybe")
	if _, _, err := Create(ctx, "ef56"); err != nil {
		t.Fatalf("create with a bad %s: %v", EnvKeyring, err)
	}
	if _, _, err := Find(ctx, "0000"); !errors.Is(err, ErrNoKeyring) || !strings.Contains(err.Error(), "maybe") {
		t.Fatalf("find with a bad %s: %v", EnvKeyring, err)
	}
}
