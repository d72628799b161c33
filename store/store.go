// Package store keeps a SealDesk workspace in one SQLite file: users, seals,
// stamp requests, approvals and the chained ledger. It knows rows, not
// workflows: the rules live in package app.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// ErrNotFound is returned when a row asked for does not exist.
var ErrNotFound = errors.New("store: not found")

// ErrTooNew means the file was written by a newer SealDesk.
var ErrTooNew = errors.New("store: workspace created by a newer version of SealDesk; update the app")

// DB is an open workspace database. It is safe for concurrent use.
type DB struct {
	db       *sql.DB
	path     string
	recorder RowRecorder
	reader
}

// Tx is a write transaction. Every change to the workspace goes through one, so
// a change and its ledger entry land together or not at all.
type Tx struct {
	tx       *sql.Tx
	touched  []RowRef // authenticated rows written, recorded before commit (rows.go)
	actor    string   // the actor of the last entry appended, for those records
	recorder RowRecorder
	reader
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader holds the queries that work inside and outside a transaction.
type reader struct {
	q      querier
	verify RecordVerifier // authenticates a row's ledger record (rows.go); nil: taken as it stands
}

// Open opens (creating if needed) the workspace database at path and brings its
// schema up to date. The ledger needs durability over speed: WAL with
// synchronous=FULL, foreign keys on, and write transactions that take the write
// lock at BEGIN so two processes never interleave ledger appends.
func Open(path string) (*DB, error) {
	dsn := "file:" + path + "?_journal_mode=WAL&_synchronous=FULL&_foreign_keys=on&_busy_timeout=10000&_txlock=immediate"
	sqlDB, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open workspace database: %w", err)
	}
	db := &DB{db: sqlDB, path: path, reader: reader{q: sqlDB}}
	if err := db.migrate(); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return db, nil
}

// Path returns the file the database lives in.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// SQL exposes the underlying handle for tests and maintenance tools.
func (db *DB) SQL() *sql.DB { return db.db }

func (db *DB) migrate() error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	var version int
	if err := db.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version > len(names) {
		return fmt.Errorf("%w (schema %d, this build knows %d)", ErrTooNew, version, len(names))
	}
	for i := version; i < len(names); i++ {
		body, err := migrations.ReadFile(names[i])
		if err != nil {
			return fmt.Errorf("read migration %s: %w", names[i], err)
		}
		tx, err := db.db.Begin()
		if err != nil {
			return fmt.Errorf("begin migration: %w", err)
		}
		if _, err := tx.Exec(string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("apply migration %s: %w", names[i], err)
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("set schema version: %w", err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit migration %s: %w", names[i], err)
		}
	}
	return nil
}

// Update runs fn in a write transaction, committing when fn returns nil.
func (db *DB) Update(ctx context.Context, fn func(Txn) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	t := &Tx{tx: tx, reader: reader{q: tx, verify: db.reader.verify}, recorder: db.recorder}
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	if err := t.recordTouched(ctx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Time values are stored as RFC 3339 text in UTC with nanoseconds, which sorts.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

// Meta returns a workspace setting, or "" when unset.
func (r reader) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := r.q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetMeta stores a workspace setting.
func (tx *Tx) SetMeta(ctx context.Context, key, value string) error {
	if err := tx.touch(ctx, SettingRow(key)); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}

// User is a person who signs in to the workspace.
type User struct {
	Name         string
	DisplayName  string
	Roles        []string
	PasswordHash string
	CreatedAt    time.Time
	Disabled     bool
	KeyRef       string // the user's own signing key (approvals), e.g. soft:users/approver.key
	Cert         []byte // its certificate, DER

	// Sign-in throttling (SetSignIn): wrong passwords in a row, the time
	// before which no try is accepted, and the lock an administrator lifts.
	FailedLogins int
	NotBefore    time.Time
	Locked       bool
}

// HasRole reports whether u holds role.
func (u User) HasRole(role string) bool {
	for _, r := range u.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// CreateUser adds a user.
func (tx *Tx) CreateUser(ctx context.Context, u User) error {
	if u.Cert == nil {
		u.Cert = []byte{}
	}
	if err := tx.touch(ctx, UserRow(u.Name)); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO users(name, display_name, roles, password_hash, created_at, disabled, key_ref, cert) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
		u.Name, u.DisplayName, strings.Join(u.Roles, " "), u.PasswordHash, fmtTime(u.CreatedAt), boolInt(u.Disabled), u.KeyRef, u.Cert)
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Name, err)
	}
	return nil
}

// User returns the user called name.
func (r reader) User(ctx context.Context, name string) (User, error) {
	var u User
	var roles, created, notBefore string
	var disabled, locked int
	err := r.q.QueryRowContext(ctx, "SELECT name, display_name, roles, password_hash, created_at, disabled, key_ref, cert, failed_logins, not_before, locked FROM users WHERE name = ?", name).
		Scan(&u.Name, &u.DisplayName, &roles, &u.PasswordHash, &created, &disabled, &u.KeyRef, &u.Cert, &u.FailedLogins, &notBefore, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("user %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("read user %s: %w", name, err)
	}
	u.Roles = strings.Fields(roles)
	u.CreatedAt = parseTime(created)
	u.Disabled = disabled != 0
	u.NotBefore = parseTime(notBefore)
	u.Locked = locked != 0
	return u, nil
}

// Users lists every user by name.
func (r reader) Users(ctx context.Context) ([]User, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT name FROM users ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	names, err := scanStrings(rows)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	out := make([]User, 0, len(names))
	for _, n := range names {
		u, err := r.User(ctx, n)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
