package app

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"sealdesk/device"
)

// TestOwnRootFiles: a demo workspace hands on its two root files; a file
// replaced in trust/ (here by a second workspace's root) or a missing one is
// refused, never passed on. (Copies of the demo template share its roots,
// so the foreign root is made here.)
func TestOwnRootFiles(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	files, err := w.OwnRootFiles(ctx)
	if err != nil || len(files) != 2 {
		t.Fatalf("OwnRootFiles: %v %v", files, err)
	}
	sm2 := filepath.Join(w.Home, trustDir, "demo-sm2-root.pem")
	key, err := device.GenerateKey(device.AlgSM2, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := newRoot(rand.Reader, key, DemoOrganisation, "示例电子印章 SM2 根 CA", testNow, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := writePEM(sm2, foreign.cert.Raw); err != nil {
		t.Fatal(err)
	}
	if _, err := w.OwnRootFiles(ctx); Code(err) != "own_root_unrecorded" {
		t.Fatalf("replaced root: %v", err)
	}
	os.Remove(sm2)
	if _, err := w.OwnRootFiles(ctx); Code(err) != "own_roots_missing" {
		t.Fatalf("missing root: %v", err)
	}
}
