package assets

// Messages of the offline exchange (ledger extracts).
func init() {
	for k, v := range map[string][2]string{
		"err.extract_broken": {"台账导出文件 %s 无法接受：%v", "the ledger extract %s is not accepted: %v"},
		"err.request_file":   {"用印申请文件 %s 无法接受：%v", "the request file %s is not accepted: %v"},
		// Why an extract or a request file is not accepted (the %v above).
		"err.x_not_extract":    {"这不是 SealDesk 台账导出文件", "not a SealDesk ledger extract"},
		"err.x_own":            {"这是本工作站自己的台账", "this is this workstation's own ledger"},
		"err.x_foreign_entry":  {"第 %d 条记录属于工作站 %s", "entry %d belongs to workstation %s"},
		"err.x_gap":            {"第 %d 条与第 %d 条记录不连续", "entries %d and %d are not consecutive"},
		"err.x_unchained":      {"第 %d 条记录没有接在前一条之后", "entry %d does not chain onto the one before it"},
		"err.x_altered":        {"第 %d 条记录在写入后被修改", "entry %d was altered after it was written"},
		"err.x_head":           {"签名的台账头部与最后一条记录不符", "the signed head does not match the last entry"},
		"err.x_unsigned_act":   {"第 %d 条记录是 %s 的操作，却没有其本人的签名", "entry %d records an act of %s but carries no signature of theirs"},
		"err.x_entry_signer":   {"第 %d 条记录（%s）的签名证书不被接受：%v", "entry %d of %s is %v"},
		"err.x_entry_sig":      {"%s 的签名与第 %d 条记录不符", "the signature of %s does not match entry %d"},
		"err.x_head_signer":    {"台账头部由 %q 签名，而不是工作站 %s", "the head is signed by %q, not by workstation %s"},
		"err.x_org":            {"导出文件写明单位 %q，但其工作站证书属于 %q", "the extract names the organisation %q, but its workstation certificate belongs to %q"},
		"err.rf_not_request":   {"这不是 SealDesk 用印申请文件", "not a SealDesk request file"},
		"err.rf_other_request": {"其中的批准属于另一个申请", "an approval belongs to another request"},
		"err.rf_differs":       {"它对申请 %s 的描述与本工作站不同", "it describes request %s differently from this workstation"},
		"err.rf_document":      {"其中的文档不是该申请针对的文档（SM3 %s）", "its document is not the one the request is for (SM3 %s)"},
		"request.imported":     {"已导入用印申请 %s（%s）", "imported stamp request %s (%s)"},
		"ledger.exported":      {"已导出 %d 条台账记录（工作站签名）：%s", "exported %d ledger entries (signed by the workstation): %s"},
		"ledger.imported":      {"工作站 %s：新合并 %d 条，重复 %d 条", "workstation %s: %d new entries merged, %d already present"},
		"ledger.gap":           {"缺失第 %d 至 %d 条记录", "entries %d to %d are missing"},
		"ledger.forks":         {"与已合并记录不一致（分叉）：%v", "differ from entries merged before (fork): %v"},
		"ledger.notchaining":   {"无法接续已合并记录：%v", "do not chain onto merged entries: %v"},
	} {
		messages[k] = v
	}
}
