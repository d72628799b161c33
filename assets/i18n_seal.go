package assets

// Messages of the seal lifecycle: making, importing, exporting, suspending,
// resuming, revoking and re-issuing seals (REFERENCE §1). Kept beside the main
// catalog so the lifecycle's strings are reviewed together.
func init() {
	for k, v := range sealMessages {
		// The main catalog wins a clash; TestSealMessages (package app) checks there is none.
		if _, dup := messages[k]; !dup {
			messages[k] = v
		}
	}
}

// sealMessages maps a key to its Chinese and English text.
var sealMessages = map[string][2]string{
	"err.seal_pin_expired": {"印章“%s”的保护口令已 %d 天未修改（规定至少每 %d 天修改一次）：请先在“印章”页面修改保护口令（或 sealctl seal pin），再盖章；本次批准仍然有效",
		"the protection PIN of the seal “%s” was last changed %d days ago (the rule is at least every %d days): change it on the Seals screen (or sealctl seal pin), then stamp; the approval stays valid"},
	"err.seal_pin_token":          {"印章“%s”的密钥在 USB Key 上，其保护口令由 USB Key 管理：请用 sealctl keys pin change 修改", "the key of the seal “%s” is on a USB key, which keeps its own PIN: change it with sealctl keys pin change"},
	"err.pin_rule":                {"新保护口令须为 6 至 16 位，不能是 123456 等出厂默认口令，也不能与原口令相同", "the new PIN must have 6 to 16 characters, must not be a factory default such as 123456, and must differ from the old PIN"},
	"err.pin_max_days":            {"保护口令修改周期须为 0（不限）或 %[2]d 至 %[3]d 天，而不是 %[1]d", "the PIN change period must be 0 (no limit) or %[2]d to %[3]d days, not %[1]d"},
	"seal.pin.token":              {"由 USB Key 管理", "kept by the USB key"},
	"seal.pin.set":                {"%s 设置", "set on %s"},
	"seal.pin.due":                {"%s 设置，须于 %s 前修改（还有 %d 天）", "set on %s; change it by %s (%d days left)"},
	"seal.pin.overdue":            {"%s 设置，已超过 %d 天的修改周期：盖章前须修改", "set on %s, over the %d-day period: change it before stamping"},
	"settings.pin_days":           {"%d 天", "%d days"},
	"settings.pin_days.off":       {"不限", "no limit"},
	"seal.pin_changed":            {"印章 %s 的保护口令已修改", "the protection PIN of %s was changed"},
	"err.seal_code_taken":         {"印章编码 %s 已被印章“%s”使用，印章编码不能重复", "the seal code %s is already used by the seal “%s”; seal codes are unique"},
	"err.seal_id_taken":           {"印章标识 %s 已存在，请换一个", "a seal with the id %s already exists; choose another"},
	"err.seal_kind":               {"未知的印章类别：%s（可选 official、contract、finance、invoice、business、legal-rep、personal）", "unknown seal kind: %s (official, contract, finance, invoice, business, legal-rep, personal)"},
	"err.seal_algorithm":          {"不支持的算法：%s（可选 SM2、ECDSA-P256）", "unsupported algorithm: %s (SM2 or ECDSA-P256)"},
	"err.seal_cert_list_type":     {"证书列表类型必须为 1（证书）或 2（证书摘要），而不是 %d", "the certificate list type must be 1 (certificates) or 2 (digests), not %d"},
	"err.seal_field_required":     {"制作%s需要填写：%s", "making a %s needs: %s"},
	"err.seal_validity":           {"印章有效期不正确：%s 至 %s（证书有效期 %s 至 %s）", "the seal's validity is wrong: %s to %s (certificate valid %s to %s)"},
	"err.seal_picture":            {"无法绘制印章图片：%v", "cannot draw the seal picture: %v"},
	"err.seal_make_failed":        {"制作印章数据失败：%v", "making the seal data failed: %v"},
	"err.seal_ca_missing":         {"工作区没有可用的 %s 证书颁发机构或制章者：%v", "the workspace has no usable %s certificate authority or seal maker: %v"},
	"err.seal_reason_required":    {"注销或换发印章必须说明理由", "a reason is required to revoke or re-issue a seal"},
	"err.seal_not_active":         {"印章“%s”当前为“%s”，只有启用的印章可以暂停", "the seal “%s” is %s; only an active seal can be suspended"},
	"err.seal_not_suspended":      {"印章“%s”当前为“%s”，只有暂停的印章可以恢复", "the seal “%s” is %s; only a suspended seal can be resumed"},
	"err.seal_already_revoked":    {"印章“%s”已注销，注销是最终状态，不能再变更", "the seal “%s” is revoked; revocation is final"},
	"err.seal_status_changed":     {"印章“%s”的状态已被他人更改，请刷新后重试", "the status of the seal “%s” was changed by someone else; reload and try again"},
	"err.seal_unreadable":         {"不是可读取的印章数据（GB/T 38540 / GM/T 0031）：%s：%v", "not readable seal data (GB/T 38540 / GM/T 0031): %s: %v"},
	"err.seal_maker_invalid":      {"印章数据的制章者签名无效，拒绝导入：%v", "the seal maker's signature on the seal data is invalid; import refused: %v"},
	"err.seal_cert_not_listed":    {"证书“%s”不在印章“%s”的证书列表中，不能绑定到此印章", "the certificate “%s” is not in the certificate list of the seal “%s”; it cannot be bound to it"},
	"err.seal_key_mismatch":       {"密钥 %s 与证书“%s”的公钥不一致", "the key %s does not match the public key of the certificate “%s”"},
	"err.seal_cert_unreadable":    {"无法读取证书文件 %s：%v", "cannot read the certificate file %s: %v"},
	"err.seal_key_unreadable":     {"无法读取密钥文件 %s：%v", "cannot read the key file %s: %v"},
	"err.seal_picture_undrawable": {"印章图片为 %s 格式，无法绘制到 PDF 页面上；此印章不能用于 PDF 盖章", "the seal picture is %s, which cannot be drawn on a PDF page; this seal cannot stamp PDFs"},
	"err.seal_not_active_issue":   {"印章“%s”当前为“%s”，只有启用的印章可以发放", "the seal “%s” is %s; only an active seal can be issued"},
	"err.seal_not_issued_to":      {"印章“%s”没有发放给 %s，不能领取", "the seal “%s” was not issued to %s; it cannot be collected"},
	"err.seal_write":              {"无法写入印章文件 %s：%v", "cannot write the seal file %s: %v"},

	"seal.made":          {"已制作印章 %s：%s（编码 %s，%s）", "made seal %s: %s (code %s, %s)"},
	"seal.imported":      {"已导入印章 %s：%s（编码 %s，制章者 %s）", "imported seal %s: %s (code %s, maker %s)"},
	"seal.exported":      {"已导出印章数据：%s", "seal data exported: %s"},
	"seal.suspended":     {"印章 %s 已暂停", "seal %s suspended"},
	"seal.resumed":       {"印章 %s 已恢复启用", "seal %s resumed"},
	"seal.revoked":       {"印章 %s 已注销", "seal %s revoked"},
	"seal.reissued":      {"已换发印章 %s，原印章 %s 已注销", "re-issued as seal %s; the old seal %s is revoked"},
	"seal.note":          {"注意：%s", "note: %s"},
	"seal.event.issue":   {"发放", "issued"},
	"seal.event.collect": {"领取", "collected"},
	"seal.issued":        {"印章 %s 已发放给 %s", "seal %s issued to %s"},
	"seal.collected":     {"印章 %s 已领取", "seal %s collected"},
	"seal.swept":         {"已注销 %d 枚三个月内未领取的印章：%s", "revoked %d seals not collected within three months: %s"},
	"seal.event.make":    {"制作", "made"},
	"seal.event.import":  {"导入", "imported"},
	"seal.event.export":  {"导出", "exported"},
	"seal.event.suspend": {"暂停", "suspended"},
	"seal.event.resume":  {"恢复", "resumed"},
	"seal.event.revoke":  {"注销", "revoked"},
	"seal.event.reissue": {"换发", "re-issued"},

	"ui.seal.valid":       {"有效期", "Validity"},
	"ui.seal.vendor":      {"制章者", "Maker"},
	"ui.seal.origin":      {"来源", "Origin"},
	"ui.seal.picture":     {"印章图片", "Picture"},
	"ui.seal.cert":        {"证书", "Certificate"},
	"ui.seal.reason":      {"原因", "Reason"},
	"ui.seal.replaces":    {"换发自", "Re-issues"},
	"ui.seal.pin":         {"保护口令", "Protection PIN"},
	"ui.seal.replaced_by": {"已换发为", "Re-issued as"},
	"ui.seal.events":      {"印章记录", "History"},
	"origin.made":         {"本工作区制作", "made here"},
	"origin.imported":     {"外部导入", "imported"},
	"kind.business":       {"业务专用章", "business seal"},
	"kind.personal":       {"个人名章", "personal name seal"},
}
