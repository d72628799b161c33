package seal

// A lenient DER walker for seal data. Vendor files break DER in ways that
// encoding/asn1 and cryptobyte refuse (REFERENCE §2), and the signatures are
// over the bytes as received, so the walker hands out every element's bytes
// untouched and leaves the decision about each quirk to the caller.

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Identifier octets used by the seal formats (universal class unless noted).
const (
	derBoolean         = 0x01
	derInteger         = 0x02
	derBitString       = 0x03
	derOctetString     = 0x04
	derOID             = 0x06
	derUTF8String      = 0x0c
	derPrintableString = 0x13
	derT61String       = 0x14
	derIA5String       = 0x16
	derUTCTime         = 0x17
	derGeneralizedTime = 0x18
	derVisibleString   = 0x1a
	derBMPString       = 0x1e
	derSequence        = 0x30
	derContext0        = 0x80 // [0] primitive
	derContext0Cons    = 0xa0 // [0] constructed
)

var (
	errDERTruncated  = errors.New("truncated")
	errDERIndefinite = errors.New("indefinite length is not DER")
	errDERHighTag    = errors.New("multi-byte tag is not used by seal data")
	errDERLength     = errors.New("length too large")
	errDERTrailing   = errors.New("unexpected bytes after the last element")
)

// derElem is one TLV exactly as received.
type derElem struct {
	tag  byte   // identifier octet: class, constructed bit and tag number
	full []byte // identifier, length and contents
	body []byte // contents
	long bool   // the length was not in its minimal form
}

func (e derElem) constructed() bool { return e.tag&0x20 != 0 }

// derNext reads the first element of b and returns it with the rest of b.
func derNext(b []byte) (derElem, []byte, error) {
	if len(b) < 2 {
		return derElem{}, nil, errDERTruncated
	}
	tag := b[0]
	if tag&0x1f == 0x1f {
		return derElem{}, nil, errDERHighTag
	}
	n, hdr, long := int(b[1]), 2, false
	if n == 0x80 {
		return derElem{}, nil, errDERIndefinite
	}
	if n > 0x80 {
		k := n & 0x7f
		if k > 4 {
			return derElem{}, nil, errDERLength
		}
		if len(b) < 2+k {
			return derElem{}, nil, errDERTruncated
		}
		n = 0
		for _, c := range b[2 : 2+k] {
			n = n<<8 | int(c)
		}
		hdr += k
		// DER: the long form only from 128 on, and without leading zero octets.
		long = n < 0x80 || b[2] == 0
	}
	if n < 0 || n > len(b)-hdr {
		return derElem{}, nil, errDERTruncated
	}
	e := derElem{tag: tag, full: b[:hdr+n], body: b[hdr : hdr+n], long: long}
	return e, b[hdr+n:], nil
}

// derChildren splits the contents of a constructed element into its elements.
func derChildren(e derElem) ([]derElem, error) {
	var kids []derElem
	rest := e.body
	for len(rest) > 0 {
		k, r, err := derNext(rest)
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
		rest = r
	}
	return kids, nil
}

// derTagName names an identifier octet for error messages and quirk notes.
func derTagName(tag byte) string {
	switch tag {
	case derBoolean:
		return "BOOLEAN"
	case derInteger:
		return "INTEGER"
	case derBitString:
		return "BIT STRING"
	case derOctetString:
		return "OCTET STRING"
	case 0x05:
		return "NULL"
	case derOID:
		return "OBJECT IDENTIFIER"
	case derUTF8String:
		return "UTF8String"
	case derPrintableString:
		return "PrintableString"
	case derT61String:
		return "T61String"
	case derIA5String:
		return "IA5String"
	case derUTCTime:
		return "UTCTime"
	case derGeneralizedTime:
		return "GeneralizedTime"
	case derVisibleString:
		return "VisibleString"
	case derBMPString:
		return "BMPString"
	case derSequence:
		return "SEQUENCE"
	case 0x31:
		return "SET"
	}
	switch tag & 0xc0 {
	case 0x80:
		return fmt.Sprintf("[%d]", tag&0x1f)
	case 0x40:
		return fmt.Sprintf("[APPLICATION %d]", tag&0x1f)
	case 0xc0:
		return fmt.Sprintf("[PRIVATE %d]", tag&0x1f)
	}
	return fmt.Sprintf("tag 0x%02x", tag)
}

// sesReader collects the quirks met while reading one structure, each once.
type sesReader struct {
	quirks []string
}

func (r *sesReader) quirk(format string, a ...any) {
	q := fmt.Sprintf(format, a...)
	for _, have := range r.quirks {
		if have == q {
			return
		}
	}
	r.quirks = append(r.quirks, q)
}

func (r *sesReader) fail(field string, format string, a ...any) error {
	return &FormatError{Field: field, Err: fmt.Errorf(format, a...)}
}

// elem notes the quirks of an element's header.
func (r *sesReader) elem(e derElem, field string) derElem {
	if e.long {
		r.quirk("non-minimal DER length in %s", field)
	}
	return e
}

// children reads a constructed element of the wanted tag and returns its elements.
func (r *sesReader) children(e derElem, field string, tag byte) ([]derElem, error) {
	if e.tag != tag {
		return nil, r.fail(field, "%s where %s was expected", derTagName(e.tag), derTagName(tag))
	}
	r.elem(e, field)
	kids, err := derChildren(e)
	if err != nil {
		return nil, &FormatError{Field: field, Err: err}
	}
	return kids, nil
}

// integer reads a small INTEGER.
func (r *sesReader) integer(e derElem, field string) (int, error) {
	if e.tag != derInteger {
		return 0, r.fail(field, "%s where INTEGER was expected", derTagName(e.tag))
	}
	r.elem(e, field)
	b := e.body
	if len(b) == 0 {
		return 0, r.fail(field, "empty INTEGER")
	}
	if len(b) > 1 && (b[0] == 0 && b[1]&0x80 == 0 || b[0] == 0xff && b[1]&0x80 != 0) {
		r.quirk("non-minimal INTEGER in %s", field)
		for len(b) > 1 && (b[0] == 0 && b[1]&0x80 == 0 || b[0] == 0xff && b[1]&0x80 != 0) {
			b = b[1:]
		}
	}
	if len(b) > 4 {
		return 0, r.fail(field, "INTEGER out of range")
	}
	v := int64(int8(b[0]))
	for _, c := range b[1:] {
		v = v<<8 | int64(c)
	}
	return int(v), nil
}

// str reads a character string of any string type. Text that is not UTF-8
// is read as GBK (GB 18030, its superset), BMPString as UTF-16; trailing NULs
// (C strings copied whole) are trimmed.
func (r *sesReader) str(e derElem, field string, want byte) (string, error) {
	switch e.tag {
	case derUTF8String, derPrintableString, derT61String, derIA5String, derVisibleString, derBMPString, derOctetString:
	default:
		return "", r.fail(field, "%s where %s was expected", derTagName(e.tag), derTagName(want))
	}
	r.elem(e, field)
	if e.tag != want {
		r.quirk("%s in %s, which is an %s", derTagName(e.tag), field, derTagName(want))
	}
	var s string
	switch {
	case e.tag == derBMPString:
		if len(e.body)%2 != 0 {
			return "", r.fail(field, "BMPString of odd length")
		}
		u := make([]uint16, len(e.body)/2)
		for i := range u {
			u[i] = uint16(e.body[2*i])<<8 | uint16(e.body[2*i+1])
		}
		s = string(utf16.Decode(u))
	case utf8.Valid(e.body):
		s = string(e.body)
	default:
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(e.body)
		if err != nil {
			return "", r.fail(field, "text is neither UTF-8 nor GBK")
		}
		r.quirk("GBK text in %s", field)
		s = string(d)
	}
	if t := strings.TrimRight(s, "\x00"); len(t) != len(s) {
		r.quirk("trailing NUL characters in %s", field)
		s = t
	}
	return s, nil
}

// oid reads an OBJECT IDENTIFIER.
func (r *sesReader) oid(e derElem, field string) (asn1.ObjectIdentifier, error) {
	if e.tag != derOID {
		return nil, r.fail(field, "%s where OBJECT IDENTIFIER was expected", derTagName(e.tag))
	}
	r.elem(e, field)
	oid, ok := derParseOID(e.body)
	if !ok {
		return nil, r.fail(field, "malformed OBJECT IDENTIFIER")
	}
	return oid, nil
}

func derParseOID(b []byte) (asn1.ObjectIdentifier, bool) {
	if len(b) == 0 || b[len(b)-1]&0x80 != 0 {
		return nil, false
	}
	var arcs []int
	v := 0
	for _, c := range b {
		if v > 1<<24 {
			return nil, false
		}
		v = v<<7 | int(c&0x7f)
		if c&0x80 == 0 {
			arcs = append(arcs, v)
			v = 0
		}
	}
	first := arcs[0]
	oid := asn1.ObjectIdentifier{0, first}
	switch {
	case first >= 80:
		oid = asn1.ObjectIdentifier{2, first - 80}
	case first >= 40:
		oid = asn1.ObjectIdentifier{1, first - 40}
	}
	return append(oid, arcs[1:]...), true
}

// octets reads an OCTET STRING; other primitive types are accepted with a quirk.
func (r *sesReader) octets(e derElem, field string) ([]byte, error) {
	if e.constructed() {
		return nil, r.fail(field, "%s where OCTET STRING was expected", derTagName(e.tag))
	}
	r.elem(e, field)
	if e.tag != derOctetString {
		r.quirk("%s in %s, which is an OCTET STRING", derTagName(e.tag), field)
	}
	return e.body, nil
}

// bits reads a BIT STRING's value octets; an OCTET STRING is accepted with a quirk.
func (r *sesReader) bits(e derElem, field string) ([]byte, error) {
	switch e.tag {
	case derBitString:
		r.elem(e, field)
		if len(e.body) == 0 {
			return nil, r.fail(field, "empty BIT STRING")
		}
		if e.body[0] > 7 {
			return nil, r.fail(field, "BIT STRING with %d unused bits", e.body[0])
		}
		if e.body[0] != 0 {
			r.quirk("BIT STRING with %d unused bits in %s", e.body[0], field)
		}
		return e.body[1:], nil
	case derOctetString:
		r.elem(e, field)
		r.quirk("OCTET STRING in %s, which is a BIT STRING", field)
		return e.body, nil
	}
	return nil, r.fail(field, "%s where BIT STRING was expected", derTagName(e.tag))
}

// chinaTime is the zone assumed for times written without one: the files
// come from Chinese systems, whose clocks run on China Standard Time.
var chinaTime = time.FixedZone("CST", 8*60*60)

// time reads a UTCTime or GeneralizedTime; want is the type the field should
// have. Accepted: the other of the two types, GeneralizedTime without zone or
// with fractions, and 12-digit UTCTime text in a GeneralizedTime.
func (r *sesReader) time(e derElem, field string, want byte) (time.Time, error) {
	switch e.tag {
	case derUTCTime, derGeneralizedTime:
	case derPrintableString, derIA5String, derVisibleString, derUTF8String:
		r.quirk("%s in %s, which is a %s", derTagName(e.tag), field, derTagName(want))
	default:
		return time.Time{}, r.fail(field, "%s where %s was expected", derTagName(e.tag), derTagName(want))
	}
	r.elem(e, field)
	if e.tag != want && (e.tag == derUTCTime || e.tag == derGeneralizedTime) {
		r.quirk("%s in a %s field (%s)", derTagName(e.tag), derTagName(want), field)
	}
	t, err := r.timeText(string(e.body), field, e.tag == derUTCTime)
	if err != nil {
		return time.Time{}, &FormatError{Field: field, Err: err}
	}
	return t, nil
}

// timeText parses the text of an ASN.1 time. utc selects the two-digit year of
// UTCTime; a GeneralizedTime of 12 digits is read as UTCTime text too.
func (r *sesReader) timeText(s, field string, utc bool) (time.Time, error) {
	bad := fmt.Errorf("malformed time %q", s)
	loc := time.UTC
	switch {
	case strings.HasSuffix(s, "Z"):
		s = s[:len(s)-1]
	case len(s) > 5 && (s[len(s)-5] == '+' || s[len(s)-5] == '-'):
		z := s[len(s)-4:]
		if !derDigits(z) {
			return time.Time{}, bad
		}
		off := (int(z[0]-'0')*10+int(z[1]-'0'))*3600 + (int(z[2]-'0')*10+int(z[3]-'0'))*60
		if s[len(s)-5] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
		s = s[:len(s)-5]
	default:
		r.quirk("time without zone in %s, read as China Standard Time (UTC+8)", field)
		loc = chinaTime
	}
	nsec := 0
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		frac := s[i+1:]
		if utc || frac == "" || len(frac) > 9 || !derDigits(frac) {
			return time.Time{}, bad
		}
		r.quirk("fractional seconds in %s", field)
		for k := range 9 {
			nsec *= 10
			if k < len(frac) {
				nsec += int(frac[k] - '0')
			}
		}
		s = s[:i]
	}
	if !derDigits(s) {
		return time.Time{}, bad
	}
	if !utc && len(s) == 12 {
		r.quirk("12-digit UTCTime text in the GeneralizedTime %s", field)
		utc = true
	}
	var year, rest int
	switch {
	case utc && (len(s) == 12 || len(s) == 10):
		year = derNum(s[:2])
		if year < 50 {
			year += 2000
		} else {
			year += 1900
		}
		s = s[2:]
	case !utc && (len(s) == 14 || len(s) == 10 || len(s) == 8):
		year = derNum(s[:4])
		s = s[4:]
	default:
		return time.Time{}, bad
	}
	month, day, hour := derNum(s[0:2]), derNum(s[2:4]), 0
	if len(s) >= 6 {
		hour = derNum(s[4:6])
	}
	if len(s) >= 8 {
		rest = derNum(s[6:8]) * 60
	}
	if len(s) >= 10 {
		rest += derNum(s[8:10])
	}
	t := time.Date(year, time.Month(month), day, hour, rest/60, rest%60, nsec, loc)
	// time.Date normalises 31 February to 3 March: refuse what it changed.
	if t.Year() != year || int(t.Month()) != month || t.Day() != day || t.Hour() != hour ||
		t.Minute() != rest/60 || t.Second() != rest%60 {
		return time.Time{}, bad
	}
	return t, nil
}

func derDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func derNum(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// sm2Value is an SM2 signature value decoded from whatever encoding it came in.
type sm2Value struct {
	r, s *big.Int
}

// decodeSM2Value reads a signature value: DER SEQUENCE{r, s}, the same with
// INTEGERs missing their 0x00 pad (read as unsigned) or with trailing zero
// octets stripped (re-padded to the declared length), or raw 64-byte r‖s.
// The notes say which leniency was needed.
func decodeSM2Value(v []byte) (sm2Value, []string, error) {
	var notes []string
	if len(v) >= 2 && v[0] == derSequence {
		b := v
		if need, ok := derDeclaredLen(v); ok && need > len(v) && need-len(v) <= 8 {
			b = make([]byte, need)
			copy(b, v)
			notes = append(notes, fmt.Sprintf("signature value had %d trailing zero octets stripped; re-padded", need-len(v)))
		}
		if sv, more, err := derSM2Sequence(b); err == nil {
			return sv, append(notes, more...), nil
		}
	}
	if len(v) == 64 {
		return sm2Value{r: new(big.Int).SetBytes(v[:32]), s: new(big.Int).SetBytes(v[32:])},
			[]string{"raw 64-byte r‖s signature value"}, nil
	}
	return sm2Value{}, nil, errors.New("signature value is neither DER SEQUENCE{r, s} nor 64-byte r‖s")
}

// derDeclaredLen is the length an element's header declares, header included.
func derDeclaredLen(b []byte) (int, bool) {
	if len(b) < 2 {
		return 0, false
	}
	n := int(b[1])
	if n < 0x80 {
		return 2 + n, true
	}
	k := n & 0x7f
	if k == 0 || k > 2 || len(b) < 2+k {
		return 0, false
	}
	n = 0
	for _, c := range b[2 : 2+k] {
		n = n<<8 | int(c)
	}
	return 2 + k + n, true
}

func derSM2Sequence(b []byte) (sm2Value, []string, error) {
	var notes []string
	seq, rest, err := derNext(b)
	if err != nil {
		return sm2Value{}, nil, err
	}
	if len(rest) != 0 {
		return sm2Value{}, nil, errDERTrailing
	}
	kids, err := derChildren(seq)
	if err != nil {
		return sm2Value{}, nil, err
	}
	if len(kids) != 2 || kids[0].tag != derInteger || kids[1].tag != derInteger {
		return sm2Value{}, nil, errors.New("not SEQUENCE{INTEGER, INTEGER}")
	}
	var rs [2]*big.Int
	for i, k := range kids {
		if len(k.body) == 0 || len(k.body) > 33 {
			return sm2Value{}, nil, errors.New("INTEGER out of range")
		}
		if k.body[0]&0x80 != 0 {
			notes = append(notes, "signature INTEGER without its 0x00 pad, read as unsigned")
		}
		rs[i] = new(big.Int).SetBytes(k.body)
	}
	return sm2Value{r: rs[0], s: rs[1]}, notes, nil
}
