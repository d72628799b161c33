package assets

// Messages about workstation settings: idle sign-out, retention, USB vendors.
func init() {
	for k, v := range map[string][2]string{
		"err.idle_bounds":        {"自动退出时间 %d 分钟无效：应在 %d 分钟到 %d 分钟之间", "idle sign-out after %d minutes is invalid: it must be between %d and %d minutes"},
		"err.retention_ops":      {"操作日志保存期限 %d 个月低于规定的最短期限 %d 个月", "keeping operation logs %d months is below the minimum of %d months"},
		"err.retention_evidence": {"签章记录保存期限 %d 个月低于规定的最短期限 %d 个月（五年）", "keeping signing evidence %d months is below the minimum of %d months (five years)"},
		"err.cancelled":          {"已取消盖章：未生成文件，审批仍可使用", "stamping cancelled: no file was written and the approval can still be used"},
		"err.archive_retained":   {"无可归档的记录：第 %d 条记录的保存期限至 %s 才届满，在此之前不得移出台账", "nothing to archive: entry %d must stay in the ledger until its retention ends on %s"},
		"err.archive_nothing":    {"%s 之前没有可归档的台账记录", "no ledger entries before %s to archive"},
		"err.file_write":         {"无法写入文件 %s：%v", "cannot write %s: %v"},
		"err.usb_vendors":        {"USB 密钥厂商表有误：%v", "the USB key vendor table is invalid: %v"},
	} {
		messages[k] = v
	}
}
