package ofd

import (
	"bytes"
	"crypto/rand"
	"io"
	"testing"
)

func BenchmarkVerify999(b *testing.B) {
	data := readVector(b, "ofd.js/999.ofd")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Verify(bytes.NewReader(data), int64(len(data)), VerifyOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStamp(b *testing.B) {
	a := newStamper(b, "张三")
	data := readVector(b, "ofd.js/999.ofd")
	for b.Loop() {
		if _, err := Stamp(bytes.NewReader(data), int64(len(data)), io.Discard, StampOptions{
			Page: 1, CenterXMM: 150, CenterYMM: 100, Seal: a.seal, Signer: a.key, Cert: a.cert, Rand: rand.Reader,
		}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender999Page2At96DPI(b *testing.B) {
	data := readVector(b, "ofd.js/999.ofd")
	p, err := Read(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.RenderPage(RenderOptions{Page: 2, DPI: 96}); err != nil {
			b.Fatal(err)
		}
	}
}
