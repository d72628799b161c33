package assets

// Messages about keys on USB tokens.
func init() {
	for k, v := range map[string][2]string{
		"err.module_load":           {"无法加载 PKCS#11 模块 %s（不是本平台的模块库？）", "cannot load the PKCS#11 module %s (not a module library for this platform?)"},
		"err.pin_incorrect_unknown": {"保护口令错误（该密钥不提供剩余尝试次数，请谨慎重试，多次错误将锁定）", "wrong PIN (the key does not say how many tries are left; repeated errors will lock it)"},
		"err.key_counter_tampered":  {"密钥文件的口令尝试计数或上限已被改动，密钥不能再使用，请联系管理员重新签发密钥", "the key file's PIN try counter or limit was altered; the key can no longer be used: ask the administrator to re-issue the key"},
		"err.key_counter_foreign":   {"密钥文件的口令尝试计数属于另一台工作站（文件被复制，或本机的工作站密钥丢失），请联系管理员重新签发密钥", "the key file's PIN try counter belongs to another workstation (the file was copied, or this workstation's secret was lost): ask the administrator to re-issue the key"},
		"err.key_counter_unchecked": {"无法核验密钥文件的口令尝试计数（该文件不在本工作区内），请联系管理员重新签发密钥", "the key file's PIN try counter cannot be checked (the file is not in this workspace): ask the administrator to re-issue the key"},
		"err.key_uri":               {"密钥地址（pkcs11: URI）无效：%v", "invalid key address (pkcs11: URI): %v"},
		"err.key_ambiguous":         {"有多个密钥符合 %s，请指定 id 或 object", "more than one key matches %s; name its id or object"},
		"err.key_no_cert":           {"USB Key 上没有与 %s 对应的证书", "the token holds no certificate for %s"},
		"err.key_not_in_seal":       {"该密钥的证书不在印章“%s”的证书列表中，不能绑定", "the key's certificate is not in the certificate list of the seal “%s”; it cannot be bound"},
	} {
		messages[k] = v
	}
}
