package ofd

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var demoLetter = Letter{
	Header: "某某市人民政府办公室文件",
	Number: "某政办发〔2026〕7号",
	Title:  "关于启用电子印章的通知",
	Body: []string{
		"各区人民政府，市政府各部门：",
		"为推进政务服务“一网通办”，提高办事效率，经市政府同意，自2026年4月1日起，市政府办公室启用电子印章。电子印章与实物印章具有同等法律效力，用于本单位制发的电子公文、电子证照和业务文书。",
		"各单位应当建立电子印章使用审批制度，严格执行用印申请、审批、使用和归档流程，确保每一次用印有据可查。",
		"特此通知。",
	},
	Closing: []string{"某某市人民政府办公室", "2026年3月20日"},
}

// A written letter reads back, renders with its red mark, verifies with no
// signature, and takes a stamp that verifies.
func TestWriteLetter(t *testing.T) {
	var b bytes.Buffer
	if err := WriteLetter(&b, demoLetter); err != nil {
		t.Fatal(err)
	}
	p, err := Read(bytes.NewReader(b.Bytes()), int64(b.Len()), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	pages, err := p.Pages(0)
	if err != nil || len(pages) != 1 || pages[0].WidthMM != 210 || pages[0].HeightMM != 297 {
		t.Fatalf("pages %v %v", pages, err)
	}
	rd, err := p.RenderPage(RenderOptions{Page: 1, DPI: 72})
	if err != nil || len(rd.Notes) != 0 {
		t.Fatalf("render: %v %q", err, rd.Notes)
	}
	if *renderOut != "" {
		var buf bytes.Buffer
		png.Encode(&buf, rd.Image)
		os.WriteFile(filepath.Join(*renderOut, "letter.png"), buf.Bytes(), 0o644)
	}
	if n := redIn(rd.Image, 72, [4]float64{28, 40, 156, 40}); n < 200 {
		t.Errorf("only %d red pixels in the issuing-organ mark", n)
	}
	if rep := verifyBytes(t, b.Bytes(), VerifyOptions{}); len(rep.Signatures) != 0 || len(rep.Unsigned) != 0 {
		t.Errorf("%+v", rep)
	}
	out, _ := newStamper(t, "办公室").stamp(t, b.Bytes(), 1, 150, 230)
	checkAllValid(t, out, 1)
	if err := WriteLetter(&b, Letter{Title: "x"}); err == nil {
		t.Error("a letter without a body was written")
	}
}

// A long body flows onto further pages.
func TestWriteLetterPages(t *testing.T) {
	l := demoLetter
	l.Body = []string{strings.Repeat("电子印章与实物印章具有同等法律效力。", 60)}
	var b bytes.Buffer
	if err := WriteLetter(&b, l); err != nil {
		t.Fatal(err)
	}
	p, err := Read(bytes.NewReader(b.Bytes()), int64(b.Len()), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	pages, err := p.Pages(0)
	if err != nil || len(pages) < 2 {
		t.Fatalf("%d pages: %v", len(pages), err)
	}
	for i := range pages {
		if _, err := p.RenderPage(RenderOptions{Page: i + 1, DPI: 30}); err != nil {
			t.Fatal(err)
		}
	}
}
