package app

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/assets"
)

// TestAuditReportOnOFD (issue 15 point 4): the audit report of a day shows
// an OFD's stamp as it shows a PDF's — the document by name and SM3, the
// stamped package's SM3, the seal, the request with its placement and
// approval — and the paper copy made of it.
func TestAuditReportOnOFD(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	_, out, id := stampedDemoOFD(t, w, 150, 240)
	stamp := lastEntry(t, w)
	printer := login(t, w, "printer")
	pid, err := w.RequestPrint(ctx, printer, out, 1, "报送上级")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), pid, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Print(ctx, printer, PrintInput{RequestID: pid, OutDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(t.TempDir(), "审计报告.pdf")
	o := auditDay()
	o.Lang = assets.LangZH
	res, err := w.AuditReport(ctx, login(t, w, "auditor"), o, path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stamps != 1 || !res.Intact {
		t.Fatalf("result %+v", res)
	}
	// In content order (-raw), spaces and line breaks dropped: a table
	// cell's wrapped lines join up again.
	needTool(t, "pdftotext")
	raw, err := exec.Command("pdftotext", "-raw", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(raw)), "")
	for _, want := range []string{"关于启用电子印章的通知.ofd", "示例科技有限公司财务专用章", id, pid, "第1页",
		stamp.DocHash[:16], stamp.OutHash[:16], "通知-已盖章.ofd"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// The configuration rows' records read in the report's language too.
	if strings.Contains(text, "rowcontentrecorded") {
		t.Error("the Chinese report says \"row content recorded\" in English")
	}
}
