package copies

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509/pkix"
	"errors"
	"image"
	"image/color"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"sealdesk/internal/testpdf"
	"sealdesk/pdfsign"
	"sealdesk/pdfview"
)

var printed = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

func TestPayloadRoundTrip(t *testing.T) {
	p := Payload{DocHash: strings.Repeat("AB", 32), Copy: 2, Of: 3, Request: "P20261122-ABC123",
		Signatures: []string{"0011223344556677", "8899AABBCCDDEEFF"}, Workstation: "DEADBEEF", Printed: printed}
	got, err := ParsePayload(p.String())
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != p.String() || got.Copy != 2 || got.Of != 3 || len(got.Signatures) != 2 || !got.Printed.Equal(printed) {
		t.Fatalf("round trip: %+v", got)
	}
	// Only QR alphanumeric characters, so the code stays small.
	for _, r := range p.String() {
		if !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", r) {
			t.Fatalf("payload has %q, outside the QR alphanumeric set", r)
		}
	}
}

func TestParsePayloadRejects(t *testing.T) {
	good := Payload{DocHash: strings.Repeat("AB", 32), Copy: 1, Of: 1, Request: "P1", Printed: printed}.String()
	for name, s := range map[string]string{
		"empty":          "",
		"other QR":       "https://example.com/",
		"short hash":     strings.Replace(good, strings.Repeat("AB", 32), "ABCD", 1),
		"copy 0":         strings.Replace(good, "/1/1/", "/0/1/", 1),
		"copy past last": strings.Replace(good, "/1/1/", "/3/2/", 1),
		"bad time":       good[:len(good)-4] + "XXXX",
	} {
		if _, err := ParsePayload(s); !errors.Is(err, ErrPayload) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzParsePayload(f *testing.F) {
	f.Add(Payload{DocHash: strings.Repeat("AB", 32), Copy: 1, Of: 2, Request: "P1", Signatures: []string{"AA"}, Printed: printed}.String())
	f.Add("SDC1/////////")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePayload(s)
		if err != nil {
			if !errors.Is(err, ErrPayload) {
				t.Fatalf("error %v is not ErrPayload", err)
			}
			return
		}
		if p.Copy < 1 || p.Copy > p.Of {
			t.Fatalf("accepted copy %d of %d", p.Copy, p.Of)
		}
	})
}

// stamped returns a 2-page PDF with one ECDSA seal on page 2.
func stamped(t *testing.T) ([]byte, *pdfsign.Report) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &smx509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "测试合同专用章"},
		NotBefore: printed.Add(-time.Hour), NotAfter: printed.AddDate(1, 0, 0), KeyUsage: smx509.KeyUsageDigitalSignature}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := smx509.ParseCertificate(der)
	pic := image.NewNRGBA(image.Rect(0, 0, 200, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 200; x++ {
			if (x-100)*(x-100)+(y-100)*(y-100) < 95*95 {
				pic.SetNRGBA(x, y, color.NRGBA{0xe0, 0x20, 0x1b, 0xff})
			}
		}
	}
	var out bytes.Buffer
	_, err = pdfsign.Sign(bytes.NewReader(testpdf.Simple(2)), &out, pdfsign.Options{Signer: key, Chain: []*smx509.Certificate{cert},
		Page: 2, CenterXMM: 120, CenterYMM: 100, WidthMM: 38, HeightMM: 38, Picture: pic, Time: printed, Rand: rand.Reader})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := pdfsign.Verify(bytes.NewReader(out.Bytes()), int64(out.Len()), pdfsign.VerifyOptions{At: printed})
	if err != nil || len(rep.Signatures) != 1 {
		t.Fatal(err, rep)
	}
	return out.Bytes(), rep
}

var renderer *pdfview.Renderer

func TestMain(m *testing.M) {
	r, err := pdfview.NewRenderer(pdfview.RendererOptions{CacheDir: filepath.Join(os.TempDir(), "sealdesk-test-pdfium-cache")})
	if err != nil {
		panic(err)
	}
	renderer = r
	code := m.Run()
	r.Close()
	os.Exit(code)
}

func makeCopy(t *testing.T, original []byte, rep *pdfsign.Report, n, of int, grey bool) ([]byte, Payload) {
	t.Helper()
	var ids []string
	var seals []SealMark
	for _, s := range rep.Signatures {
		ids = append(ids, SignatureID(original, s.ByteRange))
		seals = append(seals, SealMark{Page: s.Page, Rect: s.Rect})
	}
	p := Payload{DocHash: DocHash(original), Copy: n, Of: of, Request: "P20261122-0A1B2C", Signatures: ids, Workstation: "5EA1DE5C", Printed: printed}
	doc, err := renderer.Open(original)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	var out bytes.Buffer
	if err := Write(context.Background(), doc, Options{Payload: p, Seals: seals, DPI: 120, GreySeals: grey, Host: "office-pc"}, &out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), p
}

// TestCopyIsMarkedAndTracesBack renders a copy, checks it with qpdf, reads the
// QR code back from the copy's rendered pixels and matches it to the original.
func TestCopyIsMarkedAndTracesBack(t *testing.T) {
	original, rep := stamped(t)
	keep := bytes.Clone(original)
	cp, p := makeCopy(t, original, rep, 2, 3, false)
	if !bytes.Equal(original, keep) {
		t.Fatal("the original changed")
	}
	path := filepath.Join(t.TempDir(), "copy.pdf")
	os.WriteFile(path, cp, 0o600)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	doc, err := renderer.Open(cp)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if doc.PageCount() != 2 {
		t.Fatalf("copy has %d pages", doc.PageCount())
	}
	if sigs, _ := doc.Signatures(); len(sigs) != 0 {
		t.Fatal("a copy must carry no signature: it is only a copy")
	}
	img, err := doc.Render(context.Background(), 1, 150)
	if err != nil {
		t.Fatal(err)
	}
	text, err := DecodeQR(img)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParsePayload(text)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != p.String() || got.Copy != 2 || got.Of != 3 {
		t.Fatalf("QR says %+v, want %+v", got, p)
	}
	ids := []string{SignatureID(original, rep.Signatures[0].ByteRange)}
	if err := Match(got, original, ids); err != nil {
		t.Fatal(err)
	}
	if err := Match(got, testpdf.Simple(2), ids); err == nil {
		t.Fatal("the copy matched another document")
	}
	// The mark text is on the page (PDFium cannot read text from an image, so check ink in the band).
	page, _ := doc.Page(1)
	_, hmm := page.DisplaySizeMM()
	bandTop := int((hmm - bandMM) / 25.4 * 150)
	if dark := countPixels(img, image.Rect(0, bandTop, img.Bounds().Dx()/2, img.Bounds().Dy()), func(c color.RGBA) bool { return c.R > 150 && c.G < 80 }); dark < 200 {
		t.Fatalf("no red copy mark in the band (%d pixels)", dark)
	}
	// The seal is still red as on screen, and the copy mark sits over it.
	sealArea := mmRect(101, 81, 139, 119, 150)
	if red := countPixels(img, sealArea, isRed); red < 1000 {
		t.Fatalf("seal not drawn on the copy (%d red pixels)", red)
	}
	if blue := countPixels(img, sealArea, func(c color.RGBA) bool { return c.B > 100 && c.R < 120 }); blue < 50 {
		t.Fatalf("no copy mark over the seal (%d pixels)", blue)
	}
}

func TestGreySeals(t *testing.T) {
	original, rep := stamped(t)
	cp, _ := makeCopy(t, original, rep, 1, 1, true)
	doc, err := renderer.Open(cp)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	img, _ := doc.Render(context.Background(), 1, 150)
	sealArea := mmRect(101, 81, 139, 119, 150)
	if red := countPixels(img, sealArea, isRed); red > 20 {
		t.Fatalf("%d red pixels left on a grey copy", red)
	}
}

func isRed(c color.RGBA) bool { return c.R > 150 && c.G < 110 && c.B < 110 }

func countPixels(img *image.RGBA, r image.Rectangle, f func(color.RGBA) bool) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if f(img.RGBAAt(x, y)) {
				n++
			}
		}
	}
	return n
}

func TestDecodeQRNoCode(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 200, 200))
	if _, err := DecodeQR(img); !errors.Is(err, ErrNoQR) {
		t.Fatalf("DecodeQR(blank) = %v", err)
	}
}

// mmRect is a display rectangle in millimetres as pixels at dpi.
func mmRect(x0, y0, x1, y1, dpi float64) image.Rectangle {
	return image.Rect(mmToPx(x0, dpi), mmToPx(y0, dpi), mmToPx(x1, dpi), mmToPx(y1, dpi))
}
