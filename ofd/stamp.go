package ofd

// Stamping: GB/T 33190 §18 signature parts and a GB/T 38540 V4 seal
// signature, as ofdrw's "continue" signing writes them. The References cover
// every file of the new package except the signature lists (Signatures.xml)
// and the new signature's own two files, so a later stamp, which only adds
// its own files and a line to Signatures.xml, leaves earlier ones valid.

import (
	"archive/zip"
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"os"
	"path/filepath"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"

	"sealdesk/internal/safefile"
	"sealdesk/seal"
)

// ErrNotSM2 refuses a non-SM2 signer: OFD seals are GB/T 38540 signatures,
// SM2-with-SM3 only. It is seal.ErrNotSM2, so either name matches.
var ErrNotSM2 = seal.ErrNotSM2

// ErrSigningForbidden refuses a document whose Permissions forbid signing
// (GB/T 33190 §7.5, CT_Permission Signature="false").
var ErrSigningForbidden = errors.New("ofd: the document's permissions forbid signing")

// PageError reports a page number outside the document.
type PageError struct{ Page, Count int }

func (e *PageError) Error() string {
	return fmt.Sprintf("ofd: page %d out of range (the document has %d)", e.Page, e.Count)
}

// PlaceError reports a seal that would not lie wholly on the page.
type PlaceError struct {
	Box    [4]float64 // the seal's box, mm: x, y, width, height
	PageMM [2]float64 // the page's width and height, mm
}

func (e *PlaceError) Error() string {
	return fmt.Sprintf("ofd: seal box %g %g %g %g mm is not inside the %g×%g mm page", e.Box[0], e.Box[1], e.Box[2], e.Box[3], e.PageMM[0], e.PageMM[1])
}

// StampOptions say where and with what to stamp.
type StampOptions struct {
	Doc  int // index of the document (DocBody) in OFD.xml, usually 0
	Page int // 1-based page index
	// CenterXMM and CenterYMM place the seal picture's centre, in mm from
	// the page's top-left corner (OFD's coordinate system, y downwards).
	CenterXMM, CenterYMM float64
	Seal                 []byte        // GB/T 38540 seal data (SESeal DER); its picture is what readers draw
	Signer               crypto.Signer // SM2 only
	Cert                 []byte        // the signer's certificate (DER); it must be in the seal's list
	Time                 time.Time     // signing time; zero means now
	Rand                 io.Reader
	Limits               Limits
	// Witness, when set, is written as WitnessFile in the new signature's
	// folder and listed among its References, so the signature covers it:
	// SealDesk's ledger witness (the workstation ledger's sequence number and
	// head hash at signing), as a PDF carries it in a signed CMS attribute.
	Witness []byte
}

// WitnessFile is the name, in a signature's folder, of the ledger witness a
// SealDesk signature covers (StampOptions.Witness). Readers that do not know
// it check its digest like any Reference and ignore it otherwise.
const WitnessFile = "LedgerWitness.dat"

// StampResult names what Stamp added.
type StampResult struct {
	SignatureID   string
	SignaturePath string // package path of the new Signature.xml
	Boundary      [4]float64
}

// Stamp reads the OFD package held by r and writes to w a new package with
// one more seal signature. The input is not changed; unchanged files are
// copied byte for byte, compressed as they were.
func Stamp(r io.ReaderAt, size int64, w io.Writer, o StampOptions) (*StampResult, error) {
	if o.Signer == nil {
		return nil, fmt.Errorf("%w: no signer", ErrNotSM2)
	}
	if pub, ok := o.Signer.Public().(*ecdsa.PublicKey); !ok || !sm2.IsSM2PublicKey(pub) {
		return nil, fmt.Errorf("%w: it is %T", ErrNotSM2, o.Signer.Public())
	}
	sl, err := seal.Parse(o.Seal)
	if err != nil {
		return nil, fmt.Errorf("read seal: %w", err)
	}
	if !sl.ContainsCert(o.Cert) {
		return nil, errors.New("ofd: the signer certificate is not in the seal's certificate list")
	}
	p, err := Read(r, size, o.Limits)
	if err != nil {
		return nil, err
	}
	t, err := p.target(o.Doc, o.Page, o.CenterXMM, o.CenterYMM, sl.Picture.WidthMM, sl.Picture.HeightMM)
	if err != nil {
		return nil, err
	}
	root, docName, pageID, box := t.root, t.docName, t.pageID, t.box
	body := root.DocBodies[o.Doc]
	at := o.Time
	if at.IsZero() {
		at = time.Now()
	}
	at = at.UTC().Truncate(time.Second)

	changed := map[string][]byte{}
	// The signature list: the document's own, or a new one named in OFD.xml.
	listName := ""
	if strings.TrimSpace(body.Signatures) != "" {
		if listName, err = resolve("OFD.xml", body.Signatures); err != nil {
			return nil, err
		}
	} else {
		listName = dirOf(docName) + "Signs/Signatures.xml"
		ofdXML, err := insertBefore(p.files["OFD.xml"], "DocBody", o.Doc, "Signatures", "/"+listName)
		if err != nil {
			return nil, partErr("OFD.xml", ErrXML, "%v", err)
		}
		changed["OFD.xml"] = ofdXML
	}
	var list signaturesXML
	listBytes, haveList := p.files[listName]
	if haveList {
		if err := decodeXML(listName, listBytes, &list); err != nil {
			return nil, err
		}
	}
	id := nextID(list)
	signDir := dirOf(listName) + freeFolder(p, dirOf(listName))
	sigName, valueName := signDir+"/Signature.xml", signDir+"/SignedValue.dat"
	added := []string{sigName, valueName}
	if len(o.Witness) > 0 {
		// Added before the References are listed: the signature covers it.
		wn := signDir + "/" + WitnessFile
		changed[wn] = append([]byte(nil), o.Witness...)
		added = append(added, wn)
	}
	entry := fmt.Sprintf(`Signature ID="%s" Type="Seal" BaseLoc="/%s"`, id, xmlAttr(sigName))
	if haveList {
		nl, err := insertBefore(listBytes, "Signatures", 0, "", entry)
		if err == nil {
			nl, err = replaceText(nl, "MaxSignId", id)
		}
		if err != nil {
			return nil, partErr(listName, ErrXML, "%v", err)
		}
		changed[listName] = nl
	} else {
		changed[listName] = []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016"><ofd:MaxSignId>` + id + `</ofd:MaxSignId><ofd:` + entry + `/></ofd:Signatures>`)
	}

	// References: every file of the new package but the signature lists.
	lists := map[string]bool{listName: true}
	for i, b := range root.DocBodies {
		if i != o.Doc && strings.TrimSpace(b.Signatures) != "" {
			if n, err := resolve("OFD.xml", b.Signatures); err == nil {
				lists[n] = true
			}
		}
	}
	names := append([]string(nil), p.names...)
	for n := range changed {
		if _, ok := p.files[n]; !ok {
			names = append(names, n)
		}
	}
	var refs strings.Builder
	for _, n := range sortedRefs(names) {
		if lists[n] {
			continue
		}
		b, ok := changed[n]
		if !ok {
			b = p.files[n]
		}
		sum := sm3.Sum(b)
		fmt.Fprintf(&refs, `<ofd:Reference FileRef="/%s"><ofd:CheckValue>%s</ofd:CheckValue></ofd:Reference>`, xmlAttr(n), base64.StdEncoding.EncodeToString(sum[:]))
	}
	sigXML := []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<ofd:Signature xmlns:ofd="http://www.ofdspec.org/2016"><ofd:SignedInfo>` +
		`<ofd:Provider ProviderName="SealDesk" Company="SealDesk" Version="1.0"/>` +
		`<ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod>` +
		`<ofd:SignatureDateTime>` + at.Format("20060102150405Z") + `</ofd:SignatureDateTime>` +
		`<ofd:References CheckMethod="1.2.156.10197.1.401">` + refs.String() + `</ofd:References>` +
		fmt.Sprintf(`<ofd:StampAnnot ID="%s" PageRef="%s" Boundary="%s"/>`, id, xmlAttr(pageID), formatBox(box)) +
		`</ofd:SignedInfo><ofd:SignedValue>/` + xmlAttr(valueName) + `</ofd:SignedValue></ofd:Signature>`)
	// GB/T 38540 §7.2 with GB/T 33190 §18: dataHash is SM3 of Signature.xml,
	// propertyInfo names it.
	dataHash := sm3.Sum(sigXML)
	value, err := seal.SignDocument(o.Seal, o.Cert, o.Signer, dataHash[:], "/"+sigName, at, o.Rand)
	if err != nil {
		return nil, err
	}
	changed[sigName], changed[valueName] = sigXML, value
	if err := p.write(w, changed, added); err != nil {
		return nil, err
	}
	return &StampResult{SignatureID: id, SignaturePath: sigName, Boundary: box}, nil
}

// write writes the package with changed files replaced in place and the
// added ones (in changed, named in order) appended.
func (p *Package) write(w io.Writer, changed map[string][]byte, added []string) error {
	zw := zip.NewWriter(w)
	put := func(name string, b []byte) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Time{}})
		if err != nil {
			return err
		}
		_, err = fw.Write(b)
		return err
	}
	done := map[string]bool{}
	for _, n := range p.names {
		done[n] = true
		if b, ok := changed[n]; ok {
			if err := put(n, b); err != nil {
				return fmt.Errorf("write %s: %w", n, err)
			}
			continue
		}
		if err := zw.Copy(p.zipped[n]); err != nil {
			return fmt.Errorf("copy %s: %w", n, err)
		}
	}
	var rest []string
	for n := range changed {
		if !done[n] {
			rest = append(rest, n)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return indexOf(added, rest[i]) < indexOf(added, rest[j]) })
	for _, n := range rest {
		if err := put(n, changed[n]); err != nil {
			return fmt.Errorf("write %s: %w", n, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write package: %w", err)
	}
	return nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// pageBox finds the page's ID and its size in mm: the page's own Area, or
// the document's default PageArea (GB/T 33190 §7.5, §7.7).
func (p *Package) pageBox(docName string, page int) (string, [2]float64, error) {
	var d documentXML
	if err := decodeXML(docName, p.files[docName], &d); err != nil {
		return "", [2]float64{}, err
	}
	if page < 1 || page > len(d.Pages.Page) {
		return "", [2]float64{}, &PageError{Page: page, Count: len(d.Pages.Page)}
	}
	pg := d.Pages.Page[page-1]
	box, ok := parseBox(d.CommonData.PageArea.PhysicalBox)
	if name, b, err := p.part(docName, pg.BaseLoc, "Page"); err == nil {
		var content struct {
			Area pageArea `xml:"Area"`
		}
		if decodeXML(name, b, &content) == nil {
			if pb, pok := parseBox(content.Area.PhysicalBox); pok {
				box, ok = pb, true
			}
		}
	}
	if !ok {
		return "", [2]float64{}, partErr(docName, ErrMissingPart, "no PhysicalBox for page %d", page)
	}
	return pg.ID, [2]float64{box[2], box[3]}, nil
}

// nextID is one more than the largest numeric signature ID (or MaxSignId).
func nextID(list signaturesXML) string {
	n := 0
	ids := []string{list.MaxSignID}
	for _, s := range list.Signatures {
		ids = append(ids, s.ID)
	}
	for _, id := range ids {
		digits := strings.TrimLeftFunc(strings.TrimSpace(id), func(r rune) bool { return r < '0' || r > '9' })
		if v, err := strconv.Atoi(digits); err == nil && v > n {
			n = v
		}
	}
	return strconv.Itoa(n + 1)
}

// freeFolder names the first Sign_k folder under dir that holds no file.
func freeFolder(p *Package, dir string) string {
	for k := 0; ; k++ {
		name := "Sign_" + strconv.Itoa(k)
		used := false
		for _, n := range p.names {
			if strings.HasPrefix(n, dir+name+"/") {
				used = true
				break
			}
		}
		if !used {
			return name
		}
	}
}

func dirOf(name string) string {
	if i := strings.LastIndex(name, "/"); i >= 0 {
		return name[:i+1]
	}
	return ""
}

// sortedRefs orders the references as ofdrw does: OFD.xml first, then by name.
func sortedRefs(names []string) []string {
	out := append([]string(nil), names...)
	sort.Slice(out, func(i, j int) bool {
		if (out[i] == "OFD.xml") != (out[j] == "OFD.xml") {
			return out[i] == "OFD.xml"
		}
		return out[i] < out[j]
	})
	return out
}

func xmlAttr(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func round2(v float64) float64 { return float64(int64(v*100+0.5*sign(v))) / 100 }

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

func formatBox(b [4]float64) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return f(b[0]) + " " + f(b[1]) + " " + f(b[2]) + " " + f(b[3])
}

// elemSpan finds the n-th element with local name local in an XML part:
// the offsets of its start tag's start, of its end tag's start and end, and
// the prefix its end tag uses. Edits splice bytes at these offsets so that
// everything else of the part stays as it was.
func elemSpan(b []byte, local string, n int) (start, endTag, end int, prefix string, err error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = charsetReader
	depth, seen := 0, -1
	for {
		off := int(d.InputOffset())
		tok, terr := d.RawToken()
		if terr != nil {
			return 0, 0, 0, "", fmt.Errorf("element %s #%d not found: %v", local, n, terr)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return 0, 0, 0, "", errors.New("a DOCTYPE is not allowed in OFD")
		case xml.StartElement:
			if t.Name.Local == local && depth == 0 {
				seen++
				if seen == n {
					start = off
					depth = 1
					continue
				}
			}
			if depth > 0 {
				depth++
			}
		case xml.EndElement:
			if depth > 0 {
				depth--
				if depth == 0 {
					return start, off, int(d.InputOffset()), t.Name.Space, nil
				}
			}
		}
	}
}

// insertBefore adds, just before the end tag of the n-th element parent, an
// element: <p:child>text</p:child> when child is set, else <p:text/>, with
// the prefix the parent's end tag uses.
func insertBefore(b []byte, parent string, n int, child, text string) ([]byte, error) {
	_, endTag, end, prefix, err := elemSpan(b, parent, n)
	if err != nil {
		return nil, err
	}
	if prefix != "" {
		prefix += ":"
	}
	var el string
	if child != "" {
		el = "<" + prefix + child + ">" + xmlAttr(text) + "</" + prefix + child + ">"
	} else {
		el = "<" + prefix + text + "/>"
	}
	out := make([]byte, 0, len(b)+len(el)+len(parent)+8)
	if endTag == end && bytes.HasSuffix(b[:end], []byte("/>")) {
		// <p:parent .../>: open it, add the child, close it.
		out = append(out, b[:end-2]...)
		out = append(out, '>')
		out = append(out, el...)
		out = append(out, "</"+prefix+parent+">"...)
		return append(out, b[end:]...), nil
	}
	out = append(out, b[:endTag]...)
	out = append(out, el...)
	return append(out, b[endTag:]...), nil
}

// replaceText sets the text of the first element local (e.g. MaxSignId).
func replaceText(b []byte, local, text string) ([]byte, error) {
	start, endTag, _, _, err := elemSpan(b, local, 0)
	if err != nil {
		// A list without MaxSignId is accepted by readers; leave it so.
		return b, nil
	}
	gt := bytes.IndexByte(b[start:endTag], '>')
	if gt < 0 || b[start+gt-1] == '/' {
		return b, nil // <MaxSignId/>: readers count the entries instead
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:start+gt+1]...)
	out = append(out, xmlAttr(text)...)
	return append(out, b[endTag:]...), nil
}

// StampFile stamps the OFD at inPath into a new file at outPath, written
// atomically (a reader sees no file or the whole package). The original is
// never written: outPath must name another file.
func StampFile(inPath, outPath string, o StampOptions) (*StampResult, error) {
	if same, err := samePath(inPath, outPath); err != nil || same {
		return nil, fmt.Errorf("ofd: the stamped copy must be a new file, not %s", outPath)
	}
	in, err := os.ReadFile(inPath)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", inPath, err)
	}
	var res *StampResult
	err = safefile.Write(outPath, 0o644, func(w io.Writer) (err error) {
		res, err = Stamp(bytes.NewReader(in), int64(len(in)), w, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func samePath(a, b string) (bool, error) {
	aa, err := filepath.Abs(a)
	if err != nil {
		return false, err
	}
	bb, err := filepath.Abs(b)
	if err != nil {
		return false, err
	}
	if aa == bb {
		return true, nil
	}
	ai, aerr := os.Stat(aa)
	bi, berr := os.Stat(bb)
	return aerr == nil && berr == nil && os.SameFile(ai, bi), nil
}
