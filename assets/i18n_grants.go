package assets

// Messages about grants of seal use and approval rules.
func init() {
	for k, v := range map[string][2]string{
		"err.no_grant":        {"用户 %s 未获授权使用印章“%s”（或授权已过期、已撤销）", "user %s is not authorised to use the seal “%s” (or the grant expired or was withdrawn)"},
		"err.grant_period":    {"授权期限无效：%s 至 %s（最长 %d 年）", "invalid grant period: %s to %s (at most %d years)"},
		"err.grant_missing":   {"没有有效的授权 %d", "no active grant %d"},
		"err.user_missing":    {"找不到用户：%s", "no such user: %s"},
		"err.bad_rule":        {"审批规则无效：需要 %d 人审批，指定审批人 %d 人", "invalid approval rule: %d approvals required from %d named approvers"},
		"err.not_designated":  {"%s 不是此印章指定的审批人（%s）", "%s is not a designated approver of this seal (%s)"},
		"err.already_decided": {"%s 已审批过此申请", "%s has already decided on this request"},
		"err.more_approvals":  {"用印申请 %s 还需要 %d 人审批（已有 %d 人）", "stamp request %s needs %d approvals (has %d)"},
	} {
		messages[k] = v
	}
}
