package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sealdesk/store"
)

// TestOpenDocument: one read gives the bytes, their SM3 (lowercase, as the
// ledger records it) and the format told from the bytes, whatever the name.
func TestOpenDocument(t *testing.T) {
	w := demo(t)
	pdf, _ := os.ReadFile(demoDoc(w))
	var ofdPkg bytes.Buffer
	zipOFD(t, &ofdPkg)
	dir := t.TempDir()
	for _, c := range []struct {
		name   string
		data   []byte
		format Format
	}{
		{"contract.pdf", pdf, FormatPDF},
		{"named-ofd.pdf", ofdPkg.Bytes(), FormatOFD},
		{"junk-then-pdf.bin", append(bytes.Repeat([]byte{' '}, 1000), pdf...), FormatPDF},
		{"pdf-too-late.pdf", append(bytes.Repeat([]byte{' '}, 1030), pdf...), FormatOther},
		{"notes.txt", []byte("合同草稿"), FormatOther},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name)
			if err := os.WriteFile(path, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			d, err := w.OpenDocument(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if d.Path != path || d.Size != int64(len(c.data)) || d.SM3 != sm3Hex(c.data) || d.SM3 != strings.ToLower(d.SM3) ||
				d.Format != c.format || !bytes.Equal(d.Bytes(), c.data) {
				t.Fatalf("got %s %d %s %q, want %d %s %q", d.Path, d.Size, d.SM3, d.Format, len(c.data), sm3Hex(c.data), c.format)
			}
			// SumFile, the faces' streaming read, agrees and keeps no bytes.
			s, err := w.SumFile(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if s.SM3 != d.SM3 || s.Format != d.Format || s.Size != d.Size || s.Bytes() != nil {
				t.Fatalf("SumFile: %s %q %d, %d bytes held; OpenDocument: %s %q %d", s.SM3, s.Format, s.Size, len(s.Bytes()), d.SM3, d.Format, d.Size)
			}
		})
	}
	if _, err := OpenDocument(filepath.Join(dir, "missing.pdf"), 0); Code(err) != CodeFileMissing {
		t.Fatalf("missing file: %v", err)
	}
	if _, err := w.SumFile(context.Background(), filepath.Join(dir, "missing.pdf")); Code(err) != CodeFileMissing {
		t.Fatalf("SumFile, missing file: %v", err)
	}
}

// TestRequestAndStampTakeDocument: a Document read once (as the desktop
// shows it) is what Request records and what Stamp signs, without reading
// the file again: the file changed on disk afterwards does not matter, and a
// Document whose SM3 is not the request's is refused.
func TestRequestAndStampTakeDocument(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "合同.pdf")
	orig, _ := os.ReadFile(demoDoc(w))
	if err := os.WriteFile(path, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	doc, err := w.OpenDocument(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("%PDF-1.7 replaced after it was read"), 0o600); err != nil {
		t.Fatal(err)
	}
	id, err := w.Request(ctx, login(t, w, "custodian"), RequestInput{Seal: "contract", Doc: doc, Page: 1, XMM: 60, YMM: 90, Reason: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Approve(ctx, login(t, w, "approver"), id, "同意"); err != nil {
		t.Fatal(err)
	}
	req, err := w.db.Request(ctx, id)
	if err != nil || req.DocHash != doc.SM3 || req.DocSize != doc.Size || req.DocName != "合同.pdf" {
		t.Fatalf("request %+v: %v", req, err)
	}
	// A Document of other bytes is not the request's.
	other := filepath.Join(t.TempDir(), "other.pdf")
	os.WriteFile(other, append(append([]byte{}, orig...), '\n'), 0o600)
	od, _ := w.OpenDocument(ctx, other)
	out := filepath.Join(t.TempDir(), "stamped.pdf")
	if _, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, Doc: od, OutPath: out, PIN: DemoPIN}); Code(err) != "doc_changed" {
		t.Fatalf("another document: %v", err)
	}
	res, err := w.Stamp(ctx, login(t, w, "custodian"), StampInput{RequestID: id, Doc: doc, OutPath: out, PIN: DemoPIN})
	if err != nil {
		t.Fatal(err)
	}
	stamped, _ := os.ReadFile(out)
	if !bytes.HasPrefix(stamped, orig) || sm3Hex(stamped) != res.OutHash {
		t.Fatal("the stamp did not sign the document as read")
	}
	if e := lastEntry(t, w); e.Kind != EntryStamp || e.Outcome != store.OutcomeOK || e.DocHash != doc.SM3 {
		t.Fatalf("ledger %+v", e)
	}
	rep, err := VerifyDocument(ctx, &Document{Path: out, data: stamped, Format: DetectFormat(stamped)}, VerifyOptions{At: testNow})
	if err != nil || !rep.Valid || len(rep.Signatures) != 1 {
		t.Fatalf("verify: %v %+v", err, rep)
	}
}

// TestOpenApproved: Stamp and Print open an approved request's document
// through one helper (issue 14): a document already read is not read again,
// the path given wins over the recorded one, and bytes that are not the
// approved ones are refused as doc_changed with the document read.
func TestOpenApproved(t *testing.T) {
	w := demo(t)
	ctx := context.Background()
	path := demoDoc(w)
	read, err := w.OpenDocument(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	opened := 0
	open := func(ctx context.Context, p string) (*Document, error) { opened++; return w.SumFile(ctx, p) }

	if got := requestDocPath(nil, "", "/recorded.pdf"); got != "/recorded.pdf" {
		t.Errorf("no path given: %s", got)
	}
	if got := requestDocPath(nil, "/given.pdf", "/recorded.pdf"); got != "/given.pdf" {
		t.Errorf("path given: %s", got)
	}
	if got := requestDocPath(read, "/given.pdf", "/recorded.pdf"); got != path {
		t.Errorf("document read: %s", got)
	}
	if doc, e, err := openApproved(ctx, read, path, read.SM3, open); err != nil || e != nil || doc != read || opened != 0 {
		t.Errorf("document read: %v %v, opened %d times", err, e, opened)
	}
	if doc, e, err := openApproved(ctx, nil, path, read.SM3, open); err != nil || e != nil || doc.SM3 != read.SM3 || opened != 1 {
		t.Errorf("by path: %v %v, opened %d times", err, e, opened)
	}
	doc, e, err := openApproved(ctx, nil, path, sm3Hex([]byte("another document")), open)
	if err != nil || e == nil || e.Code != "doc_changed" || doc == nil || doc.SM3 != read.SM3 {
		t.Errorf("changed document: %v %v %v", doc, e, err)
	}
	if _, _, err := openApproved(ctx, nil, filepath.Join(t.TempDir(), "gone.pdf"), read.SM3, open); Code(err) != CodeFileMissing {
		t.Errorf("missing document: %v", err)
	}
}
