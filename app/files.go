package app

import (
	"encoding/hex"
	"errors"
	"os"

	"github.com/emmansun/gmsm/sm3"

	"sealdesk/internal/userfile"
)

// document is a user's file read once: its bytes and their SM3, computed on
// the same pass.
type document struct {
	data []byte
	hash string // hex SM3
}

// readDocument reads a file a person named (a document to stamp, a seal
// file, an exchange file): regular files only, up to the workspace's size
// limit (issue 11: a FIFO, /dev/zero or a symlink to them gets a clear error
// at once, never a hang or an out-of-memory crash).
func readDocument(path string, limit int64) (*document, error) {
	sum := sm3.New()
	data, err := userfile.ReadAll(path, limit, sum)
	if err != nil {
		return nil, fileError(err, path)
	}
	return &document{data: data, hash: hex.EncodeToString(sum.Sum(nil))}, nil
}

// readUserFile is readDocument without the hash.
func readUserFile(path string, limit int64) ([]byte, error) {
	data, err := userfile.ReadAll(path, limit)
	if err != nil {
		return nil, fileError(err, path)
	}
	return data, nil
}

// fileError turns a read error into ours, naming the file and the problem.
func fileError(err error, path string) error {
	var nr *userfile.NotRegularError
	var tl *userfile.TooLargeError
	switch {
	case errors.As(err, &nr):
		return errf("not_regular", err, path, nr.Kind())
	case errors.As(err, &tl):
		return errf("too_large", err, path, megabytes(tl.Limit))
	case errors.Is(err, os.ErrNotExist):
		return errf("file_missing", err, path)
	}
	return errf("file_read", err, path, err)
}

func megabytes(n int64) int64 { return (n + 1<<20 - 1) >> 20 }

// ReadUserFile reads a file a person named, for the faces: regular files
// only, at most limit bytes (0: the default 2 GiB), errors in the catalog.
func ReadUserFile(path string, limit int64) ([]byte, error) { return readUserFile(path, limit) }
