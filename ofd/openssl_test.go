package ofd

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// run runs a tool and returns its stdout, failing the test on error.
func run(t *testing.T, dir string, name string, args ...string) []byte {
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

// asn1Elem is one line of openssl asn1parse: offset, depth, header and body length, tag.
type asn1Elem struct {
	off, depth, hl, l int
	tag               string
}

var asn1Line = regexp.MustCompile(`^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+(?:prim|cons):\s+(\S+(?: \S+)?)`)

func asn1parse(t *testing.T, dir, file string) []asn1Elem {
	t.Helper()
	var out []asn1Elem
	for _, line := range strings.Split(string(run(t, dir, "openssl", "asn1parse", "-inform", "DER", "-in", file)), "\n") {
		m := asn1Line.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
		out = append(out, asn1Elem{n(1), n(2), n(3), n(4), strings.TrimSpace(m[5])})
	}
	return out
}

// TestStampOpenSSL checks every signature of a twice-stamped OFD with unzip
// and OpenSSL only: each Reference's SM3 (openssl dgst -sm3), dataHash =
// SM3(Signature.xml), and the SM2 signature over the TBS_Sign bytes with the
// certificate in SES_Signature.cert (openssl pkeyutl, default SM2 ID).
func TestStampOpenSSL(t *testing.T) {
	for _, tool := range []string{"openssl", "unzip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	once, _ := newStamper(t, "张三").stamp(t, unsignedOFD(t), 1, 100, 100)
	twice, _ := newStamper(t, "李四").stamp(t, once, 1, 60, 60)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "doc.ofd"), twice, 0o600); err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(dir, "pkg")
	run(t, dir, "unzip", "-q", "doc.ofd", "-d", pkg)

	sm3 := func(file string) []byte {
		return run(t, pkg, "openssl", "dgst", "-sm3", "-binary", file)
	}
	refRE := regexp.MustCompile(`FileRef="/([^"]+)"><ofd:CheckValue>([^<]+)<`)
	for _, sig := range []string{"Doc_0/Signs/Sign_0", "Doc_0/Signs/Sign_1"} {
		t.Run(sig, func(t *testing.T) {
			xmlBytes, err := os.ReadFile(filepath.Join(pkg, sig, "Signature.xml"))
			if err != nil {
				t.Fatal(err)
			}
			refs := refRE.FindAllSubmatch(xmlBytes, -1)
			if len(refs) < 3 {
				t.Fatalf("%d references", len(refs))
			}
			for _, m := range refs {
				if got := base64.StdEncoding.EncodeToString(sm3(string(m[1]))); got != string(m[2]) {
					t.Errorf("%s: openssl SM3 %s, CheckValue %s", m[1], got, m[2])
				}
			}
			value := filepath.Join(sig, "SignedValue.dat")
			der, err := os.ReadFile(filepath.Join(pkg, value))
			if err != nil {
				t.Fatal(err)
			}
			var top []asn1Elem // SES_Signature's four fields
			var tbs []asn1Elem // TBS_Sign's fields
			for _, e := range asn1parse(t, pkg, value) {
				switch e.depth {
				case 1:
					top = append(top, e)
				case 2:
					if len(top) == 1 {
						tbs = append(tbs, e)
					}
				}
			}
			if len(top) != 4 || top[1].tag != "OCTET STRING" || top[3].tag != "BIT STRING" || len(tbs) != 5 || tbs[3].tag != "BIT STRING" {
				t.Fatalf("structure: %+v / %+v", top, tbs)
			}
			body := func(e asn1Elem) []byte { return der[e.off+e.hl : e.off+e.hl+e.l] }
			whole := func(e asn1Elem) []byte { return der[e.off : e.off+e.hl+e.l] }
			if dh := body(tbs[3])[1:]; !bytes.Equal(dh, sm3(filepath.Join(sig, "Signature.xml"))) {
				t.Errorf("dataHash %x is not openssl's SM3 of Signature.xml", dh)
			}
			files := map[string][]byte{"tbs.der": whole(top[0]), "cert.der": body(top[1]), "sig.der": body(top[3])[1:]}
			for n, b := range files {
				if err := os.WriteFile(filepath.Join(dir, n), b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			run(t, dir, "openssl", "x509", "-inform", "DER", "-in", "cert.der", "-pubkey", "-noout", "-out", "pub.pem")
			out := run(t, dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3",
				"-pkeyopt", "distid:1234567812345678", "-in", "tbs.der", "-sigfile", "sig.der")
			if !strings.Contains(string(out), "Signature Verified Successfully") {
				t.Errorf("openssl: %s", out)
			}
			// And the check can fail: one bit changed in TBS_Sign.
			files["tbs.der"][len(files["tbs.der"])-1] ^= 1
			os.WriteFile(filepath.Join(dir, "tbs.der"), files["tbs.der"], 0o600)
			cmd := exec.Command("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3",
				"-pkeyopt", "distid:1234567812345678", "-in", "tbs.der", "-sigfile", "sig.der")
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err == nil {
				t.Errorf("openssl verified a changed TBS_Sign: %s", out)
			}
		})
	}
}
