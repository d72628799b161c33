package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRequestCertifiedPDFRefused: testdata/certified-p1.pdf carries a
// certification signature (RSA, made with OpenSSL; pdfsig finds it valid)
// whose DocMDP /P is 1: no change at all. A stamp would break it, so the
// request is refused at once as bad input, naming the file, before any
// approval: nothing is stored and the file is untouched.
func TestRequestCertifiedPDFRefused(t *testing.T) {
	ctx := context.Background()
	w := demo(t)
	orig, err := os.ReadFile(filepath.Join("testdata", "certified-p1.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(t.TempDir(), "认证合同.pdf")
	if err := os.WriteFile(doc, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := VerifyFile(ctx, doc, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	i := len(rep.Signatures) - 1
	if i < 0 || rep.Signatures[i].Certification != 1 || rep.Signatures[i].Integrity != Valid {
		t.Fatalf("the fixture is not an intact P1 certification: %+v", rep.Signatures)
	}
	s := login(t, w, "custodian")
	before := dbSnapshot(t, w)
	_, err = w.Request(ctx, s, RequestInput{Seal: "contract", DocPath: doc, Page: 1, XMM: 100, YMM: 100, Reason: "测试"})
	if Code(err) != "pdf_certified" || !strings.Contains(Message(err, "zh-CN"), "认证合同.pdf") || !strings.Contains(Message(err, "zh-CN"), "DocMDP P1") {
		t.Fatalf("request on a P1-certified PDF: %v", err)
	}
	if after := dbSnapshot(t, w); after != before {
		t.Fatalf("the store changed: %s → %s", before, after)
	}
	if now, _ := os.ReadFile(doc); !bytes.Equal(now, orig) {
		t.Fatal("the document was changed")
	}
}
