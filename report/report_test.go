package report

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sealdesk/assets"
)

func needTool(t *testing.T, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s is not installed (packaging/install-deps.sh installs it): %v", tool, err)
	}
}

// TestReportTextAndPages writes a document with a table that runs over
// several pages; qpdf finds the file sound, poppler's pdftotext extracts the
// Chinese and Latin text from every page (so the ToUnicode maps and the
// embedded subsets work), the header repeats, the footer counts pages, and
// the subset fonts keep the file small.
func TestReportTextAndPages(t *testing.T) {
	needTool(t, "qpdf")
	needTool(t, "pdftotext")
	d, err := New(assets.LatinFont, assets.CJKFont)
	if err != nil {
		t.Fatal(err)
	}
	d.Title, d.Author = "用印审计报告", "审计员"
	d.Heading("用印审计报告 Audit report", 18)
	d.Para("示例科技有限公司 · 2026-11-01 至 2026-11-30。台账哈希链完整：120 条记录。", 10, Black)
	d.Para("警告：台账在第 7 条记录处断裂", 10, Red)
	var rows [][]string
	for i := 1; i <= 120; i++ {
		rows = append(rows, []string{fmt.Sprint(i), "2026-11-22 09:30", "custodian 王印管", "示例科技有限公司合同专用章",
			"示例合同.pdf a302a8ea26466fb0b4d72d834ccff6df0da22f8157eb2878d7e9cb8002653330", "同意（approver）"})
	}
	d.Table([]Column{{"序号", 0.6}, {"时间", 1.6}, {"用户", 1.6}, {"印章", 2}, {"文档", 3}, {"审批", 1.6}}, rows, 8)
	var buf bytes.Buffer
	if err := d.Write(&buf, time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC), func(n, total int) string { return fmt.Sprintf("第 %d 页 / 共 %d 页", n, total) }); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	os.WriteFile(path, buf.Bytes(), 0o600)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	pages := strings.Count(text, "\f")
	if pages < 4 {
		t.Fatalf("%d pages for 120 rows", pages)
	}
	compact := strings.ReplaceAll(text, " ", "") // pdftotext drops the narrow spaces of the footer
	for _, want := range []string{"用印审计报告 Audit report", "台账哈希链完整：120 条记录", "示例科技有限公司合同专", "custodian 王印管",
		fmt.Sprintf("第1页/共%d页", pages), fmt.Sprintf("第%d页/共%d页", pages, pages), "a302a8ea26466fb0"} {
		if !strings.Contains(text, want) && !strings.Contains(compact, want) {
			t.Errorf("pdftotext lacks %q", want)
		}
	}
	if n := strings.Count(text, "序号"); n != pages {
		t.Errorf("table header on %d of %d pages", n, pages)
	}
	if len(buf.Bytes()) > 400<<10 {
		t.Errorf("report is %d KB: the fonts were not subset", len(buf.Bytes())>>10)
	}
	t.Logf("%d pages, %d KB", pages, len(buf.Bytes())>>10)
}

// TestSubsetKeepsOnlyUsedGlyphs: the subset of the CJK font has the used
// glyphs' outlines and nothing else, and is a fraction of the original.
func TestSubsetKeepsOnlyUsedGlyphs(t *testing.T) {
	d, _ := New(assets.LatinFont, assets.CJKFont)
	g := d.cjk.glyph('印')
	sub, err := subsetTrueType(assets.CJKFont, map[uint16]bool{g: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) > len(assets.CJKFont)/4 {
		t.Fatalf("subset %d bytes of %d", len(sub), len(assets.CJKFont))
	}
	tables, err := tableDirectory(sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tables["cmap"]; ok {
		t.Error("cmap kept")
	}
	glyphLen := func(font []byte, gid uint16) int {
		tb, _ := tableDirectory(font)
		loca := tb["loca"]
		return int(uint32(loca[4*int(gid)+4])<<24|uint32(loca[4*int(gid)+5])<<16|uint32(loca[4*int(gid)+6])<<8|uint32(loca[4*int(gid)+7])) -
			int(uint32(loca[4*int(gid)])<<24|uint32(loca[4*int(gid)+1])<<16|uint32(loca[4*int(gid)+2])<<8|uint32(loca[4*int(gid)+3]))
	}
	if glyphLen(sub, g) == 0 || glyphLen(sub, d.cjk.glyph('章')) != 0 {
		t.Fatalf("used glyph %d bytes, unused glyph %d bytes", glyphLen(sub, g), glyphLen(sub, d.cjk.glyph('章')))
	}
}
