package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/internal/testpdf"
)

// repaintPage1 appends an incremental update (ISO 32000-1 §7.5.6) that replaces
// the content stream of page 1 of a testpdf document (object 6) with a black
// rectangle over the top half of the page: the change a verifier must catch, and
// one that renders visibly differently.
func repaintPage1(t *testing.T, b []byte) []byte {
	t.Helper()
	sx := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(b)
	sizes := regexp.MustCompile(`/Size (\d+)`).FindAllSubmatch(b, -1)
	if sx == nil || sizes == nil {
		t.Fatal("no startxref or /Size in the stamped file")
	}
	content := "0 0 0 rg 0 421 595 421 re f\n"
	var u bytes.Buffer
	u.Write(b)
	off := u.Len()
	fmt.Fprintf(&u, "6 0 obj\n<< /Length %d >>\nstream\n%sendstream\nendobj\n", len(content), content)
	xref := u.Len()
	fmt.Fprintf(&u, "xref\n6 1\n%010d 00000 n\r\ntrailer\n<< /Size %s /Root 1 0 R /Prev %s >>\nstartxref\n%d\n%%%%EOF\n",
		off, sizes[len(sizes)-1][1], sx[1], xref)
	return u.Bytes()
}

// stampedThenRepainted stamps a one-page document with each of the demo seals of
// the kinds given, one after the other as the workflow does (custodian requests,
// approver approves, custodian stamps), then paints page 1 over after the last
// stamp. It returns the tampered file and the field of the first stamp.
func stampedThenRepainted(t *testing.T, ws *app.Workspace, kinds ...string) (path, field string) {
	t.Helper()
	ctx := context.Background()
	cs, err := ws.Login(ctx, "custodian", app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	as, err := ws.Login(ctx, "approver", app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(t.TempDir(), "合同.pdf")
	if err := os.WriteFile(doc, testpdf.Simple(1), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, kind := range kinds {
		id, err := ws.Request(ctx, cs, app.RequestInput{Seal: kind, DocPath: doc, Page: 1, XMM: 150 - 60*float64(i), YMM: 240, Reason: "销售合同"})
		if err != nil {
			t.Fatal(err)
		}
		if err := ws.Approve(ctx, as, id, ""); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), fmt.Sprintf("合同-已盖章-%d.pdf", i+1))
		res, err := ws.Stamp(ctx, cs, app.StampInput{RequestID: id, OutPath: out, PIN: app.DemoPIN})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			field = res.Field
		}
		doc = out
	}
	stamped, _ := os.ReadFile(doc)
	path = filepath.Join(t.TempDir(), "合同-被改.pdf")
	if err := os.WriteFile(path, repaintPage1(t, stamped), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, field
}

// darkShare is the share of dark pixels in the top quarter of img.
func darkShare(img image.Image) float64 {
	b := img.Bounds()
	dark, all := 0, 0
	for y := b.Min.Y; y < b.Min.Y+b.Dy()/4; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r+g+bl < 3*0x4000 {
				dark++
			}
			all++
		}
	}
	return float64(dark) / float64(all)
}

// TestVerifyViewSignedVersion: a document stamped by SealDesk whose page 1 was
// painted over afterwards. The panel names the seal (not the field), says the page
// changed, and its button "查看签名时版本" shows the page as it was signed: the
// current version is black at the top, the signed one is not; "查看当前版本" goes back.
func TestVerifyViewSignedVersion(t *testing.T) {
	ws := demoWorkspace(t)
	tampered, field := stampedThenRepainted(t, ws, "contract")

	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "auditor", app.DemoPassword)
	test.Tap(w.Nav[ViewVerify])
	v := w.Verify
	v.VerifyFile(tampered)
	waitFor(t, "the verification and the current page", func() bool {
		return v.pending == 0 && v.previews == 0 && v.Preview.Image != nil
	})
	p := v.Panel
	if len(p.Cards) != 1 {
		t.Fatalf("cards %d, want 1: %v", len(p.Cards), texts(p.content))
	}
	c := p.Cards[0]
	if !strings.Contains(c.Title.Text, "合同专用章") || strings.Contains(c.Title.Text, field) {
		t.Errorf("card title %q: want the seal's name, not the field %q", c.Title.Text, field)
	}
	if c.Picture == nil || c.Picture.Image == nil {
		t.Error("the card shows no seal picture")
	}
	all := strings.Join(texts(p.content), "\n")
	for _, want := range []string{"签章后页面内容被修改", "签章人：", "信任：可信", "签章时间："} {
		if !strings.Contains(all, want) {
			t.Errorf("panel lacks %q:\n%s", want, all)
		}
	}
	if v.Showing != 0 || !strings.Contains(v.PreviewTitle.Text, "当前版本") {
		t.Fatalf("showing %d %q, want the current version", v.Showing, v.PreviewTitle.Text)
	}
	now := darkShare(v.Preview.Image)

	if c.ViewSigned == nil || c.ViewSigned.Text != "查看签名时版本" {
		t.Fatalf("no 查看签名时版本 button: %+v", c.ViewSigned)
	}
	test.Tap(c.ViewSigned)
	waitFor(t, "the signed version", func() bool { return v.previews == 0 && v.Showing == 1 })
	signed := darkShare(v.Preview.Image)
	if !strings.Contains(v.PreviewTitle.Text, "签章 1 签署时的版本") || v.Current.Hidden {
		t.Errorf("preview title %q, back button hidden %v", v.PreviewTitle.Text, v.Current.Hidden)
	}
	t.Logf("dark share of the top quarter: current %.3f, signed %.3f", now, signed)
	if now < 0.9 || signed > 0.1 {
		t.Errorf("current version %.3f dark, signed version %.3f dark: want the paint-over only in the current one", now, signed)
	}

	test.Tap(v.Current)
	waitFor(t, "the current version again", func() bool { return v.previews == 0 && v.Showing == 0 })
	if d := darkShare(v.Preview.Image); d < 0.9 {
		t.Errorf("back to current: %.3f dark", d)
	}
}
