package pdfsign

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"sealdesk/internal/testpdf"
	"testing"
)

var signpdfOnce struct {
	sync.Once
	err error
	out string
}

// signpdfTool returns the folder of testdata/signpdf with its pinned npm
// packages installed (npm ci from package-lock.json, once per run); it skips the
// test only when node or npm is not installed.
func signpdfTool(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"node", "npm"} {
		if _, err := exec.LookPath(name); err != nil {
			t.Skipf("%s not installed: the @signpdf interoperability test needs Node.js and npm (packaging/install-deps.sh installs them)", name)
		}
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "signpdf"))
	if err != nil {
		t.Fatal(err)
	}
	signpdfOnce.Do(func() {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", "@signpdf", "signpdf", "package.json")); err == nil {
			return
		}
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
		cmd.Dir = dir
		b, err := cmd.CombinedOutput()
		signpdfOnce.err, signpdfOnce.out = err, string(b)
	})
	if signpdfOnce.err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, signpdfOnce.err, signpdfOnce.out)
	}
	return dir
}

// signWithSignpdf has @signpdf sign in with an RSA key of its own; it returns
// the signed bytes, which must begin with in (an incremental update).
func signWithSignpdf(t *testing.T, in []byte) []byte {
	t.Helper()
	js := signpdfTool(t)
	dir := t.TempDir()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	k, c := writeKeyCert(t, dir, "signpdf", rsaKey)
	p12 := filepath.Join(dir, "signpdf.p12")
	if out, err := tool(t, "openssl", "pkcs12", "-export", "-inkey", k, "-in", c, "-out", p12, "-passout", "pass:pw"); err != nil {
		t.Fatalf("openssl pkcs12: %v\n%s", err, out)
	}
	src, dst := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(src, in, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", filepath.Join(js, "sign.js"), src, dst, p12, "pw")
	cmd.Dir = js
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node sign.js: %v\n%s", err, out)
	}
	out, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, in) {
		t.Fatal("@signpdf did not append an incremental update")
	}
	return out
}

// checkAll fails unless the file has want signatures, each intact with no
// disallowed change after it, by our verifier and by poppler's pdfsig.
func checkAll(t *testing.T, b []byte, want int) {
	t.Helper()
	rep := verifyBytes(t, b, VerifyOptions{})
	if len(rep.Signatures) != want {
		t.Fatalf("%d signatures, want %d", len(rep.Signatures), want)
	}
	for _, s := range rep.Signatures {
		if !s.Intact || s.ModifiedAfter {
			t.Errorf("%s: intact %v (%v), modified after %v (%s)", s.FieldName, s.Intact, s.IntegrityErr, s.ModifiedAfter, s.Modification)
		}
	}
	pdfsigValid(t, writeTemp(t, "checked.pdf", b), want)
}

// TestSignpdfInterop: documents signed by npm's @signpdf (3.3.0, pinned in
// testdata/signpdf/package-lock.json: plain placeholder + PKCS#12 signer, its own
// incremental update and its own CMS), before and after a SealDesk stamp.
//
// Signed by @signpdf, then stamped by SealDesk: both signatures verify and neither
// sees a disallowed change, by our verifier and by pdfsig.
//
// The other order cannot be valid: @signpdf's plain placeholder finds an existing
// form only in the text pdfkit writes ("/Type /AcroForm", "/Fields ["); on a form
// any other program wrote it writes a new form holding its own field alone, so
// the earlier signature's field leaves the form. No signature allows that: our
// verifier reports the removed field, while pdfsig, which checks the bytes each
// signature covers and not what changed after it, calls both valid.
func TestSignpdfInterop(t *testing.T) {
	pki := newPKI(t, "ecdsa")
	t.Run("signpdf alone", func(t *testing.T) {
		checkAll(t, signWithSignpdf(t, testpdf.Simple(2)), 1)
	})
	t.Run("SealDesk after signpdf", func(t *testing.T) {
		theirs := signWithSignpdf(t, testpdf.Simple(2))
		ours, _ := signBytes(t, theirs, pki.options(1, 105, 60))
		checkAll(t, ours, 2)
	})
	t.Run("signpdf after SealDesk", func(t *testing.T) {
		ours, _ := signBytes(t, testpdf.Simple(2), pki.options(1, 105, 60))
		b := signWithSignpdf(t, ours)
		rep := verifyBytes(t, b, VerifyOptions{})
		var seal *SignatureReport
		for i := range rep.Signatures {
			if rep.Signatures[i].FieldName == "Seal1" {
				seal = &rep.Signatures[i]
			}
		}
		if seal == nil {
			t.Fatalf("our stamp is not listed: %+v", rep.Signatures)
		}
		if !seal.Intact || !seal.ModifiedAfter || !strings.Contains(seal.Modification, "no longer part of the form") {
			t.Errorf("intact %v, modified after %v (%s): want the removed field reported", seal.Intact, seal.ModifiedAfter, seal.Modification)
		}
		pdfsigValid(t, writeTemp(t, "after.pdf", b), 2)
	})
}
