package ofd

import (
	"bytes"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzVerify: whatever the bytes, Verify never panics and fails only with a
// *FormatError. Seeds: the malformed table and every OFD vector.
func FuzzVerify(f *testing.F) {
	seeds := 0
	for _, tc := range malformedCases(f) {
		f.Add(tc.data)
		seeds++
	}
	dir := vectorsDir(f)
	for _, name := range []string{"ofdrw/signedFile.ofd", "ofdrw/DigitalSign.ofd", "ofd.js/n.ofd"} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		seeds++
	}
	if seeds < 10 {
		f.Fatalf("only %d seeds", seeds)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rep, err := Verify(bytes.NewReader(b), int64(len(b)), VerifyOptions{Limits: Limits{MaxFileSize: 4 << 20, MaxTotalSize: 16 << 20}})
		var fe *FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("error %T %v is not a *FormatError", err, err)
		}
		if err == nil && rep == nil {
			t.Fatal("no report and no error")
		}
	})
}

// FuzzDecodeXML: the XML reader never panics and fails only with ErrXML.
func FuzzDecodeXML(f *testing.F) {
	for _, s := range []string{minimalOFD, minimalDoc, `<!DOCTYPE x><a/>`, `<?xml version="1.0" encoding="GBK"?><a>b</a>`, ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v signatureXML
		if err := decodeXML("x", b, &v); err != nil && !errors.Is(err, ErrXML) {
			t.Fatalf("error %v does not wrap ErrXML", err)
		}
	})
}

// FuzzStamp: whatever the package, Stamp never panics, and when it succeeds
// the signature it added verifies.
func FuzzStamp(f *testing.F) {
	a := newStamper(f, "张三")
	f.Add(unsignedOFD(f))
	f.Add(zipOf(f, minimal()...))
	for _, tc := range malformedCases(f) {
		f.Add(tc.data)
	}
	f.Add(readVector(f, "ofdrw/DigitalSign.ofd"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var out bytes.Buffer
		res, err := Stamp(bytes.NewReader(b), int64(len(b)), &out, StampOptions{
			Page: 1, CenterXMM: 30, CenterYMM: 30, Seal: a.seal, Signer: a.key, Cert: a.cert, Time: stampTime, Rand: rand.Reader,
			Limits: Limits{MaxFileSize: 4 << 20, MaxTotalSize: 16 << 20},
		})
		if err != nil {
			return
		}
		rep, err := Verify(bytes.NewReader(out.Bytes()), int64(out.Len()), VerifyOptions{})
		if err != nil {
			t.Fatalf("our own output does not read: %v", err)
		}
		for _, s := range rep.Signatures {
			if s.Path == res.SignaturePath {
				if !s.Intact || s.SealErr != nil {
					t.Fatalf("the new signature does not verify: %v %v", s.IntegrityErr, s.SealErr)
				}
				return
			}
		}
		t.Fatalf("the new signature %s is not listed", res.SignaturePath)
	})
}

// FuzzRender: whatever the package, rendering its first page never panics.
func FuzzRender(f *testing.F) {
	f.Add(unsignedOFD(f))
	for _, name := range []string{"ofdrw/signedFile.ofd", "ofd.js/n.ofd"} {
		f.Add(readVector(f, name))
	}
	f.Add(zipOf(f, minimal(zfile{"Doc_0/Pages/Page_0/Content.xml", []byte(`<ofd:Page xmlns:ofd="x"><ofd:Content><ofd:Layer><ofd:PathObject Boundary="0 0 10 10" CTM="1 0 0 1 0 0" Fill="true"><ofd:AbbreviatedData>M 0 0 L 5 5 Q 1 2 3 4 B 1 2 3 4 5 6 A 2 2 0 1 1 8 8 C</ofd:AbbreviatedData></ofd:PathObject><ofd:TextObject Boundary="0 0 50 10" Size="3" HScale="0.5"><ofd:TextCode X="0" Y="3" DeltaX="g 3 1 2">文字abc</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`)})...))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Read(bytes.NewReader(b), int64(len(b)), Limits{MaxFileSize: 4 << 20, MaxTotalSize: 16 << 20})
		if err != nil {
			return
		}
		p.RenderPage(RenderOptions{Page: 1, DPI: 20})
	})
}
