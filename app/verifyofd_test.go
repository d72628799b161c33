package app

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/ofd"
	"sealdesk/seal"
)

// stampedOFD stamps a one-page OFD with a fresh SM2 seal and returns it with
// the signer's certificate.
func stampedOFD(t *testing.T) ([]byte, *smx509.Certificate) {
	t.Helper()
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &smx509.Certificate{
		SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "办公室"},
		NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage: smx509.KeyUsageDigitalSignature | smx509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
		SignatureAlgorithm: smx509.SM2WithSM3,
	}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := smx509.ParseCertificate(der)
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	img.Set(3, 3, color.NRGBA{R: 0xd0, A: 0xff})
	var pic bytes.Buffer
	png.Encode(&pic, img)
	sd, err := seal.Make(seal.Info{
		VendorID: "SealDesk", Code: "3201060000009", Type: 1, Name: "测试单位 公章", CertListType: 1, Certs: [][]byte{der},
		Created: tmpl.NotBefore, ValidFrom: tmpl.NotBefore, ValidTo: tmpl.NotAfter,
		Picture: seal.Picture{Data: pic.Bytes(), WidthMM: 40, HeightMM: 40},
	}, der, key, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var in bytes.Buffer
	zipOFD(t, &in)
	var out bytes.Buffer
	if _, err := ofd.Stamp(bytes.NewReader(in.Bytes()), int64(in.Len()), &out, ofd.StampOptions{
		Page: 1, CenterXMM: 100, CenterYMM: 100, Seal: sd, Signer: key, Cert: der,
		Time: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Rand: rand.Reader,
	}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), cert
}

// TestVerifyOFD: app.Verify maps an OFD into the PDF report shape; trusted
// with its anchor, invalid under an anchor that did not issue it.
func TestVerifyOFD(t *testing.T) {
	data, cert := stampedOFD(t)
	mine := smx509.NewCertPool()
	mine.AddCert(cert)
	_, other := stampedOFD(t)
	others := smx509.NewCertPool()
	others.AddCert(other)
	tests := []struct {
		name  string
		roots *smx509.CertPool
		trust string
		valid bool
	}{
		{"no anchors", nil, Unknown, true},
		{"its anchor", mine, Trusted, true},
		{"another anchor", others, Untrusted, false}, // the same word as for PDF
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Verify(context.Background(), data, VerifyOptions{Roots: tc.roots})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Kind != KindOFD || rep.Valid != tc.valid || len(rep.Signatures) != 1 {
				t.Fatalf("%+v", rep)
			}
			s := rep.Signatures[0]
			if s.Trust != tc.trust || s.Integrity != Valid || s.SealCheck != Valid || s.SealName != "测试单位 公章" || s.Signer != "办公室" || s.Page != 1 || !s.CoversWholeDocument {
				t.Errorf("%+v", s)
			}
			j, _ := json.Marshal(rep)
			if !strings.Contains(string(j), `"kind":"ofd"`) || !strings.Contains(string(j), `"integrity":"valid"`) {
				t.Errorf("JSON %s", j)
			}
		})
	}
	// A page renamed after stamping (zip headers edited): invalid.
	p := bytes.ReplaceAll(data, []byte("Doc_0/Pages/Page_0/Content.xml"), []byte("Doc_0/Pages/Page_0/Content.xmX"))
	if rep, err := Verify(context.Background(), p, VerifyOptions{}); err != nil || rep.Valid {
		t.Errorf("a package whose page was renamed after stamping: %v %+v", err, rep)
	}
}

// zipOFD writes a minimal one-page OFD package.
func zipOFD(t *testing.T, w *bytes.Buffer) {
	t.Helper()
	zw := zip.NewWriter(w)
	for _, f := range [][2]string{
		{"OFD.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`},
		{"Doc_0/Document.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`},
		{"Doc_0/Pages/Page_0/Content.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content/></ofd:Page>`},
	} {
		fw, err := zw.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(f[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}
