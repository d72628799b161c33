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
