package assets

// Messages of the authorised-copies workflow (复印件).
func init() {
	for k, v := range map[string][2]string{
		"err.not_stamped":     {"只能为已盖章且验证有效的文档申请打印：%s", "only a stamped document whose seals verify can be printed: %s"},
		"err.print_exhausted": {"打印申请 %s 批准的 %d 份已全部打印，不能再打印", "all %[2]d copies approved by print request %[1]s have been printed; no more are allowed"},
		"err.bad_copies":      {"份数必须在 1 到 %d 之间：%d", "the number of copies must be between 1 and %d: %d"},
		"err.print_failed":    {"打印失败：%v", "printing failed: %v"},
		"err.copy_qr":         {"不是 SealDesk 复印件二维码：%v", "not a SealDesk copy code: %v"},
		"err.copy_mismatch":   {"该复印件不属于此原件：%v", "this copy does not belong to the given original: %v"},
		"copy.belongs":        {"复印件属于该原件：第 %d / %d 份，打印申请 %s，打印时间 %s，工作站 %s", "the copy belongs to this original: copy %d of %d, print request %s, printed %s on workstation %s"},
		"copy.decoded":        {"复印件：第 %d / %d 份，原件 SM3 %s，打印申请 %s，打印时间 %s，工作站 %s", "copy %d of %d of the original with SM3 %s, print request %s, printed %s on workstation %s"},
	} {
		messages[k] = v
	}
}
