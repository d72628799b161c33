package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"sealdesk/internal/testpdf"
)

// BenchmarkStamp measures the stamp of an approved request through the whole
// workflow with a software SM2 seal key: PIN unlock (scrypt, deliberately slow),
// hash check, signing the 600-dpi seal picture into the PDF, the atomic write
// and the ledger transaction. MB/s is over the input document.
func BenchmarkStamp(b *testing.B) {
	for _, pages := range []int{1, 1000} {
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			w := demo(b)
			ctx := context.Background()
			doc := filepath.Join(b.TempDir(), "doc.pdf")
			data := testpdf.Simple(pages)
			os.WriteFile(doc, data, 0o600)
			cust := login(b, w, "custodian")
			b.SetBytes(int64(len(data)))
			dir := b.TempDir()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				id := approved(b, w, "official", doc, 1, 100, 200)
				b.StartTimer()
				if _, err := w.Stamp(ctx, cust, StampInput{RequestID: id, OutPath: filepath.Join(dir, fmt.Sprintf("%d.pdf", i)), PIN: DemoPIN}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/op")
		})
	}
}

// BenchmarkVerify measures app.Verify (CMS, revision comparison, seal data
// checks) of a document stamped with the SM2 seal.
func BenchmarkVerify(b *testing.B) {
	for _, pages := range []int{1, 1000} {
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			w := demo(b)
			doc := filepath.Join(b.TempDir(), "doc.pdf")
			os.WriteFile(doc, testpdf.Simple(pages), 0o600)
			id := approved(b, w, "official", doc, 1, 100, 200)
			out := filepath.Join(b.TempDir(), "stamped.pdf")
			if _, err := w.Stamp(context.Background(), login(b, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
				b.Fatal(err)
			}
			data, _ := os.ReadFile(out)
			roots, _ := w.Roots()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				rep, err := Verify(context.Background(), data, VerifyOptions{Roots: roots, At: testNow})
				if err != nil || !rep.Valid {
					b.Fatal(err, rep)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/op")
		})
	}
}
