package assets

// Pairing a demo field workstation with its headquarters (issue 17, point 5):
// `sealctl init-demo --home FIELD --field-of HQ`.
func init() {
	for k, v := range map[string][2]string{
		"err.own_roots_missing":     {"工作区 %s 没有自己的演示根证书 %s：只有演示工作区能用 --field-of 配对，其他工作站请由双方管理员用 sealctl trust add 互加根证书", "the workspace %s has no demo root %s of its own: only a demo workspace pairs with --field-of; for other workstations each administrator adds the other's roots with sealctl trust add"},
		"err.own_root_unrecorded":   {"%s（%s）不是本工作区台账记录的信任锚，不能交给其他工作站信任", "%s (%s) is not a trust anchor this workspace's ledger records; it cannot be handed to another workstation to trust"},
		"cli.did.paired":            {"已与总部工作区 %s 配对：外勤工作区信任总部的 %d 个根证书，总部信任外勤的 %d 个（双方台账各有管理员的 trust.add 记录）", "paired with the headquarters workspace %s: the field workspace trusts headquarters' %d roots, headquarters trusts the field's %d (each ledger records its administrator's trust.add)"},
		"cli.err.as_needs_field_of": {"--as 指定总部的管理员，只能与 --field-of 一起使用", "--as names headquarters' administrator and goes only with --field-of"},
		"cli.err.pair":              {"外勤工作区 %s 已建立，但未完成配对：%s", "the field workspace %s was created but not paired: %s"},
	} {
		messages[k] = v
	}
}
