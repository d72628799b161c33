package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/assets"
	"sealdesk/internal/testpdf"
	"sealdesk/pdfview"
)

// keywordWorkspace is a demo workspace whose renderer starts from the tests'
// warm PDFium cache rather than compiling PDFium into its own.
func keywordWorkspace(t *testing.T) *Workspace {
	t.Helper()
	w := demo(t)
	w.renderOnce.Do(func() {
		w.render, w.renderErr = pdfview.NewRenderer(pdfview.RendererOptions{CacheDir: filepath.Join(os.TempDir(), "sealdesk-test-pdfium-cache")})
	})
	return w
}

// Keyword placement's refusals reach a person as catalog messages in both
// languages, with the keyword, the count and the pages. (Finding itself is
// tested in pdfview on PDFs with Chinese text from an independent writer;
// here testpdf's "This page is left for a seal." on each of three pages will do.)
func TestKeywordErrors(t *testing.T) {
	ctx := context.Background()
	w := keywordWorkspace(t)
	path := filepath.Join(t.TempDir(), "three.pdf")
	if err := os.WriteFile(path, testpdf.Simple(3), 0o600); err != nil {
		t.Fatal(err)
	}
	doc, err := w.OpenDocument(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	find := func(kw string, pages []int) []pdfview.TextMatch {
		t.Helper()
		ms, err := w.FindKeyword(ctx, doc, kw, pages)
		if err != nil {
			t.Fatalf("FindKeyword(%q): %v", kw, err)
		}
		return ms
	}
	if pts, err := ResolveKeyword(pdfview.KeywordRule{Keyword: "page 2 of 3", DYMM: 10}, find("page 2 of 3", nil)); err != nil || len(pts) != 1 || pts[0].Page != 2 {
		t.Errorf("page 2 of 3: %v, %v", pts, err)
	}
	seal := find("left for a seal", nil)
	for _, c := range []struct {
		name    string
		rule    pdfview.KeywordRule
		matches []pdfview.TextMatch
		code    string
		zh, en  string
	}{
		{"none", pdfview.KeywordRule{Keyword: "骑缝章"}, find("骑缝章", nil), CodeKeywordNone,
			"文档中找不到关键字“骑缝章”", "the keyword “骑缝章” is not in the document"},
		{"several, no index", pdfview.KeywordRule{Keyword: "left for a seal"}, seal, CodeKeywordAmbiguous,
			"关键字“left for a seal”在文档中出现 3 次（第 1, 2, 3 页）", "occurs 3 times in the document (pages 1, 2, 3)"},
		{"index past the last", pdfview.KeywordRule{Keyword: "left for a seal", Index: 4}, find("left for a seal", []int{1, 3}), CodeKeywordIndex,
			"只出现 2 次（第 1, 3 页），没有第 4 处", "has only 2 occurrence(s) in the document (pages 1, 3), so there is no occurrence 4"},
		{"bad index", pdfview.KeywordRule{Keyword: "left for a seal", Index: -3}, seal, CodeBadArgument, "参数错误", "bad argument"},
	} {
		t.Run(c.name, func(t *testing.T) {
			pts, err := ResolveKeyword(c.rule, c.matches)
			if Code(err) != c.code {
				t.Fatalf("ResolveKeyword = %v, %v; want code %s", pts, err, c.code)
			}
			if zh, en := Message(err, assets.LangZH), Message(err, assets.LangEN); !strings.Contains(zh, c.zh) || !strings.Contains(en, c.en) {
				t.Errorf("messages:\n zh %s\n en %s", zh, en)
			}
			if testing.Verbose() {
				t.Log(Message(err, assets.LangZH), " / ", Message(err, assets.LangEN))
			}
		})
	}
	for _, c := range []struct {
		name, keyword string
		pages         []int
		code          string
	}{
		{"blank keyword", " \u3000", nil, CodeKeywordEmpty},
		{"page past the last", "seal", []int{4}, "page_range"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := w.FindKeyword(ctx, doc, c.keyword, c.pages); Code(err) != c.code {
				t.Errorf("FindKeyword = %v, want code %s", err, c.code)
			}
		})
	}
	bad := &Document{Path: "notes.pdf", data: []byte("not a PDF at all")}
	if _, err := w.FindKeyword(ctx, bad, "seal", nil); Code(err) != CodeNotPDF || !strings.Contains(Message(err, assets.LangZH), "notes.pdf") {
		t.Errorf("not a PDF: %v", err)
	}
}

// The keyword codes that faces compare with are catalog keys in both languages.
func TestKeywordCodesHaveMessages(t *testing.T) {
	for _, code := range []string{CodeKeywordEmpty, CodeKeywordNone, CodeKeywordAmbiguous, CodeKeywordIndex} {
		zh, en := assets.T(assets.LangZH, "err."+code), assets.T(assets.LangEN, "err."+code)
		if !assets.HasMessage("err."+code) || zh == en {
			t.Errorf("%s: zh %q, en %q", code, zh, en)
		}
	}
}
