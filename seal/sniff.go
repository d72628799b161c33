package seal

import (
	"bytes"
	"encoding/binary"
)

// SniffPicture names the format of seal picture data from its magic bytes:
// "png", "gif", "bmp", "jpeg", "svg", "ofd" (a zip package: tax seals use a
// small OFD as their picture) or "" when unrecognised. The declared
// SES_ESPictrueInfo.type is not always right, so readers go by this.
func SniffPicture(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "gif"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return "ofd"
	case isBMP(data):
		return "bmp"
	case isSVG(data):
		return "svg"
	}
	return ""
}

// isBMP checks the "BM" magic and, because two letters match too much text,
// that the DIB header size is one Windows or OS/2 defines.
func isBMP(data []byte) bool {
	if len(data) < 18 || data[0] != 'B' || data[1] != 'M' {
		return false
	}
	switch binary.LittleEndian.Uint32(data[14:18]) {
	case 12, 16, 40, 52, 56, 64, 108, 124:
		return true
	}
	return false
}

// svgScanLimit bounds how far into the data the root element is looked for.
const svgScanLimit = 4096

// isSVG looks for an <svg root element after an optional byte-order mark,
// XML declaration, comments, processing instructions and DOCTYPE.
func isSVG(data []byte) bool {
	if len(data) > svgScanLimit {
		data = data[:svgScanLimit]
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for {
		data = bytes.TrimLeft(data, " \t\r\n")
		var end []byte
		switch {
		case bytes.HasPrefix(data, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(data, []byte("<!--")):
			end = []byte("-->")
		case len(data) >= 9 && bytes.EqualFold(data[:9], []byte("<!DOCTYPE")):
			end = []byte(">")
		default:
			if !bytes.HasPrefix(data, []byte("<svg")) || len(data) < 5 {
				return false
			}
			switch data[4] {
			case ' ', '\t', '\r', '\n', '>', '/':
				return true
			}
			return false
		}
		i := bytes.Index(data[2:], end)
		if i < 0 {
			return false
		}
		data = data[2+i+len(end):]
	}
}
