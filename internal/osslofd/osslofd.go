// Package osslofd checks the signatures of an OFD package with unzip and
// OpenSSL only, sharing no code with package ofd's verifier: the independent
// check of SealDesk's OFD stamps (issue 15 point 3). Only tests import it.
package osslofd

import (
	"bytes"
	"encoding/base64"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Run runs a tool in dir and returns its stdout, failing the test on error.
func Run(t testing.TB, dir, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// Elem is one line of `openssl asn1parse`: offset, depth, header and body
// length, tag.
type Elem struct {
	Off, Depth, HL, L int
	Tag               string
}

var asn1Line = regexp.MustCompile(`^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+(?:prim|cons):\s+(\S+(?: \S+)?)`)

// ASN1Parse lists the elements of the DER file in dir as OpenSSL parses them.
func ASN1Parse(t testing.TB, dir, file string) []Elem {
	t.Helper()
	var out []Elem
	for _, line := range strings.Split(string(Run(t, dir, "openssl", "asn1parse", "-inform", "DER", "-in", file)), "\n") {
		m := asn1Line.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
		out = append(out, Elem{n(1), n(2), n(3), n(4), strings.TrimSpace(m[5])})
	}
	return out
}

// Verify unzips the OFD at path and checks each of its signatures: every
// Reference's CheckValue is `openssl dgst -sm3` of its file (the signature
// list Signatures.xml is not referenced), the signature has a StampAnnot,
// SES_Signature's dataHash is the SM3 of Signature.xml, and the SM2
// signature verifies over the TBS_Sign bytes with the certificate the
// SES_Signature carries (default SM2 ID, GB/T 38540 §7.2) — and stops
// verifying when one bit of TBS_Sign changes, so the check can fail. It
// fails t unless the package holds want signatures, and returns their
// folders inside the package.
func Verify(t testing.TB, path string, want int) []string {
	t.Helper()
	for _, tool := range []string{"openssl", "unzip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	pkg := filepath.Join(dir, "pkg")
	Run(t, dir, "unzip", "-q", path, "-d", pkg)
	var sigs []string
	filepath.WalkDir(pkg, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "Signature.xml" {
			rel, _ := filepath.Rel(pkg, filepath.Dir(p))
			sigs = append(sigs, rel)
		}
		return nil
	})
	sort.Strings(sigs)
	if len(sigs) != want {
		t.Fatalf("%d Signature.xml in the package, want %d", len(sigs), want)
	}
	sm3 := func(file string) []byte { return Run(t, pkg, "openssl", "dgst", "-sm3", "-binary", file) }
	refRE := regexp.MustCompile(`FileRef="/([^"]+)"><ofd:CheckValue>([^<]+)<`)
	for _, sig := range sigs {
		xmlBytes, err := os.ReadFile(filepath.Join(pkg, sig, "Signature.xml"))
		if err != nil {
			t.Fatal(err)
		}
		refs := refRE.FindAllSubmatch(xmlBytes, -1)
		if len(refs) < 3 || !bytes.Contains(xmlBytes, []byte("<ofd:StampAnnot ")) {
			t.Fatalf("%s: %d references\n%s", sig, len(refs), xmlBytes)
		}
		for _, m := range refs {
			if strings.HasSuffix(string(m[1]), "Signatures.xml") {
				t.Errorf("%s: the signature list %s is referenced", sig, m[1])
			}
			if got := base64.StdEncoding.EncodeToString(sm3(string(m[1]))); got != string(m[2]) {
				t.Errorf("%s: %s: openssl SM3 %s, CheckValue %s", sig, m[1], got, m[2])
			}
		}
		value := filepath.Join(sig, "SignedValue.dat")
		der, err := os.ReadFile(filepath.Join(pkg, value))
		if err != nil {
			t.Fatal(err)
		}
		var top, tbs []Elem // SES_Signature's four fields; TBS_Sign's
		for _, e := range ASN1Parse(t, pkg, value) {
			switch {
			case e.Depth == 1:
				top = append(top, e)
			case e.Depth == 2 && len(top) == 1:
				tbs = append(tbs, e)
			}
		}
		if len(top) != 4 || top[1].Tag != "OCTET STRING" || top[3].Tag != "BIT STRING" || len(tbs) != 5 || tbs[3].Tag != "BIT STRING" {
			t.Fatalf("%s: SES_Signature structure %+v / %+v", value, top, tbs)
		}
		body := func(e Elem) []byte { return der[e.Off+e.HL : e.Off+e.HL+e.L] }
		if dh := body(tbs[3])[1:]; !bytes.Equal(dh, sm3(filepath.Join(sig, "Signature.xml"))) {
			t.Errorf("%s: dataHash %x is not openssl's SM3 of Signature.xml", sig, dh)
		}
		tbsDER := der[top[0].Off : top[0].Off+top[0].HL+top[0].L]
		files := map[string][]byte{"tbs.der": tbsDER, "cert.der": body(top[1]), "sig.der": body(top[3])[1:]}
		for n, b := range files {
			if err := os.WriteFile(filepath.Join(dir, n), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		Run(t, dir, "openssl", "x509", "-inform", "DER", "-in", "cert.der", "-pubkey", "-noout", "-out", "pub.pem")
		verify := exec.Command("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3",
			"-pkeyopt", "distid:1234567812345678", "-in", "tbs.der", "-sigfile", "sig.der")
		verify.Dir = dir
		if out, err := verify.CombinedOutput(); err != nil || !strings.Contains(string(out), "Signature Verified Successfully") {
			t.Errorf("%s: openssl: %v %s", sig, err, out)
		}
		// The check can fail: one bit changed in TBS_Sign.
		changed := append([]byte(nil), tbsDER...)
		changed[len(changed)-1] ^= 1
		if err := os.WriteFile(filepath.Join(dir, "tbs.der"), changed, 0o600); err != nil {
			t.Fatal(err)
		}
		again := exec.Command(verify.Args[0], verify.Args[1:]...)
		again.Dir = dir
		if out, err := again.CombinedOutput(); err == nil {
			t.Errorf("%s: openssl verified a changed TBS_Sign: %s", sig, out)
		}
	}
	return sigs
}
