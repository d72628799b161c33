package assets

// Messages about the workstation key held on a USB key (issue 12 point 4).
func init() {
	for k, v := range map[string][2]string{
		"err.host_secret_missing":  {"本工作区的密钥由工作站 %s 的本机密钥保护，但该密钥不在本系统账户的密钥文件夹 %s 中：工作区是在另一台电脑或另一个系统账户下建立的。请在建立它的账户下打开，或连同该密钥文件一起迁移", "this workspace's keys are sealed under the secret of workstation %s, which is not in this OS account's secret folder %s: the workspace was made on another PC or under another account; open it there, or move that secret file with it"},
		"err.host_secret_keyring":  {"本工作区的密钥由工作站 %s 的本机密钥保护，该密钥保存在建立工作区的系统账户的系统密钥环（Secret Service，如 GNOME 密钥环、KWallet）中，但现在无法取得：%s。在取得之前工作区不会打开，也不会另建新的本机密钥（否则已封存的密钥将再也无法打开）", "this workspace's keys are sealed under the secret of workstation %s, kept in the OS keyring (Secret Service: GNOME Keyring, KWallet) of the account that made the workspace, and it cannot be had now: %s. The workspace does not open until it can, and no new secret is made (it would leave the sealed keys unopenable)"},
		"err.keyring_no_bus":       {"没有桌面会话总线（D-Bus）：请在已登录的桌面会话中打开", "there is no desktop session bus (D-Bus): open it in a logged-in desktop session"},
		"err.keyring_no_service":   {"会话总线上没有密钥环服务：请启动 GNOME 密钥环或 KWallet 后重试", "no keyring service answers on the session bus: start GNOME Keyring or KWallet and try again"},
		"err.keyring_locked":       {"密钥环已锁定，且此处无法询问其密码：请在桌面会话中解锁密钥环（重新登录，或在“密码和密钥”中解锁）后重试", "the keyring is locked and its password cannot be asked for here: unlock it in the desktop session (log in again, or unlock it in Passwords and Keys) and try again"},
		"err.keyring_off":          {"密钥环已被关闭（SEALDESK_KEYRING=off，或设置了 SEALDESK_SECRET_DIR 而未设 SEALDESK_KEYRING=on）", "the keyring is turned off (SEALDESK_KEYRING=off, or SEALDESK_SECRET_DIR set without SEALDESK_KEYRING=on)"},
		"err.keyring_no_item":      {"密钥环中没有该工作站的密钥：工作区是在另一台电脑或另一个系统账户下建立的，请在那里打开", "the keyring holds no secret for this workstation: the workspace was made on another PC or under another account; open it there"},
		"err.keyring_failed":       {"密钥环服务出错：%v", "the keyring service failed: %v"},
		"err.wskey_not_sm2":        {"%s 不是 SM2 密钥：工作站密钥须为 SM2", "%s is not an SM2 key: the workstation key must be SM2"},
		"err.wskey_token_sign":     {"%s 上的密钥无法完成 SM2 签名，工作站密钥未迁移：%v", "the key %s cannot make an SM2 signature; the workstation key was not moved: %v"},
		"err.wskey_token_absent":   {"工作站密钥所在的 USB 密钥不可用（%s）：请插入该 USB 密钥后重试；在此之前无法记录台账，任何操作都不会执行：%v", "the USB key that holds the workstation key is not available (%s): plug it in and try again; until then nothing can be recorded in the ledger, so no act is carried out: %v"},
		"err.wskey_token_record":   {"工作站密钥记录（ca/workstation.token）无法使用：%v", "the workstation key record (ca/workstation.token) cannot be used: %v"},
		"cli.did.keys.workstation": {"工作站密钥已迁移到 USB 密钥 %s；此后台账头部由该密钥签名，软件密钥文件已删除", "the workstation key now lives on the USB key %s; ledger heads are signed by it from now on and the software key file is deleted"},
		"ui.kind.stamp.release":    {"盖章未成（未生成签名），审批退回可再用", "stamp not made (no signature), approval given back"},
		"ui.kind.workstation.key":  {"工作站密钥迁移到 USB 密钥", "workstation key moved to a USB key"},
	} {
		messages[k] = v
	}
}

// The administrator's view of the workstation key.
func init() {
	for k, v := range map[string][2]string{
		"ledger.d.stamp.release":    {"密钥未生成签名，审批退回，可再次使用", "the key made no signature; the approval was given back and stays usable"},
		"ledger.d.wskey":            {"工作站密钥迁移到 USB 密钥 %s", "workstation key moved to the USB key %s"},
		"ui.admin.wskey":            {"工作站密钥", "Workstation key"},
		"ui.admin.wskey.soft":       {"台账头部由本机的软件密钥签名，密钥文件由本机密钥保护。迁移到 USB 密钥后，该密钥无法被复制；拔出该 USB 密钥时，本工作站不执行任何操作。", "Ledger heads are signed by this PC's software key, its file protected by the workstation secret. On a USB key the key cannot be copied; while that USB key is out, this workstation carries out no act."},
		"ui.admin.wskey.token":      {"台账头部由 USB 密钥上的工作站密钥签名：%s。拔出该 USB 密钥时，本工作站不执行任何操作。", "Ledger heads are signed by the workstation key on the USB key %s. While it is out, this workstation carries out no act."},
		"ui.admin.wskey.move":       {"迁移到 USB 密钥…", "Move to a USB key…"},
		"ui.admin.wskey.title":      {"将工作站密钥迁移到 USB 密钥", "Move the workstation key to a USB key"},
		"ui.admin.wskey.explain":    {"所选 SM2 密钥将由本单位 CA 签发工作站证书，此后台账头部由它签名，本机的软件密钥文件随即删除。此操作记入台账。", "The workspace CA certifies the chosen SM2 key as this workstation's; ledger heads are signed by it from then on and the software key file is deleted. The move is recorded in the ledger."},
		"ui.admin.wskey.none":       {"未找到带 SM2 密钥的 USB 密钥：请插入后重试", "No USB key with an SM2 key was found: plug one in and try again"},
		"ui.admin.wskey.key":        {"SM2 密钥", "SM2 key"},
		"ui.admin.wskey.pin":        {"USB 密钥口令", "USB key PIN"},
		"ui.admin.wskey.capin":      {"CA 口令", "CA PIN"},
		"ui.admin.wskey.capin.hint": {"演示工作区可留空", "empty for the demo workspace"},
		"ui.admin.wskey.ok":         {"迁移", "Move"},
		"ui.admin.wskey.done":       {"工作站密钥已迁移到 USB 密钥 %s", "The workstation key now lives on the USB key %s"},
	} {
		messages[k] = v
	}
}
