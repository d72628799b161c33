package app

import (
	"regexp"
	"strings"
	"testing"

	"sealdesk/assets"
	"sealdesk/store"
)

// describeCases are details as the workflows write them (the fmt patterns
// beside each detailShape), at least one for every entry kind.
var describeCases = []struct {
	kind, outcome, detail string
	zh                    string // what the Chinese description must contain
}{
	{EntryLogin, store.OutcomeRefused, "wrong password 2 of 5", "密码错误（第 2 次，5 次后锁定）"},
	{EntryLogin, store.OutcomeRefused, "login: app: wrong user name or password", "用户名或密码错误"},
	{EntryLogin, store.OutcomeRefused, "user_disabled: app: user printer is disabled", "用户 printer 已停用"},
	{EntryLogout, store.OutcomeOK, LogoutIdle, "空闲超时自动退出"},
	{EntryLogout, store.OutcomeOK, LogoutUser, "用户退出"},
	{store.KindRow, store.OutcomeOK, "row content recorded", "记录该配置行的内容"},
	{store.KindRow, store.OutcomeOK, "row deleted", "该配置行已删除"},
	{EntrySettings, store.OutcomeOK, "retention: operation logs 6 months, signing evidence 60 months", "签章记录 60 个月"},
	{EntrySettings, store.OutcomeOK, "idle sign-out after 15m0s", "空闲 15m0s 后"},
	{EntrySettings, store.OutcomeOK, "largest file read: 200 MB", "200 MB"},
	{EntryRequest, store.OutcomeOK, "page 2 at (150.0, 62.0) mm; reason: 销售合同", "第 2 页 (150.0, 62.0) 毫米；事由：销售合同"},
	{EntryRequest, store.OutcomeOK, "seam: page 1 at (200.0, 148.5) mm slice 1/2, page 2 at (200.0, 148.5) mm slice 2/2; reason: 合同", "骑缝章：第 1 页"},
	{EntryRequest, store.OutcomeOK, "batch B20261205-0001; keyword 甲方: page 1 at (150.0, 62.0) mm; reason: 报销", "批量 B20261205-0001；关键字“甲方”"},
	{EntryRequestExport, store.OutcomeOK, "2 decisions, with the document → /home/a/R1.sdreq", "2 个审批决定"},
	{EntryRequestImport, store.OutcomeOK, "from 1f2e3d4c@hq: 1 new decisions; status approved", "新增 1 个审批决定；状态：已批准"},
	{EntryRequestWithdraw, store.OutcomeOK, "was pending", "撤回前状态：待审批"},
	{EntryApprove, store.OutcomeOK, "同意 (approval 1 of 2)", "同意（第 1 / 2 人批准）"},
	{EntryApprove, store.OutcomeRefused, "self_approval: app: the requester cannot approve their own stamp request (R20261205-0001)", "申请人不能审批自己的用印申请（R20261205-0001）"},
	{EntryReject, store.OutcomeOK, "金额不符", "金额不符"},
	{EntryStampStart, store.OutcomeOK, "pid 4242; output 合同-已盖章.pdf", "进程 4242 开始盖章"},
	{EntryStamp, store.OutcomeOK, "示例科技有限公司合同专用章; page 2 at (150.0, 62.0) mm; field Seal1; output 合同-已盖章.pdf", "签名域 Seal1；输出 合同-已盖章.pdf"},
	{EntryStamp, store.OutcomeRefused, "pin_incorrect: app: wrong PIN; 4 tries left", "保护口令错误，还可以尝试 4 次"},
	{EntryStamp, store.OutcomeRefused, "doc_changed: app: the document is not the approved one: approved SM3 ab12, this document cd34", "批准的 SM3 为 ab12"},
	{EntryStamp, store.OutcomeFailed, "recovered: a stamp (pid 77) was interrupted before its signed file was complete; the partial file was removed and the approval is spent", "本次批准已作废"},
	{EntryStamp, store.OutcomeFailed, "document hash 0a1b2c", "文档 SM3：0a1b2c"},
	{EntryPrintRequest, store.OutcomeOK, "3 copies; reason: 报送税务局", "3 份；事由：报送税务局"},
	{EntryPrint, store.OutcomeOK, "copy 1 of 2 → 合同-复印件-1-of-2.pdf", "第 1 / 2 份"},
	{EntryPrint, store.OutcomeOK, "copy 2 of 2 → printer office", "打印机 office"},
	{EntrySealMake, store.OutcomeOK, "示例科技有限公司财务专用章 3201060000003 SM2", "（编码 3201060000003，SM2）"},
	{EntrySealMake, store.OutcomeOK, "示例章 3201060000009 SM2 2026-12-05-2031-12-05", "有效期 2026-12-05 至 2031-12-05"},
	{EntrySealImport, store.OutcomeOK, "测试单位 公章 320106 V4 maker SealDesk; picture PNG", "制作方 SealDesk"},
	{EntrySealExport, store.OutcomeOK, "示例财务专用章 3201060000003 → finance.sel", "导出为 finance.sel"},
	{EntrySealSuspend, store.OutcomeOK, "示例财务专用章 active → suspended; reason: 交接", "启用 → 暂停；原因：交接"},
	{EntrySealResume, store.OutcomeOK, "示例财务专用章 suspended → active; reason: 交接完毕", "暂停 → 启用"},
	{EntrySealRevoke, store.OutcomeOK, "示例合同专用章 active → revoked; reason: 合并", "启用 → 注销"},
	{EntrySealReissue, store.OutcomeOK, "示例章 3201060000010 SM2 2026-12-05-2031-12-05; replaces contract; reason: 更名", "替换 contract"},
	{EntrySealBind, store.OutcomeOK, "示例章 bound to pkcs11:token=A (certificate 示例)", "绑定到 pkcs11:token=A"},
	{EntrySealIssue, store.OutcomeOK, "示例章 issued to custodian", "发放给 custodian"},
	{EntrySealCollect, store.OutcomeOK, "示例章 collected", "示例章 已领取"},
	{EntrySealPIN, store.OutcomeOK, "示例章 protection PIN changed", "示例章的保护口令已修改"},
	{EntrySettings, store.OutcomeOK, "seal PINs changed at least every 60 days", "至少每 60 天修改"},
	{EntrySettings, store.OutcomeOK, "no limit on the age of seal PINs", "不限修改周期"},
	{EntryGrant, store.OutcomeOK, "grant 1: custodian may use 示例章 until 2027-12-05 00:00:00", "授权 #1：custodian 可使用 示例章"},
	{EntryGrant, store.OutcomeOK, "grant 6: custodian may use 示例章 from 2026-12-01 to 2027-11-30 23:59:59", "2026-12-01 至"},
	{EntryGrantWithdraw, store.OutcomeOK, "grant 6 withdrawn", "授权 #6 已撤销"},
	{EntryRule, store.OutcomeOK, "2 approvals from any approver", "需 2 人批准，任一审批人"},
	{EntryRule, store.OutcomeOK, "1 approvals from approver, auditor", "审批人：approver, auditor"},
	{EntryUserCreate, store.OutcomeOK, "custodian custodian", "角色：印章保管人"},
	{EntryUserCreate, store.OutcomeOK, "user zhouli (周丽), roles printer", "角色：打印员"},
	{EntryUserPassword, store.OutcomeOK, "user zhouli", "用户 zhouli"},
	{EntryUserDisable, store.OutcomeOK, "user zhouli", "用户 zhouli"},
	{EntryUserEnable, store.OutcomeOK, "user zhouli", "用户 zhouli"},
	{EntryUserUnlock, store.OutcomeOK, "user printer, after 5 wrong passwords", "此前密码错误 5 次"},
	{EntryUserRecover, store.OutcomeOK, "administrator admin, by OS account root", "由操作系统账户 root 恢复"},
	{EntryTrustAdd, store.OutcomeOK, "trust anchor 示例 CA (O=[示例科技有限公司]), valid 2026-12-05 to 2046-12-05", "信任根 示例 CA"},
	{EntryTrustAdopt, store.OutcomeOK, "trust anchor 示例 CA (O=[示例]), valid 2026-12-05 to 2046-12-05; taken over from the trust folder on upgrade", "升级时从信任文件夹接管"},
	{EntryLedgerExport, store.OutcomeOK, "entries 1–42 → field.sdledger", "第 1–42 条记录 → field.sdledger"},
	{EntryLedgerImport, store.OutcomeOK, `{"workstation":"a34bdbc9@vm","new":49,"duplicates":0}`, "工作站 a34bdbc9@vm：新合并 49 条"},
	{EntryLedgerArchive, store.OutcomeOK, "entries 1–100 archived (before 2026-01-01; retention: operation logs 6 months, signing evidence 60 months)", "第 1–100 条记录已归档"},
	{EntryAuditReport, store.OutcomeOK, "period 2026-11-01 to 2026-11-30: 42 entries, 3 stamps, 1 refusals", "盖章 3 次，拒绝 1 次"},
	{EntryUserCertify, store.OutcomeOK, "certified the keys of admin custodian", "签发证书：admin custodian"},
	{EntryActorsSigned, store.OutcomeOK, "every act of a user is signed by that user's key from here on", "本人密钥签名"},
	{EntryStampRelease, store.OutcomeOK, "the key made no signature; the approval stays usable", "审批退回"},
	{EntryWorkstationKey, store.OutcomeOK, "workstation key moved to pkcs11:token=WS;id=%01;type=private", "工作站密钥迁移到 USB 密钥 pkcs11:token=WS"},
}

// latinWord is a run of three or more ASCII letters with the identifier
// characters around it.
var latinWord = regexp.MustCompile(`[A-Za-z0-9_.:=/@\-]*[A-Za-z]{3,}[A-Za-z0-9_.:=/@\-]*`)

// identifiers the cases' descriptions may show as written: login names, the
// maker's name, algorithm names and a printer queue.
var describeIDs = map[string]bool{"custodian": true, "approver": true, "auditor": true, "admin": true, "printer": true,
	"zhouli": true, "root": true, "office": true, "contract": true, "SealDesk": true, "Seal1": true, "PNG": true, "USB": true}

// TestDescribeEntry: every kind's detail reads in Chinese with no English
// word but identifiers (ids, hashes, login and file names), and in English;
// an unknown shape comes back as it was stored (issue 17 point 3).
func TestDescribeEntry(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range describeCases {
		seen[c.kind] = true
		e := store.Entry{Kind: c.kind, Outcome: c.outcome, Detail: c.detail}
		zh, en := DescribeEntry(e, assets.LangZH), DescribeEntry(e, assets.LangEN)
		if !strings.Contains(zh, c.zh) {
			t.Errorf("%s %q: zh %q lacks %q", c.kind, c.detail, zh, c.zh)
		}
		for _, w := range latinWord.FindAllString(zh, -1) {
			if !describeIDs[w] && !strings.ContainsAny(w, "0123456789./:=@") {
				t.Errorf("%s %q: zh %q says %q", c.kind, c.detail, zh, w)
			}
		}
		if en == "" || strings.Contains(en, "%!") || strings.ContainsAny(en, "，：；（") && !strings.ContainsAny(c.detail, "，：；（") {
			t.Errorf("%s %q: en %q", c.kind, c.detail, en)
		}
	}
	for v, name := range entryKindValues(t) {
		if !seen[v] {
			t.Errorf("%s (%q): no case shows its description", name, v)
		}
	}
	if got := DescribeEntry(store.Entry{Kind: EntryStamp, Detail: "something new"}, assets.LangZH); got != "something new" {
		t.Errorf("an unknown shape came back as %q", got)
	}
}
