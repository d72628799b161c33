package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/internal/kdf"
	"sealdesk/internal/testpdf"
)

// BenchmarkStampLarge stamps the 50 MB, 200-page document with the SM2
// official seal (software key) by the real sealctl binary under GNU time,
// and prints its time and peak memory (maximum resident size) against its
// floor (issue 18 point 1): `cp` of the file, one `openssl dgst -sm3` pass
// over it and `sync`, plus the two key derivations a stamp must run (sign-in
// password and PIN) timed at their scrypt parameters in this process.
// Targets: 1.5× the floor; peak ≤ file size + 64 MiB. Median of three.
func BenchmarkStampLarge(b *testing.B) {
	for _, tool := range []string{"openssl", "/usr/bin/time"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Skipf("%s not installed", tool)
		}
	}
	b.Setenv("SEALDESK_PASSWORD", "demo")
	b.Setenv("SEALDESK_PIN", "135790")
	dir := b.TempDir()
	home := filepath.Join(dir, "demo")
	inproc := func(args ...string) string {
		var out, errb bytes.Buffer
		c := &cli{stdout: &out, stderr: &errb, lang: "zh-CN", now: time.Now}
		if code := c.run(context.Background(), args); code != 0 {
			b.Fatalf("%s: %d %s", args[0], code, errb.String())
		}
		return out.String()
	}
	inproc("init-demo", "--home", home)
	doc := filepath.Join(dir, "scan.pdf")
	if err := os.WriteFile(doc, testpdf.Heavy(200, 250_000), 0o600); err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(doc)
	if err != nil {
		b.Fatal(err)
	}
	fileMiB := float64(st.Size()) / (1 << 20)
	bin := filepath.Join(dir, "sealctl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build sealctl: %v\n%s", err, out)
	}
	timed := func(name string, args ...string) (secs, peakMiB float64) {
		stats := filepath.Join(dir, "time")
		cmd := exec.Command("/usr/bin/time", append([]string{"-f", "%M", "-o", stats, name}, args...)...)
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s: %v\n%s", name, err, out)
		}
		secs = time.Since(start).Seconds()
		s, err := os.ReadFile(stats)
		if err != nil {
			b.Fatal(err)
		}
		var kib float64
		fmt.Sscan(string(s), &kib)
		return secs, kib / 1024
	}
	const n = 3
	var ours, floor []float64
	var peak float64
	for i := 0; i < n; i++ {
		id := strings.TrimSpace(inproc("request", "--home", home, "--as", "custodian", "--seal", "official", "--doc", doc, "--page", "1", "--x", "100", "--y", "200", "--reason", "bench"))
		inproc("approve", "--home", home, "--as", "approver", "--comment", "同意", id)
		out := filepath.Join(dir, fmt.Sprintf("out%d.pdf", i))
		secs, p := timed(bin, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out)
		ours, peak = append(ours, secs), max(peak, p)

		cp, _ := timed("cp", doc, filepath.Join(dir, "copy.pdf"))
		sm3, _ := timed("openssl", "dgst", "-sm3", doc)
		sync, _ := timed("sync")
		start := time.Now()
		for range 2 {
			if _, err := kdf.Scrypt([]byte("demo"), make([]byte, 16), 1<<15, 8, 1, 32); err != nil {
				b.Fatal(err)
			}
		}
		floor = append(floor, cp+sm3+sync+time.Since(start).Seconds())
		os.Remove(out)
		os.Remove(filepath.Join(dir, "copy.pdf"))
	}
	o, f := medianF(ours), medianF(floor)
	b.ReportMetric(o, "s")
	b.ReportMetric(peak, "MiB-peak")
	b.ReportMetric(o/f, "ratio")
	b.ReportMetric(peak-fileMiB, "MiB-beyond-file")
	fmt.Printf("BENCHROW|stamp of a %.0f MB, 200-page PDF (SM2 official seal, software key), sealctl|%.2f s, %.0f MiB (file %.0f MiB)|cp + openssl dgst -sm3 + sync + 2 scrypt: %.2f s|%.1f×\n",
		float64(st.Size())/1e6, o, peak, fileMiB, f, o/f)
}

func medianF(xs []float64) float64 {
	c := append([]float64(nil), xs...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return c[len(c)/2]
}
