package ui

import (
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/copies"
)

// stampedDoc stamps the demo contract through the app API (custodian asks,
// approver approves, custodian stamps with the demo PIN) and returns the path.
func stampedDoc(t *testing.T, ws *app.Workspace) string {
	t.Helper()
	return stampedDocIn(t, ws, t.TempDir())
}

// stampedDocIn is stampedDoc writing the stamped copy into dir.
func stampedDocIn(t *testing.T, ws *app.Workspace, dir string) string {
	t.Helper()
	ctx := context.Background()
	cs, err := ws.Login(ctx, "custodian", "demo")
	if err != nil {
		t.Fatal(err)
	}
	as, err := ws.Login(ctx, "approver", "demo")
	if err != nil {
		t.Fatal(err)
	}
	id, err := ws.Request(ctx, cs, app.RequestInput{Seal: "contract", DocPath: demoDoc(ws), Page: 2, XMM: 60, YMM: 90, Reason: "销售合同"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Approve(ctx, as, id, ""); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "合同-已盖章.pdf")
	if _, err := ws.Stamp(ctx, cs, app.StampInput{RequestID: id, OutPath: out, PIN: app.DemoPIN}); err != nil {
		t.Fatal(err)
	}
	return out
}

// copyScan renders page 1 of a copy PDF at 200 dpi (a common scan
// resolution) and writes it as a PNG scan; it returns both.
func copyScan(t *testing.T, w *Workstation, copyPDF string) (image.Image, string) {
	t.Helper()
	ctx := context.Background()
	r, err := w.renderer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(copyPDF)
	d, err := r.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	img, err := d.Render(ctx, 0, 200)
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	scan := filepath.Join(t.TempDir(), "scan.png")
	f, err := os.Create(scan)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return img, scan
}

// TestPrintRequestApprovePrintRefuse drives the paper-copy workflow through the
// window: refusals of bad requests, a request for 2 copies, its approval on the
// approver's screen, printing to a folder (2 files, 0 left, status used), the
// refusal of a further print, and checking a copy's QR against its original.
func TestPrintRequestApprovePrintRefuse(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	doc := stampedDoc(t, ws)
	w := newWorkstation(t, ws, assets.LangZH)

	signIn(t, w, "printer", "demo")
	v := w.PrintScreen()
	if w.Current != ViewPrint || v == nil || len(v.Requests) != 0 || !v.Print.Disabled() {
		t.Fatalf("view %s, print screen %v", w.Current, v)
	}
	// The unstamped original and a bad number of copies are refused with the app's message.
	test.Type(v.Doc, demoDoc(ws))
	test.Tap(v.Request)
	if !strings.HasPrefix(v.RequestMsg.Text, "只能为已盖章且验证有效的文档申请打印") || len(v.Requests) != 0 {
		t.Fatalf("unstamped: %q", v.RequestMsg.Text)
	}
	v.Doc.SetText(doc)
	v.Copies.SetText("0")
	test.Tap(v.Request)
	if v.RequestMsg.Text != "份数必须在 1 到 100 之间：0" {
		t.Fatalf("0 copies: %q", v.RequestMsg.Text)
	}
	v.Copies.SetText("2")
	test.Type(v.Reason, "报送税务局")
	test.Tap(v.Request)
	if len(v.Requests) != 1 || v.Selected != 0 {
		t.Fatalf("%d requests; message %q", len(v.Requests), v.RequestMsg.Text)
	}
	id := v.Requests[0].ID
	if !strings.HasPrefix(id, "P") || !strings.Contains(v.RequestMsg.Text, id) || v.Remaining.Text != "已打印 0 / 2 份，剩余 2 份" ||
		v.labels["ui.print.status"].Text != "待审批" || !v.Print.Disabled() {
		t.Fatalf("request %s: message %q, remaining %q, status %q", id, v.RequestMsg.Text, v.Remaining.Text, v.labels["ui.print.status"].Text)
	}
	test.Tap(w.SignOut)

	// The approver sees it among the print requests, with its details, and approves it.
	signIn(t, w, "approver", "demo")
	a := w.Approve
	if len(a.Pending) != 0 || len(a.PrintPending) != 1 || a.PrintList.Length() != 1 || !a.Approve.Disabled() {
		t.Fatalf("%d stamp, %d print requests pending", len(a.Pending), len(a.PrintPending))
	}
	a.PrintList.Select(0)
	if a.PrintSelected != 0 || a.plabels["ui.approve.print.copies"].Text != "2 份" || a.plabels["ui.approve.print.reason"].Text != "报送税务局" ||
		a.plabels["ui.approve.requester"].Text != "钱打印（printer）" || a.plabels["ui.approve.doc"].Text != "合同-已盖章.pdf" || a.Detail.Visible() || !a.PrintDetail.Visible() {
		t.Fatalf("details: %q %q %q", a.plabels["ui.approve.print.copies"].Text, a.plabels["ui.approve.print.reason"].Text, a.plabels["ui.approve.requester"].Text)
	}
	test.Type(a.Comment, "同意复印两份")
	test.Tap(a.Approve)
	if p, _ := ws.PrintRequest(ctx, id); p.Status != app.RequestApproved || len(a.PrintPending) != 0 || !strings.Contains(a.Message.Text, id) {
		t.Fatalf("status %s, %d pending, message %q", p.Status, len(a.PrintPending), a.Message.Text)
	}
	test.Tap(w.SignOut)

	// The printer prints both copies into a folder.
	signIn(t, w, "printer", "demo")
	v = w.PrintScreen()
	v.List.Select(0)
	if v.labels["ui.print.status"].Text != "已批准" || v.Print.Disabled() {
		t.Fatalf("after approval: status %q, print disabled %v", v.labels["ui.print.status"].Text, v.Print.Disabled())
	}
	test.Tap(v.Print)
	if v.Message.Text != "请选择输出文件夹或填写打印机名称" {
		t.Fatalf("no destination: %q", v.Message.Text)
	}
	out := t.TempDir()
	test.Type(v.OutDir, out)
	test.Tap(v.Print)
	waitFor(t, "the copies", func() bool { return !v.busy.Load() })
	files, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if len(files) != 2 || v.Message.Text != "已输出 2 份复印件到 "+out {
		t.Fatalf("%d files; message %q", len(files), v.Message.Text)
	}
	if v.Selected != 0 || v.Remaining.Text != "已打印 2 / 2 份，剩余 0 份" || v.labels["ui.print.status"].Text != "已用完" || v.Progress.Visible() {
		t.Fatalf("after printing: remaining %q, status %q", v.Remaining.Text, v.labels["ui.print.status"].Text)
	}
	// A further print is refused, and the screen says so.
	v.OutDir.SetText(t.TempDir())
	test.Tap(v.Print)
	waitFor(t, "the refusal", func() bool { return !v.busy.Load() })
	if want := "打印申请 " + id + " 批准的 2 份已全部打印，不能再打印"; v.Message.Text != want || w.Status.Text != want {
		t.Fatalf("further print: %q", v.Message.Text)
	}
	if p, _ := ws.PrintRequest(ctx, id); p.Printed != 2 || p.Status != app.RequestUsed {
		t.Fatalf("stored request %+v", p)
	}

	// Checking a copy: its QR read from the rendered page, pasted, then as a scanned image.
	img, scan := copyScan(t, w, files[0])
	text, err := copies.DecodeQR(img)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string) string {
		t.Helper()
		test.Tap(v.VerifyCopy)
		waitFor(t, what, func() bool { return !v.checking.Load() })
		return v.CopyResult.Text
	}
	test.Tap(v.VerifyCopy)
	if v.CopyResult.Text != "请粘贴二维码内容或选择扫描图片" {
		t.Fatalf("nothing given: %q", v.CopyResult.Text)
	}
	v.QR.SetText(text)
	if got := check("the decoded copy"); !strings.HasPrefix(got, "复印件：第 1 / 2 份") || !strings.Contains(got, id) {
		t.Fatalf("QR only: %q", got)
	}
	v.Original.SetText(doc)
	if got := check("the match"); !strings.HasPrefix(got, "复印件属于该原件：第 1 / 2 份，打印申请 "+id) || v.CopyResult.Importance != widget.SuccessImportance {
		t.Fatalf("with the original: %q", got)
	}
	v.Original.SetText(demoDoc(ws))
	if got := check("the mismatch"); !strings.HasPrefix(got, "该复印件不属于此原件") {
		t.Fatalf("unstamped original: %q", got)
	}
	v.QR.SetText("")
	v.Scan.SetText(scan)
	v.Original.SetText(doc)
	if got := check("the scan"); !strings.HasPrefix(got, "复印件属于该原件：第 1 / 2 份") {
		t.Fatalf("scanned image: %q", got)
	}
	v.QR.SetText("HELLO")
	if got := check("a foreign code"); !strings.HasPrefix(got, "不是 SealDesk 复印件二维码") {
		t.Fatalf("foreign code: %q", got)
	}

	// In English the count reads naturally.
	w.Language.SetSelected("English")
	v = w.PrintScreen()
	v.List.Select(0)
	if v.Remaining.Text != "2 of 2 copies printed, 0 left" || v.labels["ui.print.status"].Text != "Used" {
		t.Fatalf("English: %q %q", v.Remaining.Text, v.labels["ui.print.status"].Text)
	}
}
