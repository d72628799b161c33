package assets

// Messages of stamping OFD documents (issue 15 point 3).
func init() {
	for k, v := range map[string][2]string{
		"err.ofd_seal_not_sm2": {"印章“%s”的密钥是 %s，不能用于 OFD 文档：OFD 电子签章（GB/T 38540）只能使用 SM2 印章，请选择 SM2 印章",
			"the seal “%s” has a %s key and cannot stamp an OFD document: OFD electronic seals (GB/T 38540) are SM2 only; choose an SM2 seal"},
		"err.ofd_no_seal_data": {"印章“%s”没有 GB/T 38540 印章数据，不能用于 OFD 文档", "the seal “%s” has no GB/T 38540 seal data and cannot stamp an OFD document"},
		"err.ofd_no_seam":      {"OFD 文档暂不支持骑缝章，请按页码和位置盖章", "cross-page seals are not supported on OFD documents yet; stamp by page and position"},
		"err.ofd_no_keyword":   {"OFD 文档暂不支持按关键字“%s”定位，请按页码和位置盖章", "placing by keyword (“%s”) is not supported on OFD documents yet; stamp by page and position"},
	} {
		messages[k] = v
	}
}
