package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/internal/kdf"
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
		peer := fmt.Sprintf("its %d scrypt runs %.0f ms", kdfs, floor*1000)
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
