package main

import (
	"bytes"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/internal/testpdf"
	"sealdesk/pdfsign"
	"sealdesk/seal"
)

// signTime is when the test documents are signed; the certificates are valid around it.
var signTime = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

// testCA is an SM2 CA that is also the seal maker, and a holder it certified.
type testCA struct {
	ca, leaf   *smx509.Certificate
	caKey, key *sm2.PrivateKey
	pemFile    string
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	caKey, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := sm2.GenerateKey(rand.Reader)
	caTmpl := &smx509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name + " CA"},
		NotBefore: signTime.AddDate(-1, 0, 0), NotAfter: signTime.AddDate(5, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: smx509.KeyUsageCertSign}
	caDER, err := smx509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := smx509.ParseCertificate(caDER)
	leafTmpl := &smx509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: name + " signer"},
		NotBefore: signTime.AddDate(0, -1, 0), NotAfter: signTime.AddDate(2, 0, 0), KeyUsage: smx509.KeyUsageDigitalSignature}
	leafDER, err := smx509.CreateCertificate(rand.Reader, leafTmpl, ca, key.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := smx509.ParseCertificate(leafDER)
	p := filepath.Join(t.TempDir(), name+".pem")
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return &testCA{ca: ca, leaf: leaf, caKey: caKey, key: key, pemFile: p}
}

func redSquare() image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	for i := range 40 * 40 {
		img.SetNRGBA(i%40, i/40, color.NRGBA{200, 0, 0, 255})
	}
	return img
}

// sealData makes GB/T 38540 seal data for the holder, valid from..to.
func (c *testCA) sealData(t *testing.T, from, to time.Time) []byte {
	t.Helper()
	var pic bytes.Buffer
	png.Encode(&pic, redSquare())
	data, err := seal.Make(seal.Info{VendorID: "SealDesk", Code: "3201060000001", Type: 1, Name: "测试公司合同专用章",
		CertListType: 1, Certs: [][]byte{c.leaf.Raw}, Created: from, ValidFrom: from, ValidTo: to,
		Picture: seal.Picture{Data: pic.Bytes(), WidthMM: 40, HeightMM: 40}}, c.ca.Raw, c.caKey, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func (c *testCA) sign(t *testing.T, in, sealData []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	_, err := pdfsign.Sign(bytes.NewReader(in), &out, pdfsign.Options{Signer: c.key, Chain: []*smx509.Certificate{c.leaf, c.ca},
		Page: 1, CenterXMM: 100, CenterYMM: 100, WidthMM: 40, HeightMM: 40, Picture: redSquare(), Time: signTime, SealData: sealData})
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

type verifyJSON struct {
	Valid       bool `json:"valid"`
	Expired     bool `json:"expired"`
	NotYetValid bool `json:"not_yet_valid"`
	Findings    []struct {
		Code     string `json:"code"`
		Severity string `json:"severity"`
	} `json:"findings"`
	Signatures []struct {
		Trust string `json:"trust"`
	} `json:"signatures"`
}

func (v verifyJSON) codes(sev string) []string {
	var out []string
	for _, f := range v.Findings {
		if f.Severity == sev {
			out = append(out, f.Code)
		}
	}
	return out
}

// TestVerifyVerdict checks the exit code and the findings of sealctl verify: 0 only
// with a signature, nothing changed after it, and (given anchors) a trusted signer.
func TestVerifyVerdict(t *testing.T) {
	own, other := newTestCA(t, "own"), newTestCA(t, "other")
	orig := testpdf.Simple(2)
	good := own.sign(t, orig, own.sealData(t, signTime.AddDate(-1, 0, 0), signTime.AddDate(1, 0, 0)))
	expired := own.sign(t, orig, own.sealData(t, signTime.AddDate(-2, 0, 0), signTime.AddDate(0, -1, 0)))
	notYet := own.sign(t, orig, own.sealData(t, signTime.AddDate(0, 1, 0), signTime.AddDate(2, 0, 0)))

	cases := []struct {
		name     string
		file     []byte
		args     []string
		code     int
		errors   []string // finding codes of severity error, in order
		warnings []string
	}{
		{"signed, no anchors", good, nil, 0, nil, []string{"trust_unknown"}},
		{"signed, own anchors", good, []string{"--trust", own.pemFile}, 0, nil, nil},
		{"signed, other anchors", good, []string{"--trust", other.pemFile}, 1, []string{"untrusted"}, nil},
		{"unsigned", orig, nil, 1, []string{"no_signatures"}, nil},
		{"stamp cut short", good[:len(good)-1000], nil, 1, []string{"no_signatures", "trailing_data"}, nil},
		{"seal expired when used", expired, []string{"--trust", own.pemFile}, 1, []string{"seal_expired"}, nil},
		{"seal not yet valid when used", notYet, []string{"--trust", own.pemFile}, 1, []string{"seal_not_yet_valid"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, "doc.pdf", c.file)
			r := sealctl(t, append(append([]string{"verify", "--json"}, c.args...), path)...)
			var rep verifyJSON
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("%v: %+v", err, r)
			}
			if r.code != c.code || rep.Valid != (c.code == 0) {
				t.Errorf("exit %d valid %v, want %d: %s", r.code, rep.Valid, c.code, r.stdout)
			}
			if got := rep.codes("error"); !slices.Equal(got, c.errors) {
				t.Errorf("errors %v, want %v", got, c.errors)
			}
			if got := rep.codes("warning"); !slices.Equal(got, c.warnings) {
				t.Errorf("warnings %v, want %v", got, c.warnings)
			}
		})
	}

	// The text says it in the user's language.
	path := writeFile(t, "doc.pdf", orig)
	if r := sealctl(t, "verify", path); r.code != 1 || !strings.Contains(r.stdout, "文档中没有签章") {
		t.Errorf("zh: %+v", r)
	}
	if r := sealctl(t, "--lang", "en", "verify", path); r.code != 1 || !strings.Contains(r.stdout, "the document has no signatures") {
		t.Errorf("en: %+v", r)
	}
	path = writeFile(t, "doc.pdf", good)
	if r := sealctl(t, "--lang", "en", "verify", "--trust", other.pemFile, path); r.code != 1 || !strings.Contains(r.stdout, "untrusted") ||
		!strings.Contains(r.stdout, "does not chain to the trust anchors") {
		t.Errorf("untrusted, en: %+v", r)
	}
	if r := sealctl(t, "verify", "--trust", filepath.Join(t.TempDir(), "none.pem"), path); r.code != 2 {
		t.Errorf("missing --trust file: %+v", r)
	}
}

// TestVerifySealFile: a seal file is valid when its maker signature is, whatever its
// dates (which the report states), and invalid with bytes after its DER.
func TestVerifySealFile(t *testing.T) {
	ca := newTestCA(t, "maker")
	now := time.Now()
	current := ca.sealData(t, now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	badMaker := bytes.Clone(current)
	badMaker[len(badMaker)-1] ^= 1 // the last byte of the maker's signature value
	digest := sm3.Sum([]byte("Doc_0/Signs/Sign_0/Signature.xml"))
	sig, err := seal.SignDocument(current, ca.leaf.Raw, ca.key, digest[:], "/Doc_0/Signs/Sign_0/Signature.xml", now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	badSig := bytes.Clone(sig)
	badSig[len(badSig)-1] ^= 1 // the last byte of the signature value (no timestamp follows)
	cases := []struct {
		name            string
		data            []byte
		code            int
		expired, notYet bool
		errors          []string
		text            string
	}{
		{"current", ca.sealData(t, now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0)), 0, false, false, nil, ""},
		{"expired", ca.sealData(t, time.Date(2020, 4, 22, 0, 0, 0, 0, time.UTC), time.Date(2022, 4, 22, 0, 0, 0, 0, time.UTC)), 0, true, false, nil, "已过期"},
		{"not yet valid", ca.sealData(t, now.AddDate(1, 0, 0), now.AddDate(3, 0, 0)), 0, false, true, nil, "尚未生效"},
		{"trailing garbage", append(ca.sealData(t, now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0)), "garbage"...), 1, false, false, []string{"trailing_data"}, "未被签名覆盖"},
		{"maker signature broken", badMaker, 1, false, false, []string{"maker_signature"}, "制章者签名无效"},
		// A document signature (SES_Signature) is held to the same: bytes
		// after its DER make it invalid.
		{"signature", sig, 0, false, false, nil, ""},
		{"signature value broken", badSig, 1, false, false, []string{"signature"}, "文档签名无效"},
		{"signature, trailing garbage", append(bytes.Clone(sig), "garbage"...), 1, false, false, []string{"trailing_data"}, "未被签名覆盖"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, "seal.esl", c.data)
			r := sealctl(t, "verify", "--json", path)
			var rep verifyJSON
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("%v: %+v", err, r)
			}
			if r.code != c.code || rep.Expired != c.expired || rep.NotYetValid != c.notYet || !slices.Equal(rep.codes("error"), c.errors) {
				t.Errorf("exit %d: %s", r.code, r.stdout)
			}
			if r := sealctl(t, "verify", path); r.code != c.code || !strings.Contains(r.stdout, c.text) {
				t.Errorf("text: %+v", r)
			}
		})
	}
}

// TestVerifyExtractRevision: --extract-revision N writes exactly the bytes signature
// N signed (the file as it was when signed), which verifies on its own.
func TestVerifyExtractRevision(t *testing.T) {
	ca := newTestCA(t, "own")
	sd := ca.sealData(t, signTime.AddDate(-1, 0, 0), signTime.AddDate(1, 0, 0))
	once := ca.sign(t, testpdf.Simple(1), sd)
	twice := ca.sign(t, once, sd)
	edited := append(bytes.Clone(twice), "1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"...) // not even a revision
	in := writeFile(t, "twice.pdf", twice)
	for _, c := range []struct {
		n    int
		want []byte
	}{{1, once}, {2, twice}} {
		out := filepath.Join(t.TempDir(), "signed.pdf")
		r := sealctl(t, "verify", "--extract-revision", fmt.Sprint(c.n), "--out", out, in)
		got, err := os.ReadFile(out)
		if r.code != 0 || err != nil || !bytes.Equal(got, c.want) {
			t.Fatalf("signature %d: exit %d (%s), %d bytes, want %d", c.n, r.code, r.stderr, len(got), len(c.want))
		}
		if r := sealctl(t, "verify", "--trust", ca.pemFile, out); r.code != 0 {
			t.Errorf("signature %d: the extracted version does not verify: %+v", c.n, r)
		}
	}
	// The edited file still gives back the original versions.
	out := filepath.Join(t.TempDir(), "signed.pdf")
	if r := sealctl(t, "verify", "--extract-revision", "1", "--out", out, writeFile(t, "edited.pdf", edited)); r.code != 0 {
		t.Fatalf("edited: %+v", r)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, once) {
		t.Error("edited: wrong bytes")
	}
	// Never over an existing file (it was, silently, before issue 11's census).
	if r := sealctl(t, "verify", "--extract-revision", "2", "--out", out, in); r.code != 2 || !strings.Contains(r.stderr, "不会覆盖") {
		t.Errorf("over an existing file: %+v", r)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, once) {
		t.Error("an existing file was overwritten")
	}
	out = filepath.Join(t.TempDir(), "new.pdf")
	for _, args := range [][]string{
		{"--extract-revision", "3", "--out", out, in},
		{"--extract-revision", "0", "--out", out, in},
		{"--extract-revision", "1", in},
		{"--extract-revision", "1", "--out", out, writeFile(t, "x.pdf", []byte("not a pdf"))},
	} {
		if r := sealctl(t, append([]string{"verify"}, args...)...); r.code != 2 || r.stderr == "" {
			t.Errorf("%v: %+v", args, r)
		}
	}
	if r := sealctl(t, "verify", "--extract-revision", "3", "--out", out, in); !strings.Contains(r.stderr, "没有第 3 个签章") {
		t.Errorf("message: %q", r.stderr)
	}
}

// TestVerifyReportPDF: --report writes a signed PDF of the verdict and its findings
// in words (Chinese by default), which itself verifies; the exit code stays the verdict's.
func TestVerifyReportPDF(t *testing.T) {
	t.Setenv("SEALDESK_PASSWORD", "demo")
	home := filepath.Join(t.TempDir(), "demo")
	if r := sealctl(t, "init-demo", "--home", home); r.code != 0 {
		t.Fatal(r)
	}
	other := newTestCA(t, "other")
	doc := writeFile(t, "other.pdf", other.sign(t, testpdf.Simple(1), nil))
	out := filepath.Join(t.TempDir(), "report.pdf")
	if r := sealctl(t, "verify", "--home", home, "--report", out, doc); r.code != 1 || !strings.Contains(r.stderr, out) {
		t.Fatalf("verify --report: %+v", r)
	}
	text := pdfText(t, out)
	for _, want := range []string{"电子签章验证报告", "结论：无效", "other signer", "签章人证书不能链接到信任锚"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	if r := sealctl(t, "verify", "--home", home, out); r.code != 0 || !strings.Contains(r.stdout, "SealDesk workstation") {
		t.Fatalf("verify the report: %+v", r)
	}
	if r := sealctl(t, "verify", "--home", home, "--report", out, doc); r.code == 0 || !strings.Contains(r.stderr, "已存在") {
		t.Errorf("existing report overwritten: %+v", r)
	}
	outEN := filepath.Join(t.TempDir(), "report-en.pdf")
	if r := sealctl(t, "--lang", "en", "verify", "--home", home, "--report", outEN, writeFile(t, "plain.pdf", testpdf.Simple(1))); r.code != 1 {
		t.Fatalf("verify --report --lang en: %+v", r)
	}
	if text := pdfText(t, outEN); !strings.Contains(text, "Verdict: NOT valid") || !strings.Contains(text, "the document has no signatures") {
		t.Errorf("English report:\n%s", text)
	}
	if r := sealctl(t, "verify", "--report", out+"2", doc); r.code != 2 {
		t.Errorf("--report without --home: %+v", r)
	}
}
