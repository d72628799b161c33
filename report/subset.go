package report

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// subsetTrueType returns a copy of a glyf-based TrueType font in which every
// glyph not in keep is empty (ISO 32000 §9.9 allows embedding such a
// subset). Glyph ids stay the same, so the PDF can use them as CIDs with
// /CIDToGIDMap /Identity. Components of composite glyphs are kept too. Only
// the tables a PDF renderer needs are written (head, hhea, maxp, hmtx, loca,
// glyf and the hinting tables); cmap is dropped because the PDF maps codes to
// glyphs itself and text extraction uses the ToUnicode CMap.
func subsetTrueType(font []byte, keep map[uint16]bool) ([]byte, error) {
	tables, err := tableDirectory(font)
	if err != nil {
		return nil, err
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf"} {
		if _, ok := tables[t]; !ok {
			return nil, fmt.Errorf("report: font has no %s table", t)
		}
	}
	head, maxp, loca, glyf := tables["head"], tables["maxp"], tables["loca"], tables["glyf"]
	if len(head) < 54 || len(maxp) < 6 {
		return nil, errors.New("report: font head or maxp table too short")
	}
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	n := int(binary.BigEndian.Uint16(maxp[4:]))
	offset := func(gid int) (int, error) {
		var o int
		if longLoca {
			if 4*gid+4 > len(loca) {
				return 0, errors.New("report: font loca table too short")
			}
			o = int(binary.BigEndian.Uint32(loca[4*gid:]))
		} else {
			if 2*gid+2 > len(loca) {
				return 0, errors.New("report: font loca table too short")
			}
			o = 2 * int(binary.BigEndian.Uint16(loca[2*gid:]))
		}
		if o > len(glyf) {
			return 0, errors.New("report: font loca points past glyf")
		}
		return o, nil
	}
	glyph := func(gid int) ([]byte, error) {
		a, err := offset(gid)
		if err != nil {
			return nil, err
		}
		b, err := offset(gid + 1)
		if err != nil || b < a {
			return nil, errors.New("report: font loca out of order")
		}
		return glyf[a:b], nil
	}

	// Close keep over composite glyph components (glyf: numberOfContours < 0).
	want := map[int]bool{0: true} // .notdef always
	var todo []int
	for g := range keep {
		if int(g) < n {
			todo = append(todo, int(g))
		}
	}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if want[g] && g != 0 {
			continue
		}
		want[g] = true
		data, err := glyph(g)
		if err != nil {
			return nil, err
		}
		if len(data) < 10 || int16(binary.BigEndian.Uint16(data)) >= 0 {
			continue
		}
		for p := 10; p+4 <= len(data); {
			flags := binary.BigEndian.Uint16(data[p:])
			comp := int(binary.BigEndian.Uint16(data[p+2:]))
			if comp < n && !want[comp] {
				todo = append(todo, comp)
			}
			p += 4
			if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x0008 != 0: // WE_HAVE_A_SCALE
				p += 2
			case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
				p += 4
			case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
				p += 8
			}
			if flags&0x0020 == 0 { // MORE_COMPONENTS
				break
			}
		}
	}

	newLoca := make([]byte, 4*(n+1))
	var newGlyf []byte
	for g := 0; g < n; g++ {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		if !want[g] {
			continue
		}
		data, err := glyph(g)
		if err != nil {
			return nil, err
		}
		newGlyf = append(newGlyf, data...)
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*n:], uint32(len(newGlyf)))
	newHead := append([]byte(nil), head...)
	binary.BigEndian.PutUint16(newHead[50:], 1) // long loca
	binary.BigEndian.PutUint32(newHead[8:], 0)  // checkSumAdjustment: recomputed below

	out := map[string][]byte{"head": newHead, "hhea": tables["hhea"], "maxp": maxp, "hmtx": tables["hmtx"], "loca": newLoca, "glyf": newGlyf}
	for _, t := range []string{"cvt ", "fpgm", "prep"} {
		if b, ok := tables[t]; ok {
			out[t] = b
		}
	}
	font2 := writeSFNT(out)
	// head.checkSumAdjustment = 0xB1B0AFBA − checksum of the whole font.
	adj := 0xB1B0AFBA - checksum(font2)
	headAt := sfntTableOffset(font2, "head")
	binary.BigEndian.PutUint32(font2[headAt+8:], adj)
	return font2, nil
}

// tableDirectory reads an sfnt's tables by tag.
func tableDirectory(font []byte) (map[string][]byte, error) {
	if len(font) < 12 {
		return nil, errors.New("report: font too short")
	}
	if v := binary.BigEndian.Uint32(font); v != 0x00010000 && v != 0x74727565 {
		return nil, errors.New("report: not a TrueType font")
	}
	num := int(binary.BigEndian.Uint16(font[4:]))
	if 12+16*num > len(font) {
		return nil, errors.New("report: font table directory truncated")
	}
	tables := map[string][]byte{}
	for i := 0; i < num; i++ {
		rec := font[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(font)) {
			return nil, fmt.Errorf("report: font table %q out of range", rec[:4])
		}
		tables[string(rec[:4])] = font[off : off+length]
	}
	return tables, nil
}

// writeSFNT lays tables out in tag order, 4-byte aligned, with checksums.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	num := len(tags)
	entrySelector := 0
	for 1<<(entrySelector+1) <= num {
		entrySelector++
	}
	searchRange := 16 << entrySelector
	buf := make([]byte, 12+16*num)
	binary.BigEndian.PutUint32(buf, 0x00010000)
	binary.BigEndian.PutUint16(buf[4:], uint16(num))
	binary.BigEndian.PutUint16(buf[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(buf[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(buf[10:], uint16(16*num-searchRange))
	for i, t := range tags {
		data := tables[t]
		rec := buf[12+16*i:]
		copy(rec, t)
		binary.BigEndian.PutUint32(rec[4:], checksum(data))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(buf)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(data)))
		buf = append(buf, data...)
		for len(buf)%4 != 0 {
			buf = append(buf, 0)
		}
	}
	return buf
}

func sfntTableOffset(font []byte, tag string) int {
	num := int(binary.BigEndian.Uint16(font[4:]))
	for i := 0; i < num; i++ {
		rec := font[12+16*i:]
		if string(rec[:4]) == tag {
			return int(binary.BigEndian.Uint32(rec[8:]))
		}
	}
	return -1
}

// checksum is the sfnt table checksum: the sum of big-endian uint32 words.
func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}
