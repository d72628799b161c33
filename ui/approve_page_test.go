package ui

import (
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

// redShare is the share of seal-red pixels in r (in mm at approveDPI) of img.
func redShare(img image.Image, x0, y0, x1, y1 float64) float64 {
	return testpdf.RedShare(img, testpdf.MMBox(approveDPI, x0, y0, x1, y1))
}

// TestApproverSeesPageAndProgress: the approver sees the requested page with
// the seal drawn where and as large as it will be stamped, the requester by
// name, and the rule's progress; approving under a two-approval rule says how
// many approvals are still needed; a file changed since the request is said to
// be no longer the requested document instead of being shown (issue 17,
// point 1).
func TestApproverSeesPageAndProgress(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	admin, err := ws.Login(ctx, "admin", app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.SetApprovalRule(ctx, admin, "contract", 2, nil); err != nil {
		t.Fatal(err)
	}
	cs, err := ws.Login(ctx, "custodian", app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	id, err := ws.Request(ctx, cs, app.RequestInput{Seal: "contract", DocPath: demoDoc(ws), Page: 2, XMM: 150, YMM: 62, Reason: "销售合同"})
	if err != nil {
		t.Fatal(err)
	}
	changed := filepath.Join(t.TempDir(), "改过的合同.pdf")
	b, _ := os.ReadFile(demoDoc(ws))
	os.WriteFile(changed, b, 0o600)
	other, err := ws.Request(ctx, cs, app.RequestInput{Seal: "finance", DocPath: changed, Page: 1, XMM: 100, YMM: 100, Reason: "付款"})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(changed, append(b, "\n% changed after the request\n"...), 0o600)

	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "approver", app.DemoPassword)
	v := w.Approve
	pick := func(id string) {
		t.Helper()
		for i, r := range v.Pending {
			if r.ID == id {
				v.List.Select(i)
				waitFor(t, "the page preview", func() bool { return v.pending == 0 })
				return
			}
		}
		t.Fatalf("request %s is not listed", id)
	}

	pick(id)
	if got := v.labels["ui.approve.requester"].Text; got != "王印管（custodian）" {
		t.Errorf("requester %q", got)
	}
	if got := v.labels["ui.approve.progress"].Text; got != "已批准 0 / 需 2 人" {
		t.Errorf("progress %q", got)
	}
	img := v.PagePreview.Image
	if img == nil {
		t.Fatalf("no page shown: %q", v.PageNote.Text)
	}
	if !strings.Contains(v.PageNote.Text, "第 2 页（共 2 页）") {
		t.Errorf("page note %q", v.PageNote.Text)
	}
	// The contract seal is 40 mm across, centred at (150, 62) mm.
	if at, away := redShare(img, 135, 47, 165, 77), redShare(img, 20, 200, 50, 230); at < 0.05 || away > 0.001 {
		t.Errorf("seal red: %.3f at the spot, %.3f away from it", at, away)
	}

	pick(other)
	if v.PagePreview.Image != nil || !strings.Contains(v.PageNote.Text, "已不是申请时的文档") {
		t.Errorf("a changed file: image %v, note %q", v.PagePreview.Image != nil, v.PageNote.Text)
	}

	pick(id)
	test.Tap(v.Approve)
	if got := v.Message.Text; !strings.Contains(got, "（1 / 2），还需 1 人批准") {
		t.Errorf("after the first of two approvals: %q", got)
	}
}
