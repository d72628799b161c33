package assets

// The places of the file dialog, which Fyne 2.7 names in English only.
func init() {
	for k, v := range map[string][2]string{
		"ui.place.home":      {"主文件夹", "Home"},
		"ui.place.computer":  {"计算机", "Computer"},
		"ui.place.app_files": {"应用文件", "App Files"},
		"ui.place.desktop":   {"桌面", "Desktop"},
		"ui.place.documents": {"文档", "Documents"},
		"ui.place.downloads": {"下载", "Downloads"},
		"ui.place.music":     {"音乐", "Music"},
		"ui.place.pictures":  {"图片", "Pictures"},
		"ui.place.videos":    {"视频", "Videos"},
	} {
		messages[k] = v
	}
}
