package assets

// The custodian's own requests: withdrawing one, asking twice for the same
// stamp, and the "我的申请" screen.
func init() {
	for k, v := range map[string][2]string{
		"err.duplicate_request":    {"已有相同的用印申请 %s（%s）：同一文档、印章、页码和位置无需重复申请", "the same stamp is already requested as %s (%s): same document, seal, page and position"},
		"err.withdraw_not_yours":   {"用印申请 %s 由 %s 提交，只有申请人本人可以撤回", "stamp request %s was made by %s; only its requester may withdraw it"},
		"err.request_withdrawn":    {"用印申请 %s 已被申请人撤回，不能盖章", "stamp request %s was withdrawn by its requester and cannot be stamped"},
		"err.withdraw_closed":      {"用印申请 %s 已不能撤回（当前：%s）", "stamp request %s can no longer be withdrawn (it is %s)"},
		"err.ledger_withdrawn":     {"数据库与台账不符：requests 表中用印申请 %s 的状态为“%s”，但台账第 %d 条记录表明它已被撤回；数据库被改动过，已拒绝", "the database contradicts the ledger: table requests says request %s is %q, but ledger entry %d shows it was withdrawn; the database was edited, refused"},
		"ui.kind.request.withdraw": {"撤回申请", "request withdrawn"},
		"ui.reqstatus.withdrawn":   {"已撤回", "withdrawn"},
		"ui.reqstatus.stamping":    {"正在盖章", "stamping"},
		"ui.reqstatus.failed":      {"盖章中断", "stamp interrupted"},
	} {
		messages[k] = v
	}
}

func init() {
	for k, v := range map[string][2]string{
		"ui.nav.mine":        {"我的申请", "My requests"},
		"ui.mine.title":      {"我提交的用印申请", "Stamp requests I made"},
		"ui.mine.none":       {"还没有用印申请：在“用印”中打开文档、放置印章后申请", "No requests yet: open a document in Stamping, place the seal and request"},
		"ui.mine.count":      {"共 %d 条申请；已批准的可直接打开盖章，待审批或已批准未盖章的可以撤回", "%d requests; open an approved one to stamp it, withdraw one that is pending or approved and unused"},
		"ui.mine.open":       {"打开并盖章", "Open and stamp"},
		"ui.mine.withdraw":   {"撤回", "Withdraw"},
		"ui.mine.withdraw_q": {"撤回用印申请 %s（%s）？撤回后它的审批作废，不能再用于盖章。", "Withdraw stamp request %s (%s)? Its approvals are spent with it and it can no longer be stamped."},
		"ui.mine.withdrawn":  {"已撤回用印申请 %s", "Stamp request %s withdrawn"},
		"ui.mine.pending_n":  {"待审批（已批准 %d / 需 %d 人）", "pending (%d of %d approvals)"},
	} {
		messages[k] = v
	}
}

func init() {
	for k, v := range map[string][2]string{
		"ui.palette.legal-rep":  {"法人名章", "legal rep."},
		"ui.dialog.open_file":   {"打开文件", "Open file"},
		"ui.dialog.open_folder": {"选择文件夹", "Choose folder"},
		"ui.dialog.save_file":   {"保存文件", "Save file"},
	} {
		messages[k] = v
	}
}
