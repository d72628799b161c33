package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// bareWindow is the peer of BenchmarkStartToWindow: a Fyne window with one
// label and nothing of ours, shown the same way and timed to the same event.
func bareWindow() {
	a := fyneapp.NewWithID("cn.sealdesk.bare")
	w := a.NewWindow("SealDesk")
	w.SetContent(widget.NewLabel("SealDesk"))
	w.Resize(fyne.NewSize(1024, 700))
	a.Lifecycle().SetOnStarted(func() {
		fmt.Println("smoke: window shown")
		go func() {
			fyne.DoAndWait(func() { w.Canvas().Capture() })
			fmt.Println("smoke: window painted")
			// As the app's --smoke does: quitting at once races GLFW's
			// first pointer event with the window's destruction.
			time.Sleep(200 * time.Millisecond)
			fyne.Do(a.Quit)
		}()
	})
	w.ShowAndRun()
}

// BenchmarkStartToWindow starts the real app (sign-in screen, zh-CN) and a
// bare Fyne window, each in a new process on one Xvfb display, alternately,
// warm (the workspace, font and PDFium caches made by an untimed first run),
// and reports the median time from exec to the first frame drawn and the
// ratio.
// Target (issue 18): within 1.3× of the bare window.
func BenchmarkStartToWindow(b *testing.B) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		b.Skip("Xvfb not installed")
	}
	display := startXvfb(b)
	tmp := b.TempDir()
	env := append(os.Environ(), "DISPLAY="+display, "LANG=zh_CN.UTF-8", "LIBGL_ALWAYS_SOFTWARE=1",
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"), "XDG_CACHE_HOME="+filepath.Join(tmp, "cache"))
	ours := append(env, "SEALDESK_RUN_MAIN=1", "SEALDESK_ARGS=--home "+filepath.Join(tmp, "demo")+" --smoke 200ms")
	bare := append(env, "SEALDESK_BARE_WINDOW=1")
	startTime(b, ours) // creates the demo workspace and the caches
	startTime(b, bare)
	var o, p []float64
	b.ResetTimer()
	for i := 0; i < max(b.N, 5); i++ {
		o = append(o, startTime(b, ours))
		p = append(p, startTime(b, bare))
	}
	b.StopTimer()
	mo, mp := median(o), median(p)
	b.ReportMetric(mo, "s")
	b.ReportMetric(mp, "peer-s")
	b.ReportMetric(mo/mp, "ratio")
	fmt.Printf("BENCHROW|desktop start to first window, warm (Xvfb)|%.2f s|bare Fyne window: %.2f s|%.2f×\n", mo, mp, mo/mp)
}

// startXvfb starts a virtual display for the benchmark and returns its name.
func startXvfb(b *testing.B) string {
	r, w, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		b.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	n, convErr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || convErr != nil {
		b.Fatalf("Xvfb display number %q: %v", line, err)
	}
	return ":" + strconv.Itoa(n)
}

// startTime runs the test binary as a program with env and returns the
// seconds from exec to its "window painted" line (the first frame drawn);
// the process then quits.
func startTime(b *testing.B, env []string) float64 {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	var shown float64
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if shown == 0 && strings.Contains(sc.Text(), "smoke: window painted") {
			shown = time.Since(start).Seconds()
		}
	}
	if err := cmd.Wait(); err != nil || shown == 0 {
		b.Fatalf("start: %v, window shown after %.2f s\n%s", err, shown, stderr.String())
	}
	return shown
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
