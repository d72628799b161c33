package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
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
	case *widget.Form:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, texts(c)...)
		}
	}
	return out
}

// readable fails t for every label under o whose text an auditor could not
// read: below WCAG AA's 4.5:1 against the window's background (Fyne draws a
// low-importance label in the disabled colour).
func readable(t *testing.T, o fyne.CanvasObject) {
	t.Helper()
	th := newTheme()
	bg := th.Color(theme.ColorNameBackground, theme.VariantLight)
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			n := map[widget.Importance]fyne.ThemeColorName{
				widget.LowImportance: theme.ColorNameDisabled, widget.HighImportance: theme.ColorNamePrimary,
				widget.DangerImportance: theme.ColorNameError, widget.WarningImportance: theme.ColorNameWarning,
				widget.SuccessImportance: theme.ColorNameSuccess,
			}[v.Importance]
			if n == "" {
				n = theme.ColorNameForeground
			}
			if r := contrast(th.Color(n, theme.VariantLight), bg); r < 4.5 && v.Text != "" {
				t.Errorf("%q is drawn at %.1f:1 against the background", v.Text, r)
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(o)
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
			[]string{"签章 1", "签章后表单字段被移除或表单被改写 (对象 [12])", "签章后页面内容被修改 (对象 [5])"}},
		{"signer and organisation", &app.VerifyReport{Kind: app.KindPDF, Valid: true, Signatures: []app.SignatureReport{{Field: "Seal1", Page: 2, Integrity: app.Valid,
			CoversWholeDocument: true, Trust: app.Trusted, Signer: "张三", Organisation: "示例科技有限公司", Algorithm: "SM2-SM3"}}},
			[]string{"签章 1：张三（示例科技有限公司）", "信任：可信", "第 2 页", "签章后文档未被修改"}},
		{"later signature allowed", &app.VerifyReport{Kind: app.KindPDF, Valid: true, Signatures: []app.SignatureReport{{Field: "Seal1", Page: 1, Integrity: app.Valid,
			Trust: app.Unknown, SealName: "示例科技有限公司合同专用章", SealCode: "3201060000001", Signer: "李四"}}},
			[]string{"签章 1：示例科技有限公司合同专用章", "印章：示例科技有限公司合同专用章（编码 3201060000001）", "信任：未知", "签章后仅有允许的修改"}},
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
			readable(t, p.content)
			// The field name is an internal label: never a card's title.
			for _, card := range p.Cards {
				if strings.Contains(card.Title.Text, "Seal1") {
					t.Errorf("card title %q names the field", card.Title.Text)
				}
			}
		})
	}
}
