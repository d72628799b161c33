package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/assets"
	"sealdesk/internal/testpdf"
	"sealdesk/pdfview"
)

// sealctl find lists each occurrence's page and centre, as a table or JSON;
// no match is exit 1 with the refusal a keyword placement would meet, bad
// input exit 2. (Finding itself is tested in pdfview on Chinese PDFs from an
// independent writer.)
func TestFind(t *testing.T) {
	// The tests' PDFium cache, never the user's.
	t.Setenv(pdfview.CacheDirEnv, filepath.Join(os.TempDir(), "sealdesk-test-pdfium-cache"))
	dir := t.TempDir()
	doc := filepath.Join(dir, "three.pdf")
	if err := os.WriteFile(doc, testpdf.Simple(3), 0o600); err != nil {
		t.Fatal(err)
	}
	r := sealctl(t, "find", "--doc", doc, "--keyword", "page 2 of 3")
	if r.code != exitOK || !strings.Contains(r.stdout, "页") || !strings.Contains(r.stdout, "page 2 of 3") {
		t.Fatalf("find: %+v", r)
	}
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 2 || !strings.HasPrefix(strings.Join(strings.Fields(lines[1]), " "), "1 2 ") {
		t.Errorf("table:\n%s", r.stdout)
	}
	r = sealctl(t, "find", "--json", "--doc", doc, "--keyword", "left for a seal")
	var ms []pdfview.TextMatch
	if err := json.Unmarshal([]byte(r.stdout), &ms); r.code != exitOK || err != nil || len(ms) != 3 {
		t.Fatalf("find --json: %+v (%v)", r, err)
	}
	for i, m := range ms {
		if m.Page != i+1 || !(m.CenterXMM > 0 && m.CenterYMM > 0) {
			t.Errorf("match %d: %+v", i, m)
		}
	}
	r = sealctlLang(t, assets.LangEN, "find", "--json", "--doc", doc, "--keyword", "骑缝章")
	if r.code != exitRefused || strings.TrimSpace(r.stdout) != "[]" || !strings.Contains(r.stderr, "the keyword “骑缝章” is not in the document") {
		t.Errorf("no match: %+v", r)
	}
	if r := sealctl(t, "find", "--doc", doc, "--keyword", "骑缝章"); r.code != exitRefused || r.stdout != "" || !strings.Contains(r.stderr, "文档中找不到关键字“骑缝章”") {
		t.Errorf("no match: %+v", r)
	}
	notPDF := filepath.Join(dir, "notes.pdf")
	os.WriteFile(notPDF, []byte("not a PDF"), 0o600)
	for name, args := range map[string][]string{
		"no keyword": {"find", "--doc", doc},
		"no doc":     {"find", "--keyword", "盖章处"},
		"not a PDF":  {"find", "--doc", notPDF, "--keyword", "盖章处"},
		"missing":    {"find", "--doc", filepath.Join(dir, "none.pdf"), "--keyword", "盖章处"},
		"blank":      {"find", "--doc", doc, "--keyword", " "},
	} {
		if r := sealctl(t, args...); r.code != exitBadInput || r.stderr == "" {
			t.Errorf("%s: %+v", name, r)
		}
	}
}
