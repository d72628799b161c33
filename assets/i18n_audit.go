package assets

// The audit report (sealctl audit report, the auditor's report screen).
func init() {
	for k, v := range map[string][2]string{
		"err.audit_period":       {"审计期间无效：开始日期须早于结束日期", "invalid audit period: the first day must come before the last"},
		"err.no_workstation_key": {"本工作站没有工作站密钥，无法签署审计报告", "this workstation has no workstation key to sign the audit report with"},

		"audit.title":            {"用印审计报告", "Seal use audit report"},
		"audit.period":           {"审计期间：%s 至 %s（含）", "Period: %s to %s (inclusive)"},
		"audit.generated":        {"生成时间：%s　生成人：%s　工作站：%s　IP：%s", "Generated %s by %s on workstation %s, IP %s"},
		"audit.chain_intact":     {"台账哈希链完整：共 %d 条记录，工作站签名的链头有效。链头 SM3：%s", "Ledger hash chain intact: %d entries, the workstation-signed heads are valid. Head SM3: %s"},
		"audit.chain_broken":     {"警告：台账哈希链在第 %d 条记录处断裂（%s）。该记录及其后的记录不可信，请立即调查。", "WARNING: the ledger hash chain is broken at entry %d (%s). That entry and all after it cannot be trusted; investigate at once."},
		"audit.chain_heads":      {"警告：台账签名链头校验失败：%s", "WARNING: the ledger's signed heads do not check: %s"},
		"audit.summary":          {"概况", "Summary"},
		"audit.summary_line":     {"期间内台账记录 %d 条；成功盖章 %d 次；拒绝或失败 %d 次；纸质副本相关操作 %d 次。", "%d ledger entries in the period; %d stamps; %d refused or failed operations; %d paper-copy operations."},
		"audit.per_seal":         {"按印章统计", "By seal"},
		"audit.per_user":         {"按用户统计", "By user"},
		"audit.stamps":           {"盖章记录", "Stamps"},
		"audit.refusals":         {"拒绝与失败", "Refusals and failures"},
		"audit.prints":           {"纸质副本", "Paper copies"},
		"audit.changes":          {"印章、授权与设置变更", "Seal, authorisation and settings changes"},
		"audit.none":             {"（无）", "(none)"},
		"audit.seal":             {"印章", "Seal"},
		"audit.user":             {"用户", "User"},
		"audit.time":             {"时间", "Time"},
		"audit.document":         {"文档（盖章前 / 后 SM3）", "Document (SM3 before / after)"},
		"audit.request":          {"申请编号", "Request"},
		"audit.approvals":        {"审批", "Approvals"},
		"audit.operation":        {"操作", "Operation"},
		"audit.reason":           {"原因", "Reason"},
		"audit.detail":           {"详情", "Detail"},
		"audit.before":           {"前", "before"},
		"audit.after":            {"后", "after"},
		"audit.c_requests":       {"申请", "Requests"},
		"audit.c_approvals":      {"审批", "Decisions"},
		"audit.c_stamps":         {"盖章", "Stamps"},
		"audit.c_refused":        {"拒绝", "Refused"},
		"audit.c_failed":         {"失败", "Failed"},
		"audit.c_prints":         {"副本", "Copies"},
		"audit.outcome_refused":  {"拒绝", "refused"},
		"audit.outcome_failed":   {"失败", "failed"},
		"audit.decision_approve": {"批准", "approved"},
		"audit.decision_reject":  {"驳回", "rejected"},
		"audit.signed":           {"（签名已验证）", "(signature verified)"},
		"audit.signature_bad":    {"（警告：签名无效）", "(WARNING: signature does not verify)"},
		"audit.signed_note":      {"本报告由工作站密钥签名（第 1 页的蓝色标记），可用 sealctl verify 或任何支持 PDF 签名的软件验证；它不是单位印章。", "This report is signed with the workstation's key (the blue mark on page 1) and can be checked with sealctl verify or any PDF signature verifier; it is not an organisation seal."},
		"audit.page":             {"第 %d 页 / 共 %d 页", "Page %d of %d"},
		"audit.mark":             {"审计报告", "AUDIT"},
		"audit.reason_sig":       {"用印审计报告 %s 至 %s", "Seal use audit report %s to %s"},
	} {
		messages[k] = v
	}
}
