package assets

// Messages of signature verification: one per finding code (app.Finding.Code,
// pdfsign.Change… classes).
func init() {
	for k, v := range map[string][2]string{
		"err.no_signature_n":                      {"没有第 %d 个签章（文档中有 %d 个）", "there is no signature %d (the document has %d)"},
		"verify.extracted":                        {"已写出第 %d 个签章所签的版本（%d 字节）：%s", "wrote the version signature %d signed (%d bytes): %s"},
		"verify.untrusted":                        {"不可信", "untrusted"},
		"verify.finding.no_signatures":            {"文档中没有签章", "the document has no signatures"},
		"verify.finding.integrity":                {"签名无效", "the signature is invalid"},
		"verify.finding.untrusted":                {"签章人证书不能链接到信任锚，或签章时证书无效", "the signer's certificate does not chain to the trust anchors or was not valid when it signed"},
		"verify.finding.trust_unknown":            {"未给出信任锚，未检查签章人是否可信", "no trust anchors given: the signer's trust was not checked"},
		"verify.finding.seal_invalid":             {"签名中的印章数据无效", "the seal data in the signature is invalid"},
		"verify.finding.seal_expired":             {"印章已过有效期", "the seal is past its validity period"},
		"verify.finding.seal_not_yet_valid":       {"印章尚未生效", "the seal is not yet valid"},
		"verify.finding.maker_signature":          {"制章者签名无效", "the seal maker's signature is invalid"},
		"verify.finding.signature":                {"文档签名无效", "the document signature is invalid"},
		"verify.finding.weak_algorithm":           {"使用了弱摘要算法", "a weak digest algorithm is used"},
		"verify.finding.weak_key":                 {"签名密钥过短", "the signing key is weak"},
		"verify.finding.lenient_certificate":      {"签章人证书不符合 X.509 规范，仅用其公钥验证", "the signer's certificate is not valid X.509; only its key was used"},
		"verify.finding.trailing_data":            {"文件末尾有未被签名覆盖的数据", "the file ends with data no signature covers"},
		"verify.finding.byte_range":               {"签名范围不是其所在的完整版本", "the signed byte range is not the whole revision that holds the signature"},
		"verify.finding.signature_removed":        {"签章字段在之后的版本中被移出表单（隐藏攻击）", "the signature field was later removed from the form (hide attack)"},
		"verify.finding.form_fields":              {"签章后表单字段被移除或表单被改写", "form fields were removed or the form was rewritten after signing"},
		"verify.finding.form_field_added":         {"签章后添加了表单字段", "a form field was added after signing"},
		"verify.finding.form_fill":                {"签章后填写了被锁定或不允许修改的字段", "a locked or protected field was filled after signing"},
		"verify.finding.unsigned_signature_field": {"签章后添加了未签名的签章字段（可覆盖页面内容）", "an unsigned signature field was added after signing (it can paint over the page)"},
		"verify.finding.signature_added":          {"文档已被认证为不允许修改，之后又添加了签章", "a signature was added although the certification allows no changes"},
		"verify.finding.widget_added":             {"签章后添加了带外观的控件（可覆盖页面内容）", "a widget with an appearance was added after signing (it can paint over the page)"},
		"verify.finding.annotation":               {"签章后注释被添加、修改或删除", "annotations were added, changed or removed after signing"},
		"verify.finding.page_content":             {"签章后页面内容被修改", "page content was changed after signing"},
		"verify.finding.page_tree":                {"签章后页面被增加、删除或替换", "pages were added, removed or replaced after signing"},
		"verify.finding.catalog":                  {"签章后文档目录被修改", "the document catalog was changed after signing"},
		"verify.finding.object":                   {"签章后对象被修改", "an object was changed after signing"},
		"verify.finding.unreadable_revision":      {"签名所覆盖的版本无法读取", "the signed revision cannot be read"},
		"verify.expired":                          {"已过期", "expired"},
		"verify.not_yet_valid":                    {"尚未生效", "not yet valid"},
		"verify.objects":                          {"对象", "objects"},
		"verify.revision":                         {"版本", "revision"},
		"ui.verify.untrusted":                     {"签章完整，但签章人证书不能链接到信任锚", "Signature intact, but the signer does not chain to the trust anchors"},
		"ui.verify.period":                        {"有效期：%s 至 %s", "Valid %s to %s"},
	} {
		messages[k] = v
	}
}
