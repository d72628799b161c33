package assets

// Strings of the session upkeep: idle sign-out, USB key status, cancelling.
func init() {
	for k, v := range map[string][2]string{
		"ui.idle.signedout":   {"因长时间未操作（%d 分钟），已自动退出登录", "Signed out after %d minutes without activity"},
		"ui.usb.none":         {"未检测到 USB 密钥%.0s", "No USB key detected%.0s"},
		"ui.usb.inserted":     {"USB 密钥已插入：%s", "USB key inserted: %s"},
		"ui.usb.removed":      {"USB 密钥已拔出：%s", "USB key removed: %s"},
		"ui.usb.unavailable":  {"无法访问 USB 设备（无权限或不支持），插拔提示不可用%.0s", "USB devices cannot be read here (no permission or no USB); insertion notices are off%.0s"},
		"ui.kind.logout":      {"退出登录", "sign-out"},
		"ui.kind.settings":    {"系统设置", "settings"},
		"ui.stamp.cancelling": {"正在取消…", "Cancelling…"},
	} {
		messages[k] = v
	}
}
