package ofd

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Errors of reading a package. They are returned wrapped in a *FormatError
// naming the part.
var (
	ErrNotZip      = errors.New("ofd: not a zip package")
	ErrTooLarge    = errors.New("ofd: package exceeds the limits (zip bomb?)")
	ErrUnsafeName  = errors.New("ofd: unsafe file name")
	ErrMissingPart = errors.New("ofd: missing part")
	ErrXML         = errors.New("ofd: malformed XML")
)

// FormatError reports a package that cannot be read, naming the part (a
// package path such as "Doc_0/Document.xml", or "package").
type FormatError struct {
	Part string
	Err  error
}

func (e *FormatError) Error() string { return "ofd: " + e.Part + ": " + e.Err.Error() }

func (e *FormatError) Unwrap() error { return e.Err }

func partErr(part string, err error, format string, a ...any) error {
	return &FormatError{Part: part, Err: fmt.Errorf("%w: %s", err, fmt.Sprintf(format, a...))}
}

// Limits bound what Read accepts. A zero field takes DefaultLimits' value.
type Limits struct {
	MaxFiles     int   // entries in the zip directory
	MaxFileSize  int64 // uncompressed bytes of one file
	MaxTotalSize int64 // uncompressed bytes of all files
	// MaxRatio bounds uncompressed/compressed size of a file larger than
	// 1 MiB: XML compresses 10–50 times, a zip bomb 1000 times and more.
	MaxRatio int64
}

// DefaultLimits suit invoices, receipts and official documents with scans.
var DefaultLimits = Limits{MaxFiles: 10000, MaxFileSize: 256 << 20, MaxTotalSize: 1 << 30, MaxRatio: 200}

// ratioFloor is the size under which the compression ratio is not checked.
const ratioFloor = 1 << 20

func (l Limits) orDefault() Limits {
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultLimits.MaxFiles
	}
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = DefaultLimits.MaxFileSize
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = DefaultLimits.MaxTotalSize
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultLimits.MaxRatio
	}
	return l
}

// Package is an OFD package read into memory: its files by package path
// (zip names without a leading "/"), in the order of the zip directory.
type Package struct {
	names []string
	files map[string][]byte
	// zipped keeps each entry's header and compressed bytes, so that a new
	// package copies unchanged files byte for byte.
	zipped map[string]*zip.File
}

// Read reads the OFD package held by r within the limits. It writes nothing
// anywhere. Its errors are *FormatError.
func Read(r io.ReaderAt, size int64, lim Limits) (*Package, error) {
	lim = lim.orDefault()
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, partErr("package", ErrNotZip, "%v", err)
	}
	if len(zr.File) > lim.MaxFiles {
		return nil, partErr("package", ErrTooLarge, "%d files, at most %d", len(zr.File), lim.MaxFiles)
	}
	p := &Package{files: map[string][]byte{}, zipped: map[string]*zip.File{}}
	var total int64
	for _, f := range zr.File {
		raw := f.Name
		if !utf8.ValidString(raw) {
			// Windows producers write Chinese names in GBK without the
			// zip UTF-8 flag; the XML names them in Unicode.
			if u, err := simplifiedchinese.GB18030.NewDecoder().String(raw); err == nil {
				raw = u
			}
		}
		name, dir, err := cleanZipName(raw)
		if err != nil {
			return nil, err
		}
		if dir {
			continue
		}
		if _, dup := p.files[name]; dup {
			return nil, partErr(name, ErrUnsafeName, "the name appears twice in the zip directory")
		}
		b, err := readEntry(f, name, lim, lim.MaxTotalSize-total)
		if err != nil {
			return nil, err
		}
		total += int64(len(b))
		p.names = append(p.names, name)
		p.files[name] = b
		p.zipped[name] = f
	}
	return p, nil
}

// readEntry decompresses one file, counting what it actually produces: the
// sizes in the zip headers are the sender's claim and are not trusted.
func readEntry(f *zip.File, name string, lim Limits, left int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(lim.MaxFileSize) {
		return nil, partErr(name, ErrTooLarge, "%d bytes uncompressed, at most %d", f.UncompressedSize64, lim.MaxFileSize)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, partErr(name, ErrNotZip, "%v", err)
	}
	defer rc.Close()
	limit := min(lim.MaxFileSize, left)
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, partErr(name, ErrNotZip, "decompress: %v", err)
	}
	if int64(len(b)) > limit {
		if limit < lim.MaxFileSize {
			return nil, partErr(name, ErrTooLarge, "the package decompresses to more than %d bytes", lim.MaxTotalSize)
		}
		return nil, partErr(name, ErrTooLarge, "decompresses to more than %d bytes", lim.MaxFileSize)
	}
	if n := int64(len(b)); n > ratioFloor && n/max(int64(f.CompressedSize64), 1) > lim.MaxRatio {
		return nil, partErr(name, ErrTooLarge, "compression ratio above %d", lim.MaxRatio)
	}
	return b, nil
}

// cleanZipName checks a zip entry name: relative, forward slashes, no "."
// or ".." elements, no NUL or drive letter.
// It reports directories (names ending in "/") separately.
func cleanZipName(name string) (clean string, dir bool, err error) {
	bad := func(why string) (string, bool, error) {
		return "", false, partErr(fmt.Sprintf("%q", name), ErrUnsafeName, "%s", why)
	}
	switch {
	case name == "":
		return bad("empty name")
	case strings.HasPrefix(name, "/"):
		return bad("absolute path")
	case strings.ContainsAny(name, "\\\x00"):
		return bad("backslash or NUL in the name")
	case len(name) >= 2 && name[1] == ':':
		return bad("drive letter")
	}
	dir = strings.HasSuffix(name, "/")
	trimmed := strings.TrimSuffix(name, "/")
	for _, el := range strings.Split(trimmed, "/") {
		if el == "" || el == "." || el == ".." {
			return bad("empty, \".\" or \"..\" path element")
		}
	}
	return trimmed, dir, nil
}

// resolve turns an OFD location into a package path. Locations starting
// with "/" are package-absolute; others are relative to the folder of the
// file that names them (base, a package path). Locations that would leave
// the package are refused.
func resolve(base, loc string) (string, error) {
	loc = strings.TrimSpace(loc)
	switch {
	case loc == "":
		return "", partErr(base, ErrMissingPart, "empty location")
	case strings.ContainsAny(loc, "\\\x00"):
		return "", partErr(base, ErrUnsafeName, "location %q holds a backslash or NUL", loc)
	case strings.Contains(loc, "://"):
		return "", partErr(base, ErrUnsafeName, "location %q is outside the package", loc)
	}
	var stack []string
	if !strings.HasPrefix(loc, "/") {
		if d := path.Dir(base); d != "." {
			stack = strings.Split(d, "/")
		}
	}
	for _, el := range strings.Split(loc, "/") {
		switch el {
		case "", ".":
		case "..":
			if len(stack) == 0 {
				return "", partErr(base, ErrUnsafeName, "location %q leaves the package", loc)
			}
			stack = stack[:len(stack)-1]
		default:
			stack = append(stack, el)
		}
	}
	if len(stack) == 0 {
		return "", partErr(base, ErrMissingPart, "location %q names no file", loc)
	}
	return strings.Join(stack, "/"), nil
}

// File returns the bytes of the file at package path name ("/" prefix
// allowed), and whether it exists.
func (p *Package) File(name string) ([]byte, bool) {
	b, ok := p.files[strings.TrimPrefix(name, "/")]
	return b, ok
}

// Names lists the package's files in zip directory order.
func (p *Package) Names() []string { return append([]string(nil), p.names...) }

// part returns the file named by loc relative to base, or a *FormatError
// wrapping ErrMissingPart that names what referred to it.
func (p *Package) part(base, loc, what string) (string, []byte, error) {
	name, err := p.locate(base, loc)
	if err != nil {
		return "", nil, err
	}
	b, ok := p.files[name]
	if !ok {
		return "", nil, partErr(name, ErrMissingPart, "%s named by %s is not in the package", what, base)
	}
	return name, b, nil
}

// locate resolves loc against base; a relative location that names no file
// there is tried from the package root, as producers that omit the leading
// "/" of package-absolute paths mean it (ofdrw reads them so too).
func (p *Package) locate(base, loc string) (string, error) {
	name, err := resolve(base, loc)
	if err != nil {
		return "", err
	}
	if _, ok := p.files[name]; !ok && !strings.HasPrefix(strings.TrimSpace(loc), "/") {
		if alt, err := resolve("", loc); err == nil {
			if _, ok := p.files[alt]; ok {
				return alt, nil
			}
		}
	}
	return name, nil
}

// sortedNames is Names sorted, for stable reports.
func (p *Package) sortedNames() []string {
	n := p.Names()
	sort.Strings(n)
	return n
}
