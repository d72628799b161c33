package assets

// Messages of the command line (cmd/sealctl): the help of every command, its
// usage errors and the sentences that say what a command did (issue 17).
// Help texts are whole blocks: a synopsis, a short description, the flags
// and at least one example, so a translator sees each as one page.
func init() {
	for k, v := range map[string][2]string{
		// Usage errors. %s is a flag as typed (--page) or a command.
		"cli.err.unknown_command": {"未知命令：%s", "unknown command: %s"},
		"cli.err.unknown_sub":     {"未知的子命令：%s", "unknown subcommand: %s"},
		"cli.err.unknown_flag":    {"未知参数：%s", "unknown flag: %s"},
		"cli.err.flag_needs_arg":  {"参数 %s 需要一个值", "flag %s needs a value"},
		"cli.err.flag_value":      {"参数 %s 的值无效：%s", "invalid value for flag %s: %s"},
		"cli.err.flag_syntax":     {"参数格式错误：%s", "bad flag syntax: %s"},
		"cli.err.missing":         {"缺少必需的参数 %s", "missing required flag %s"},
		"cli.err.missing_arg":     {"缺少必需的参数 %s", "missing required argument %s"},
		"cli.err.extra_args":      {"多余的参数：%s", "unexpected arguments: %s"},
		"cli.err.requires":        {"参数 %s 需要同时指定 %s", "flag %s requires %s"},
		"cli.see_help":            {"参见：sealctl help %s", "see: sealctl help %s"},
		"cli.see_help_all":        {"参见：sealctl help", "see: sealctl help"},

		// Tables and reports.
		"cli.no_entries":              {"没有符合条件的记录", "no entries match"},
		"cli.none":                    {"（无）", "(none)"},
		"cli.page":                    {"第 %d 页", "page %d"},
		"verify.absent":               {"无（签章中没有印章数据）", "none (the signature carries no seal data)"},
		"cli.grant.active":            {"有效", "active"},
		"cli.grant.withdrawn":         {"已撤销 %s", "withdrawn %s"},
		"cli.requests.header":         {"编号\t状态\t申请人\t印章\t文档\t位置\t事由", "ID\tStatus\tRequester\tSeal\tDocument\tPosition\tReason"},
		"cli.grants.header":           {"编号\t用户\t印章\t期限\t状态", "ID\tUser\tSeal\tPeriod\tState"},
		"cli.trust.header":            {"SM3\t主题\t添加人\t添加时间", "SM3\tSubject\tAdded by\tAdded at"},
		"cli.ledger.header":           {"序号\t时间\t用户\t操作\t结果\t印章\t申请\t文档\t工作站\t说明", "Seq\tTime\tUser\tOperation\tOutcome\tSeal\tRequest\tDocument\tWorkstation\tDetail"},
		"place.page":                  {"第 %d 页", "p.%d"},
		"place.sep":                   {"；", "; "},
		"place.seam":                  {"骑缝章：%s，%d 页（%s）", "cross-page seal: %s edge, %d pages (%s)"},
		"place.keyword":               {"按关键字“%s”定位：", "at the keyword “%s”: "},
		"place.edge.right":            {"右边", "right"},
		"place.edge.left":             {"左边", "left"},
		"place.edge.top":              {"上边", "top"},
		"place.edge.bottom":           {"下边", "bottom"},
		"cli.position":                {"第 %d 页 (%.1f, %.1f) 毫米", "p.%d (%.1f, %.1f) mm"},
		"cli.request.status.progress": {"待审批（%d / %d 人已批准）", "pending (%d / %d approved)"},

		// The labels of verify's text report.
		"cli.verify.algorithm":          {"算法", "algorithm"},
		"cli.verify.coverage":           {"覆盖范围", "coverage"},
		"cli.verify.document_signature": {"文档签名", "document signature"},
		"cli.verify.integrity":          {"完整性", "integrity"},
		"cli.verify.maker_signature":    {"制章者签名", "maker signature"},
		"cli.verify.seal":               {"印章", "seal"},
		"cli.verify.seal_code":          {"印章编码", "seal code"},
		"cli.verify.seal_data_version":  {"印章数据版本", "seal data version"},
		"cli.verify.seal_name":          {"印章名称", "seal name"},
		"cli.verify.signer":             {"签章人", "signer"},
		"cli.verify.signing_time":       {"签章时间", "signing time"},
		"cli.verify.trust":              {"信任", "trust"},
		"cli.verify.validity":           {"有效期", "validity"},

		// keys list. %q quotes a token's or key's label as the token holds it.
		"cli.keys.none":            {"找不到 PKCS#11 模块（请设置 SEALDESK_PKCS11_MODULES 或使用 --module）", "no PKCS#11 module found (set SEALDESK_PKCS11_MODULES or use --module)"},
		"cli.keys.module":          {"模块 %s", "module %s"},
		"cli.keys.token":           {"  令牌 %q\t%s %s\t序列号 %s\t保护口令：%s", "  token %q\t%s %s\tserial %s\tPIN %s"},
		"cli.keys.key":             {"    密钥 %s\t%s\t%q\t%s\t%s", "    key %s\t%s\t%q\t%s\t%s"},
		"cli.keys.no_cert":         {"无证书", "no certificate"},
		"cli.keys.pin.ok":          {"正常", "ok"},
		"cli.keys.pin.locked":      {"已锁定", "locked"},
		"cli.keys.pin.must_change": {"须先修改", "must be changed"},
		"cli.keys.pin.final_try":   {"只剩最后一次尝试", "final try"},
		"cli.keys.pin.count_low":   {"最近输错过保护口令", "wrong PIN entered recently"},

		// What a command did, said on standard error.
		"cli.audit.written":      {"审计报告已写入 %s：%d 条记录，盖章 %d 次，拒绝或失败 %d 次，SM3 %s", "audit report written to %s: %d entries, %d stamps, %d refused or failed, SM3 %s"},
		"cli.audit.broken":       {"警告：台账哈希链已断裂，详见报告第 1 页", "WARNING: the ledger hash chain is broken; see page 1 of the report"},
		"cli.ledger.archived":    {"已归档第 %d 至 %d 条记录到 %s（SM3 %s）", "entries %d to %d archived to %s (SM3 %s)"},
		"cli.ledger.exported":    {"已导出 %d 条台账记录到 %s", "exported %d ledger entries to %s"},
		"cli.ledger.intact":      {"台账完整：%d 条记录，哈希链无断裂", "ledger intact: %d entries, hash chain unbroken"},
		"cli.trust.added":        {"已添加 %d 个新的信任锚", "%d new trust anchors added"},
		"cli.did.request.batch":  {"已提交批量用印申请 %s：%d 份文档，等待审批", "batch stamp request %s filed: %d documents, awaiting approval"},
		"cli.did.approve.batch":  {"已批准批量申请 %s 中的 %d 份文档", "approved %[2]d documents of batch %[1]s"},
		"cli.did.stamp.batch":    {"批量 %s：已盖章 %d 份，拒绝 %d 份", "batch %s: %d stamped, %d refused"},
		"cli.batch.refused":      {"未盖章：%s：%s", "not stamped: %s: %s"},
		"cli.did.request":        {"已提交用印申请 %s，等待审批", "stamp request %s filed, awaiting approval"},
		"cli.did.approve":        {"已批准申请 %s", "request %s approved"},
		"cli.did.withdraw":       {"已撤回用印申请 %s", "stamp request %s withdrawn"},
		"cli.did.approve.more":   {"已批准用印申请 %s：%d / %d 人已批准，还需 %d 人", "stamp request %s approved: %d / %d approvals, %d more needed"},
		"cli.did.approve.done":   {"已批准用印申请 %s：%d / %d 人已批准，可以盖章", "stamp request %s approved: %d / %d approvals, it may be stamped"},
		"cli.did.reject":         {"已驳回申请 %s", "request %s rejected"},
		"cli.did.stamp":          {"已盖章，签章文件：%s", "stamped; the signed file is %s"},
		"cli.did.grant":          {"已授权 %s 使用印章“%s”（授权编号 %d，%s 至 %s）", "%s may now use the seal “%s” (grant %d, %s to %s)"},
		"cli.did.grant.withdraw": {"已撤销授权 %d", "grant %d withdrawn"},
		"cli.did.rule":           {"印章“%s”的用印申请今后需要 %d 人批准", "stamp requests for the seal “%s” now need %d approvals"},
		"cli.did.rule.named":     {"印章“%s”的用印申请今后需要 %d 人批准（审批人：%s）", "stamp requests for the seal “%s” now need %d approvals (approvers: %s)"},
		"cli.did.print_request":  {"已提交复印申请 %s，等待审批", "print request %s filed, awaiting approval"},
		"cli.did.print":          {"已打印复印件：%d 份", "copies printed: %d"},
		"cli.did.init_demo":      {"演示工作区已建立：%s（用户 admin、custodian、approver、printer、auditor，密码 demo）", "demo workspace created at %s (users admin, custodian, approver, printer, auditor; password demo)"},
		"cli.did.user.add":       {"已添加用户 %s", "user %s added"},
		"cli.did.user.password":  {"已为用户 %s 设置新密码", "new password set for user %s"},
		"cli.did.user.disable":   {"已停用用户 %s", "user %s disabled"},
		"cli.did.user.enable":    {"已启用用户 %s", "user %s enabled"},
		"cli.did.user.unlock":    {"已解锁用户 %s", "user %s unlocked"},
		"cli.did.keys.pin":       {"已修改 %s 的保护口令", "the PIN of %s changed"},
		"cli.did.keys.bind":      {"印章“%s”已绑定到密钥 %s", "the seal “%s” is now bound to the key %s"},
		"cli.did.request_export": {"已导出用印申请 %s 及其审批到 %s", "stamp request %s and its approvals exported to %s"},
	} {
		messages[k] = v
	}
}
