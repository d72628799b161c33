package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRequestPlacementsCLI: `request --page 1-2 --x --y` puts the same spot on
// both pages, `--at` adds one, `--seam right` asks for a cross-page seal; the
// list names them, the stamp writes a signature a mark, verify calls all
// valid; malformed ranges, edges and spots exit 2 naming the argument, and a
// seam over one page is refused (issue 16 points 1 and 3).
func TestRequestPlacementsCLI(t *testing.T) {
	home := procWorkspace(t)
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	request := func(args ...string) result {
		return sealctl(t, append([]string{"request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc}, args...)...)
	}
	stampAndVerify := func(id string, sigs int) string {
		t.Helper()
		if r := sealctl(t, "approve", "--home", home, "--as", "approver", "--comment", "同意", id); r.code != 0 {
			t.Fatalf("approve: %+v", r)
		}
		out := filepath.Join(t.TempDir(), "out.pdf")
		if r := sealctl(t, "stamp", "--home", home, "--as", "custodian", "--request", id, "--out", out); r.code != 0 {
			t.Fatalf("stamp: %+v", r)
		}
		r := sealctl(t, "verify", "--home", home, "--json", out)
		if r.code != 0 || strings.Count(r.stdout, `"field":`) != sigs || strings.Count(r.stdout, `"integrity": "valid"`) != sigs ||
			strings.Count(r.stdout, `"trust": "trusted"`) != sigs {
			t.Fatalf("verify: %d valid trusted signatures wanted\n%+v", sigs, r)
		}
		return r.stdout
	}

	r := request("--page", "1-2", "--x", "60", "--y", "90", "--at", "2:150:240", "--reason", "合同及附件")
	id := strings.TrimSpace(r.stdout)
	if r.code != 0 || id == "" {
		t.Fatalf("request: %+v", r)
	}
	list := sealctl(t, "requests", "--home", home)
	for _, want := range []string{"第 1 页 (60.0, 90.0) 毫米", "第 2 页 (60.0, 90.0) 毫米", "第 2 页 (150.0, 240.0) 毫米"} {
		if !strings.Contains(list.stdout, want) {
			t.Errorf("requests does not show %q:\n%s", want, list.stdout)
		}
	}
	stampAndVerify(id, 3)

	r = request("--seam", "right", "--reason", "骑缝")
	seam := strings.TrimSpace(r.stdout)
	if r.code != 0 || seam == "" {
		t.Fatalf("request --seam: %+v", r)
	}
	if list := sealctl(t, "requests", "--home", home); !strings.Contains(list.stdout, "骑缝章：右边，2 页") {
		t.Errorf("requests does not show the seam:\n%s", list.stdout)
	}
	stampAndVerify(seam, 2)

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--page", "2-1", "--x", "60", "--y", "90"}, 2, `参数 --page 的值无效："2-1"`},
		{[]string{"--at", "2:60"}, 2, "--at 2:60"},
		{[]string{"--seam", "diagonal"}, 2, "--seam diagonal"},
		{[]string{"--seam", "right", "--page", "1"}, 2, "--seam"},
		{[]string{"--seam", "left", "--pages", "2"}, 1, "骑缝章至少需要两页"},
		{[]string{"--seam", "left", "--pages", "1-5"}, 1, "页码范围“1-5”无效"},
		{[]string{"--page", "1,3", "--x", "60", "--y", "90"}, 1, "页码 3 超出范围"},
	} {
		r := request(tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("request %v: exit %d, stderr %q; want exit %d naming %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}

// TestRequestKeywordCLI: --keyword finds the text in a document MuPDF wrote
// and files the request at it; several matches without --keyword-index are
// refused with the count and pages (exit 1, no request); a bad index is exit 2.
func TestRequestKeywordCLI(t *testing.T) {
	home := procWorkspace(t)
	if _, err := exec.LookPath("mutool"); err != nil {
		t.Skip("mutool not installed")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "p.txt")
	// 甲方（盖章） twice on the page, UTF-16BE in MuPDF's built-in Song font.
	os.WriteFile(page, []byte("%%MediaBox 0 0 595 842\n%%CJKFont F1 zh-Hans H serif\n"+
		"BT /F1 16 Tf 80 200 Td <753265b9ff0876d67ae0ff09> Tj ET\nBT /F1 16 Tf 330 200 Td <4e5965b9ff0876d67ae0ff09> Tj ET\n"), 0o600)
	doc := filepath.Join(dir, "合同.pdf")
	if b, err := exec.Command("mutool", "create", "-o", doc, page).CombinedOutput(); err != nil {
		t.Fatalf("mutool create: %v\n%s", err, b)
	}
	request := func(args ...string) result {
		return sealctl(t, append([]string{"request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc}, args...)...)
	}
	if r := request("--keyword", "（盖章）"); r.code != 1 || !strings.Contains(r.stderr, "出现 2 次（第 1 页）") || r.stdout != "" {
		t.Fatalf("two matches, no index: %+v", r)
	}
	if r := request("--keyword", "（盖章）", "--keyword-index", "first"); r.code != 2 {
		t.Fatalf("a bad index: %+v", r)
	}
	if r := request("--keyword", "（盖章）", "--page", "1"); r.code != 2 {
		t.Fatalf("--keyword with --page: %+v", r)
	}
	r := request("--keyword", "乙方（盖章）", "--dy", "-10")
	id := strings.TrimSpace(r.stdout)
	if r.code != 0 || id == "" {
		t.Fatalf("request --keyword: %+v", r)
	}
	if list := sealctl(t, "requests", "--home", home); !strings.Contains(list.stdout, "按关键字“乙方（盖章）”定位") {
		t.Errorf("requests does not say the keyword:\n%s", list.stdout)
	}
}
