package store

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// The few functions of SQLite's C interface that the row reader uses, from
// the SQLite that github.com/mattn/go-sqlite3 links into every build (its
// amalgamation, or the system library with -tags libsqlite3).
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
extern int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs);
extern int sqlite3_close_v2(sqlite3 *db);
extern int sqlite3_busy_timeout(sqlite3 *db, int ms);
extern int sqlite3_exec(sqlite3 *db, const char *sql, void *cb, void *arg, char **errmsg);
extern int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **stmt, const char **tail);
extern int sqlite3_step(sqlite3_stmt *stmt);
extern int sqlite3_finalize(sqlite3_stmt *stmt);
extern int sqlite3_column_count(sqlite3_stmt *stmt);
extern int sqlite3_column_type(sqlite3_stmt *stmt, int i);
extern const void *sqlite3_column_blob(sqlite3_stmt *stmt, int i);
extern int sqlite3_column_bytes(sqlite3_stmt *stmt, int i);
extern const char *sqlite3_errmsg(sqlite3 *db);

#define RS_ROW 100
#define RS_DONE 101
#define RS_NULL 5
#define RS_OPEN_READWRITE 0x00000002
#define RS_OPEN_NOMUTEX 0x00008000

// rs_fill packs rows of stmt into buf, each column as a 4-byte little-endian
// length and its bytes (a NULL as length 0xFFFFFFFF; a number as its text),
// and returns the bytes written. A row that does not fit is kept (*pending)
// for the next call; *rc is the last step's result. One call reads many rows:
// reading a row's columns from Go costs three cgo calls a column, which were
// most of the time of a ledger check.
static int rs_fill(sqlite3_stmt *stmt, unsigned char *buf, int cap, int *pending, int *rc) {
	int n = 0, ncol = sqlite3_column_count(stmt);
	for (;;) {
		if (!*pending) {
			*rc = sqlite3_step(stmt);
			if (*rc != RS_ROW) {
				return n;
			}
		}
		int need = 0;
		for (int i = 0; i < ncol; i++) {
			need += 4;
			if (sqlite3_column_type(stmt, i) != RS_NULL) {
				sqlite3_column_blob(stmt, i); // numbers become text before their size is asked
				need += sqlite3_column_bytes(stmt, i);
			}
		}
		if (need > cap - n) {
			*pending = 1;
			*rc = RS_ROW;
			return n > 0 ? n : -need;
		}
		*pending = 0;
		for (int i = 0; i < ncol; i++) {
			uint32_t len = 0xFFFFFFFFu;
			const void *p = NULL;
			if (sqlite3_column_type(stmt, i) != RS_NULL) {
				p = sqlite3_column_blob(stmt, i);
				len = (uint32_t)sqlite3_column_bytes(stmt, i);
			}
			buf[n] = len; buf[n+1] = len >> 8; buf[n+2] = len >> 16; buf[n+3] = len >> 24;
			n += 4;
			if (len != 0xFFFFFFFFu && len > 0) {
				memcpy(buf + n, p, len);
				n += len;
			}
		}
	}
}
*/
import "C"

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"unsafe"
)

// rowReader reads the rows of queries on its own SQLite connection, many
// rows per call into C (rs_fill). Each column of a row comes as bytes: text
// as stored, numbers as their decimal text.
type rowReader struct {
	db *C.sqlite3
}

// openRowReader opens path read-write (a WAL reader must be able to join
// the shared memory), never creating it; it only reads.
func openRowReader(path string) (*rowReader, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var db *C.sqlite3
	if rc := C.sqlite3_open_v2(cpath, &db, C.RS_OPEN_READWRITE|C.RS_OPEN_NOMUTEX, nil); rc != 0 {
		err := fmt.Errorf("open %s: SQLite error %d", path, int(rc))
		if db != nil {
			C.sqlite3_close_v2(db)
		}
		return nil, err
	}
	C.sqlite3_busy_timeout(db, 10000)
	return &rowReader{db: db}, nil
}

func (r *rowReader) close() { C.sqlite3_close_v2(r.db) }

func (r *rowReader) errorf(what string, rc C.int) error {
	return fmt.Errorf("%s: %s (SQLite error %d)", what, C.GoString(C.sqlite3_errmsg(r.db)), int(rc))
}

// exec runs a statement that returns no rows (BEGIN, ROLLBACK).
func (r *rowReader) exec(sql string) error {
	csql := C.CString(sql)
	defer C.free(unsafe.Pointer(csql))
	if rc := C.sqlite3_exec(r.db, csql, nil, nil, nil); rc != 0 {
		return r.errorf(sql, rc)
	}
	return nil
}

// query calls fn with each row of sql, its columns in cols (nil for NULL).
// The slices are valid only during the call; fn copies what it keeps.
//
// SQLite fills the next buffer of rows on another goroutine (another core)
// while fn works through the last: a check of the ledger hashes as fast as
// SQLite reads. Memory stays constant: a few buffers, each grown only for a
// row larger than it.
func (r *rowReader) query(sql string, fn func(cols [][]byte) error) error {
	csql := C.CString(sql)
	defer C.free(unsafe.Pointer(csql))
	var stmt *C.sqlite3_stmt
	if rc := C.sqlite3_prepare_v2(r.db, csql, -1, &stmt, nil); rc != 0 {
		return r.errorf("prepare", rc)
	}
	defer C.sqlite3_finalize(stmt)
	ncol := int(C.sqlite3_column_count(stmt))

	const nbuf, size = 3, 256 << 10
	all := make([]*rowChunk, nbuf)
	free := make(chan *rowChunk, nbuf)
	full := make(chan *rowChunk, nbuf)
	for i := range all {
		all[i] = &rowChunk{buf: (*C.uchar)(C.malloc(size)), size: size}
		free <- all[i]
	}
	defer func() {
		for _, ck := range all {
			C.free(unsafe.Pointer(ck.buf))
		}
	}()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the only user of the connection until wg.Wait returns
		defer wg.Done()
		defer close(full)
		var pending, rc C.int
		for {
			var ck *rowChunk
			select {
			case ck = <-free:
			case <-stop:
				return
			}
			for {
				n := int(C.rs_fill(stmt, ck.buf, C.int(ck.size), &pending, &rc))
				if n >= 0 {
					ck.n, ck.rc = n, rc
					break
				}
				C.free(unsafe.Pointer(ck.buf)) // one row larger than the buffer
				ck.size = -n
				ck.buf = (*C.uchar)(C.malloc(C.size_t(ck.size)))
			}
			full <- ck // never blocks: there are only nbuf chunks
			if rc != C.RS_ROW {
				return
			}
		}
	}()
	defer wg.Wait()
	defer close(stop)

	cols := make([][]byte, ncol)
	for ck := range full {
		b := unsafe.Slice((*byte)(unsafe.Pointer(ck.buf)), ck.n)
		for len(b) > 0 {
			for i := range cols {
				l := binary.LittleEndian.Uint32(b)
				b = b[4:]
				if l == 0xFFFFFFFF {
					cols[i] = nil
					continue
				}
				cols[i], b = b[:l:l], b[l:]
			}
			if err := fn(cols); err != nil {
				return err
			}
		}
		switch ck.rc {
		case C.RS_ROW:
			free <- ck
		case C.RS_DONE:
			return nil
		default:
			return r.errorf("step", ck.rc)
		}
	}
	return nil
}

// rowChunk is one buffer of packed rows: n bytes, then rc, the last step's
// result.
type rowChunk struct {
	buf     *C.uchar
	size, n int
	rc      C.int
}

var errNullColumn = errors.New("a NOT NULL column is NULL")
