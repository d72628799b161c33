package seal

import (
	"encoding/binary"
	"testing"
)

func TestSniffPicture(t *testing.T) {
	bmp := make([]byte, 54)
	copy(bmp, "BM")
	binary.LittleEndian.PutUint32(bmp[14:], 40)
	tests := []struct {
		name, data, want string
	}{
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"},
		{"gif87a", "GIF87a\x01\x00", "gif"},
		{"gif89a", "GIF89a\x01\x00", "gif"},
		{"bmp", string(bmp), "bmp"},
		{"BM text is not bmp", "BMW drives a car, no DIB header here", ""},
		{"jpeg", "\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"},
		{"svg bare", `<svg xmlns="http://www.w3.org/2000/svg"/>`, "svg"},
		{"svg prolog", "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- seal -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<svg width=\"40mm\">", "svg"},
		{"svg-like", "<svgx/>", ""},
		{"xml not svg", `<?xml version="1.0"?><ofd:OFD/>`, ""},
		{"ofd zip", "PK\x03\x04\x14\x00\x00\x00\x08\x00", "ofd"},
		{"empty zip", "PK\x05\x06" + string(make([]byte, 18)), "ofd"},
		{"junk", "hello, seal", ""},
		{"empty", "", ""},
		{"unclosed prolog", "<?xml <svg", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SniffPicture([]byte(tc.data)); got != tc.want {
				t.Errorf("SniffPicture = %q, want %q", got, tc.want)
			}
		})
	}
}
