package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestOutputHashIsThatOfTheBytesWritten: the stamp's output hash goes on
// from the SM3 state of the document's read, yet it is always the SM3 of
// exactly what was written: an incremental update (the document, then more),
// output that differs from the document (at its first byte, in its middle,
// at its last byte), output shorter than it, and writes of every size.
func TestOutputHashIsThatOfTheBytesWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "doc.pdf")
	data := bytes.Repeat([]byte("%PDF-1.7 0123456789abcdef\n"), 5000)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	doc, err := OpenDocument(path, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	changed := func(i int) []byte {
		c := bytes.Clone(data)
		c[i] ^= 1
		return append(c, "tail"...)
	}
	cases := map[string][]byte{
		"incremental update": append(bytes.Clone(data), "\n1 0 obj <<>> endobj\ntrailer\n%%EOF\n"...),
		"the document alone": bytes.Clone(data),
		"first byte changed": changed(0),
		"middle changed":     changed(len(data) / 2),
		"last byte changed":  changed(len(data) - 1),
		"shorter":            bytes.Clone(data[:len(data)-7]),
		"empty":              nil,
	}
	for name, out := range cases {
		for _, chunk := range []int{1, 7, 4096, len(out) + 1} {
			o := newOutputHash(doc)
			for p := out; len(p) > 0; {
				k := min(chunk, len(p))
				o.Write(p[:k])
				p = p[k:]
			}
			if got, want := o.Sum(), sm3Hex(out); got != want {
				t.Errorf("%s, writes of %d: %s, want %s", name, chunk, got, want)
			}
		}
	}
}
