package app

import (
	"context"
	"fmt"
	"strconv"

	"sealdesk/internal/userfile"
	"sealdesk/store"
)

// metaMaxFileMB is the largest file, in MiB, that this workspace reads from a
// person (documents, seal files, exchange files).
const metaMaxFileMB = "max_file_mb"

// Bounds of the file size limit an administrator may set.
const (
	DefaultMaxFileMB = userfile.DefaultLimit >> 20 // 2 GiB
	MinMaxFileMB     = 1
	MaxMaxFileMB     = 64 << 10 // 64 GiB
)

// MaxFileSize is the size limit, in bytes, of the files this workspace reads.
func (w *Workspace) MaxFileSize(ctx context.Context) int64 {
	v, _ := w.db.Meta(ctx, metaMaxFileMB)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		n = DefaultMaxFileMB
	}
	return n << 20
}

// SetMaxFileSize changes the file size limit (administrators only).
func (w *Workspace) SetMaxFileSize(ctx context.Context, s *Session, mb int64) error {
	entry := store.Entry{Actor: actor(s), Kind: EntrySettings}
	if e := need(s, RoleAdmin); e != nil {
		return w.refuse(ctx, entry, e)
	}
	if mb < MinMaxFileMB || mb > MaxMaxFileMB {
		return w.refuse(ctx, entry, errf("max_file_bounds", nil, mb, MinMaxFileMB, MaxMaxFileMB))
	}
	return w.setting(ctx, entry, metaMaxFileMB, strconv.FormatInt(mb, 10), fmt.Sprintf("largest file read: %d MB", mb))
}
