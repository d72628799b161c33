package assets

// Ledger entry kinds not named by the screens' own catalog files, so that the
// ledger never shows a kind in its internal spelling.
func init() {
	for k, v := range map[string][2]string{
		"ui.kind.audit.report":   {"审计报告", "audit report"},
		"ui.kind.grant":          {"用印授权", "grant"},
		"ui.kind.grant.withdraw": {"撤回授权", "grant withdrawn"},
		"ui.kind.rule":           {"审批规则", "approval rule"},
		"ui.kind.print":          {"打印复印件", "copies printed"},
		"ui.kind.print.request":  {"打印申请", "print request"},
		"ui.kind.request.export": {"导出申请", "request exported"},
		"ui.kind.request.import": {"导入申请", "request imported"},
		"ui.kind.ledger.export":  {"导出台账", "ledger exported"},
		"ui.kind.ledger.import":  {"导入台账", "ledger imported"},
		"ui.kind.seal.bind":      {"绑定密钥", "key bound"},
		"ui.kind.seal.collect":   {"领取印章", "seal collected"},
		"ui.kind.seal.pin":       {"修改保护口令", "seal PIN changed"},
		"ui.kind.seal.export":    {"导出印章", "seal exported"},
		"ui.kind.seal.import":    {"导入印章", "seal imported"},
		"ui.kind.seal.issue":     {"发放印章", "seal issued"},
		"ui.kind.seal.reissue":   {"重新制章", "seal reissued"},
		"ui.kind.seal.suspend":   {"印章暂停", "seal suspended"},
		"ui.kind.seal.resume":    {"印章恢复使用", "seal resumed"},
	} {
		messages[k] = v
	}
}
