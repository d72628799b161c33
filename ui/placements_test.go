package ui

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
	"sealdesk/internal/testpdf"
)

// TestSeveralPagesAndSeam (issue 16 points 1 and 3, GUI): the custodian puts
// the dragged seal at the same spot on more pages and files one request for
// all; the 骑缝章 action previews the slices at the pages' edge and files a
// cross-page request; a seam over one page is refused in the dialog; the
// approver sees every page that gets a mark, with the seal drawn on each.
func TestSeveralPagesAndSeam(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", app.DemoPassword)
	v := w.Stamp
	openDoc(t, v, demoDoc(ws))
	dragSeal(v, palette(t, v, "contract"), float32(100*v.scale), float32(100*v.scale))
	test.Type(v.MorePages, "3")
	test.Tap(v.Action)
	if !strings.Contains(v.Message.Text, "页码范围“3”无效") {
		t.Fatalf("a page past the end: %q", v.Message.Text)
	}
	v.MorePages.SetText("")
	test.Type(v.MorePages, "1-2")
	test.Tap(v.Action)
	if !strings.Contains(v.Message.Text, "已提交用印申请") {
		t.Fatalf("request: %q", v.Message.Text)
	}
	reqs, err := ws.Requests(ctx, app.RequestPending)
	if err != nil || len(reqs) != 1 {
		t.Fatalf("requests %v %v", reqs, err)
	}
	multi := reqs[0]
	if got := multi.Placements.String(); got != "1:100.000:100.000 2:100.000:100.000" {
		t.Fatalf("placements %q", got)
	}

	test.Tap(v.SeamBtn)
	d := v.SeamDialog
	waitFor(t, "the seam preview", func() bool { return d.pending == 0 && d.Preview.Image != nil })
	if d.OK.Disabled() || !strings.Contains(d.Note.Text, "共 2 页") {
		t.Fatalf("seam dialog: OK disabled %v, note %q", d.OK.Disabled(), d.Note.Text)
	}
	// Two pages side by side, each with its slice at its right edge and
	// nothing of the seal in its left half.
	img := d.Preview.Image
	pw := (img.Bounds().Dx() - 12*3) / 2
	k := seamPreviewDPI / 25.4
	for i := 0; i < 2; i++ {
		x0 := 12 + i*(pw+12)
		edge, left := 0, 0
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := x0; x < x0+pw; x++ {
				if testpdf.SealRed(img.At(x, y)) {
					if x >= x0+pw-int(math.Ceil(20*k))-1 {
						edge++
					} else {
						left++
					}
				}
			}
		}
		if edge < 10 || left > 0 {
			t.Errorf("preview page %d: %d seal-red pixels at the right edge, %d elsewhere", i+1, edge, left)
		}
	}
	d.Pages.SetText("2")
	waitFor(t, "the refusal", func() bool { return d.pending == 0 && strings.Contains(d.Note.Text, "骑缝章至少需要两页") })
	if !d.OK.Disabled() {
		t.Error("OK stays enabled for a seam over one page")
	}
	d.Pages.SetText("1-2")
	waitFor(t, "the preview again", func() bool { return d.pending == 0 && !d.OK.Disabled() })
	test.Tap(d.OK)
	if !strings.Contains(v.Message.Text, "已提交用印申请") {
		t.Fatalf("seam request: %q / %q", v.Message.Text, d.Note.Text)
	}
	reqs, _ = ws.Requests(ctx, app.RequestPending)
	var seam *app.StampRequest
	for i := range reqs {
		if strings.HasPrefix(reqs[i].Rule, "seam right") {
			seam = &reqs[i]
		}
	}
	if seam == nil || len(seam.Placements) != 2 || seam.Placements[1].Seam == nil {
		t.Fatalf("no seam request filed: %+v", reqs)
	}

	signIn(t, w, "approver", app.DemoPassword)
	a := w.Approve
	for i, r := range a.Pending {
		if r.ID == multi.ID {
			a.List.Select(i)
		}
	}
	waitFor(t, "the pages preview", func() bool { return a.pending == 0 && a.PagePreview.Image != nil })
	if got := a.labels["ui.approve.position"].Text; got != "第 1 页 (100.0, 100.0) 毫米；第 2 页 (100.0, 100.0) 毫米" {
		t.Errorf("position %q", got)
	}
	page := a.PagePreview.Image
	one := (page.Bounds().Dx() - 12*3) / 2
	if float64(page.Bounds().Dx()) < 2*200*approveDPI/25.4 {
		t.Fatalf("the preview is %d px wide: not both pages", page.Bounds().Dx())
	}
	// The seal at (100, 100) mm on both pages, drawn on each.
	for i := 0; i < 2; i++ {
		x := float64(12+i*(one+12)) / (approveDPI / 25.4)
		y := 12 / (approveDPI / 25.4)
		if share := redShare(page, x+90, y+90, x+110, y+110); share < 0.05 {
			t.Errorf("page %d of the preview: seal red %.3f at the spot", i+1, share)
		}
	}
	if !strings.Contains(a.PageNote.Text, "文档共 2 页") {
		t.Errorf("page note %q", a.PageNote.Text)
	}
}

// TestKeywordFromStampView (issue 16 point 2, GUI): with a seal dragged onto
// a document MuPDF wrote, a keyword and "each" file one request with a mark
// on every match; two matches without "each" are refused with the count.
func TestKeywordFromStampView(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	doc, err := testpdf.MutoolCJK(t.TempDir(), "合同.pdf", []testpdf.CJKText{{Text: "甲方（盖章）", X: 80, Y: 200}, {Text: "乙方（盖章）", X: 330, Y: 200}})
	if errors.Is(err, testpdf.ErrNoMutool) {
		t.Skip(err)
	} else if err != nil {
		t.Fatal(err)
	}
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", app.DemoPassword)
	v := w.Stamp
	openDoc(t, v, doc)
	dragSeal(v, palette(t, v, "contract"), float32(100*v.scale), float32(100*v.scale))
	test.Type(v.Keyword, "（盖章）")
	test.Tap(v.Action)
	if !strings.Contains(v.Message.Text, "出现 2 次") {
		t.Fatalf("two matches without each: %q", v.Message.Text)
	}
	test.Tap(v.KeywordAll)
	test.Tap(v.Action)
	if !strings.Contains(v.Message.Text, "已提交用印申请") {
		t.Fatalf("request: %q", v.Message.Text)
	}
	reqs, _ := ws.Requests(ctx, app.RequestPending)
	if len(reqs) != 1 || len(reqs[0].Placements) != 2 || reqs[0].Rule != "keyword （盖章）" {
		t.Fatalf("requests %+v", reqs)
	}
}

// TestBatchFromDesktop (issue 16 point 4, GUI): the custodian sets the seal
// on one receipt and asks for the same on every PDF of its folder; the
// approver approves the batch at once; the custodian stamps it from 我的申请
// with one PIN, the progress bar full at the end, a receipt changed since
// approval refused alone and named.
func TestBatchFromDesktop(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	dir := t.TempDir()
	for i := 1; i <= 3; i++ {
		b := testpdf.New(testpdf.Options{Title: fmt.Sprint("receipt ", i), Pages: []testpdf.Page{{Lines: []string{fmt.Sprint("Receipt ", i)}}}})
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("报销单-%d.pdf", i)), b, 0o600)
	}
	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", app.DemoPassword)
	v := w.Stamp
	openDoc(t, v, filepath.Join(dir, "报销单-1.pdf"))
	dragSeal(v, palette(t, v, "finance"), float32(150*v.scale), float32(200*v.scale))
	test.Tap(v.BatchBtn)
	d := v.BatchDialog
	if !strings.Contains(d.Found.Text, "找到 3 份文档") || d.OK.Disabled() {
		t.Fatalf("batch dialog: %q", d.Found.Text)
	}
	test.Tap(d.OK)
	if !strings.Contains(v.Message.Text, "3 份文档") {
		t.Fatalf("batch request: %q / %q", v.Message.Text, d.Message.Text)
	}
	pending, _ := ws.Requests(ctx, app.RequestPending)
	if len(pending) != 3 || pending[0].Batch == "" {
		t.Fatalf("pending %+v", pending)
	}
	batch := pending[0].Batch

	signIn(t, w, "approver", app.DemoPassword)
	a := w.Approve
	a.List.Select(0)
	if a.ApproveAll.Hidden || a.ApproveAll.Text != "批准整批（3 份）" {
		t.Fatalf("approve-all button %q hidden %v", a.ApproveAll.Text, a.ApproveAll.Hidden)
	}
	test.Tap(a.ApproveAll)
	if !strings.Contains(a.Message.Text, "3 份文档") || len(a.Pending) != 0 {
		t.Fatalf("approve batch: %q, %d still pending", a.Message.Text, len(a.Pending))
	}

	os.WriteFile(filepath.Join(dir, "报销单-2.pdf"), append(mustReadFile(t, filepath.Join(dir, "报销单-2.pdf")), "\n% edited\n"...), 0o600)
	signIn(t, w, "custodian", app.DemoPassword)
	w.ShowView(ViewMine)
	w.Mine.Reload()
	w.Mine.openBatchStamp(batch)
	sd := w.Mine.BatchDialog
	out := filepath.Join(t.TempDir(), "out")
	sd.Out.SetText(out)
	test.Type(sd.PIN, app.DemoPIN)
	test.Tap(sd.OK)
	waitFor(t, "the batch to finish", func() bool { return sd.Result != nil })
	if sd.Result.Stamped != 2 || sd.Result.Refused != 1 || sd.Progress.Value != 1 {
		t.Fatalf("result %+v, progress %v", sd.Result, sd.Progress.Value)
	}
	if !strings.Contains(sd.Message.Text, "已盖章 2 份，拒绝 1 份") || !strings.Contains(sd.Message.Text, "报销单-2.pdf") {
		t.Errorf("summary %q", sd.Message.Text)
	}
	if files, _ := os.ReadDir(out); len(files) != 2 {
		t.Errorf("%d files in the output folder", len(files))
	}
}

func mustReadFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFromHome: a folder shown as "~/…" (as the batch dialogs show it) is
// read back as the same folder below the home folder.
func TestFromHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for in, want := range map[string]string{
		"~/已盖章":                   filepath.Join(home, "已盖章"),
		"~":                       home,
		" ~/a/b ":                 filepath.Join(home, "a", "b"),
		"/srv/out":                "/srv/out",
		"~other/x":                "~other/x",
		homeRelative(home + "/x"): filepath.Join(home, "x"),
	} {
		if got := fromHome(in); got != want {
			t.Errorf("fromHome(%q) = %q, want %q", in, got, want)
		}
	}
}
