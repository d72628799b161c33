package assets

// Messages about users' own keys and the signed ledger entries (issue 12 points 3 to 5).
func init() {
	for k, v := range map[string][2]string{
		"err.user_key_broken":    {"用户 %s 的签名密钥无法用其口令打开（用户记录或密钥文件已被改动）：%v", "the signing key of %s does not open with their password (the users row or the key file was changed): %v"},
		"err.user_key_missing":   {"用户 %s 尚无签名密钥，无法签发证书：请其登录一次，或由管理员为其重设口令", "%s has no signing key to certify yet: they sign in once, or the administrator gives them a new password"},
		"cli.user.certified":     {"已签发签名证书：%s；此后每个用户的操作都由其本人密钥签名", "certified: %s; from now on every act of a user is signed by their own key"},
		"err.witness_unreadable": {"见证文件 %s 中没有可读的台账见证：%v", "%s carries no readable ledger witness: %v"},
		"err.witness_mismatch":   {"台账不再包含见证文件 %s 记录的第 %d 条头部（%s）：%s", "the ledger no longer holds the head that %s witnessed at entry %d (%s): %s"},
		"err.extract_rewrites":   {"台账摘录改写了已导入的第 %d 条头部（%s 的台账）：拒绝导入", "the extract rewrites head %d of the ledger of %s imported before: refused"},
	} {
		messages[k] = v
	}
}
