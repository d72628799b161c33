// Package userfile opens the files people hand to SealDesk (documents to
// stamp or verify, seal files, exchange files) so that a hostile one cannot
// hurt: only regular files are read (a FIFO would block forever, /dev/zero
// never ends, a folder is no document), and only up to a size limit, checked
// before reading and enforced while reading (a file may grow under us).
//
// The trap: stat-then-open races, and open(2) itself blocks on a FIFO until
// a writer appears. So the file is opened with O_NONBLOCK first and the check
// is made on the open descriptor (fstat), which is the file we then read.
package userfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// DefaultLimit is the largest file read unless the workspace says otherwise.
const DefaultLimit int64 = 2 << 30 // 2 GiB

// ErrNotRegular is returned for a FIFO, device, socket or folder.
var ErrNotRegular = errors.New("userfile: not a regular file")

// TooLargeError is returned for a file above the limit.
type TooLargeError struct {
	Path        string
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("userfile: %s is larger than the limit of %d bytes", e.Path, e.Limit)
}

// NotRegularError names the file and what it is.
type NotRegularError struct {
	Path string
	Mode os.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("userfile: %s is not a regular file (%s)", e.Path, kind(e.Mode))
}

func (e *NotRegularError) Unwrap() error { return ErrNotRegular }

// Kind names what a non-regular file is, for messages.
func (e *NotRegularError) Kind() string { return kind(e.Mode) }

func kind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "folder"
	case m&os.ModeNamedPipe != 0:
		return "fifo"
	case m&os.ModeSocket != 0:
		return "socket"
	case m&os.ModeDevice != 0 || m&os.ModeCharDevice != 0:
		return "device"
	}
	return "special"
}

// Open opens path for reading if it is a regular file of at most limit bytes
// (limit <= 0 means DefaultLimit). Symbolic links are followed; what counts is
// the file they lead to.
func Open(path string, limit int64) (*os.File, int64, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, 0, &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	if fi.Size() > limit {
		f.Close()
		return nil, 0, &TooLargeError{Path: path, Size: fi.Size(), Limit: limit}
	}
	return f, fi.Size(), nil
}

// ReadAll reads a regular file of at most limit bytes, passing every byte
// read through each of also (hashes computed on the same pass).
func ReadAll(path string, limit int64, also ...io.Writer) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	f, size, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 0, size+1)
	var r io.Reader = io.LimitReader(f, limit+1)
	if len(also) > 0 {
		r = io.TeeReader(r, io.MultiWriter(also...))
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, &TooLargeError{Path: path, Size: int64(len(buf)), Limit: limit}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
