package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sealdesk/app"
	"sealdesk/assets"
)

// texts collects the text of every label under o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	switch v := o.(type) {
	case *widget.Label:
		out = append(out, v.Text)
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, texts(c)...)
		}
	}
	return out
}

// TestVerifyPanelSays: the panel states a seal file's validity period and whether it
// has expired, and lists each finding in words under its signature.
func TestVerifyPanelSays(t *testing.T) {
	test.NewTempApp(t)
	from, to := time.Date(2020, 4, 22, 0, 0, 0, 0, time.UTC), time.Date(2022, 4, 22, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		rep  *app.VerifyReport
		want []string
	}{
		{"expired seal file", &app.VerifyReport{Kind: app.KindSeal, Valid: true, Name: "合同专用章", Code: "1", ValidFrom: &from, ValidTo: &to, Expired: true,
			Findings: []app.Finding{{Code: app.FindSealExpired, Severity: app.SevWarning}}},
			[]string{"有效期：2020-04-22 至 2022-04-22 · 已过期", "印章已过有效期"}},
		{"seal file not yet valid", &app.VerifyReport{Kind: app.KindSeal, Valid: true, Name: "合同专用章", Code: "1", ValidFrom: &from, ValidTo: &to, NotYetValid: true},
			[]string{"有效期：2020-04-22 至 2022-04-22 · 尚未生效"}},
		{"shadow attack", &app.VerifyReport{Kind: app.KindPDF, Signatures: []app.SignatureReport{{Field: "Seal1", Integrity: app.Valid, ModifiedAfter: true, Trust: app.Trusted}},
			Findings: []app.Finding{{Code: "form_fields", Severity: app.SevError, Signature: 1, Objects: []int{12}}, {Code: "page_content", Severity: app.SevError, Signature: 1, Objects: []int{5}}}},
			[]string{"签章后表单字段被移除或表单被改写 (对象 [12])", "签章后页面内容被修改 (对象 [5])"}},
		{"no signatures", &app.VerifyReport{Kind: app.KindPDF, Findings: []app.Finding{{Code: app.FindNoSignatures, Severity: app.SevError}}},
			[]string{"文档中没有签章"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := newVerifyPanel(&Workstation{lang: assets.LangZH})
			p.Show(c.rep)
			got := strings.Join(texts(p.content), "\n")
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("panel lacks %q:\n%s", w, got)
				}
			}
		})
	}
}
