package ui

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/internal/testpdf"
)

// inkShare is the share of pixels in img's box (fractions of its size) that
// are not near white: text and lines drawn.
func inkShare(img image.Image, fx0, fy0, fx1, fy1 float64) float64 {
	b := img.Bounds()
	box := image.Rect(int(fx0*float64(b.Dx())), int(fy0*float64(b.Dy())), int(fx1*float64(b.Dx())), int(fy1*float64(b.Dy())))
	ink, all := 0, 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			all++
			if r < 0xc000 || g < 0xc000 || bl < 0xc000 {
				ink++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(ink) / float64(all)
}

// pageRedShare is the share of seal-red pixels in the box (mm) of an
// image of a page wmm wide.
func pageRedShare(img image.Image, wmm, x0, y0, x1, y1 float64) float64 {
	return testpdf.RedShare(img, testpdf.MMBox(float64(img.Bounds().Dx())/wmm*25.4, x0, y0, x1, y1))
}

// TestStampOFDFromDesktop (issue 15 point 2): the stamping view opens an
// OFD as it opens a PDF — its pages drawn from their content, thumbnails,
// true size, the seal dragged on, a request filed; the approver sees the
// OFD page with the seal drawn where it will go; the custodian stamps it
// with the PIN and the stamped package opens with its seal drawn from its
// StampAnnot and verifies. What an OFD cannot carry (a keyword placement,
// a seam) is not offered.
func TestStampOFDFromDesktop(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	doc := filepath.Join(ws.Home, "documents", app.DemoOFD)
	orig, _ := os.ReadFile(doc)
	w := newWorkstation(t, ws, assets.LangZH)

	signIn(t, w, "custodian", app.DemoPassword)
	v := w.Stamp
	openDoc(t, v, doc)
	if v.format != app.FormatOFD || v.PageLabel.Text != "第 1 / 1 页" {
		t.Fatalf("format %q, page label %q", v.format, v.PageLabel.Text)
	}
	if wmm, hmm := v.pageSizeMM(); wmm != 210 || hmm != 297 {
		t.Fatalf("page %.1f×%.1f mm, want the OFD's A4 PhysicalBox", wmm, hmm)
	}
	if !v.SeamBtn.Disabled() || !v.Keyword.Disabled() || v.MorePages.Disabled() {
		t.Fatalf("seam enabled %v, keyword enabled %v, more pages disabled %v", !v.SeamBtn.Disabled(), !v.Keyword.Disabled(), v.MorePages.Disabled())
	}
	// The page is drawn from its content: the title and body text put ink
	// in the top half, the bottom margin stays white.
	img := v.Page.img.Image
	if img == nil || inkShare(img, 0.1, 0.05, 0.9, 0.5) < 0.01 || inkShare(img, 0, 0.95, 1, 1) > 0.001 {
		t.Fatalf("the page is not drawn from its content (ink %.4f top, %.4f bottom margin)", inkShare(img, 0.1, 0.05, 0.9, 0.5), inkShare(img, 0, 0.95, 1, 1))
	}
	waitFor(t, "the thumbnail", func() bool { return v.thumbs[0] != nil })

	dragSeal(v, palette(t, v, "finance"), float32(150*v.scale), float32(250*v.scale))
	if !strings.Contains(v.Info.Text, "OFD 外框") {
		t.Fatalf("placement %q: want the OFD boundary in mm", v.Info.Text)
	}
	test.Type(v.Reason, "印发通知")
	test.Tap(v.Action)
	reqs, _ := ws.Requests(ctx, app.RequestPending)
	if len(reqs) != 1 || reqs[0].Page != 1 || reqs[0].XMM < 149 || reqs[0].XMM > 151 || reqs[0].YMM < 249 || reqs[0].YMM > 251 {
		t.Fatalf("requests %+v; message %q", reqs, v.Message.Text)
	}
	id := reqs[0].ID
	test.Tap(w.SignOut)

	// The approver sees the OFD page, with the seal where it will be.
	signIn(t, w, "approver", app.DemoPassword)
	a := w.Approve
	a.List.Select(0)
	waitFor(t, "the page preview", func() bool { return a.pending == 0 })
	pv := a.PagePreview.Image
	if pv == nil {
		t.Fatalf("no page preview: %q", a.PageNote.Text)
	}
	r := reqs[0]
	if got := redShare(pv, r.XMM-10, r.YMM-10, r.XMM+10, r.YMM+10); got < 0.05 {
		t.Fatalf("the seal is not drawn at its spot on the approver's page (red share %.3f); note %q", got, a.PageNote.Text)
	}
	if inkShare(pv, 0.1, 0.05, 0.9, 0.5) < 0.01 {
		t.Fatal("the approver's page shows no text")
	}
	test.Tap(a.Approve)
	test.Tap(w.SignOut)

	// The custodian stamps it; the stamped OFD opens with its seal drawn.
	signIn(t, w, "custodian", app.DemoPassword)
	v = w.Stamp
	openDoc(t, v, doc)
	if v.Action.Text != "盖章" || !v.locked {
		t.Fatalf("action %q, locked %v", v.Action.Text, v.locked)
	}
	test.Tap(v.Action)
	p := v.PIN
	test.Type(p.Entry, app.DemoPIN)
	test.Tap(p.OK)
	waitFor(t, "the stamp", func() bool { return !p.busy })
	if p.Message.Text != "" {
		t.Fatalf("stamping failed: %s", p.Message.Text)
	}
	out := strings.TrimSuffix(doc, ".ofd") + "-已盖章.ofd"
	waitFor(t, "the stamped copy to open", func() bool { return v.loading == 0 && v.docPath == out && v.Page.img.Image != nil })
	if got := strings.Join(v.Verify.Verdicts, " "); got != VerdictValid {
		t.Fatalf("verification panel: %q %q", got, v.Verify.Summary.Text)
	}
	waitFor(t, "the stamped page", func() bool { return v.cache.any(0) != nil })
	if got := pageRedShare(v.cache.any(0), 210, r.XMM-10, r.YMM-10, r.XMM+10, r.YMM+10); got < 0.05 {
		t.Fatalf("the stamped OFD's seal is not drawn from its StampAnnot (red share %.3f)", got)
	}
	if now, _ := os.ReadFile(doc); !bytes.Equal(now, orig) {
		t.Fatal("the original OFD was changed")
	}
	if r, _ := ws.StampRequest(ctx, id); r.Status != app.RequestUsed {
		t.Fatalf("request %s is %s after the stamp", id, r.Status)
	}
}

// TestStampViewRefusesHostileOFD: a zip bomb named .ofd and a truncated OFD
// are refused with a message naming the problem; nothing is opened, the
// view keeps working (issue 15 point 1's hostile packages, on the desktop).
func TestStampViewRefusesHostileOFD(t *testing.T) {
	ws := demoWorkspace(t)
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", app.DemoPassword)
	v := w.Stamp
	dir := t.TempDir()

	var bomb bytes.Buffer
	z := zip.NewWriter(&bomb)
	for name, size := range map[string]int{"OFD.xml": 10, "Doc_0/Res/zeros.bin": 64 << 20} {
		f, _ := z.Create(name)
		f.Write(make([]byte, size))
	}
	z.Close()
	good, _ := os.ReadFile(filepath.Join(ws.Home, "documents", app.DemoOFD))
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"炸弹.ofd", bomb.Bytes(), "疑似压缩炸弹"},
		{"截断.ofd", good[:len(good)/2], "无法读取 OFD 文档"},
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.name)
		os.WriteFile(path, c.data, 0o600)
		v.OpenFile(path)
		waitFor(t, "the refusal", func() bool { return v.loading == 0 })
		if !strings.Contains(v.Message.Text, c.want) || !strings.Contains(v.Message.Text, c.name) || v.doc != nil {
			t.Errorf("%s: message %q, document open %v", c.name, v.Message.Text, v.doc != nil)
		}
	}
	openDoc(t, v, filepath.Join(ws.Home, "documents", app.DemoOFD))
}
