package assets

// Messages about users' own keys and the signed ledger entries (issue 12 points 3 to 5).
func init() {
	for k, v := range map[string][2]string{
		"err.user_key_broken":          {"用户 %s 的签名密钥无法用其口令打开（用户记录或密钥文件已被改动）：%v", "the signing key of %s does not open with their password (the users row or the key file was changed): %v"},
		"err.user_key_missing":         {"用户 %s 尚无签名密钥，无法签发证书：请其登录一次，或由管理员为其重设口令", "%s has no signing key to certify yet: they sign in once, or the administrator gives them a new password"},
		"cli.user.certified":           {"已签发签名证书：%s；此后每个用户的操作都由其本人密钥签名", "certified: %s; from now on every act of a user is signed by their own key"},
		"err.witness_unreadable":       {"见证文件 %s 中没有可读的台账见证：%v", "%s carries no readable ledger witness: %v"},
		"err.witness_cut":              {"见证文件 %s 记录了台账第 %d 条，但台账现只到第 %d 条：台账尾部被删除", "%s witnessed ledger entry %d, but the ledger now ends at entry %d: its tail was cut"},
		"err.witness_rewritten":        {"见证文件 %s 记录的台账第 %d 条已被改写：该条或其之前的记录被改动", "%s witnessed ledger entry %d, which was rewritten: it or an entry before it was changed"},
		"err.witness_foreign":          {"见证文件 %s 见证的是工作站 %s 的台账，不是本工作站（%s）的", "%s witnesses the ledger of workstation %s, not this one's (%s)"},
		"err.witness_archived":         {"见证文件 %s 记录的台账第 %d 条已归档（本地台账从第 %d 条之后开始）：请在总部对照归档核查", "%s witnessed ledger entry %d, which is archived (the ledger here starts after %d): check it against the archive at headquarters"},
		"cli.witness.ok":               {"见证相符：%s 记录的台账第 %d 条仍在台账中", "witness holds: %s — the ledger still has entry %d as witnessed"},
		"ui.kind.user.certify":         {"签发用户签名证书", "user keys certified"},
		"ui.kind.ledger.actors-signed": {"启用操作人签名", "acts signed by their users"},
		"audit.last_witness":           {"最近一次外发的台账见证：第 %d 条，哈希 %s…（%s，%s）；可用 sealctl ledger verify --witness 核对", "Last ledger witness sent out: entry %d, hash %s… (%s, %s); check it with sealctl ledger verify --witness"},
		"audit.no_witness":             {"尚无台账见证外发（盖章文件、台账摘录、审计报告或申请文件）", "No ledger witness has left this workstation yet (stamped document, extract, report or request file)"},
		"err.extract_rewrites":         {"台账摘录改写了已导入的第 %d 条头部（%s 的台账）：拒绝导入", "the extract rewrites head %d of the ledger of %s imported before: refused"},
	} {
		messages[k] = v
	}
}
