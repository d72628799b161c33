package pdfsign

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pdfcpuSamples finds the signed sample files shipped in the pdfcpu module this
// project builds with: real output of Adobe Acrobat, EU DSS (PAdES B-B … B-LTA) and
// older signers. The test skips when the module cache does not hold them.
func pdfcpuSamples(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pdfcpu/pdfcpu").Output()
	dir := filepath.Join(strings.TrimSpace(string(out)), "pkg", "samples", "signatures")
	if _, serr := os.Stat(dir); err != nil || serr != nil {
		t.Skipf("pdfcpu's signature samples are not in the module cache: %v %v", err, serr)
	}
	return dir
}

// TestVerifyOtherSigners: good signatures from other programs are accepted — no
// false "modified" from DSS and timestamp revisions (object streams, hybrid xref
// files), SHA-1 flagged but valid, a timestamp whose certificate is in the DSS.
func TestVerifyOtherSigners(t *testing.T) {
	dir := pdfcpuSamples(t)
	cases := []struct {
		file       string
		signatures int
		warning    string // a warning code every signature must carry, if any
	}{
		{"ETSI.CAdES.detached/testPAdES_BB.pdf", 1, ""},
		{"ETSI.CAdES.detached/testPAdES_BT.pdf", 1, ""},
		{"ETSI.CAdES.detached/testPAdES_BLT.pdf", 1, ""},
		{"ETSI.CAdES.detached/testPAdES_BLTA.pdf", 2, ""},
		{"adbe.pkcs7.detached/sample1.pdf", 1, WarnWeakAlgorithm},
		{"adbe.pkcs7.detached/sample2.pdf", 1, WarnWeakAlgorithm},
		{"adbe.x509.rsa_sha1/sample01.pdf", 1, WarnLenientCertificate},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			rep := verifyBytes(t, b, VerifyOptions{})
			if len(rep.Signatures) != c.signatures {
				t.Fatalf("%d signatures, want %d", len(rep.Signatures), c.signatures)
			}
			for _, s := range rep.Signatures {
				if !s.Intact || s.ModifiedAfter {
					t.Errorf("%s: intact %v (%v), modified %v (%s)", s.FieldName, s.Intact, s.IntegrityErr, s.ModifiedAfter, s.Modification)
				}
				if c.warning != "" && !strings.Contains(warningText(s), c.warning) {
					t.Errorf("%s: warnings %q lack %s", s.FieldName, warningText(s), c.warning)
				}
			}
			// One byte changed in the first signed range: every signature over it fails.
			b[100] ^= 1
			for _, s := range verifyBytes(t, b, VerifyOptions{}).Signatures {
				if s.Intact {
					t.Errorf("%s: intact after a change", s.FieldName)
				}
			}
		})
	}
}
