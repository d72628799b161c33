package assets

// Messages of keyword placement (issue 16, point 2): the pages are listed as
// "2, 3" in both languages.
func init() {
	for k, v := range map[string][2]string{
		"err.keyword_empty": {"关键字为空", "the keyword is empty"},
		"err.keyword_none":  {"文档中找不到关键字“%s”", "the keyword “%s” is not in the document"},
		"err.keyword_ambiguous": {"关键字“%s”在文档中出现 %d 次（第 %s 页），请指定盖在第几处，或全部",
			"the keyword “%s” occurs %d times in the document (pages %s); say which one to stamp, or all"},
		"err.keyword_index": {"关键字“%s”在文档中只出现 %d 次（第 %s 页），没有第 %d 处",
			"the keyword “%s” has only %d occurrence(s) in the document (pages %s), so there is no occurrence %d"},
	} {
		messages[k] = v
	}
}

// sealctl find.
func init() {
	for k, v := range map[string][2]string{
		"cli.find.header": {"序号\t页\t中心 x（毫米）\t中心 y（毫米）\t文字", "No.\tPage\tCentre x (mm)\tCentre y (mm)\tText"},
		"cli.help.find": {`sealctl find - 在 PDF 中查找关键字

用法：
  sealctl find --doc 文档.pdf --keyword 文字 [--json]

按文档自身的文字位置查找关键字（如“盖章处”“（盖章）”），列出每一处的页码和中心位置
（距显示页面左上角的毫米数，即按关键字盖章时印章中心所在之处）。中文全角与半角符号视为相同，
字与字之间的空格和换行忽略；跨行的关键字以字数较多的一行为准。找不到时退出码为 1。只读，不需要工作区。

示例：
  sealctl find --doc 合同.pdf --keyword 盖章处
`, `sealctl find - find a keyword in a PDF

Usage:
  sealctl find --doc DOCUMENT.pdf --keyword TEXT [--json]

Finds the keyword (such as 盖章处 or （盖章）) from the document's own text positions and lists
each occurrence's page and centre (mm from the top-left corner of the page as displayed: where a
seal placed by keyword is centred). Full-width and half-width forms count as the same; spaces and
line breaks between characters are ignored; a keyword broken over lines counts on the line with
more of its characters. Exit code 1 when it is not found. Read-only; no workspace needed.

Examples:
  sealctl find --doc contract.pdf --keyword 盖章处
`},
	} {
		messages[k] = v
	}
}
