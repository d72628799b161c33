package pdfsign

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sealdesk/internal/testpdf"
)

// mutoolRun runs a MuPDF JavaScript file on in and returns what it saved.
func mutoolRun(t *testing.T, script string, in []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	js, src, dst := filepath.Join(dir, "s.js"), filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	os.WriteFile(js, []byte(script), 0o600)
	os.WriteFile(src, in, 0o600)
	if out, err := tool(t, "mutool", "run", js, src, dst); err != nil {
		t.Fatalf("mutool run: %v\n%s", err, out)
	}
	b, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// formDocument is a two-page document with a text field "Name" (object 9, on page 1)
// and an empty signature field "Approval" (object 11, on page 2), in a revision of its own.
func formDocument(t *testing.T) []byte {
	t.Helper()
	base := testpdf.Simple(2)
	return incremental(t, base, map[int]string{
		1:  "<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[9 0 R 11 0 R]/DA(/Helv 0 Tf 0 g)/DR<</Font<</Helv 3 0 R>>>>>>>>",
		9:  "<</Type/Annot/Subtype/Widget/FT/Tx/T(Name)/V()/P 5 0 R/Rect[72 500 300 520]/F 4/DA(/Helv 12 Tf 0 g)/AP<</N 10 0 R>>>>",
		10: streamObj("/Type/XObject/Subtype/Form/BBox[0 0 228 20]", []byte("/Tx BMC EMC")),
		11: "<</Type/Annot/Subtype/Widget/FT/Sig/T(Approval)/P 7 0 R/Rect[72 100 272 160]/F 4>>",
		5:  strings.Replace(lastBody(t, base, 5), "/Type /Page", "/Type /Page /Annots [9 0 R]", 1),
		7:  strings.Replace(lastBody(t, base, 7), "/Type /Page", "/Type /Page /Annots [11 0 R]", 1),
	})
}

// TestVerifyAfterOtherTools: updates written by MuPDF after our stamp. Filling a
// field and signing the empty signature field are allowed for an approval
// signature; an annotation and emptying the form are not.
func TestVerifyAfterOtherTools(t *testing.T) {
	pki := newPKI(t, "ecdsa")
	signed, _ := signBytes(t, formDocument(t), pki.options(1, 105, 60))
	if rep := verifyBytes(t, signed, VerifyOptions{Roots: pki.roots, At: testTime}); len(rep.Signatures) != 1 || rep.Signatures[0].ModifiedAfter || !rep.Signatures[0].Intact {
		t.Fatalf("stamped form: %+v", rep.Signatures)
	}
	const open = "var doc = new PDFDocument(scriptArgs[0]);\n"
	const save = "doc.save(scriptArgs[1], 'incremental');\n"
	cases := []struct {
		name, script string
		classes      []string
	}{
		{"form filled", open + `var w = doc.loadPage(0).getWidgets();
var n = 0;
for (var i = 0; i < w.length; i++) if (w[i].getFieldType() == 'text') { w[i].setTextValue('Zhang San'); w[i].update(); n++; }
if (n != 1) throw new Error('no text field');
` + save, nil},
		{"text annotation", open + `var a = doc.loadPage(0).createAnnotation('Text'); a.setContents('looks fine'); a.setRect([100, 100, 120, 120]); a.update();
` + save, []string{ChangeAnnotation}},
		{"form emptied", open + `doc.getTrailer().get('Root').get('AcroForm').put('Fields', doc.newArray());
` + save, []string{ChangeSignatureRemoved, ChangeFormFields}},
		{"page content replaced", open + `var p = doc.findPage(0); p.put('Contents', doc.addStream('BT /F1 24 Tf 72 700 Td (Forged) Tj ET', {}));
` + save, []string{ChangePageContent}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := mutoolRun(t, c.script, signed)
			if len(out) <= len(signed) || !strings.HasPrefix(string(out), string(signed)) {
				t.Fatalf("mutool did not append an update (%d → %d bytes)", len(signed), len(out))
			}
			rep := verifyBytes(t, out, VerifyOptions{Roots: pki.roots, At: testTime})
			i := slices.IndexFunc(rep.Signatures, func(s SignatureReport) bool { return s.FieldName == "Seal1" })
			if i < 0 {
				t.Fatalf("Seal1 not found: %+v", rep.Signatures)
			}
			s := rep.Signatures[i]
			if got := changeClasses(s); !s.Intact || !slices.Equal(got, c.classes) {
				t.Fatalf("intact %v, changes %v, want %v:\n%s", s.Intact, got, c.classes, s.Modification)
			}
		})
	}
}

// TestVerifyMutoolSignsAfterUs: MuPDF signs the empty field "Approval" after our
// stamp (its own CMS, SHA-1, in its own incremental update). Both signatures verify,
// neither sees a disallowed change, and MuPDF's carries the weak-algorithm warning.
func TestVerifyMutoolSignsAfterUs(t *testing.T) {
	pki := newPKI(t, "ecdsa")
	signed, _ := signBytes(t, formDocument(t), pki.options(1, 105, 60))
	dir := t.TempDir()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	k, c := writeKeyCert(t, dir, "other", rsaKey)
	p12 := filepath.Join(dir, "other.p12")
	if out, err := tool(t, "openssl", "pkcs12", "-export", "-inkey", k, "-in", c, "-out", p12, "-passout", "pass:pw"); err != nil {
		t.Fatalf("openssl pkcs12: %v\n%s", err, out)
	}
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	os.WriteFile(in, signed, 0o600)
	if msg, err := tool(t, "mutool", "sign", "-s", p12, "-P", "pw", "-o", out, in, "11"); err != nil {
		t.Fatalf("mutool sign: %v\n%s", err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(b), string(signed)) {
		t.Fatalf("mutool sign did not append an update: %v", err)
	}
	rep := verifyBytes(t, b, VerifyOptions{Roots: pki.roots, At: testTime})
	if len(rep.Signatures) != 2 {
		t.Fatalf("%d signatures", len(rep.Signatures))
	}
	for _, s := range rep.Signatures {
		if !s.Intact || s.ModifiedAfter {
			t.Errorf("%s: intact %v (%v), modified %v (%s)", s.FieldName, s.Intact, s.IntegrityErr, s.ModifiedAfter, s.Modification)
		}
		if weak := strings.Contains(warningText(s), "SHA-1"); weak != (s.FieldName == "Approval") {
			t.Errorf("%s: warnings %q", s.FieldName, s.Warnings)
		}
	}
}

// TestVerifyCertificationLevels: a certification signature (ISO 32000-2 §12.8.2.2,
// DocMDP /P 1–3) and a FieldMDP lock (§12.8.2.4) decide what MuPDF's later form
// filling and annotation may do.
func TestVerifyCertificationLevels(t *testing.T) {
	dir := t.TempDir()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	key, cert := writeKeyCert(t, dir, "certifier", rsaKey)
	form := formDocument(t) // size 12: signature dictionary 12, its field 13
	certify := func(ref string) []byte {
		doc, br := placeholderOn(t, form, "adbe.pkcs7.detached", "/Reference["+ref+"]", map[int]string{
			5: strings.Replace(lastBody(t, form, 5), "/Annots [9 0 R]", "/Annots [9 0 R 13 0 R]", 1),
			1: "<</Type/Catalog/Pages 2 0 R/Perms<</DocMDP 12 0 R>>/AcroForm<</Fields[9 0 R 11 0 R 13 0 R]/SigFlags 3/DA(/Helv 0 Tf 0 g)/DR<</Font<</Helv 3 0 R>>>>>>>>",
		}, 12)
		return opensslSign(t, doc, br, key, cert)
	}
	docMDP := func(p int) string {
		return fmt.Sprintf("<</Type/SigRef/TransformMethod/DocMDP/TransformParams<</Type/TransformParams/P %d/V/1.2>>>>", p)
	}
	const open = "var doc = new PDFDocument(scriptArgs[0]);\n"
	const save = "doc.save(scriptArgs[1], 'incremental');\n"
	fill := open + `var w = doc.loadPage(0).getWidgets();
for (var i = 0; i < w.length; i++) if (w[i].getFieldType() == 'text') { w[i].setTextValue('Zhang San'); w[i].update(); }
` + save
	annotate := open + `var a = doc.loadPage(0).createAnnotation('Text'); a.setContents('ok'); a.setRect([100, 100, 120, 120]); a.update();
` + save
	cases := []struct {
		name, ref, script string
		level             int
		classes           []string
	}{
		{"P1, form filled", docMDP(1), fill, 1, []string{ChangeFormFill}},
		{"P1, annotation", docMDP(1), annotate, 1, []string{ChangeAnnotation}},
		{"P2, form filled", docMDP(2), fill, 2, nil},
		{"P2, annotation", docMDP(2), annotate, 2, []string{ChangeAnnotation}},
		{"P3, form filled", docMDP(3), fill, 3, nil},
		{"P3, annotation", docMDP(3), annotate, 3, nil},
		{"FieldMDP lock on Name, form filled", "<</Type/SigRef/TransformMethod/FieldMDP/TransformParams<</Type/TransformParams/Action/Include/Fields[(Name)]/V/1.2>>>>", fill, 0, []string{ChangeFormFill}},
		{"FieldMDP lock on others, form filled", "<</Type/SigRef/TransformMethod/FieldMDP/TransformParams<</Type/TransformParams/Action/Exclude/Fields[(Name)]/V/1.2>>>>", fill, 0, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			signed := certify(c.ref)
			if rep := verifyBytes(t, signed, VerifyOptions{}); len(rep.Signatures) != 1 || !rep.Signatures[0].Intact || rep.Signatures[0].DocMDP != c.level {
				t.Fatalf("certified file: %+v", rep.Signatures)
			}
			out := mutoolRun(t, c.script, signed)
			rep := verifyBytes(t, out, VerifyOptions{})
			if len(rep.Signatures) != 1 {
				t.Fatalf("%d signatures", len(rep.Signatures))
			}
			s := rep.Signatures[0]
			if got := changeClasses(s); !s.Intact || !slices.Equal(got, c.classes) {
				t.Fatalf("intact %v (%v), changes %v, want %v:\n%s", s.Intact, s.IntegrityErr, got, c.classes, s.Modification)
			}
		})
	}
	// An approval signature (our stamp) after the certification: P1 allows
	// none, so Sign refuses it (and Inspect says so before); P2 does.
	pki := newPKI(t, "sm2")
	for level := range 3 {
		info, err := Inspect(bytes.NewReader(certify(docMDP(level + 1))))
		if err != nil || info.Certification != level+1 {
			t.Fatalf("Inspect of a P%d certification: %+v %v", level+1, info, err)
		}
	}
	p1 := certify(docMDP(1))
	if _, err := Sign(bytes.NewReader(p1), io.Discard, pki.options(1, 105, 60)); !errors.Is(err, ErrCertifiedNoChanges) {
		t.Fatalf("stamping a P1-certified document: %v", err)
	}
	// Were it stamped anyway, the certification would be broken: what the
	// refusal spares the certifier.
	for level, want := range map[int][]string{1: {ChangeSignatureAdded}, 2: nil} {
		t.Run(fmt.Sprintf("P%d, stamped", level), func(t *testing.T) {
			stampCertifiedForTest = level == 1
			out, _ := signBytes(t, certify(docMDP(level)), pki.options(1, 105, 60))
			stampCertifiedForTest = false
			rep := verifyBytes(t, out, VerifyOptions{})
			i := slices.IndexFunc(rep.Signatures, func(s SignatureReport) bool { return s.DocMDP == level })
			if len(rep.Signatures) != 2 || i < 0 {
				t.Fatalf("signatures %+v", rep.Signatures)
			}
			s := rep.Signatures[i]
			if got := changeClasses(s); !s.Intact || !slices.Equal(got, want) {
				t.Fatalf("certification: intact %v (%v), changes %v, want %v:\n%s", s.Intact, s.IntegrityErr, got, want, s.Modification)
			}
			if s := rep.Signatures[1-i]; !s.Intact || len(s.Changes) != 0 {
				t.Fatalf("stamp: intact %v (%v), changes %v", s.Intact, s.IntegrityErr, changeClasses(s))
			}
		})
	}
}

// TestVerifySignatureUnderParentField: another signer puts its signature field under
// an existing non-terminal field (/Kids grows): allowed for the earlier stamp;
// removing a kid from that field is not.
func TestVerifySignatureUnderParentField(t *testing.T) {
	base := testpdf.Simple(1)
	form := incremental(t, base, map[int]string{
		1: "<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[7 0 R]>>>>",
		7: "<</T(Group)/Kids[8 0 R]>>",
		8: "<</Type/Annot/Subtype/Widget/FT/Tx/T(Name)/Parent 7 0 R/V(x)/P 5 0 R/Rect[72 500 300 520]/F 4>>",
		5: strings.Replace(lastBody(t, base, 5), "/Type /Page", "/Type /Page /Annots [8 0 R]", 1),
	})
	pki := newPKI(t, "ecdsa")
	stamped, _ := signBytes(t, form, pki.options(1, 105, 60))
	n := nextObject(t, stamped)
	dir := t.TempDir()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	key, cert := writeKeyCert(t, dir, "other", rsaKey)
	page := lastBody(t, stamped, 5)
	doc, br := placeholderOn(t, stamped, "adbe.pkcs7.detached", "", map[int]string{
		7:     fmt.Sprintf("<</T(Group)/Kids[8 0 R %d 0 R]>>", n+1),
		n + 1: fmt.Sprintf("<</Type/Annot/Subtype/Widget/FT/Sig/T(Approval)/Parent 7 0 R/V %d 0 R/P 5 0 R/Rect[0 0 0 0]/F 132>>", n),
		5:     strings.Replace(page, "/Annots[", fmt.Sprintf("/Annots[%d 0 R ", n+1), 1),
	}, n)
	signed := opensslSign(t, doc, br, key, cert)
	rep := verifyBytes(t, signed, VerifyOptions{})
	if len(rep.Signatures) != 2 {
		t.Fatalf("%d signatures", len(rep.Signatures))
	}
	for _, s := range rep.Signatures {
		if !s.Intact || s.ModifiedAfter {
			t.Errorf("%s: intact %v (%v), modified %v (%s)", s.FieldName, s.Intact, s.IntegrityErr, s.ModifiedAfter, s.Modification)
		}
	}
	if rep.Signatures[0].FieldName != "Group.Approval" && rep.Signatures[1].FieldName != "Group.Approval" {
		t.Errorf("no signature Group.Approval: %s, %s", rep.Signatures[0].FieldName, rep.Signatures[1].FieldName)
	}
	removed := incremental(t, stamped, map[int]string{7: "<</T(Group)/Kids[]>>"})
	s := verifyBytes(t, removed, VerifyOptions{}).Signatures[0]
	if got := changeClasses(s); !slices.Contains(got, ChangeFormFields) {
		t.Errorf("kid removed: changes %v", got)
	}
}
