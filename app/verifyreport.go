package app

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"sealdesk/assets"
	"sealdesk/pdfsign"
	"sealdesk/report"
	"sealdesk/seal"
)

// VerificationReport writes rep, the verdict on the file whose bytes are data, as a
// PDF a person can print or file: the verdict, every signature and every finding in
// words (Chinese unless lang is English). It is signed with the workstation's key,
// like the audit report, so that the report itself can be verified. It returns the
// SM3 of the written file, hex.
func (w *Workspace) VerificationReport(ctx context.Context, rep *VerifyReport, data []byte, outPath, lang string) (string, error) {
	if lang != assets.LangEN {
		lang = assets.LangZH
	}
	if err := CheckNewFile(outPath); err != nil {
		return "", err
	}
	signer, cert, err := w.workstationSigner()
	if err != nil {
		return "", err
	}
	if signer == nil {
		return "", errf("no_workstation_key", nil)
	}
	t := func(key string, args ...any) string { return assets.T(lang, "vreport."+key, args...) }
	word := func(v string) string {
		if assets.HasMessage("verify." + v) {
			return assets.T(lang, "verify."+v)
		}
		return v
	}
	when := func(at time.Time) string {
		if at.IsZero() {
			return ""
		}
		return at.In(time.Local).Format("2006-01-02 15:04:05")
	}

	doc, err := report.New(assets.LatinFont, assets.CJKFont)
	if err != nil {
		return "", err
	}
	org := w.Organisation(ctx)
	doc.Title, doc.Author = t("title")+" · "+filepath.Base(rep.File), org
	doc.Heading(t("title"), 18)
	sum := sm3.Sum(data)
	doc.Para(t("file", filepath.Base(rep.File), len(data), hex.EncodeToString(sum[:])), 10, report.Black)
	doc.Para(t("generated", when(w.Now()), org, w.workstation), 10, report.Black)
	if rep.Valid {
		doc.Para(t("verdict_valid"), 14, report.Black)
	} else {
		doc.Para(t("verdict_invalid"), 14, report.Red)
	}

	if rep.Kind != KindPDF {
		doc.Heading(t("seal"), 13)
		lines := []string{t("seal_line", rep.Name, rep.Code, rep.Version), t("maker", word(rep.MakerSignature))}
		if rep.ValidFrom != nil && rep.ValidTo != nil {
			state := ""
			switch {
			case rep.Expired:
				state = " · " + word("expired")
			case rep.NotYetValid:
				state = " · " + word("not_yet_valid")
			}
			lines = append(lines, t("period", rep.ValidFrom.Format(time.DateOnly), rep.ValidTo.Format(time.DateOnly))+state)
		}
		for _, l := range lines {
			doc.Para(l, 10, report.Black)
		}
	}
	if rep.Kind == KindPDF {
		doc.Heading(t("signatures"), 13)
		if len(rep.Signatures) == 0 {
			doc.Para(word("finding.no_signatures"), 10, report.Red)
		} else {
			var rows [][]string
			for i, s := range rep.Signatures {
				name := s.SealName
				if name == "" {
					name = s.Signer
				}
				cover := word("whole")
				if s.ModifiedAfter {
					cover = word("modified_after")
				} else if !s.CoversWholeDocument {
					cover = word("later_sigs")
				}
				rows = append(rows, []string{fmt.Sprint(i + 1), name + "\n" + s.Signer, fmt.Sprint(s.Page), when(s.SigningTime),
					s.Algorithm, word(s.Integrity), cover, word(s.Trust)})
			}
			doc.Table([]report.Column{{Title: "#", Weight: 0.4}, {Title: t("c_signer"), Weight: 3}, {Title: t("c_page"), Weight: 0.6},
				{Title: t("c_time"), Weight: 1.6}, {Title: t("c_alg"), Weight: 1.2}, {Title: t("c_integrity"), Weight: 1},
				{Title: t("c_cover"), Weight: 2}, {Title: t("c_trust"), Weight: 1}}, rows, 8)
		}
	}
	doc.Heading(t("findings"), 13)
	if len(rep.Findings) == 0 {
		doc.Para(t("none"), 10, report.Grey)
	} else {
		var rows [][]string
		for _, f := range rep.Findings {
			where := ""
			if f.Signature > 0 {
				where = fmt.Sprintf("#%d", f.Signature)
			}
			var at []string
			if f.Revision > 0 {
				at = append(at, fmt.Sprintf("%s %d", word("revision"), f.Revision))
			}
			if len(f.Objects) > 0 {
				at = append(at, fmt.Sprintf("%s %v", word("objects"), f.Objects))
			}
			rows = append(rows, []string{where, t("sev_" + f.Severity), word("finding." + f.Code), strings.Join(at, "\n"), f.Detail})
		}
		doc.Table([]report.Column{{Title: t("c_sig"), Weight: 0.6}, {Title: t("c_severity"), Weight: 0.8}, {Title: t("c_finding"), Weight: 3},
			{Title: t("c_where"), Weight: 1.4}, {Title: t("c_detail"), Weight: 3.2}}, rows, 8)
	}
	doc.Space(6)
	doc.Para(t("signed_note"), 9, report.Grey)

	var unsigned bytes.Buffer
	if err := doc.Write(&unsigned, w.Now(), func(n, total int) string { return t("page", n, total) }); err != nil {
		return "", err
	}
	picture, err := seal.DrawPicture(seal.PictureSpec{Shape: seal.Round, WidthMM: 30, HeightMM: 30, Color: seal.SealBlue,
		Upper: org, Horizontal: []string{t("mark")}, Lower: "SealDesk"}, 300)
	if err != nil {
		return "", err
	}
	opts := pdfsign.Options{Signer: signer, Chain: []*smx509.Certificate{cert}, Page: 1, CenterXMM: 210 - 15 - 18, CenterYMM: 30,
		WidthMM: 30, HeightMM: 30, Picture: picture, FieldName: "VerificationReport", Name: cert.Subject.CommonName,
		Reason: t("reason_sig", filepath.Base(rep.File)), Location: org, Time: w.Now(), Rand: w.Rand}
	_, sha, err := signPDF(unsigned.Bytes(), outPath, 0o644, opts)
	if err != nil {
		return "", fmt.Errorf("write verification report: %w", err)
	}
	return sha, nil
}
