package ofd

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

type zfile struct {
	name string
	data []byte
}

// zipOf builds a zip package in memory from files in order.
func zipOf(t testing.TB, files ...zfile) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const minimalOFD = `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`

const minimalDoc = `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`

func minimal(extra ...zfile) []zfile {
	return append([]zfile{{"OFD.xml", []byte(minimalOFD)}, {"Doc_0/Document.xml", []byte(minimalDoc)}}, extra...)
}

// malformedCases are packages Verify must refuse with a *FormatError
// wrapping the named sentinel. They also seed FuzzVerify.
func malformedCases(t testing.TB) []struct {
	name string
	data []byte
	want error
} {
	bomb := bytes.Repeat([]byte{0}, 3<<20) // 3 MiB of zeros deflates ~1000:1
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>&lol2;</ofd:DocRoot></ofd:DocBody></ofd:OFD>`
	xxe := `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>&e;</ofd:DocRoot></ofd:DocBody></ofd:OFD>`
	sigs := func(loc string) zfile {
		return zfile{"Doc_0/Signs/Signatures.xml", []byte(`<ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Signature ID="1" BaseLoc="` + loc + `"/></ofd:Signatures>`)}
	}
	withSigs := strings.Replace(minimalOFD, "</ofd:DocRoot>", "</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>", 1)
	return []struct {
		name string
		data []byte
		want error
	}{
		{"not a zip", []byte("%PDF-1.7 not an OFD"), ErrNotZip},
		{"empty", nil, ErrNotZip},
		{"zip bomb", zipOf(t, minimal(zfile{"Doc_0/Res/big.bin", bomb})...), ErrTooLarge},
		{"traversal", zipOf(t, minimal(zfile{"../../etc/evil", []byte("x")})...), ErrUnsafeName},
		{"traversal inside", zipOf(t, minimal(zfile{"Doc_0/../../evil", []byte("x")})...), ErrUnsafeName},
		{"absolute", zipOf(t, minimal(zfile{"/etc/evil", []byte("x")})...), ErrUnsafeName},
		{"backslash", zipOf(t, minimal(zfile{`Doc_0\..\..\evil`, []byte("x")})...), ErrUnsafeName},
		{"drive letter", zipOf(t, minimal(zfile{"C:/evil", []byte("x")})...), ErrUnsafeName},
		{"duplicate", zipOf(t, minimal(zfile{"OFD.xml", []byte(minimalOFD)})...), ErrUnsafeName},
		{"no OFD.xml", zipOf(t, zfile{"Doc_0/Document.xml", []byte(minimalDoc)}), ErrMissingPart},
		{"no DocRoot file", zipOf(t, zfile{"OFD.xml", []byte(minimalOFD)}), ErrMissingPart},
		{"billion laughs", zipOf(t, zfile{"OFD.xml", []byte(laughs)}, zfile{"Doc_0/Document.xml", []byte(minimalDoc)}), ErrXML},
		{"external entity", zipOf(t, zfile{"OFD.xml", []byte(xxe)}, zfile{"Doc_0/Document.xml", []byte(minimalDoc)}), ErrXML},
		{"broken XML", zipOf(t, zfile{"OFD.xml", []byte("<ofd:OFD><ofd:DocBody>")}), ErrXML},
		{"missing Signatures.xml", zipOf(t, zfile{"OFD.xml", []byte(withSigs)}, zfile{"Doc_0/Document.xml", []byte(minimalDoc)}), ErrMissingPart},
		{"signature outside the package", zipOf(t, zfile{"OFD.xml", []byte(withSigs)}, zfile{"Doc_0/Document.xml", []byte(minimalDoc)}, sigs("../../../x/Signature.xml")), ErrUnsafeName},
		{"missing Signature.xml", zipOf(t, zfile{"OFD.xml", []byte(withSigs)}, zfile{"Doc_0/Document.xml", []byte(minimalDoc)}, sigs("/Doc_0/Signs/Sign_0/Signature.xml")), ErrMissingPart},
	}
}

func TestMalformed(t *testing.T) {
	for _, tc := range malformedCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Verify(bytes.NewReader(tc.data), int64(len(tc.data)), VerifyOptions{})
			var fe *FormatError
			if !errors.As(err, &fe) || !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v, want a *FormatError wrapping %v", err, tc.want)
			}
			t.Log(err)
		})
	}
}

// Limits are enforced on what decompression produces, not on the sizes the
// zip headers claim.
func TestLimits(t *testing.T) {
	data := zipOf(t, minimal(zfile{"Doc_0/Res/a.bin", bytes.Repeat([]byte("ab"), 600)}, zfile{"Doc_0/Res/b.bin", bytes.Repeat([]byte("cd"), 600)})...)
	tests := []struct {
		name string
		lim  Limits
		ok   bool
	}{
		{"defaults", Limits{}, true},
		{"files", Limits{MaxFiles: 3}, false},
		{"file size", Limits{MaxFileSize: 1000}, false},
		{"total size", Limits{MaxTotalSize: 2000}, false},
		{"just enough", Limits{MaxFiles: 4, MaxFileSize: 1200, MaxTotalSize: 2400 + int64(len(minimalOFD)+len(minimalDoc))}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(data), int64(len(data)), tc.lim)
			if tc.ok != (err == nil) || err != nil && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("Read = %v", err)
			}
		})
	}
	// A header that understates the size does not get past the limit.
	lying := lieAboutSize(t, zipOf(t, minimal(zfile{"Doc_0/Res/big.bin", bytes.Repeat([]byte("x"), 5000)})...), "Doc_0/Res/big.bin")
	if _, err := Read(bytes.NewReader(lying), int64(len(lying)), Limits{MaxFileSize: 4000}); err == nil {
		t.Fatal("a file whose header understates its size passed the size limit")
	}
}

// lieAboutSize rewrites the uncompressed size of one entry to 10 bytes in
// its local and central headers.
func lieAboutSize(t *testing.T, zb []byte, name string) []byte {
	t.Helper()
	out := bytes.Clone(zb)
	n := 0
	for _, sig := range [][]byte{{'P', 'K', 3, 4}, {'P', 'K', 1, 2}} {
		for i := 0; ; {
			j := bytes.Index(out[i:], sig)
			if j < 0 {
				break
			}
			i += j
			nameOff, sizeOff := 30, 22
			if sig[2] == 1 {
				nameOff, sizeOff = 46, 24
			}
			nl := int(out[i+nameOff-4]) | int(out[i+nameOff-3])<<8
			if sig[2] == 1 {
				nl = int(out[i+28]) | int(out[i+29])<<8
			}
			if i+nameOff+nl <= len(out) && string(out[i+nameOff:i+nameOff+nl]) == name {
				copy(out[i+sizeOff:], []byte{10, 0, 0, 0})
				n++
			}
			i += 4
		}
	}
	if n != 2 {
		t.Fatalf("patched %d headers, want 2", n)
	}
	return out
}

func TestResolve(t *testing.T) {
	tests := []struct {
		base, loc, want string
		bad             bool
	}{
		{"OFD.xml", "Doc_0/Document.xml", "Doc_0/Document.xml", false},
		{"OFD.xml", "/Doc_0/Document.xml", "Doc_0/Document.xml", false},
		{"Doc_0/Signs/Signatures.xml", "Sign_0/Signature.xml", "Doc_0/Signs/Sign_0/Signature.xml", false},
		{"Doc_0/Signs/Signatures.xml", "../Pages/./Page_0/Content.xml", "Doc_0/Pages/Page_0/Content.xml", false},
		{"Doc_0/Document.xml", "../../x", "", true},
		{"OFD.xml", "/../x", "", true},
		{"OFD.xml", `Doc_0\Document.xml`, "", true},
		{"OFD.xml", "http://example.com/x", "", true},
		{"OFD.xml", "  ", "", true},
		{"OFD.xml", "/", "", true},
	}
	for _, tc := range tests {
		got, err := resolve(tc.base, tc.loc)
		if tc.bad != (err != nil) || got != tc.want {
			t.Errorf("resolve(%q, %q) = %q, %v", tc.base, tc.loc, got, err)
		}
	}
}

// The XML of the vectors is read; a part in GBK is read too.
func TestDecodeXMLCharset(t *testing.T) {
	gbk := []byte("<?xml version=\"1.0\" encoding=\"GBK\"?><ofd:OFD xmlns:ofd=\"x\"><ofd:DocBody><ofd:DocRoot>\xce\xc4/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
	var root ofdRoot
	if err := decodeXML("OFD.xml", gbk, &root); err != nil {
		t.Fatal(err)
	}
	if len(root.DocBodies) != 1 || root.DocBodies[0].DocRoot != "文/Document.xml" {
		t.Fatalf("%+v", root)
	}
	var v ofdRoot
	if err := decodeXML("x", []byte(`<?xml version="1.0" encoding="EBCDIC"?><a/>`), &v); !errors.Is(err, ErrXML) {
		t.Fatalf("unknown encoding: %v", err)
	}
}

// A GBK file name (no zip UTF-8 flag) is read as the Unicode name the XML uses.
func TestGBKName(t *testing.T) {
	gbkName := "Doc_0/Attachs/\xb7\xa2\xc6\xb1.xml" // 发票.xml in GBK
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range minimal(zfile{gbkName, []byte("<a/>")}) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, NonUTF8: true})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	zw.Close()
	p, err := Read(bytes.NewReader(b.Bytes()), int64(b.Len()), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.File("/Doc_0/Attachs/发票.xml"); !ok {
		t.Fatalf("names %q", p.Names())
	}
}
