package device

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrURI is the error every malformed pkcs11: URI unwraps to.
var ErrURI = errors.New("device: bad pkcs11 URI")

// URI is an RFC 7512 PKCS#11 URI naming a token and, optionally, one object
// on it, e.g. pkcs11:token=SealKey;id=%01;type=private?module-path=/usr/lib/x.so
//
// Only the attributes SealDesk uses are kept. A PIN in the URI (pin-value,
// pin-source) is refused on purpose: a seal's key reference is stored in the
// workspace and shown in the ledger, and a PIN there would be a PIN on disk.
type URI struct {
	Token        string // token label (CK_TOKEN_INFO.label)
	Manufacturer string // CK_TOKEN_INFO.manufacturerID
	Serial       string // CK_TOKEN_INFO.serialNumber
	Model        string // CK_TOKEN_INFO.model
	Object       string // CKA_LABEL
	ID           []byte // CKA_ID
	Type         string // "private", "public", "cert", "secret-key", "data" or ""
	SlotID       *uint  // slot-id (RFC 7512 errata / p11-kit), nil when absent
	ModulePath   string // query attribute module-path
	ModuleName   string // query attribute module-name
}

var uriTypes = map[string]bool{"private": true, "public": true, "cert": true, "secret-key": true, "data": true}

// RFC 7512 §2.3 path attributes we know but do not use; they are accepted and dropped.
var uriIgnored = map[string]bool{
	"library-manufacturer": true, "library-description": true, "library-version": true,
	"slot-description": true, "slot-manufacturer": true,
}

func uriErr(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrURI}, a...)...)
}

// ParseURI parses an RFC 7512 URI. Attribute values are %-decoded; an
// attribute given twice, an unknown standard attribute, a bad escape or a PIN
// is an error wrapping ErrURI. Vendor attributes ("x-…") are ignored.
func ParseURI(s string) (URI, error) {
	var u URI
	rest, ok := strings.CutPrefix(s, "pkcs11:")
	if !ok {
		// The scheme is case-insensitive (RFC 3986 §3.1).
		if len(s) < 7 || !strings.EqualFold(s[:7], "pkcs11:") {
			return u, uriErr("%q does not start with pkcs11:", truncate(s))
		}
		rest = s[7:]
	}
	path, query, _ := strings.Cut(rest, "?")
	if i := strings.IndexByte(query, '#'); i >= 0 {
		return u, uriErr("fragment not allowed")
	}
	seen := map[string]bool{}
	if path != "" {
		for _, attr := range strings.Split(path, ";") {
			name, raw, ok := strings.Cut(attr, "=")
			if !ok || name == "" {
				return u, uriErr("path attribute %q has no name=value", truncate(attr))
			}
			if seen[name] {
				return u, uriErr("attribute %s given twice", name)
			}
			seen[name] = true
			v, err := pctDecode(raw)
			if err != nil {
				return u, err
			}
			switch name {
			case "token":
				u.Token = string(v)
			case "manufacturer":
				u.Manufacturer = string(v)
			case "serial":
				u.Serial = string(v)
			case "model":
				u.Model = string(v)
			case "object":
				u.Object = string(v)
			case "id":
				u.ID = v
			case "type":
				if !uriTypes[string(v)] {
					return u, uriErr("unknown object type %q", truncate(string(v)))
				}
				u.Type = string(v)
			case "slot-id":
				n, err := strconv.ParseUint(string(v), 10, 32)
				if err != nil {
					return u, uriErr("slot-id %q is not a number", truncate(string(v)))
				}
				id := uint(n)
				u.SlotID = &id
			default:
				if !uriIgnored[name] && !strings.HasPrefix(name, "x-") {
					return u, uriErr("unknown attribute %q", truncate(name))
				}
			}
		}
	}
	if query != "" {
		for _, attr := range strings.Split(query, "&") {
			name, raw, ok := strings.Cut(attr, "=")
			if !ok || name == "" {
				return u, uriErr("query attribute %q has no name=value", truncate(attr))
			}
			if seen["?"+name] {
				return u, uriErr("attribute %s given twice", name)
			}
			seen["?"+name] = true
			v, err := pctDecode(raw)
			if err != nil {
				return u, err
			}
			switch name {
			case "module-path":
				u.ModulePath = string(v)
			case "module-name":
				u.ModuleName = string(v)
			case "pin-value", "pin-source":
				return u, uriErr("a PIN may not be part of a key reference")
			default:
				if !strings.HasPrefix(name, "x-") {
					return u, uriErr("unknown query attribute %q", truncate(name))
				}
			}
		}
	}
	return u, nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func pctDecode(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			out = append(out, c)
			continue
		}
		if i+2 >= len(s) {
			return nil, uriErr("truncated %%-escape in %q", truncate(s))
		}
		hi, ok1 := unhex(s[i+1])
		lo, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 {
			return nil, uriErr("bad %%-escape in %q", truncate(s))
		}
		out = append(out, hi<<4|lo)
		i += 2
	}
	return out, nil
}

// unreserved characters of RFC 3986 §2.3 pass as they are; everything else,
// ";", "?", "&", "=", "%" and all non-ASCII bytes included, is %-escaped.
func pctEncode(b []byte) string {
	const hexdig = "0123456789ABCDEF"
	var sb strings.Builder
	for _, c := range b {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			sb.WriteByte(c)
		default:
			sb.WriteByte('%')
			sb.WriteByte(hexdig[c>>4])
			sb.WriteByte(hexdig[c&15])
		}
	}
	return sb.String()
}

// String formats u as a pkcs11: URI in a fixed attribute order, so that equal
// URIs format equally. The id is always fully %-escaped, as RFC 7512 §2.3 advises.
func (u URI) String() string {
	var path []string
	add := func(name, v string) {
		if v != "" {
			path = append(path, name+"="+pctEncode([]byte(v)))
		}
	}
	add("token", u.Token)
	add("manufacturer", u.Manufacturer)
	add("serial", u.Serial)
	add("model", u.Model)
	if u.SlotID != nil {
		path = append(path, "slot-id="+strconv.FormatUint(uint64(*u.SlotID), 10))
	}
	add("object", u.Object)
	if len(u.ID) > 0 {
		var sb strings.Builder
		for _, c := range u.ID {
			fmt.Fprintf(&sb, "%%%02X", c)
		}
		path = append(path, "id="+sb.String())
	}
	add("type", u.Type)
	s := "pkcs11:" + strings.Join(path, ";")
	var query []string
	if u.ModulePath != "" {
		query = append(query, "module-path="+pctEncode([]byte(u.ModulePath)))
	}
	if u.ModuleName != "" {
		query = append(query, "module-name="+pctEncode([]byte(u.ModuleName)))
	}
	if len(query) > 0 {
		s += "?" + strings.Join(query, "&")
	}
	return s
}

// matchesToken reports whether the token attributes of u select tok.
func (u URI) matchesToken(tok Token) bool {
	return (u.Token == "" || u.Token == tok.Label) &&
		(u.Manufacturer == "" || u.Manufacturer == tok.Manufacturer) &&
		(u.Serial == "" || u.Serial == tok.Serial) &&
		(u.Model == "" || u.Model == tok.Model) &&
		(u.SlotID == nil || *u.SlotID == tok.Slot)
}
