package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"sealdesk/copies"
	"sealdesk/internal/testpdf"
)

// stampedDemoOFD stamps the demo notice with the finance seal at (x, y) mm on
// its page and returns the original's path, the stamped package's and the
// request id.
func stampedDemoOFD(t *testing.T, w *Workspace, x, y float64) (orig, out, id string) {
	t.Helper()
	orig = filepath.Join(w.Home, "documents", DemoOFD)
	id = approved(t, w, "finance", orig, 1, x, y)
	out = filepath.Join(t.TempDir(), "通知-已盖章.ofd")
	if _, err := w.Stamp(context.Background(), login(t, w, "custodian"), StampInput{RequestID: id, OutPath: out, PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	return orig, out, id
}

// TestPrintOFDCopies (issue 15 point 4): a stamped OFD is printed as a PDF
// is — the copy rendering of its pages, the seal where its StampAnnot puts
// it (red, or grey when asked: the mark's box follows the OFD's own), the
// QR code leading back to the stamped OFD and not to the unstamped one; an
// OFD without a seal is refused.
func TestPrintOFDCopies(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	printer := login(t, w, "printer")
	if _, err := w.RequestPrint(ctx, printer, filepath.Join(w.Home, "documents", DemoOFD), 1, "存档"); Code(err) != "not_stamped" {
		t.Fatalf("printing an unstamped OFD: %v", err)
	}
	const x, y = 150.0, 240.0
	orig, doc, _ := stampedDemoOFD(t, w, x, y)
	r, err := w.renderer()
	if err != nil {
		t.Fatal(err)
	}
	for _, grey := range []bool{false, true} {
		pid, err := w.RequestPrint(ctx, printer, doc, 1, "报送上级")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Approve(ctx, login(t, w, "approver"), pid, ""); err != nil {
			t.Fatal(err)
		}
		res, err := w.Print(ctx, printer, PrintInput{RequestID: pid, OutDir: t.TempDir(), GreySeals: grey})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Files) != 1 {
			t.Fatalf("printed %v", res.Files)
		}
		data, _ := os.ReadFile(res.Files[0])
		d, err := r.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		const dpi = 150
		img, err := d.Render(ctx, 0, dpi)
		d.Close()
		if err != nil {
			t.Fatal(err)
		}
		red := testpdf.RedShare(img, testpdf.MMBox(dpi, x-8, y-8, x+8, y+8))
		if !grey && red < 0.05 || grey && red > 0.001 {
			t.Fatalf("grey %v: seal-red share %.3f at the seal's spot", grey, red)
		}
		// The heading is red on the page; a grey copy greys every red.
		if heading := testpdf.RedShare(img, testpdf.MMBox(dpi, 40, 45, 170, 62)); !grey && heading < 0.01 || grey && heading > 0.001 {
			t.Fatalf("grey %v: the notice's heading has red share %.3f", grey, heading)
		}
		text, err := copies.DecodeQR(img)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := VerifyCopy(ctx, text, doc)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Belongs == nil || !*rep.Belongs || rep.Payload.Request != pid || len(rep.Payload.Signatures) != 1 {
			t.Fatalf("copy: %+v", rep)
		}
		if rep, err := VerifyCopy(ctx, text, orig); err != nil || *rep.Belongs {
			t.Fatalf("the copy matched the unstamped OFD: %+v %v", rep, err)
		}
	}
}
