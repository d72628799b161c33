package assets

// Messages about reserving, signing and committing a stamp, and about the
// files people hand to SealDesk (issue 11).
func init() {
	for k, v := range map[string][2]string{
		"file.kind.folder":       {"文件夹", "a folder"},
		"file.kind.fifo":         {"命名管道 FIFO", "FIFO"},
		"file.kind.socket":       {"套接字", "a socket"},
		"file.kind.device":       {"设备文件", "a device"},
		"file.kind.special":      {"特殊文件", "a special file"},
		"err.not_regular":        {"%s 不是普通文件（%s），无法读取", "%s is not a regular file (%s) and cannot be read"},
		"err.too_large":          {"文件 %s 超过大小上限 %d MB", "the file %s is larger than the limit of %d MB"},
		"err.stamp_in_progress":  {"用印申请 %s 正在另一个进程中盖章，此审批不能再用", "stamp request %s is being stamped by another process; this approval cannot be used again"},
		"err.stamp_failed":       {"用印申请 %s 的盖章曾被中断，审批已作废，请重新申请", "the stamp of request %s was interrupted and its approval is spent; file a new request"},
		"err.stamp_not_recorded": {"签章文件已生成但未能记入台账（%v）；下次启动时将自动完成或作废", "the stamped file was made but could not be recorded (%v); the next start completes or discards it"},
		"err.out_taken":          {"输出文件 %s 在盖章期间被其他程序创建；已盖章的文件保存在 %s", "the output file %s was created by another program while stamping; the stamped file is kept at %s"},
		"err.wrong_workstation":  {"用印申请 %s 的审批只允许在提出申请的工作站（%s）上盖章，本工作站是 %s", "the approval of request %s allows stamping only on the workstation it came from (%s); this is %s"},
		"err.workstation_cert":   {"无法读取本工作站证书：%v", "cannot read this workstation's certificate: %v"},
		"ui.kind.stamp.start":    {"开始盖章", "stamp started"},
		"ui.kind.stamp.recover":  {"盖章恢复", "stamp recovered"},
		"ui.outcome.started":     {"进行中", "started"},
		"ui.status.stamping":     {"盖章中", "stamping"},
		"ui.status.failed":       {"盖章中断", "interrupted"},
	} {
		messages[k] = v
	}
}

func init() {
	messages["err.max_file_bounds"] = [2]string{"文件大小上限 %d MB 无效：应在 %d MB 到 %d MB 之间", "a file size limit of %d MB is invalid: it must be between %d and %d MB"}
}

func init() {
	for k, v := range map[string][2]string{
		"msg.perm_fixed":          {"警告：%s 的权限过宽（%s），已改为 %s", "warning: %s was readable by others (%s); changed to %s"},
		"msg.recovered.completed": {"已完成被中断的盖章 %s：签章文件完整，已放到 %s", "finished the interrupted stamp %s: the signed file was complete and is now at %s"},
		"msg.recovered.failed":    {"被中断的盖章 %s 未完成：不完整的文件已删除，审批作废（%s）", "the interrupted stamp %s was incomplete: the partial file was removed and the approval is spent (%s)"},
		"msg.recovered.moved":     {"已将盖章 %s 的签章文件放到 %s", "moved the signed file of stamp %s into place at %s"},
	} {
		messages[k] = v
	}
}

// Contradictions between the database and the ledger (issue 12).
func init() {
	for k, v := range map[string][2]string{
		"err.ledger_used":         {"数据库与台账不符：requests 表中用印申请 %s 的状态为“%s”，但台账第 %d 条记录表明它已用于盖章；数据库被改动过，已拒绝", "the database contradicts the ledger: table requests says request %s is %q, but ledger entry %d shows it was already used for a stamp; the database was edited, refused"},
		"err.approval_unrecorded": {"数据库与台账不符：approvals 表中 %s 对申请 %s 的批准在台账中没有记录；数据库被改动过，已拒绝", "the database contradicts the ledger: the approval by %s of request %s in table approvals was never recorded in the ledger; the database was edited, refused"},
		"err.row_changed":         {"数据库与台账不符：%s 表的行“%s”与台账记录的内容不同（在 SealDesk 之外被改动过），已拒绝", "the database contradicts the ledger: %s row %q differs from the ledger (changed outside SealDesk); refused"},
		"err.row_record_forged":   {"台账被改动过：%s 表的行“%s”在台账中的记录不是 SealDesk 写入的（%v），已拒绝", "the ledger was edited: the record of %s row %q in the ledger was not written by SealDesk (%v); refused"},
		"err.row_unrecorded":      {"数据库与台账不符：%s 表的行“%s”在台账中没有记录（在 SealDesk 之外被插入），已拒绝", "the database contradicts the ledger: %s row %q was never recorded in the ledger (inserted outside SealDesk); refused"},
		"ui.kind.row":             {"配置记录", "configuration recorded"},
		"err.ledger_printed":      {"数据库与台账不符：print_requests 表中复印申请 %s 记为已打印 %d 份，台账记录的是 %d 份；数据库被改动过，已拒绝", "the database contradicts the ledger: table print_requests says %[2]d copies of %[1]s were printed, the ledger records %[3]d; the database was edited, refused"},
	} {
		messages[k] = v
	}
}

// Trust anchors (issue 12).
func init() {
	for k, v := range map[string][2]string{
		"err.anchor_unrecorded": {"数据库与台账不符：trust_anchors 表中的信任锚“%s”（SM3 %s）在台账中没有添加记录；数据库被改动过，已拒绝", "the database contradicts the ledger: trust anchor %q (SM3 %s) in table trust_anchors was never recorded as added; the database was edited, refused"},
		"err.trust_file":        {"无法读取信任锚文件 %s：%v", "cannot read the trust anchor file %s: %v"},
		"err.trust_not_ca":      {"“%s”不是 CA 证书，不能作为信任锚", "%q is not a CA certificate and cannot be a trust anchor"},
		"ui.kind.trust.add":     {"添加信任锚", "trust anchor added"},
		"ui.kind.trust.adopt":   {"接管信任锚", "trust anchor taken over"},
	} {
		messages[k] = v
	}
}
