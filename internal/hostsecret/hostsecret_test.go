package hostsecret

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
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
