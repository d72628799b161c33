package pdfsign

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"sealdesk/internal/testpdf"
)

// Benchmarks with a software SM2 key; MB/s is over the input document.
func BenchmarkSign(b *testing.B) {
	pki := newPKI(b, "sm2")
	for _, pages := range []int{1, 1000} {
		doc := testpdf.Simple(pages)
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			o := pki.options(1, 105, 60)
			for b.Loop() {
				if _, err := Sign(bytes.NewReader(doc), io.Discard, o); err != nil {
					b.Fatal(err)
				}
			}
			reportMS(b)
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	pki := newPKI(b, "sm2")
	for _, pages := range []int{1, 1000} {
		signed, _ := signBytes(b, testpdf.Simple(pages), pki.options(1, 105, 60))
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			b.SetBytes(int64(len(signed)))
			for b.Loop() {
				rep, err := Verify(bytes.NewReader(signed), int64(len(signed)), VerifyOptions{Roots: pki.roots, At: testTime})
				if err != nil || !rep.Signatures[0].Intact {
					b.Fatal(err)
				}
			}
			reportMS(b)
		})
	}
}

// reportMS adds milliseconds per operation next to Go's ns/op, as make bench promises.
func reportMS(b *testing.B) {
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/op")
}
