package pdfsign

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"sealdesk/internal/testpdf"
)

// incremental appends an update (ISO 32000-1 §7.5.6) that writes objs, number →
// body, with a classic cross-reference table: the generator of the attack files.
func incremental(t *testing.T, b []byte, objs map[int]string) []byte {
	t.Helper()
	sx := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(b)
	if sx == nil {
		t.Fatal("no startxref")
	}
	size := nextObject(t, b)
	var u bytes.Buffer
	u.Write(b)
	offs := map[int]int{}
	for _, nr := range slices.Sorted(maps.Keys(objs)) {
		offs[nr] = u.Len()
		fmt.Fprintf(&u, "%d 0 obj\n%s\nendobj\n", nr, objs[nr])
		size = max(size, nr+1)
	}
	xref := u.Len()
	u.WriteString("xref\n")
	for _, nr := range slices.Sorted(maps.Keys(objs)) {
		fmt.Fprintf(&u, "%d 1\n%010d 00000 n\r\n", nr, offs[nr])
	}
	fmt.Fprintf(&u, "trailer\n<</Size %d/Root 1 0 R/Info 4 0 R/Prev %s>>\nstartxref\n%d\n%%%%EOF\n", size, sx[1], xref)
	return u.Bytes()
}

// nextObject is the /Size of the last trailer: the first unused object number.
func nextObject(t *testing.T, b []byte) int {
	t.Helper()
	sizes := regexp.MustCompile(`/Size (\d+)`).FindAllSubmatch(b, -1)
	if sizes == nil {
		t.Fatal("no /Size")
	}
	n, _ := strconv.Atoi(string(sizes[len(sizes)-1][1]))
	return n
}

// lastBody returns the body of the last "nr 0 obj" in b (our writers keep objects uncompressed).
func lastBody(t *testing.T, b []byte, nr int) string {
	t.Helper()
	m := regexp.MustCompile(fmt.Sprintf(`(?s)(?:^|\n)%d 0 obj\s*(.*?)\s*endobj`, nr)).FindAllSubmatch(b, -1)
	if m == nil {
		t.Fatalf("no object %d", nr)
	}
	return string(m[len(m)-1][1])
}

func streamObj(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

func changeClasses(s SignatureReport) []string {
	var out []string
	for _, c := range s.Changes {
		if !slices.Contains(out, c.Class) {
			out = append(out, c.Class)
		}
	}
	return out
}

// TestVerifyAttacks builds the attack classes of the PDF-signature literature
// (shadow hide/replace, sneaky signatures, incremental saving, universal signature
// forgery) on a stamped file with our own generator, and the allowed updates
// beside them. Objects of the stamped file: 1 catalog, 2 page tree, 4 info, 5 page 1,
// 6 its content, 9 signature dictionary, 10 signature field and widget.
func TestVerifyAttacks(t *testing.T) {
	pki := newPKI(t, "ecdsa")
	signed, _ := signBytes(t, testpdf.Simple(2), pki.options(1, 105, 60))
	n := nextObject(t, signed)
	if n != 14 || !regexp.MustCompile(`/FT/Sig/T\(Seal1\)/V 9 0 R`).Match(signed) {
		t.Fatalf("the stamped file's layout changed (size %d): update the object numbers of this test", n)
	}
	page1 := lastBody(t, signed, 5)
	catalog := lastBody(t, signed, 1)
	forged := "BT /F1 24 Tf 72 700 Td (Pay 1,000,000 to Mallory) Tj ET"
	overlay := streamObj("/Type/XObject/Subtype/Form/BBox[0 0 595 842]", []byte("1 1 1 rg 0 0 595 842 re f "+forged))
	withAnnots := func(refs string) string {
		return regexp.MustCompile(`/Annots\[[^\]]*\]`).ReplaceAllString(page1, "/Annots["+refs+"]")
	}
	withFields := func(refs string) string {
		return regexp.MustCompile(`/Fields\[[^\]]*\]`).ReplaceAllString(catalog, "/Fields["+refs+"]")
	}
	content6 := regexp.MustCompile(`(?s)stream\n(.*)\nendstream`).FindStringSubmatch(lastBody(t, signed, 6))[1]
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(content6))
	zw.Close()
	sigDict := lastBody(t, signed, 9)

	cases := []struct {
		name    string
		objs    map[int]string
		classes []string // of the first signature, in order; nil: no change found
		objects []int    // object numbers the first change names
	}{
		{"shadow hide: fields emptied", map[int]string{1: withFields("")},
			[]string{ChangeSignatureRemoved, ChangeFormFields}, []int{10}},
		{"shadow replace: page content", map[int]string{14: streamObj("", []byte(forged)), 5: regexp.MustCompile(`/Contents 6 0 R`).ReplaceAllString(page1, "/Contents 14 0 R")},
			[]string{ChangePageContent}, []int{5}},
		{"shadow hide and replace", map[int]string{1: withFields(""), 14: streamObj("", []byte(forged)), 5: regexp.MustCompile(`/Contents 6 0 R`).ReplaceAllString(page1, "/Contents 14 0 R")},
			[]string{ChangeSignatureRemoved, ChangeFormFields, ChangePageContent}, []int{10}},
		{"content stream rewritten in place", map[int]string{6: streamObj("", []byte(forged))},
			[]string{ChangePageContent}, []int{6}},
		{"sneaky signature: unsigned signature field over the page", map[int]string{
			14: overlay, 15: "<</Type/Annot/Subtype/Widget/FT/Sig/T(Seal2)/P 5 0 R/Rect[0 0 595 842]/F 4/AP<</N 14 0 R>>>>",
			5: withAnnots("10 0 R 15 0 R"), 1: withFields("10 0 R 15 0 R")},
			[]string{ChangeUnsignedSigField}, []int{15}},
		{"widget overlay outside the form", map[int]string{
			14: overlay, 15: "<</Type/Annot/Subtype/Widget/P 5 0 R/Rect[0 0 595 842]/F 4/AP<</N 14 0 R>>>>", 5: withAnnots("10 0 R 15 0 R")},
			[]string{ChangeWidgetAdded}, []int{15}},
		{"text field added", map[int]string{
			15: "<</Type/Annot/Subtype/Widget/FT/Tx/T(Amount)/V(1000000)/P 5 0 R/Rect[0 0 595 842]/F 4>>",
			5:  withAnnots("10 0 R 15 0 R"), 1: withFields("10 0 R 15 0 R")},
			[]string{ChangeFormFieldAdded}, []int{15}},
		{"annotation under an approval signature", map[int]string{
			15: "<</Type/Annot/Subtype/FreeText/P 5 0 R/Rect[72 600 400 640]/DA(/Helv 24 Tf 0 g)/Contents(Void)>>", 5: withAnnots("10 0 R 15 0 R")},
			[]string{ChangeAnnotation}, []int{15}},
		{"seal widget removed from the page", map[int]string{5: withAnnots("")},
			[]string{ChangeAnnotation}, []int{10}},
		{"page added", map[int]string{
			14: streamObj("", []byte(forged)), 15: "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>/Contents 14 0 R>>",
			2: "<</Type/Pages/Count 3/Kids[5 0 R 7 0 R 15 0 R]>>"},
			[]string{ChangePageTree}, nil},
		{"signature dictionary copied into a later revision", map[int]string{
			14: sigDict, 15: "<</Type/Annot/Subtype/Widget/FT/Sig/T(Copy)/V 14 0 R/P 5 0 R/Rect[0 0 0 0]/F 132>>",
			5: withAnnots("10 0 R 15 0 R"), 1: withFields("10 0 R 15 0 R")},
			[]string{ChangeUnsignedSigField}, []int{15}},

		// Allowed: ISO 32000-2 §12.8.4.3 DSS, §14.3.2 metadata, a rewrite that changes no meaning.
		{"DSS added", map[int]string{14: "<</Certs[15 0 R]/VRI<<>>>>", 15: streamObj("", pki.ca.Raw),
			1: catalog[:len(catalog)-2] + "/DSS 14 0 R>>"}, nil, nil},
		{"XMP metadata added", map[int]string{14: streamObj("/Type/Metadata/Subtype/XML", []byte("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")),
			1: catalog[:len(catalog)-2] + "/Metadata 14 0 R>>"}, nil, nil},
		{"info updated", map[int]string{4: "<</Title(Updated title)/Producer(another tool)>>"}, nil, nil},
		{"content recompressed", map[int]string{6: fmt.Sprintf("<</Filter/FlateDecode/Length %d>>\nstream\n%s\nendstream", z.Len(), z.Bytes())}, nil, nil},
		{"unreferenced object added", map[int]string{14: "(nothing points here)"}, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := incremental(t, signed, c.objs)
			rep := verifyBytes(t, file, VerifyOptions{Roots: pki.roots, At: testTime})
			if len(rep.Signatures) == 0 {
				t.Fatal("the signature was not found")
			}
			s := rep.Signatures[0]
			if !s.Intact {
				t.Fatalf("not intact: %v", s.IntegrityErr)
			}
			if got := changeClasses(s); !slices.Equal(got, c.classes) || s.ModifiedAfter != (c.classes != nil) {
				t.Fatalf("changes %v, want classes %v:\n%s", got, c.classes, s.Modification)
			}
			if c.objects != nil && !slices.Equal(s.Changes[0].Objects, c.objects) {
				t.Errorf("first change names objects %v, want %v", s.Changes[0].Objects, c.objects)
			}
			if c.classes != nil && s.Changes[0].Revision != 3 {
				t.Errorf("first change in revision %d, want 3", s.Changes[0].Revision)
			}
		})
	}

	// The copied signature dictionary signs bytes that do not hold it (universal signature forgery).
	file := incremental(t, signed, cases[10].objs)
	rep := verifyBytes(t, file, VerifyOptions{Roots: pki.roots, At: testTime})
	if len(rep.Signatures) != 2 || !slices.Contains(changeClasses(rep.Signatures[1]), ChangeByteRange) {
		t.Fatalf("copied signature: %+v", rep.Signatures)
	}
}
