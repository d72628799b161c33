package pdfsign

import (
	"errors"
	"fmt"
)

// errBER reports input that is not even BER.
var errBER = errors.New("pdfsign: malformed BER")

// maxBERDepth bounds the nesting the normaliser follows; CMS never nests this deep.
const maxBERDepth = 64

// berToDER re-encodes a BER element (X.690 §8) with definite, minimal lengths and
// constructed string types joined into primitive ones (§10.1, §10.2), which is
// what OpenSSL's "cms -sign -stream", Java and several PDF signers write. DER input
// comes back byte for byte, so signed attributes that were DER keep their bytes.
// It returns the element and the bytes after it.
func berToDER(in []byte) (der, rest []byte, err error) {
	return berElement(in, 0)
}

func berElement(in []byte, depth int) ([]byte, []byte, error) {
	if depth > maxBERDepth {
		return nil, nil, fmt.Errorf("%w: nested deeper than %d", errBER, maxBERDepth)
	}
	if len(in) < 2 {
		return nil, nil, fmt.Errorf("%w: truncated element", errBER)
	}
	// Identifier octets (§8.1.2), high tag numbers included.
	i := 1
	if in[0]&0x1f == 0x1f {
		for i < len(in) && in[i]&0x80 != 0 {
			i++
		}
		i++
		if i >= len(in) {
			return nil, nil, fmt.Errorf("%w: truncated tag", errBER)
		}
	}
	tag := in[:i]
	constructed := in[0]&0x20 != 0
	// Length octets (§8.1.3).
	l := int(in[i])
	i++
	var content, rest []byte
	switch {
	case l == 0x80: // indefinite (§8.1.3.6): constructed only, ends with 00 00
		if !constructed {
			return nil, nil, fmt.Errorf("%w: indefinite length on a primitive element", errBER)
		}
		body := in[i:]
		var kids [][]byte
		for {
			if len(body) < 2 {
				return nil, nil, fmt.Errorf("%w: no end-of-contents", errBER)
			}
			if body[0] == 0 && body[1] == 0 {
				rest = body[2:]
				break
			}
			kid, r, err := berElement(body, depth+1)
			if err != nil {
				return nil, nil, err
			}
			kids = append(kids, kid)
			body = r
		}
		return assemble(tag, kids), rest, nil
	case l&0x80 != 0:
		n := l & 0x7f
		if n > 4 || i+n > len(in) {
			return nil, nil, fmt.Errorf("%w: bad length", errBER)
		}
		l = 0
		for _, b := range in[i : i+n] {
			l = l<<8 | int(b)
		}
		i += n
	}
	if l < 0 || i+l > len(in) {
		return nil, nil, fmt.Errorf("%w: element longer than its input", errBER)
	}
	content, rest = in[i:i+l], in[i+l:]
	if !constructed {
		return encodeElement(tag, content), rest, nil
	}
	var kids [][]byte
	for body := content; len(body) > 0; {
		kid, r, err := berElement(body, depth+1)
		if err != nil {
			return nil, nil, err
		}
		kids = append(kids, kid)
		body = r
	}
	return assemble(tag, kids), rest, nil
}

// assemble builds a constructed element from DER children. A constructed
// OCTET STRING, BIT STRING or character string (§8.7.3, §8.6.3, §8.23.6) becomes
// the primitive string of its joined segments, as DER requires.
func assemble(tag []byte, kids [][]byte) []byte {
	var body []byte
	if len(tag) == 1 && tag[0]&0xc0 == 0 && isStringTag(tag[0]&0x1f) {
		if tag[0]&0x1f == 3 {
			// BIT STRING segments each start with their unused-bit count; only the last may be non-zero.
			body = []byte{0}
			for _, k := range kids {
				if _, c := splitDER(k); len(c) > 0 {
					body[0] = c[0]
					body = append(body, c[1:]...)
				}
			}
		} else {
			for _, k := range kids {
				_, c := splitDER(k)
				body = append(body, c...)
			}
		}
		return encodeElement([]byte{tag[0] &^ 0x20}, body)
	}
	for _, k := range kids {
		body = append(body, k...)
	}
	return encodeElement(tag, body)
}

func isStringTag(n byte) bool {
	switch n {
	case 3, 4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30:
		return true
	}
	return false
}

// splitDER returns the header and content of a DER element made by encodeElement.
func splitDER(e []byte) (hdr, content []byte) {
	i := 1
	if e[0]&0x1f == 0x1f {
		for e[i]&0x80 != 0 {
			i++
		}
		i++
	}
	l := int(e[i])
	i++
	if l&0x80 != 0 {
		i += l & 0x7f
	}
	return e[:i], e[i:]
}

func encodeElement(tag, content []byte) []byte {
	out := append([]byte{}, tag...)
	n := len(content)
	switch {
	case n < 0x80:
		out = append(out, byte(n))
	default:
		var lb []byte
		for v := n; v > 0; v >>= 8 {
			lb = append([]byte{byte(v)}, lb...)
		}
		out = append(out, 0x80|byte(len(lb)))
		out = append(out, lb...)
	}
	return append(out, content...)
}
