package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"sealdesk/app"
	"sealdesk/assets"
)

// TestMyRequests: the custodian's "我的申请" lists their requests with status
// and the rule's progress; an approved one opens in the stamping view ready
// to stamp; a pending one is withdrawn and can then be neither approved nor
// stamped, even after its row is set back to "approved" with SQL; asking
// twice for the same stamp, from the stamping view's button too, makes one
// request (issue 17, point 2).
func TestMyRequests(t *testing.T) {
	ws := demoWorkspace(t)
	ctx := context.Background()
	cs, err := ws.Login(ctx, "custodian", app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	as, err := ws.Login(ctx, "approver", app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	doc := demoDoc(ws)
	in := app.RequestInput{Seal: "contract", DocPath: doc, Page: 2, XMM: 150, YMM: 62, Reason: "销售合同"}
	approved, err := ws.Request(ctx, cs, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Request(ctx, cs, in); app.Code(err) != "duplicate_request" || !strings.Contains(app.Message(err, assets.LangZH), approved) {
		t.Fatalf("the same request twice: %v", err)
	}
	if err := ws.Approve(ctx, as, approved, ""); err != nil {
		t.Fatal(err)
	}
	pending, err := ws.Request(ctx, cs, app.RequestInput{Seal: "finance", DocPath: doc, Page: 1, XMM: 150, YMM: 240, Reason: "付款"})
	if err != nil {
		t.Fatal(err)
	}

	w := newWorkstation(t, ws, assets.LangZH)
	signIn(t, w, "custodian", app.DemoPassword)
	test.Tap(w.Nav[ViewMine])
	v := w.Mine
	if len(v.Mine) != 2 {
		t.Fatalf("%d requests listed, want 2", len(v.Mine))
	}
	status := map[string]string{}
	for _, r := range v.Mine {
		status[r.ID] = v.status(r)
	}
	if status[approved] != "已批准" || status[pending] != "待审批" {
		t.Errorf("statuses %q", status)
	}

	v.Withdraw(pending)
	if r, _ := ws.StampRequest(ctx, pending); r.Status != app.RequestWithdrawn || !strings.Contains(v.Message.Text, "已撤回用印申请 "+pending) {
		t.Fatalf("after withdrawing: status %s, message %q", r.Status, v.Message.Text)
	}
	if err := ws.Approve(ctx, as, pending, ""); app.Code(err) != "not_pending" {
		t.Errorf("approving a withdrawn request: %v", err)
	}
	// An approved request withdrawn, then set back to approved with SQL.
	taken, err := ws.Request(ctx, cs, app.RequestInput{Seal: "finance", DocPath: doc, Page: 2, XMM: 60, YMM: 62})
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Approve(ctx, as, taken, ""); err != nil {
		t.Fatal(err)
	}
	if err := ws.Withdraw(ctx, cs, taken); err != nil {
		t.Fatal(err)
	}
	behindTheApp(t, ws, "UPDATE requests SET status = 'approved' WHERE id = '"+taken+"'", nil)
	_, err = ws.Stamp(ctx, cs, app.StampInput{RequestID: taken, OutPath: filepath.Join(t.TempDir(), "out.pdf"), PIN: app.DemoPIN})
	if app.Code(err) != "ledger_withdrawn" {
		t.Errorf("stamping a withdrawn request set back to approved with SQL: %v", err)
	}
	v.Reload()

	var mine app.StampRequest
	for _, r := range v.Mine {
		if r.ID == approved {
			mine = r
		}
	}
	v.Open(mine)
	s := w.Stamp
	waitFor(t, "the approved document", func() bool { return s.loading == 0 && s.docPath == doc })
	if w.Current != ViewStamp || s.approved == nil || s.approved.ID != approved || s.page != 1 {
		t.Fatalf("view %s, approved %v, page %d", w.Current, s.approved, s.page+1)
	}

	// The stamping view's request button pressed twice: one request.
	other := app.RequestInput{Seal: "contract", DocPath: doc, Page: 1, XMM: 100, YMM: 100}
	if _, err := ws.Request(ctx, cs, other); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Request(ctx, cs, other); app.Code(err) != "duplicate_request" {
		t.Errorf("a second click: %v", err)
	}
	reqs, _ := ws.Requests(ctx, app.RequestPending)
	n := 0
	for _, r := range reqs {
		if r.Page == 1 && r.XMM == 100 {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d pending requests for one stamp", n)
	}
}
