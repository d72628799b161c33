package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/internal/kdf"
	"sealdesk/internal/testpdf"
)

// BenchmarkStampOnePage times each act of a 1-page stamp (request, approve,
// stamp) as sealctl runs it, in this process, against its floor (issue 18
// point 3): the key derivations the act ran, counted and timed as they ran
// by internal/kdf (at the parameters of the keys and passwords on file), plus
// for the stamp a `sealctl verify` of the stamped file. Median of five.
func BenchmarkStampOnePage(b *testing.B) {
	b.Setenv("SEALDESK_PASSWORD", "demo")
	b.Setenv("SEALDESK_PIN", "135790")
	home := filepath.Join(b.TempDir(), "demo")
	var spent []time.Duration // the KDF time of the last act
	run := func(args ...string) (string, time.Duration, int64) {
		var out, errb bytes.Buffer
		c := &cli{stdout: &out, stderr: &errb, lang: "zh-CN", now: time.Now}
		before, beforeT, start := kdf.Runs(), kdf.Spent(), time.Now()
		if code := c.run(context.Background(), args); code != 0 {
			b.Fatalf("%s: %d %s", args[0], code, errb.String())
		}
		spent = append(spent, kdf.Spent()-beforeT)
		return out.String(), time.Since(start), kdf.Runs() - before
	}
	run("init-demo", "--home", home)
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	const n = 5
	var req, appr, stamp, verify, kReqT, kApprT, kStampT []time.Duration
	var kReq, kAppr, kStamp int64
	for i := 0; i < n; i++ {
		out, d, k := run("request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "1", "--x", "100", "--y", "200", "--reason", "bench")
		req, kReq, kReqT = append(req, d), k, append(kReqT, spent[len(spent)-1])
		id := strings.TrimSpace(out)
		_, d, k = run("approve", "--home", home, "--as", "approver", "--comment", "同意", id)
		appr, kAppr, kApprT = append(appr, d), k, append(kApprT, spent[len(spent)-1])
		stamped := filepath.Join(b.TempDir(), fmt.Sprintf("out%d.pdf", i))
		_, d, k = run("stamp", "--home", home, "--as", "custodian", "--request", id, "--out", stamped)
		stamp, kStamp, kStampT = append(stamp, d), k, append(kStampT, spent[len(spent)-1])
		_, d, _ = run("verify", "--home", home, stamped)
		verify = append(verify, d)
	}
	s := func(ds []time.Duration) float64 { return median(ds).Seconds() }
	row := func(act string, d float64, kdfs int64, kdfT []time.Duration, withVerify bool) {
		floor := s(kdfT)
		runs := "runs"
		if kdfs == 1 {
			runs = "run"
		}
		peer := fmt.Sprintf("its %d scrypt %s %.0f ms", kdfs, runs, floor*1000)
		if withVerify {
			floor += s(verify)
			peer += fmt.Sprintf(" + verify %.0f ms", s(verify)*1000)
		}
		b.ReportMetric(d/floor, act+"-ratio")
		fmt.Printf("BENCHROW|%s, 1 page|%.0f ms|%s: %.0f ms|%.2f×\n", act, d*1000, peer, floor*1000, d/floor)
	}
	row("stamp", s(stamp), kStamp, kStampT, true)
	row("request", s(req), kReq, kReqT, false)
	row("approve", s(appr), kAppr, kApprT, false)
}

func median(ds []time.Duration) time.Duration {
	c := append([]time.Duration(nil), ds...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return c[len(c)/2]
}

// BenchmarkStampBatchCLI is issue 16 point 4's target, as a custodian runs
// it: `sealctl stamp --request BATCH` over 100 one-page PDFs with the SM2
// finance seal's software key, against five `sealctl stamp` of single
// documents (each signs in and opens the key: the command's key derivations
// are its floor). Requests and approvals are outside both timings.
func BenchmarkStampBatchCLI(b *testing.B) {
	const n, singles = 100, 5
	b.Setenv("SEALDESK_PASSWORD", "demo")
	b.Setenv("SEALDESK_PIN", "135790")
	home := filepath.Join(b.TempDir(), "demo")
	run := func(args ...string) string {
		var out, errb bytes.Buffer
		c := &cli{stdout: &out, stderr: &errb, lang: "zh-CN", now: time.Now}
		if code := c.run(context.Background(), args); code != 0 {
			b.Fatalf("%s: %d %s", args[0], code, errb.String())
		}
		return strings.TrimSpace(out.String())
	}
	run("init-demo", "--home", home)
	var batchSecs, singleSecs float64
	for b.Loop() {
		dir := b.TempDir()
		for i := 0; i < n+singles; i++ {
			doc := testpdf.New(testpdf.Options{Title: fmt.Sprintf("receipt %d", i), Pages: []testpdf.Page{{Lines: []string{fmt.Sprintf("Receipt %d", i)}}}})
			sub := "batch"
			if i >= n {
				sub = "single"
			}
			os.MkdirAll(filepath.Join(dir, sub), 0o700)
			os.WriteFile(filepath.Join(dir, sub, fmt.Sprintf("r%03d.pdf", i)), doc, 0o600)
		}
		batch := run("request", "--home", home, "--as", "custodian", "--seal", "finance", "--docs", filepath.Join(dir, "batch"), "--page", "1", "--x", "150", "--y", "200")
		run("approve", "--home", home, "--as", "approver", batch)
		var ids []string
		for i := n; i < n+singles; i++ {
			id := run("request", "--home", home, "--as", "custodian", "--seal", "finance", "--doc", filepath.Join(dir, "single", fmt.Sprintf("r%03d.pdf", i)), "--page", "1", "--x", "150", "--y", "200")
			run("approve", "--home", home, "--as", "approver", id)
			ids = append(ids, id)
		}
		out := b.TempDir()
		start := time.Now()
		for i, id := range ids {
			run("stamp", "--home", home, "--as", "custodian", "--request", id, "--out", filepath.Join(out, fmt.Sprintf("s%d.pdf", i)))
		}
		singleSecs = time.Since(start).Seconds()
		start = time.Now()
		run("stamp", "--home", home, "--as", "custodian", "--request", batch, "--out", filepath.Join(out, "batch"))
		batchSecs = time.Since(start).Seconds()
	}
	perDoc := (batchSecs - singleSecs/singles) / (n - 1)
	b.ReportMetric(batchSecs/singleSecs, "ratio")
	b.ReportMetric(perDoc*1000, "ms/doc-after-first")
	fmt.Printf("BENCHROW|stamp %d one-page PDFs in one batch, `sealctl stamp --request BATCH` (SM2 soft key)|%.2f s (%.0f ms a document after the first)|%d × `sealctl stamp`: %.2f s|%.2f×\n",
		n, batchSecs, perDoc*1000, singles, singleSecs, batchSecs/singleSecs)
}
