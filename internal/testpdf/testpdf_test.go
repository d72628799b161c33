package testpdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestQPDFAcceptsOutput checks every variant with qpdf, an independent PDF checker.
func TestQPDFAcceptsOutput(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Fatalf("qpdf is not installed (packaging/install-deps.sh installs it): %v", err)
	}
	cases := map[string][]byte{
		"simple":     Simple(3),
		"xrefstream": New(Options{Pages: []Page{{Rotate: 90}, {CropBox: [4]float64{20, 20, 400, 600}}}, XRefStream: true}),
		"letter":     New(Options{Pages: []Page{{Width: 612, Height: 792, Lines: []string{"a (b) \\ c"}}}}),
		"heavy":      Heavy(3, 3000),
	}
	for name, pdf := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), name+".pdf")
			if err := os.WriteFile(p, pdf, 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("qpdf", "--check", p).CombinedOutput()
			if err != nil || strings.Contains(string(out), "WARNING") {
				t.Fatalf("qpdf --check: %v\n%s", err, out)
			}
		})
	}
}
