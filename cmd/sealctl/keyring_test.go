package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/internal/gnomekeyring"
	"sealdesk/internal/hostsecret"
)

// TestKeyringBinary: the built sealctl, run as a person would in a desktop
// session with GNOME Keyring, puts a new workspace's workstation secret in
// the keyring (no file), opens the workspace again with it, and once the
// keyring is gone says so and exits non-zero without making a file secret.
func TestKeyringBinary(t *testing.T) {
	kr := gnomekeyring.Start(t)
	secrets := t.TempDir()
	t.Setenv(hostsecret.EnvDir, secrets)
	t.Setenv(hostsecret.EnvKeyring, "on")
	dir := t.TempDir()
	bin := filepath.Join(dir, "sealctl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build sealctl: %v\n%s", err, out)
	}
	home := filepath.Join(dir, "ws")
	run := func(args ...string) (string, error) {
		out, err := exec.Command(bin, append([]string{"--lang", "en"}, args...)...).CombinedOutput()
		return string(out), err
	}
	if out, err := run("init-demo", "--home", home); err != nil {
		t.Fatalf("init-demo: %v\n%s", err, out)
	}
	if out, err := run("seals", "--home", home); err != nil || !strings.Contains(out, "official") {
		t.Fatalf("seals: %v\n%s", err, out)
	}
	if n := kr.Count(t, "application", "sealdesk"); n != 1 {
		t.Fatalf("%d keyring items after init-demo, want 1", n)
	}
	if left, _ := os.ReadDir(secrets); len(left) != 0 {
		t.Fatalf("%d files in the secret folder", len(left))
	}
	kr.Stop()
	out, err := run("seals", "--home", home)
	if err == nil || !strings.Contains(out, "OS keyring") || !strings.Contains(out, "no keyring service") {
		t.Fatalf("seals with the keyring gone: %v\n%s", err, out)
	}
	if left, _ := os.ReadDir(secrets); len(left) != 0 {
		t.Fatalf("%d files in the secret folder after the refusal", len(left))
	}
}
