package ofd

import (
	"bytes"
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
