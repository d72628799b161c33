package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/assets"
	"sealdesk/internal/gnomekeyring"
	"sealdesk/internal/hostsecret"
)

// TestWorkstationSecretInKeyring (issue 12 point 4): with an OS keyring on the
// session bus (a real GNOME Keyring), a new workspace's workstation secret is
// an item of the keyring, not a file; the workspace opens again and stamps
// with it. When the keyring cannot give it (locked with nobody to unlock it,
// its daemon gone, no bus, turned off, another account's keyring) opening is
// refused with the keyring named and the reason, and no file secret is made
// in its place.
func TestWorkstationSecretInKeyring(t *testing.T) {
	ctx := context.Background()
	kr := gnomekeyring.Start(t)
	secrets := t.TempDir()
	t.Setenv(hostsecret.EnvDir, secrets)
	t.Setenv(hostsecret.EnvKeyring, "on")
	home := filepath.Join(t.TempDir(), "ws")
	if err := InitDemo(ctx, home, rand.Reader, testNow); err != nil {
		t.Fatal(err)
	}
	noFiles := func(when string) {
		t.Helper()
		if left, _ := os.ReadDir(secrets); len(left) != 0 {
			t.Fatalf("%s: %d files in the secret folder, want none", when, len(left))
		}
	}
	noFiles("after init")
	if b, err := os.ReadFile(filepath.Join(home, hostSecretRecord)); err != nil || string(b) != "keyring\n" {
		t.Fatalf("%s: %q %v", hostSecretRecord, b, err)
	}

	w, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	w.Now = func() time.Time { return testNow }
	id, _ := w.db.Meta(ctx, "workstation_id")
	if b := kr.Lookup(t, "application", "sealdesk", "workstation", id); len(b) != hostsecret.Size || !bytes.Equal(b, w.hostSecret) {
		t.Fatalf("secret-tool finds %x for workstation %s, the workspace uses %x", b, id, w.hostSecret)
	}
	// A stamp: the seal's software key (try counter under the secret's
	// counter key) signs, the workstation key (sealed under the secret)
	// signs the ledger entries.
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	req := approved(t, w, "official", demoDoc(w), 1, 50, 60)
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: req, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	roots, _ := w.Roots()
	if v, err := VerifyFile(ctx, out, VerifyOptions{Roots: roots, At: testNow}); err != nil || !v.Valid {
		t.Fatalf("verify the stamp: %v %+v", err, v)
	}
	if _, err := w.VerifyLedgerFull(ctx); err != nil {
		t.Fatal(err)
	}
	w.Close()
	noFiles("after the stamp")

	refused := func(name, zh, en string) {
		t.Helper()
		start := time.Now()
		w, err := Open(home)
		if err == nil {
			w.Close()
			t.Fatalf("%s: the workspace opened", name)
		}
		if Code(err) != CodeHostSecretKeyring {
			t.Fatalf("%s: open = %v, want %s", name, err, CodeHostSecretKeyring)
		}
		if m := Message(err, assets.LangZH); !strings.Contains(m, "密钥环") || !strings.Contains(m, zh) || !strings.Contains(m, id) {
			t.Fatalf("%s: zh message %q", name, m)
		}
		if m := Message(err, assets.LangEN); !strings.Contains(m, "OS keyring") || !strings.Contains(m, en) {
			t.Fatalf("%s: en message %q", name, m)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("%s: refusing took %v", name, d)
		}
		noFiles(name)
	}

	kr.Lock(t)
	refused("locked", "已锁定", "the keyring is locked")
	t.Setenv(hostsecret.EnvKeyring, "off")
	refused("off", "已被关闭", "turned off")
	t.Setenv(hostsecret.EnvKeyring, "on")
	kr.Stop()
	refused("daemon gone", "没有密钥环服务", "no keyring service")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "nobus"))
	refused("no bus", "会话总线", "no desktop session bus")
	gnomekeyring.Start(t) // another account's keyring: up, without the item
	refused("other keyring", "没有该工作站的密钥", "holds no secret for this workstation")

	// The record only chooses the words: without it the sealed keys still
	// refuse a new secret.
	os.Remove(filepath.Join(home, hostSecretRecord))
	if w, err := Open(home); Code(err) != CodeHostSecretMissing {
		if err == nil {
			w.Close()
		}
		t.Fatalf("open without the record = %v, want %s", err, CodeHostSecretMissing)
	}
	noFiles("without the record")
}

// TestFileSecretKeptWhenKeyringAppears: a workspace whose secret is a file
// (made where no keyring answered) keeps using its file once a keyring runs:
// it opens, signs ledger entries, and nothing is put in the keyring.
func TestFileSecretKeptWhenKeyringAppears(t *testing.T) {
	w := demo(t) // its secret is a file in the tests' secret folder
	home := w.Home
	id, _ := w.db.Meta(context.Background(), "workstation_id")
	w.Close()
	kr := gnomekeyring.Start(t)
	t.Setenv(hostsecret.EnvKeyring, "on")
	w2, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	w2.Now = func() time.Time { return testNow }
	login(t, w2, "admin") // appends entries signed by the workstation key
	if n := kr.Count(t, "application", "sealdesk"); n != 0 {
		t.Fatalf("%d keyring items for workstation %s, whose secret is a file", n, id)
	}
	if _, err := os.Stat(filepath.Join(home, hostSecretRecord)); !os.IsNotExist(err) {
		t.Fatalf("%s written for a file secret: %v", hostSecretRecord, err)
	}
	if _, err := w2.VerifyLedgerFull(context.Background()); err != nil {
		t.Fatal(err)
	}
}
