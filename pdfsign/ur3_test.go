package pdfsign

import (
	"crypto/rand"
	"crypto/rsa"
	"strconv"
	"strings"
	"testing"

	"sealdesk/internal/testpdf"
)

// ur3Sig is a usage-rights signature dictionary as Adobe's servers write it
// (ISO 32000-1 §12.8.2.3); its CMS is a placeholder: nothing here verifies it.
const ur3Sig = "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached/Reference[<</Type/SigRef/TransformMethod/UR3" +
	"/TransformParams<</Type/TransformParams/V/2.2/Document[/FullSave]/Form[/Add/Delete/FillIn]/Annots[/Create/Delete/Modify]>>>>]" +
	"/ByteRange[0 0 0 0]/Contents<00>>>"

// TestVerifyUsageRights: a Reader-extended document (/Perms /UR3). Its
// usage-rights signature is not a seal and is not listed; SealDesk's stamp
// removes it in its own update (any change would break it, and Reader would warn
// on a document whose stamp is valid) and stays valid for us, pdfsig and qpdf;
// removing it after another signature is allowed, adding one after our stamp is
// not.
func TestVerifyUsageRights(t *testing.T) {
	pki := newPKI(t, "ecdsa")
	base := testpdf.Simple(2)
	extended := incremental(t, base, map[int]string{
		1: "<</Type/Catalog/Pages 2 0 R/Perms<</UR3 9 0 R>>>>",
		9: ur3Sig,
	})

	t.Run("not a seal", func(t *testing.T) {
		if rep := verifyBytes(t, extended, VerifyOptions{}); len(rep.Signatures) != 0 {
			t.Errorf("%d signatures listed, want none: the usage-rights signature is not a seal", len(rep.Signatures))
		}
	})

	t.Run("stamped", func(t *testing.T) {
		out, _ := signBytes(t, extended, pki.options(1, 105, 60))
		if cat := lastBody(t, out, 1); strings.Contains(cat, "UR3") {
			t.Errorf("the stamped catalog keeps the usage rights: %s", cat)
		}
		rep := verifyBytes(t, out, VerifyOptions{Roots: pki.roots, At: testTime})
		if len(rep.Signatures) != 1 || !rep.Signatures[0].Intact || rep.Signatures[0].ModifiedAfter {
			t.Fatalf("signatures: %+v", rep.Signatures)
		}
		p := writeTemp(t, "stamped.pdf", out)
		pdfsigValid(t, p, 1)
		qpdfCheck(t, p)
	})

	t.Run("removed after a signature", func(t *testing.T) {
		rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		k, c := writeKeyCert(t, t.TempDir(), "other", rsaKey)
		doc, br := placeholderOn(t, extended, "adbe.pkcs7.detached", "", map[int]string{
			5: strings.Replace(lastBody(t, base, 5), "/Type /Page", "/Type /Page /Annots [11 0 R]", 1),
			1: "<</Type/Catalog/Pages 2 0 R/Perms<</UR3 9 0 R>>/AcroForm<</Fields[11 0 R]/SigFlags 3>>>>",
		}, 10)
		signed := opensslSign(t, doc, br, k, c)
		later := incremental(t, signed, map[int]string{
			1: "<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[11 0 R]/SigFlags 3>>>>",
		})
		rep := verifyBytes(t, later, VerifyOptions{})
		if len(rep.Signatures) != 1 || !rep.Signatures[0].Intact || rep.Signatures[0].ModifiedAfter {
			t.Fatalf("signatures: %+v", rep.Signatures)
		}
	})

	t.Run("added after our stamp", func(t *testing.T) {
		out, _ := signBytes(t, base, pki.options(1, 105, 60))
		n := nextObject(t, out)
		cat := lastBody(t, out, 1)
		forged := incremental(t, out, map[int]string{
			1: strings.Replace(cat, "/Type/Catalog", "/Type/Catalog/Perms<</UR3 "+strconv.Itoa(n)+" 0 R>>", 1),
			n: ur3Sig,
		})
		rep := verifyBytes(t, forged, VerifyOptions{Roots: pki.roots, At: testTime})
		if len(rep.Signatures) != 1 || !rep.Signatures[0].ModifiedAfter || !strings.Contains(rep.Signatures[0].Modification, "/Perms /UR3") {
			t.Fatalf("signatures: %+v", rep.Signatures)
		}
	})
}
