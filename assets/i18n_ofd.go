package assets

// Messages of OFD documents (GB/T 33190).
func init() {
	for k, v := range map[string][2]string{
		"err.ofd_unreadable": {"无法读取 OFD 文档 %s：%v", "cannot read the OFD document %s: %v"},
		"err.ofd_too_large":  {"OFD 文档 %s 超出安全限制（文件过多、过大或压缩比异常，疑似压缩炸弹），未打开：%v", "the OFD document %s exceeds the safety limits (too many or too large files, or an abnormal compression ratio: a zip bomb?) and was not opened: %v"},
		"err.ofd_unsafe":     {"OFD 文档 %s 含有不安全的文件名（绝对路径、“..”或反斜杠），未打开：%v", "the OFD document %s holds an unsafe file name (absolute, \"..\" or backslash) and was not opened: %v"},
		"err.ofd_missing":    {"OFD 文档 %s 缺少部件：%v", "the OFD document %s lacks a part: %v"},
		"err.ofd_forbidden":  {"OFD 文档 %s 的权限声明不允许签章", "the permissions of the OFD document %s forbid signing"},
		"err.ofd_not_sm2":    {"OFD 文档只能使用 SM2 印章签章；此印章的密钥不是 SM2", "OFD documents can be stamped only with SM2 seals; this seal's key is not SM2"},
	} {
		messages[k] = v
	}
}

func init() {
	messages["verify.finding.ofd_modified"] = [2]string{"签章后 OFD 包中的文件被修改或添加", "files of the OFD package were changed or added after signing"}
	messages["verify.finding.ofd_unsigned"] = [2]string{"OFD 包中有未被任何签章覆盖的文件", "some files of the OFD package are covered by no signature"}
}
