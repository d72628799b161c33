package assets

// Interface strings of the printer's screen.
func init() {
	for k, v := range map[string][2]string{
		"ui.nav.print": {"打印", "Print"},
	} {
		messages[k] = v
	}
}
