package pdfsign

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"sealdesk/place"
)

// SignAll puts the seal at every placement of marks: one signature per mark,
// each its own incremental update on top of the previous ones, and writes the
// original followed by all the updates to out. Every signature covers the
// document as it stood with the marks before it, so the last covers the
// whole file, every mark and slice included; a verifier sees each as a
// signature added after the others, which every signature rule allows.
//
// One signature per mark rather than one signature field with a widget per
// mark (ISO 32000-1 §12.7.1 allows several): poppler's pdfsig (22.12, the one
// Debian 12 ships) reports each widget of such a field as a separate field
// that is not signed, so an auditor's independent tool would call a valid
// stamp unsigned.
//
// o's Page, CenterXMM, CenterYMM and Seam are taken from each mark in turn;
// every other option holds for all. The field names are o.FieldName's (or
// the first free "Seal<N>") followed by "-2", "-3"… for the later marks.
// Nothing is written to out until every mark is signed.
func SignAll(in io.ReadSeeker, out io.Writer, o Options, marks place.List) ([]*Result, error) {
	size, err := in.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: read input: %w", err)
	}
	ra, ok := in.(io.ReaderAt)
	if !ok {
		return nil, errors.New("pdfsign: SignAll needs an input that reads at offsets")
	}
	updates, results, err := SignAllUpdates(ra, size, o, marks)
	if err != nil {
		return nil, err
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("pdfsign: read input: %w", err)
	}
	if n, err := io.Copy(out, io.LimitReader(in, size)); err != nil || n != size {
		return nil, fmt.Errorf("pdfsign: copy document: %d of %d bytes: %v", n, size, err)
	}
	if _, err := out.Write(updates); err != nil {
		return nil, fmt.Errorf("pdfsign: write update: %w", err)
	}
	return results, nil
}

// SignAllUpdates is SignAll without the copy: it returns the bytes that
// follow the size bytes of in, one incremental update a mark, for a caller
// that writes the document itself.
func SignAllUpdates(in io.ReaderAt, size int64, o Options, marks place.List) ([]byte, []*Result, error) {
	if len(marks) == 0 {
		return nil, nil, errors.New("pdfsign: no placement")
	}
	if o.PreparedPicture == nil {
		pic, err := PreparePicture(o.Picture)
		if err != nil {
			return nil, nil, err
		}
		o.PreparedPicture = pic // once for every mark
	}
	var updates bytes.Buffer // every update so far, after the original's bytes
	results := make([]*Result, 0, len(marks))
	base := o.FieldName
	for i, m := range marks {
		oi := o
		oi.Page, oi.CenterXMM, oi.CenterYMM, oi.Seam = m.Page, m.XMM, m.YMM, m.Seam
		oi.DocumentDigest = nil // each pass hashes what came before it
		if i > 0 && base != "" {
			oi.FieldName = fmt.Sprintf("%s-%d", base, i+1)
		}
		cur := io.NewSectionReader(&concat{in, size, updates.Bytes()}, 0, size+int64(updates.Len()))
		tail := &tailWriter{skip: cur.Size()}
		res, err := Sign(cur, tail, oi)
		if err != nil {
			return nil, nil, err
		}
		if i == 0 && base == "" {
			base = res.FieldName
		}
		updates.Write(tail.buf.Bytes())
		results = append(results, res)
	}
	return updates.Bytes(), results, nil
}

// concat reads the original followed by the updates made so far.
type concat struct {
	a     io.ReaderAt
	aSize int64
	b     []byte
}

func (c *concat) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	if off < c.aSize {
		k := min(int64(len(p)), c.aSize-off)
		m, err := c.a.ReadAt(p[:k], off)
		n += m
		if err != nil && !(errors.Is(err, io.EOF) && int64(m) == k) {
			return n, err
		}
		p, off = p[k:], c.aSize
	}
	if len(p) == 0 {
		return n, nil
	}
	i := off - c.aSize
	if i >= int64(len(c.b)) {
		return n, io.EOF
	}
	m := copy(p, c.b[i:])
	n += m
	if m < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// tailWriter keeps what is written after the first skip bytes: the update
// Sign appends to the copy of its input.
type tailWriter struct {
	skip int64
	buf  bytes.Buffer
}

func (t *tailWriter) Write(p []byte) (int, error) {
	n := len(p)
	if t.skip > 0 {
		k := min(int64(len(p)), t.skip)
		t.skip -= k
		p = p[k:]
	}
	t.buf.Write(p)
	return n, nil
}
