package assets

// Messages about signed approvals.
func init() {
	for k, v := range map[string][2]string{
		"err.approver_no_key":    {"审批人 %s 没有审批签名密钥，不能审批", "approver %s has no approval signing key and cannot approve"},
		"err.approval_signature": {"用印申请 %s 的审批签名无效，拒绝使用：%v", "the approval of request %s does not verify and is not accepted: %v"},
	} {
		messages[k] = v
	}
}
