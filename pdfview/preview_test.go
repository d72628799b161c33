package pdfview

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"sealdesk/internal/testpdf"
)

// TestOpenFileRendersAsOpen: a document opened from its file (read through a
// reader, nothing copied into PDFium) has the same pages and renders the same
// pixels as one opened from memory; the file is released on Close; a file
// that is no PDF is refused as such.
func TestOpenFileRendersAsOpen(t *testing.T) {
	data := testpdf.Heavy(3, 30000)
	path := filepath.Join(t.TempDir(), "heavy.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	mem := open(t, data)
	f, err := testRenderer.OpenFile(path)
	if err != nil {
		t.Fatalf("OpenFile: %v", err)
	}
	if f.PageCount() != 3 || mem.PageCount() != 3 {
		t.Fatalf("pages: file %d, memory %d", f.PageCount(), mem.PageCount())
	}
	ctx := context.Background()
	for i := range 3 {
		a, err := f.Render(ctx, i, 50)
		if err != nil {
			t.Fatalf("render page %d from the file: %v", i, err)
		}
		b, err := mem.Render(ctx, i, 50)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Pix, b.Pix) {
			t.Fatalf("page %d from the file differs from the page from memory", i)
		}
	}
	file := f.file.(*os.File)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := file.Stat(); err == nil {
		t.Fatal("the file is still open after Close")
	}
	if _, err := f.Render(ctx, 0, 50); !errors.Is(err, ErrClosed) {
		t.Fatalf("render after Close: %v", err)
	}

	notPDF := filepath.Join(t.TempDir(), "note.txt")
	os.WriteFile(notPDF, []byte("hello"), 0o600)
	if _, err := testRenderer.OpenFile(notPDF); !errors.Is(err, ErrNotPDF) {
		t.Fatalf("OpenFile of a text file: %v", err)
	}
	if _, err := testRenderer.OpenFile(filepath.Join(t.TempDir(), "missing.pdf")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("OpenFile of a missing file: %v", err)
	}
	damaged := filepath.Join(t.TempDir(), "damaged.pdf")
	os.WriteFile(damaged, []byte("%PDF-1.7\ngarbage"), 0o600)
	if _, err := testRenderer.OpenFile(damaged); !errors.Is(err, ErrDamaged) {
		t.Fatalf("OpenFile of a damaged file: %v", err)
	}
}

// TestDefaultCacheDir: the environment variable wins; then the folder beside
// the executable, when it exists; then the user's cache.
func TestDefaultCacheDir(t *testing.T) {
	t.Setenv(CacheDirEnv, "/somewhere/pdfium")
	if d := DefaultCacheDir(); d != "/somewhere/pdfium" {
		t.Fatalf("with %s set: %q", CacheDirEnv, d)
	}
	t.Setenv(CacheDirEnv, "")
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	beside := filepath.Join(filepath.Dir(exe), exeCacheDir)
	if d := DefaultCacheDir(); d == beside {
		t.Fatalf("the folder beside the executable is chosen before it exists: %q", d)
	}
	if d := InstalledCacheDir(); d != "" {
		t.Fatalf("InstalledCacheDir with no installed cache: %q", d)
	}
	if err := os.Mkdir(beside, 0o700); err != nil {
		t.Skip(err) // the test binary's folder is not ours to write
	}
	defer os.RemoveAll(beside)
	if d := DefaultCacheDir(); d != beside {
		t.Fatalf("with %s present: %q", beside, d)
	}
	if d := InstalledCacheDir(); d != beside {
		t.Fatalf("InstalledCacheDir with %s present: %q", beside, d)
	}
}

// TestPrecompileFillsTheCache: Precompile leaves a cache entry from which a
// new Renderer starts.
func TestPrecompileFillsTheCache(t *testing.T) {
	dir := t.TempDir()
	if err := copyDir(testCacheDir, dir); err != nil {
		t.Fatal(err) // a copy of the warm cache: compiling afresh takes seconds
	}
	if err := Precompile(dir); err != nil {
		t.Fatalf("Precompile: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("cache folder after Precompile: %v, %d entries", err, len(entries))
	}
	if err := Precompile(""); err == nil {
		t.Fatal("Precompile without a folder succeeded")
	}
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
}

// previewHelperEnv makes the test binary a one-shot previewer: start PDFium
// from the warm cache, open the named file, render page 1 at 100 dpi, exit.
// That is what the desktop does when a document is opened in a new process.
const previewHelperEnv = "SEALDESK_PREVIEW_HELPER"

// It prints how long each step took (seconds): starting PDFium, opening the
// file, rendering the page; then the pages the process had mapped in (minor
// faults) before the first step and during each step.
func previewHelper(path string) int {
	f0, t0 := minorFaults(), time.Now()
	r, err := NewRenderer(RendererOptions{CacheDir: testCacheDir})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer r.Close()
	f1, t1 := minorFaults(), time.Now()
	d, err := r.OpenFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	f2, t2 := minorFaults(), time.Now()
	if _, err := d.Render(context.Background(), 0, 100); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	t3, f3 := time.Now(), minorFaults()
	fmt.Println(t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds(), t3.Sub(t2).Seconds(), f0, f1-f0, f2-f1, f3-f2)
	return 0
}

var heavyFile struct {
	path string
	size int
}

// heavyPDF writes the 50 MB, 200-page document of issue 18 once per process.
func heavyPDF(b *testing.B) string {
	if heavyFile.path == "" {
		dir, err := os.MkdirTemp("", "sealdesk-heavy")
		if err != nil {
			b.Fatal(err)
		}
		data := testpdf.Heavy(200, 250_000)
		heavyFile.path, heavyFile.size = filepath.Join(dir, "heavy.pdf"), len(data)
		if err := os.WriteFile(heavyFile.path, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return heavyFile.path
}

// BenchmarkPreviewNewProcess: page 1 of the 50 MB document at 100 dpi in a
// new process (PDFium from the compiled cache, the document read from its
// file), against `pdftoppm -r 100 -f 1 -l 1` of the same file. Target
// (issue 18): within 2× of pdftoppm. The median of the runs is reported.
func BenchmarkPreviewNewProcess(b *testing.B) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		b.Skip("pdftoppm not installed")
	}
	path := heavyPDF(b)
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "page")
	var ours, peer, start, open, render []float64
	// Pages mapped in (minor faults): before PDFium starts, while it starts,
	// while the page renders, in the whole process; pdftoppm's whole process.
	var fPre, fStart, fRender, fOurs, fPeer []float64
	b.ResetTimer()
	for i := 0; i < max(b.N, 7); i++ {
		cmd := exec.Command(self)
		var steps strings.Builder
		cmd.Stdout = &steps
		ours = append(ours, timeCmd(b, cmd, previewHelperEnv+"="+path))
		var s, o, r, f0, fs, fo, fr float64
		if _, err := fmt.Sscan(steps.String(), &s, &o, &r, &f0, &fs, &fo, &fr); err != nil {
			b.Fatalf("helper printed %q: %v", steps.String(), err)
		}
		start, open, render = append(start, s), append(open, o), append(render, r)
		fPre, fStart, fRender = append(fPre, f0), append(fStart, fs), append(fRender, fr)
		fOurs = append(fOurs, float64(exitedFaults(cmd.ProcessState)))
		pdftoppm := exec.Command("pdftoppm", "-r", "100", "-f", "1", "-l", "1", path, out)
		peer = append(peer, timeCmd(b, pdftoppm))
		fPeer = append(fPeer, float64(exitedFaults(pdftoppm.ProcessState)))
	}
	b.StopTimer()
	o, p := median(ours), median(peer)
	b.ReportMetric(o, "s")
	b.ReportMetric(p, "peer-s")
	b.ReportMetric(o/p, "ratio")
	b.ReportMetric(median(start)*1000, "start-ms")
	b.ReportMetric(median(render)*1000, "render-ms")
	fmt.Printf("BENCHROW|preview: page 1 of a %d MB, 200-page PDF at 100 dpi, new process|%.2f s|`pdftoppm -r 100 -f 1 -l 1`: %.2f s|%.1f×\n",
		heavyFile.size>>20, o, p, o/p)
	// Where a new process's time goes (issue 18 point 4); the rest of the
	// wall time is the process itself (exec, Go runtime, exit). Each page a
	// process maps in for the first time is a page fault, and on a virtual
	// machine a fault can cost 10 µs or more: the fault counts say how much of
	// each step is memory being mapped in rather than work.
	fmt.Printf("preview, new process (medians): PDFium start %.0f ms, %.0f page faults (wazero decodes, validates and loads the compiled module: BenchmarkRendererStart), open %.1f ms, page 1 %.0f ms, %.0f faults, process %.0f ms, %.0f faults before PDFium starts; %.0f faults in all; pdftoppm in all %.0f ms, %.0f faults\n",
		median(start)*1000, median(fStart), median(open)*1000, median(render)*1000, median(fRender),
		(o-median(start)-median(open)-median(render))*1000, median(fPre), median(fOurs), p*1000, median(fPeer))
}

// BenchmarkRendererStart: NewRenderer from the warm compilation cache, as
// every new process pays it, then Close. Run it with -cpuprofile to see its
// parts: wazero decodes and validates the whole 5 MB module, hashes it, reads
// the 18 MB of cached machine code (an 8-byte read per function for their
// offsets, then the code into fresh memory) and checks its CRC, all before
// PDFium runs. In one process, run after run, the memory is mapped in already;
// a new process also pays a page fault for each page of it
// (BenchmarkPreviewNewProcess counts them).
func BenchmarkRendererStart(b *testing.B) {
	for range b.N {
		r, err := NewRenderer(RendererOptions{CacheDir: testCacheDir})
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

// BenchmarkPreviewPageTurn: rendering another page of the open 50 MB
// document at 100 dpi, as paging through it in the desktop does. Target
// (issue 18): under 50 ms. pdftoppm has no warm state; its row shows one
// page in a new process for scale.
func BenchmarkPreviewPageTurn(b *testing.B) {
	path := heavyPDF(b)
	d, err := testRenderer.OpenFile(path)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	if _, err := d.Render(ctx, 0, 100); err != nil {
		b.Fatal(err)
	}
	var turns []float64
	var img *image.RGBA
	b.ResetTimer()
	for i := 0; i < max(b.N, 20); i++ {
		start := time.Now()
		if img, err = d.Render(ctx, 1+i%(d.PageCount()-1), 100); err != nil {
			b.Fatal(err)
		}
		turns = append(turns, time.Since(start).Seconds())
	}
	b.StopTimer()
	m := median(turns)
	b.ReportMetric(m*1000, "ms/turn")
	fmt.Printf("BENCHROW|preview: warm page turn, same file, 100 dpi (%d×%d)|%.0f ms|target 50 ms|%.2f×\n", img.Rect.Dx(), img.Rect.Dy(), m*1000, m/0.050)
}

// timeCmd runs cmd to the end and returns its wall time in seconds.
func timeCmd(b *testing.B, cmd *exec.Cmd, env ...string) float64 {
	b.Helper()
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%v: %v\n%s", cmd.Args, err, stderr.String())
	}
	return time.Since(start).Seconds()
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
