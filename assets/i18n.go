package assets

import (
	"fmt"
	"os"
	"strings"
)

// Languages SealDesk speaks. Chinese first; English is the switchable second.
const (
	LangZH = "zh-CN"
	LangEN = "en"
)

// DetectLang picks the interface language: SEALDESK_LANG, then LC_ALL, LC_MESSAGES
// and LANG; anything that is not English means Chinese.
func DetectLang() string {
	for _, v := range []string{"SEALDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		s := strings.ToLower(os.Getenv(v))
		if s == "" {
			continue
		}
		if strings.HasPrefix(s, "en") {
			return LangEN
		}
		if s == "c" || s == "posix" || s == "c.utf-8" {
			continue
		}
		return LangZH
	}
	return LangZH
}

// T returns the message for key in lang, formatted with args (fmt verbs). An
// unknown key comes back as itself, so a missing translation is visible, not silent.
func T(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		if len(args) > 0 {
			return key + ": " + fmt.Sprint(args...)
		}
		return key
	}
	f := m[0]
	if lang == LangEN {
		f = m[1]
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// HasMessage reports whether the catalog has key.
func HasMessage(key string) bool { _, ok := messages[key]; return ok }

// MessageKeys lists every key of the catalog (for tests that check coverage).
func MessageKeys() []string {
	out := make([]string, 0, len(messages))
	for k := range messages {
		out = append(out, k)
	}
	return out
}

// messages maps a key to its Chinese and English text.
var messages = map[string][2]string{
	// Errors of the sealing workflow.
	"err.not_pdf":                    {"文件不是 PDF 文档：%s", "the file is not a PDF document: %s"},
	"err.not_document":               {"文件既不是 PDF 也不是 OFD 文档：%s", "the file is neither a PDF nor an OFD document: %s"},
	"err.pdf_damaged":                {"PDF 文档已损坏或不完整：%s", "the PDF document is damaged or incomplete: %s"},
	"err.pdf_certified":              {"PDF 文档带有禁止任何修改的认证签名（DocMDP P1），盖章会使该认证失效：请向文档的认证方索取允许签名的版本：%s", "the PDF carries a certification that allows no change at all (DocMDP P1), which a stamp would break; ask its certifier for a version that allows signing: %s"},
	"err.pdf_encrypted":              {"PDF 文档已加密，请先提供未加密的文档：%s", "the PDF document is encrypted; provide an unencrypted copy: %s"},
	"err.page_range":                 {"页码 %d 超出范围：文档共 %d 页", "page %d is out of range: the document has %d pages"},
	"err.batch_document":             {"批量中的文档“%s”无法申请：%s", "the document “%s” of the batch cannot be requested: %s"},
	"err.batch_duplicate":            {"批量中“%s”与“%s”是同一份文档", "“%s” and “%s” in the batch are the same document"},
	"err.out_dir":                    {"输出文件夹必须是新的或空的：%s", "the output folder must be new or empty: %s"},
	"err.seam_edge":                  {"骑缝章的页边无效：%s（应为 right、left、top 或 bottom）", "invalid edge for a cross-page seal: %s (right, left, top or bottom)"},
	"err.seam_pages":                 {"骑缝章至少需要两页，所选范围只有 %d 页", "a cross-page seal needs at least two pages; the range names %d"},
	"err.page_list":                  {"页码范围“%s”无效：应为如 2,4-6 的页码，每页只出现一次，且在 1 到 %d 之间", "invalid page range “%s”: pages such as 2,4-6, each once, between 1 and %d"},
	"err.off_page":                   {"印章位置超出页面：%.1f×%.1f 毫米的印章中心在 (%.1f, %.1f) 毫米处，页面为 %.1f×%.1f 毫米", "the seal does not fit on the page: a %.1f×%.1f mm seal centred at (%.1f, %.1f) mm on a %.1f×%.1f mm page"},
	"err.file_missing":               {"找不到文件：%s", "file not found: %s"},
	"err.file_read":                  {"无法读取文件 %s：%v", "cannot read %s: %v"},
	"err.not_folder":                 {"%s 不是文件夹", "%s is not a folder"},
	"err.out_folder":                 {"无法写入 %s：文件夹 %s 不存在", "cannot write %s: the folder %s does not exist"},
	"err.out_exists":                 {"输出文件已存在，不会覆盖：%s", "the output file already exists and will not be overwritten: %s"},
	"err.out_is_input":               {"输出文件不能是原文档本身：%s", "the output file cannot be the original document: %s"},
	"err.seal_missing":               {"找不到印章：%s", "no such seal: %s"},
	"err.seal_suspended":             {"印章“%s”已暂停使用", "the seal “%s” is suspended"},
	"err.seal_revoked":               {"印章“%s”已注销", "the seal “%s” is revoked"},
	"err.seal_not_yet_valid":         {"印章“%s”尚未生效（生效日期 %s）", "the seal “%s” is not valid yet (valid from %s)"},
	"err.seal_expired":               {"印章“%s”已过有效期（有效期至 %s）", "the seal “%s” has expired (valid until %s)"},
	"err.cert_expired":               {"印章“%s”的证书已过期或尚未生效（%s 至 %s）", "the certificate of the seal “%s” is expired or not yet valid (%s to %s)"},
	"err.request_missing":            {"找不到用印申请：%s", "no such stamp request: %s"},
	"err.not_approved":               {"用印申请 %s 尚未获批，不能盖章", "stamp request %s has not been approved; stamping is refused"},
	"err.rejected":                   {"用印申请 %s 已被驳回", "stamp request %s was rejected"},
	"err.already_used":               {"用印申请 %s 已使用过，每次批准只能盖章一次", "stamp request %s has already been used; an approval allows one stamp"},
	"err.not_pending":                {"用印申请 %s 不在待审批状态（当前：%s）", "stamp request %s is not pending (it is %s)"},
	"err.self_approval":              {"申请人不能审批自己的用印申请（%s）", "the requester cannot approve their own stamp request (%s)"},
	"err.doc_changed":                {"文档与批准的不一致：批准的 SM3 为 %s，当前文档为 %s", "the document is not the approved one: approved SM3 %s, this document %s"},
	"err.not_requester":              {"只有申请人 %s 可以使用此批准盖章", "only the requester %s may stamp with this approval"},
	"err.role":                       {"用户 %s 没有“%s”角色", "user %s does not have the role “%s”"},
	"err.login":                      {"用户名或密码错误", "wrong user name or password"},
	"err.user_disabled":              {"用户 %s 已停用", "user %s is disabled"},
	"err.pin_incorrect":              {"保护口令错误，还可以尝试 %d 次", "wrong PIN; %d tries left"},
	"err.pin_final":                  {"保护口令错误，只剩最后一次尝试，再错将锁定", "wrong PIN; one try left before the key locks"},
	"err.pin_locked":                 {"密钥已锁定：保护口令错误次数过多，请按规定申请重置", "the key is locked after too many wrong PINs; apply for a reset"},
	"err.pin_policy":                 {"保护口令不符合要求：%v", "the PIN does not meet the policy: %v"},
	"err.no_token":                   {"找不到印章密钥（USB Key 未插入？）：%v", "the seal's key is not present (USB key not inserted?): %v"},
	"err.sign_failed":                {"签章失败：%v", "signing failed: %v"},
	"err.workspace_missing":          {"工作区不存在：%s（先运行 sealctl init-demo --home %s）", "no workspace at %s (run sealctl init-demo --home %s first)"},
	"err.workspace_exists":           {"工作区已存在：%s", "a workspace already exists at %s"},
	"err.unreadable":                 {"无法识别的文件（既不是 PDF，也不是印章数据）：%s", "unrecognised file (neither a PDF nor seal data): %s"},
	"err.internal":                   {"内部错误：%v", "internal error: %v"},
	"err.ledger_broken":              {"台账在第 %d 条记录处被破坏：%s", "the ledger is broken at entry %d: %s"},
	"err.bad_argument":               {"参数错误：%s", "bad argument: %s"},
	"err.print_destination":          {"请指定输出文件夹或打印机（二者选一）", "give an output folder or a printer, one of the two"},
	"err.seal_id_alphabet":           {"印章编号 %s 只能含 a-z、0-9、- 和 _", "seal id %s may hold only a-z, 0-9, - and _"},
	"err.out_missing":                {"未指定输出文件", "no output file given"},
	"err.doc_changed_while_stamping": {"文档 %s 在盖章过程中被修改，未签章；本次批准已作废，请重新申请", "the document %s changed while it was being stamped; nothing was signed, and this approval is spent: file a new request"},

	// Verification words.
	"verify.valid":          {"有效", "valid"},
	"verify.invalid":        {"无效", "invalid"},
	"verify.trusted":        {"可信", "trusted"},
	"verify.unknown":        {"未知", "unknown"},
	"verify.whole":          {"覆盖整个文档", "covers the whole document"},
	"verify.modified_after": {"签章后文档被修改", "the document was modified after this signature"},
	"verify.later_sigs":     {"其后仅追加了签章", "only signatures were added after it"},

	// Interface.
	"app.title":        {"SealDesk 电子印章工作站", "SealDesk sealing workstation"},
	"ui.seals":         {"印章", "Seals"},
	"ui.seal.name":     {"印章名称", "Seal"},
	"ui.seal.kind":     {"类别", "Kind"},
	"ui.seal.alg":      {"算法", "Algorithm"},
	"ui.seal.status":   {"状态", "Status"},
	"ui.seal.code":     {"印章编码", "Seal code"},
	"ui.workspace.at":  {"工作区：%s", "Workspace: %s"},
	"status.active":    {"启用", "active"},
	"status.suspended": {"暂停", "suspended"},
	"status.revoked":   {"注销", "revoked"},
	"kind.official":    {"法定名称章", "official seal"},
	"kind.contract":    {"合同专用章", "contract seal"},
	"kind.finance":     {"财务专用章", "finance seal"},
	"kind.invoice":     {"发票专用章", "invoice seal"},
	"kind.legal-rep":   {"法定代表人名章", "legal representative seal"},
}
