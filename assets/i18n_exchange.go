package assets

// Messages of the offline exchange (ledger extracts).
func init() {
	for k, v := range map[string][2]string{
		"err.extract_broken": {"台账导出文件 %s 无法接受：%v", "the ledger extract %s is not accepted: %v"},
		"err.request_file":   {"用印申请文件 %s 无法接受：%s", "the request file %s is not accepted: %s"},
		"request.imported":   {"已导入用印申请 %s（%s）", "imported stamp request %s (%s)"},
		"ledger.exported":    {"已导出 %d 条台账记录（工作站签名）：%s", "exported %d ledger entries (signed by the workstation): %s"},
		"ledger.imported":    {"工作站 %s：新合并 %d 条，重复 %d 条", "workstation %s: %d new entries merged, %d already present"},
		"ledger.gap":         {"缺失第 %d 至 %d 条记录", "entries %d to %d are missing"},
		"ledger.forks":       {"与已合并记录不一致（分叉）：%v", "differ from entries merged before (fork): %v"},
		"ledger.notchaining": {"无法接续已合并记录：%v", "do not chain onto merged entries: %v"},
	} {
		messages[k] = v
	}
}
