package app

import (
	"encoding/json"
	"regexp"
	"strings"

	"sealdesk/assets"
	"sealdesk/store"
)

// A ledger entry's Detail is English text written at the time of the act,
// and it is hashed into the signed chain: it stays as it was written, or old
// ledgers would no longer verify. DescribeEntry therefore reads the facts
// back out of it (each workflow writes its detail from one fmt pattern, listed
// below next to the place that writes it) and says them again from the
// message catalog in the reader's language. A refusal's detail
// ("code: app: message") is read back through the error's own catalog
// message. A detail of no known shape is shown as it was written.

// detailShape is one way a workflow writes an entry's detail: the pattern it
// fills (each group one fact) and the catalog key that says it again, with
// one %s per group. Groups are passed through describeFact.
type detailShape struct {
	kinds []string // the entry kinds written this way
	re    *regexp.Regexp
	key   string
	roles int // the group (from 1) that lists roles, 0 for none
}

func shape(key, pattern string, kinds ...string) detailShape {
	return detailShape{kinds: kinds, re: regexp.MustCompile("^" + pattern + "$"), key: key}
}

// withRoles says that group n of the shape lists roles, space-separated.
func (s detailShape) withRoles(n int) detailShape { s.roles = n; return s }

const (
	anyText  = `(.*?)`
	number   = `(\d+)`
	dateText = `(\d{4}-\d{2}-\d{2})`
)

var detailShapes = []detailShape{
	// auth.go
	shape("ledger.d.wrong_password", `wrong password `+number+` of `+number, EntryLogin),
	// settings.go: the reason of a sign-out
	shape("ledger.d.logout.user", `user`, EntryLogout),
	shape("ledger.d.logout.idle", `idle`, EntryLogout),
	shape("ledger.d.logout.closed", `closed`, EntryLogout),
	// store/rows.go: a configuration row's content recorded, or its deletion
	shape("ledger.d.row.recorded", `row content recorded`, store.KindRow),
	shape("ledger.d.row.deleted", `row deleted`, store.KindRow),
	shape("ledger.d.idle", `idle sign-out after `+anyText, EntrySettings),
	shape("ledger.d.retention", `retention: operation logs `+number+` months, signing evidence `+number+` months`, EntrySettings),
	shape("ledger.d.usb_vendors", `USB key vendors: `+anyText, EntrySettings),
	shape("ledger.d.max_file", `largest file read: `+number+` MB`, EntrySettings),
	// sealpin.go
	shape("ledger.d.pin_max_days", `seal PINs changed at least every `+number+` days`, EntrySettings),
	shape("ledger.d.pin_max_days.off", `no limit on the age of seal PINs`, EntrySettings),
	shape("ledger.d.seal.pin", anyText+` protection PIN changed`, EntrySealPIN),
	// stamp.go, transfer.go
	shape("ledger.d.request.batch", `batch `+anyText+`; `+anyText+`; reason: `+anyText, EntryRequest),
	shape("ledger.d.request", anyText+`; reason: `+anyText, EntryRequest),
	shape("ledger.d.request.export.doc", number+` decisions, with the document → `+anyText, EntryRequestExport),
	shape("ledger.d.request.export", number+` decisions, without the document → `+anyText, EntryRequestExport),
	shape("ledger.d.request.import", `from `+anyText+`: `+number+` new decisions; status `+anyText, EntryRequestImport),
	shape("ledger.d.withdraw", `was `+anyText, EntryRequestWithdraw),
	shape("ledger.d.approval_of", anyText+` \(approval `+number+` of `+number+`\)`, EntryApprove),
	// reserve.go, stamp.go
	shape("ledger.d.stamp.start", `pid `+number+`; output `+anyText, EntryStampStart),
	shape("ledger.d.stamp", anyText+`; `+anyText+`; field `+anyText+`; output `+anyText, EntryStamp),
	shape("ledger.d.stamp.recovered", `recovered: the signed file of an interrupted stamp \(pid `+number+`\) was complete; output `+anyText, EntryStamp),
	shape("ledger.d.stamp.spent", `recovered: a stamp \(pid `+number+`\) was interrupted before its signed file was complete; the partial file was removed and the approval is spent`, EntryStamp),
	shape("ledger.d.stamp.unsigned", anyText+`; no signature was made, the approval stays usable`, EntryStamp),
	shape("ledger.d.stamp.cancelled", `cancelled: `+anyText, EntryStamp),
	shape("ledger.d.doc_hash", `document hash `+anyText, EntryStamp),
	shape("ledger.d.batch", `batch `+anyText, EntryStamp),
	// print.go
	shape("ledger.d.print.request", number+` copies; reason: `+anyText, EntryPrintRequest),
	shape("ledger.d.print.printer", `copy `+number+` of `+number+` → printer `+anyText, EntryPrint),
	shape("ledger.d.print", `copy `+number+` of `+number+` → `+anyText, EntryPrint),
	// lifecycle.go, demo.go, token.go
	shape("ledger.d.seal.replaces", anyText+` `+anyText+` `+anyText+` `+dateText+`-`+dateText+`; replaces `+anyText+`; reason: `+anyText, EntrySealMake, EntrySealReissue),
	shape("ledger.d.seal.make", anyText+` `+anyText+` `+anyText+` `+dateText+`-`+dateText, EntrySealMake, EntrySealReissue),
	shape("ledger.d.seal.make.demo", anyText+` `+anyText+` `+anyText, EntrySealMake),
	shape("ledger.d.seal.reissued", anyText+` `+anyText+` → `+anyText+`; re-issued as `+anyText+`; reason: `+anyText, EntrySealRevoke, EntrySealReissue),
	shape("ledger.d.seal.status", anyText+` `+anyText+` → `+anyText+`; reason: `+anyText, EntrySealSuspend, EntrySealResume, EntrySealRevoke),
	shape("ledger.d.seal.export", anyText+` `+anyText+` → `+anyText, EntrySealExport),
	shape("ledger.d.seal.import", anyText+` `+anyText+` V`+number+` maker `+anyText+`; picture `+anyText+`(?:; (.*))?`, EntrySealImport),
	shape("ledger.d.seal.issue", anyText+` issued to `+anyText, EntrySealIssue),
	shape("ledger.d.seal.collect", anyText+` collected`, EntrySealCollect),
	shape("ledger.d.seal.bind", anyText+` bound to `+anyText+` \(certificate `+anyText+`\)`, EntrySealBind),
	// grants.go, demo.go
	shape("ledger.d.grant", `grant `+number+`: `+anyText+` may use `+anyText+` from `+anyText+` to `+anyText, EntryGrant),
	shape("ledger.d.grant.until", `grant `+number+`: `+anyText+` may use `+anyText+` until `+anyText, EntryGrant),
	shape("ledger.d.grant.withdraw", `grant `+number+` withdrawn`, EntryGrantWithdraw),
	shape("ledger.d.rule.any", number+` approvals from any approver`, EntryRule),
	shape("ledger.d.rule", number+` approvals from `+anyText, EntryRule),
	// users.go, demo.go, userkey.go
	shape("ledger.d.user.roles", `user `+anyText+` \(`+anyText+`\), roles `+anyText, EntryUserCreate).withRoles(3),
	shape("ledger.d.user.unlock", `user `+anyText+`, after `+number+` wrong passwords`, EntryUserUnlock),
	shape("ledger.d.user", `user `+anyText, EntryUserCreate, EntryUserPassword, EntryUserDisable, EntryUserEnable, EntryUserUnlock),
	shape("ledger.d.user.demo", `(\S+) (\S+)`, EntryUserCreate).withRoles(2),
	shape("ledger.d.user.recover", `administrator `+anyText+`, by OS account `+anyText, EntryUserRecover),
	shape("ledger.d.user.certify", `certified the keys of `+anyText, EntryUserCertify),
	shape("ledger.d.actors_signed", `every act of a user is signed by that user's key from here on`, EntryActorsSigned),
	// reserve.go, wstoken.go
	shape("ledger.d.stamp.release", `the key made no signature; the approval stays usable`, EntryStampRelease),
	shape("ledger.d.wskey", `workstation key moved to `+anyText, EntryWorkstationKey),
	// trust.go, archive.go
	shape("ledger.d.trust.adopt", `trust anchor `+anyText+` \(O=`+anyText+`\), valid `+dateText+` to `+dateText+`; taken over from the trust folder on upgrade`, EntryTrustAdopt),
	shape("ledger.d.trust", `trust anchor `+anyText+` \(O=`+anyText+`\), valid `+dateText+` to `+dateText, EntryTrustAdd),
	shape("ledger.d.trust.carried", `trust anchor `+anyText+` carried over: the entry that added it was archived to `+anyText, EntryTrustAdd, EntryTrustAdopt),
	// exchange.go, archive.go, audit.go
	shape("ledger.d.ledger.export", `entries `+number+`–`+number+` → `+anyText, EntryLedgerExport),
	shape("ledger.d.archive", `entries `+number+`–`+number+` archived \(before `+anyText+`; retention: operation logs `+number+` months, signing evidence `+number+` months\)`, EntryLedgerArchive),
	shape("ledger.d.audit", `period `+dateText+` to `+dateText+`: `+number+` entries, `+number+` stamps, `+number+` refusals`, EntryAuditReport),
}

// placement is one mark as describePlacements writes it.
var (
	placementRe = regexp.MustCompile(`page (\d+) at \(([-\d.]+), ([-\d.]+)\) mm(?: slice (\d+)/(\d+))?`)
	placeRuleRe = regexp.MustCompile(`^(seam|keyword (.+)): `)
	refusalRe   = regexp.MustCompile(`^([a-z0-9_]+): app: (.*)$`)
	verbRe      = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0-9.]*[a-zA-Z%]`)
)

// DescribeEntry says what e's detail records, in lang (assets.LangZH or
// assets.LangEN); see the comment above detailShape.
func DescribeEntry(e store.Entry, lang string) string {
	return describeDetail(e.Kind, e.Outcome, e.Detail, lang)
}

// Description is DescribeEntry for a record of an export.
func (r LedgerRecord) Description(lang string) string {
	return describeDetail(r.Kind, r.Outcome, r.Detail, lang)
}

func describeDetail(kind, outcome, detail, lang string) string {
	if detail == "" {
		return ""
	}
	if m := refusalRe.FindStringSubmatch(detail); m != nil {
		if s, ok := catalogBack("err."+m[1], m[2], lang); ok {
			return s
		}
		return assets.T(lang, "ledger.d.refused", m[1])
	}
	if kind == EntryLedgerImport && strings.HasPrefix(detail, "{") {
		var rep ImportReport
		if json.Unmarshal([]byte(detail), &rep) == nil {
			s := assets.T(lang, "ledger.imported", rep.Workstation, rep.New, rep.Duplicates)
			if !rep.Clean() {
				s += assets.T(lang, "ledger.d.import.unclean")
			}
			return s
		}
	}
	for _, sh := range detailShapes {
		if !contains(sh.kinds, kind) {
			continue
		}
		m := sh.re.FindStringSubmatch(detail)
		if m == nil {
			continue
		}
		args := make([]any, 0, len(m)-1)
		for i, g := range m[1:] {
			if i+1 == sh.roles {
				args = append(args, describeRoles(g, lang))
				continue
			}
			args = append(args, describeFact(g, lang))
		}
		return assets.T(lang, sh.key, args...)
	}
	// Free text of the person (an approval's comment, a failure's cause).
	if (kind == EntryApprove || kind == EntryReject) && outcome == store.OutcomeOK {
		return detail
	}
	if s, ok := strings.CutPrefix(detail, "app: "); ok {
		for _, k := range assets.MessageKeys() {
			if strings.HasPrefix(k, "err.") {
				if out, ok := catalogBack(k, s, lang); ok {
					return out
				}
			}
		}
	}
	return detail
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// describeRoles names space-separated roles in lang.
func describeRoles(s, lang string) string {
	roles := strings.Fields(s)
	for i, r := range roles {
		if assets.HasMessage("ui.role." + r) {
			roles[i] = assets.T(lang, "ui.role."+r)
		}
	}
	return strings.Join(roles, assets.T(lang, "ledger.p.sep"))
}

// describeFact says one fact of a detail in lang: a status by its name, the marks of a request by their pages and
// positions, anything else (names, ids, file names, numbers) as written.
func describeFact(s, lang string) string {
	for _, prefix := range []string{"status.", "ui.reqstatus."} {
		if s != "" && assets.HasMessage(prefix+s) {
			return assets.T(lang, prefix+s)
		}
	}
	if p, ok := describeMarks(s, lang); ok {
		return p
	}
	return s
}

// describeMarks says again what describePlacements wrote.
func describeMarks(s, lang string) (string, bool) {
	rule := ""
	if m := placeRuleRe.FindStringSubmatch(s); m != nil {
		if m[1] == "seam" {
			rule = assets.T(lang, "ledger.p.seam")
		} else {
			rule = assets.T(lang, "ledger.p.keyword", m[2])
		}
		s = s[len(m[0]):]
	}
	all := placementRe.FindAllStringSubmatchIndex(s, -1)
	if len(all) == 0 {
		return "", false
	}
	var parts []string
	end := 0
	for _, ix := range all {
		if sep := s[end:ix[0]]; sep != "" && sep != ", " {
			return "", false
		}
		end = ix[1]
		g := func(i int) string {
			if ix[2*i] < 0 {
				return ""
			}
			return s[ix[2*i]:ix[2*i+1]]
		}
		p := assets.T(lang, "ledger.p.mark", g(1), g(2), g(3))
		if g(4) != "" {
			p += assets.T(lang, "ledger.p.slice", g(4), g(5))
		}
		parts = append(parts, p)
	}
	if end != len(s) {
		return "", false
	}
	out := strings.Join(parts, assets.T(lang, "ledger.p.sep"))
	if rule != "" {
		out = rule + assets.T(lang, "ledger.p.rule_sep") + out
	}
	return out, true
}

// catalogBack reads the arguments of message key back out of its English
// text s and says the message again in lang: the catalog's English message
// is the pattern (each fmt verb one argument).
func catalogBack(key, s, lang string) (string, bool) {
	if !assets.HasMessage(key) {
		return "", false
	}
	en := assets.T(assets.LangEN, key)
	verbs := verbRe.FindAllStringIndex(en, -1)
	var b strings.Builder
	b.WriteString("^")
	last := 0
	for _, v := range verbs {
		b.WriteString(regexp.QuoteMeta(en[last:v[0]]))
		if en[v[0]:v[1]] == "%%" {
			b.WriteString("%")
		} else {
			b.WriteString("(.*?)")
		}
		last = v[1]
	}
	b.WriteString(regexp.QuoteMeta(en[last:]) + "$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return "", false
	}
	m := re.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	if lang == assets.LangEN {
		return s, true
	}
	// The facts by argument number, as the English message placed them.
	facts := map[int]string{}
	next := 0
	for j, v := range verbs {
		if verb := en[v[0]:v[1]]; verb != "%%" {
			n := argIndex(verb, &next)
			facts[n] = m[j+1]
		}
	}
	// The other language's message, each verb replaced by its fact.
	next = 0
	out := verbRe.ReplaceAllStringFunc(assets.T(lang, key), func(v string) string {
		if v == "%%" {
			return "%"
		}
		f, ok := facts[argIndex(v, &next)]
		if !ok {
			return v
		}
		return describeFact(f, lang)
	})
	return out, true
}

// argIndex is the 0-based argument a fmt verb formats, next being the one a
// verb without an explicit index takes (fmt's rule: after %[n]v comes n+1).
func argIndex(verb string, next *int) int {
	n := *next
	if i := strings.Index(verb, "["); i >= 0 {
		k := 0
		for _, c := range verb[i+1:] {
			if c < '0' || c > '9' {
				break
			}
			k = k*10 + int(c-'0')
		}
		n = k - 1
	}
	*next = n + 1
	return n
}
