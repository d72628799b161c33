package testpdf

import (
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"unicode/utf16"
)

// CJKText is one line of Chinese text for MutoolCJK: its baseline starts X, Y
// points from the page's bottom-left corner, at 16 pt.
type CJKText struct {
	Text string
	X, Y float64
}

// ErrNoMutool is returned by MutoolCJK when MuPDF's mutool is not installed.
var ErrNoMutool = fmt.Errorf("testpdf: mutool not installed")

// MutoolCJK writes an A4 PDF named name in dir with Chinese text through
// MuPDF's `mutool create` (its built-in Song font, UniGB-UTF16-H, not
// embedded): a document made by an independent tool, not by SealDesk's own
// writers, for tests that read text positions.
func MutoolCJK(dir, name string, pages ...[]CJKText) (string, error) {
	if _, err := exec.LookPath("mutool"); err != nil {
		return "", ErrNoMutool
	}
	var args []string
	for i, texts := range pages {
		var b strings.Builder
		b.WriteString("%%MediaBox 0 0 595.276 841.89\n%%CJKFont F1 zh-Hans H serif\n")
		for _, tx := range texts {
			u := utf16.Encode([]rune(tx.Text))
			raw := make([]byte, 0, 2*len(u))
			for _, c := range u {
				raw = append(raw, byte(c>>8), byte(c))
			}
			fmt.Fprintf(&b, "BT /F1 16 Tf %g %g Td <%s> Tj ET\n", tx.X, tx.Y, hex.EncodeToString(raw))
		}
		p := filepath.Join(dir, fmt.Sprintf(".page%d.txt", i+1))
		if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
			return "", err
		}
		args = append(args, p)
	}
	out := filepath.Join(dir, name)
	if b, err := exec.Command("mutool", append([]string{"create", "-o", out}, args...)...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("mutool create: %v: %s", err, b)
	}
	for _, p := range args {
		os.Remove(p)
	}
	return out, nil
}
