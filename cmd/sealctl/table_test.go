package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/internal/testpdf"
)

func TestDisplayWidth(t *testing.T) {
	for _, tc := range []struct {
		s string
		w int
	}{
		{"", 0}, {"abc", 3}, {"合同专用章", 10}, {"第 2 页", 7}, {"（无）", 6}, {"ＡＢ", 4},
		{"e\u0301", 1}, // e + combining acute
		{"40×40 mm", 8}, {"かな", 4}, {"한글", 4},
	} {
		if got := displayWidth(tc.s); got != tc.w {
			t.Errorf("displayWidth(%q) = %d, want %d", tc.s, got, tc.w)
		}
	}
}

// screen lays a line out on terminal columns: a wide character fills two,
// the second holding 0.
func screen(line string) []rune {
	var out []rune
	for _, r := range line {
		out = append(out, r)
		if displayWidth(string(r)) == 2 {
			out = append(out, 0)
		}
	}
	return out
}

// cellStarts lists the display columns where a cell starts: the first
// column, and any non-space after two spaces (cells hold single spaces only).
func cellStarts(line string) []int {
	s := screen(line)
	starts := []int{0}
	for p := 2; p < len(s); p++ {
		if s[p] != ' ' && s[p-1] == ' ' && s[p-2] == ' ' {
			starts = append(starts, p)
		}
	}
	return starts
}

// checkAligned fails unless every cell of every row starts at a column where
// a cell of the header (the first line) starts.
func checkAligned(t *testing.T, what, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) < 2 {
		t.Fatalf("%s: no rows:\n%s", what, out)
	}
	head := cellStarts(lines[0])
	for _, l := range lines[1:] {
		for _, p := range cellStarts(l) {
			if !slices.Contains(head, p) {
				t.Errorf("%s: a cell starts at column %d, not under a heading (%v):\n%s\n%s", what, p, head, lines[0], l)
				break
			}
		}
	}
}

// TestTableAlignsByDisplayWidth: a Chinese cell is twice as wide as its runes
// on a terminal; every row's columns start at the same display column.
func TestTableAlignsByDisplayWidth(t *testing.T) {
	var b bytes.Buffer
	tw := newTable(&b)
	fmt.Fprintln(tw, "ID\t名称\t类别\t状态")
	fmt.Fprintln(tw, "contract\t示例科技有限公司合同专用章\t合同专用章\t启用")
	fmt.Fprintln(tw, "ecdsa\tExample Ltd seal\tofficial seal\tactive")
	fmt.Fprintln(tw, "x\t（空）\t\t暂停")
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "ID        名称                        类别           状态\n" +
		"contract  示例科技有限公司合同专用章  合同专用章     启用\n" +
		"ecdsa     Example Ltd seal            official seal  active\n" +
		"x         （空）                                     暂停\n"
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
	checkAligned(t, "table", b.String())
}

// TestCLITablesInChinese: the tables of seals, requests, the ledger, grants,
// trust anchors and users line up in a terminal with Chinese cells; the
// ledger names kinds and outcomes in Chinese; filters that match nothing say so.
func TestCLITablesInChinese(t *testing.T) {
	home, _, _ := auditHome(t)
	doc := filepath.Join(home, "documents", "示例合同.pdf")
	if r := sealctl(t, "request", "--home", home, "--as", "custodian", "--seal", "contract", "--doc", doc, "--page", "2", "--x", "60", "--y", "90", "--reason", "采购合同第二份"); r.code != 0 {
		t.Fatalf("request: %+v", r)
	}
	for _, args := range [][]string{
		{"seals", "--home", home},
		{"requests", "--home", home},
		{"ledger", "--home", home},
		{"grant", "list", "--home", home},
		{"trust", "list", "--home", home},
		{"user", "list", "--home", home, "--as", "admin"},
	} {
		r := sealctl(t, args...)
		if r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
		checkAligned(t, strings.Join(args[:2], " "), r.stdout)
	}

	r := sealctl(t, "ledger", "--home", home)
	for _, w := range []string{"创建用户", "用印申请", "盖章", "成功", "序号"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("the ledger lacks %q:\n%s", w, r.stdout)
		}
	}
	// The 操作 and 结果 columns hold no stored words (user.create, grant, ok).
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	head := cellStarts(lines[0])
	for _, l := range lines[1:] {
		s := screen(l)
		words := string(s[head[3]:head[5]])
		if strings.ContainsFunc(words, func(r rune) bool { return r < 0x80 && r != ' ' && r != 0 }) {
			t.Errorf("untranslated kind or outcome %q in\n%s", words, l)
		}
	}
	r = sealctl(t, "requests", "--home", home)
	if !strings.Contains(r.stdout, "已盖章") || !strings.Contains(r.stdout, "待审批") || !strings.Contains(r.stdout, "第 2 页 (60.0, 90.0) 毫米") {
		t.Errorf("requests:\n%s", r.stdout)
	}

	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		r := sealctlLang(t, lang, "ledger", "--home", home, "--user", "nobody")
		want := map[string]string{assets.LangZH: "没有符合条件的记录\n", assets.LangEN: "no entries match\n"}[lang]
		if r.code != 0 || r.stdout != "" || r.stderr != want {
			t.Errorf("%s ledger matching nothing: %+v", lang, r)
		}
	}
	if r := sealctl(t, "ledger", "--home", home, "--from", "2001-01-01", "--to", "2001-12-31", "--format", "json"); r.code != 0 || r.stderr != "没有符合条件的记录\n" {
		t.Errorf("ledger json matching nothing: %+v", r)
	}
}

// TestVerifyTextInUserLanguage: the page is "第 N 页", a signature without
// seal data says so in words, and pdfsign's English summary of later
// changes is not pasted into the Chinese report.
func TestVerifyTextInUserLanguage(t *testing.T) {
	own := newTestCA(t, "own")
	path := writeFile(t, "doc.pdf", own.sign(t, testpdf.Simple(2), nil))
	r := sealctl(t, "verify", "--trust", own.pemFile, path)
	if !strings.Contains(r.stdout, "(第 1 页)") || !strings.Contains(r.stdout, "印章: 无（签章中没有印章数据）") || strings.Contains(r.stdout, "absent") {
		t.Errorf("verify:\n%s", r.stdout)
	}
	rep := &app.VerifyReport{File: "x.pdf", Kind: app.KindPDF, Signatures: []app.SignatureReport{{
		Field: "Sig1", Page: 2, Integrity: app.Valid, ModifiedAfter: true, Modification: "revision 2: page 2 was changed",
		SealName: "合同专用章", SealCode: "123", SealCheck: app.Valid, Trust: app.Trusted,
	}}}
	for _, lang := range []string{assets.LangZH, assets.LangEN} {
		var out bytes.Buffer
		c := &cli{stdout: &out, stderr: &out, lang: lang}
		c.printReport(rep)
		page := map[string]string{assets.LangZH: "(第 2 页)", assets.LangEN: "(page 2)"}[lang]
		if !strings.Contains(out.String(), page) || strings.Contains(out.String(), "was changed") {
			t.Errorf("%s report:\n%s", lang, out.String())
		}
	}
}
