package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func testSeal(id, code string) Seal {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	return Seal{ID: id, Name: "示例合同专用章", Kind: "contract", Code: code, Algorithm: "SM2", Status: SealActive,
		KeyRef: "soft:keys/" + id + ".key", Cert: []byte{1}, Chain: []byte{}, SealData: []byte{2}, Picture: []byte{3},
		WidthMM: 38, HeightMM: 38, ValidFrom: now, ValidTo: now.AddDate(5, 0, 0), CreatedAt: now}
}

// A version 1 workspace is brought to version 2 in place: its seals keep every
// column and read as seals SealDesk made, and the old queries still work.
func TestMigrationFromVersion1KeepsSeals(t *testing.T) {
	path := filepath.Join(t.TempDir(), "workspace.db")
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	v1, err := migrations.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(string(v1)); err != nil {
		t.Fatal(err)
	}
	s := testSeal("contract", "3301061001003")
	if _, err := raw.Exec("INSERT INTO seals("+sealColumns+") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		s.ID, s.Name, s.Kind, s.Code, s.Algorithm, s.Status, s.KeyRef, s.Cert, s.Chain, s.SealData, s.Picture,
		s.WidthMM, s.HeightMM, fmtTime(s.ValidFrom), fmtTime(s.ValidTo), fmtTime(s.CreatedAt)); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version int
	db.SQL().QueryRow("PRAGMA user_version").Scan(&version)
	if version < 2 {
		t.Fatalf("user_version = %d, want at least 2", version)
	}
	ctx := context.Background()
	got, err := db.Seal(ctx, "contract")
	if err != nil || got.Code != s.Code || got.Status != SealActive || !got.ValidTo.Equal(s.ValidTo) {
		t.Fatalf("Seal after migration = %+v, %v", got, err)
	}
	l, err := db.Lifecycle(ctx, "contract")
	if err != nil || l.Origin != OriginMade || l.VendorID != "SealDesk" || l.PictureFormat != "png" || !l.RevokedAt.IsZero() {
		t.Fatalf("Lifecycle after migration = %+v, %v", l, err)
	}
}

// Status changes are compare-and-set, and a revocation is final.
func TestChangeSealStatus(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	err := db.Update(ctx, func(tx Txn) error { return tx.CreateSeal(ctx, testSeal("s1", "3301061001001")) })
	if err != nil {
		t.Fatal(err)
	}
	change := func(from, to, reason string) error {
		return db.Update(ctx, func(tx Txn) error { return tx.ChangeSealStatus(ctx, "s1", from, to, reason, at) })
	}
	steps := []struct {
		name     string
		from, to string
		wantErr  error
	}{
		{"suspend", SealActive, SealSuspended, nil},
		{"suspend again from a stale view", SealActive, SealSuspended, ErrStatusChanged},
		{"resume", SealSuspended, SealActive, nil},
		{"revoke", SealActive, SealRevoked, nil},
		{"revive a revoked seal", SealRevoked, SealActive, ErrStatusChanged},
		{"resume a revoked seal", SealSuspended, SealActive, ErrStatusChanged},
	}
	for _, st := range steps {
		if err := change(st.from, st.to, st.name); !errors.Is(err, st.wantErr) {
			t.Fatalf("%s: %v, want %v", st.name, err, st.wantErr)
		}
	}
	s, _ := db.Seal(ctx, "s1")
	l, _ := db.Lifecycle(ctx, "s1")
	if s.Status != SealRevoked || l.StatusReason != "revoke" || !l.RevokedAt.Equal(at) {
		t.Fatalf("after revocation: %s %+v", s.Status, l)
	}
	err = db.Update(ctx, func(tx Txn) error { return tx.ChangeSealStatus(ctx, "nope", SealActive, SealSuspended, "", at) })
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown seal: %v", err)
	}
}

func TestSealEventsAndLinks(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	err := db.Update(ctx, func(tx Txn) error {
		for _, s := range []Seal{testSeal("old", "3301061001001"), testSeal("new", "3301061001002")} {
			if err := tx.CreateSeal(ctx, s); err != nil {
				return err
			}
		}
		if err := tx.SetLifecycle(ctx, "new", Lifecycle{VendorID: "SealDesk", Origin: OriginMade, PictureFormat: "png", Replaces: "old"}); err != nil {
			return err
		}
		if err := tx.SetLifecycle(ctx, "old", Lifecycle{VendorID: "SealDesk", Origin: OriginMade, PictureFormat: "png", ReplacedBy: "new"}); err != nil {
			return err
		}
		for _, e := range []SealEvent{
			{SealID: "old", At: at, Actor: "admin", Event: "make", ToStatus: SealActive},
			{SealID: "old", At: at, Actor: "admin", Event: "revoke", FromStatus: SealActive, ToStatus: SealRevoked, Reason: "更名", Related: "new"},
		} {
			if err := tx.AddSealEvent(ctx, &e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	es, err := db.SealEvents(ctx, "old")
	if err != nil || len(es) != 2 || es[1].Event != "revoke" || es[1].Related != "new" || !es[1].At.Equal(at) {
		t.Fatalf("SealEvents = %+v, %v", es, err)
	}
	if l, _ := db.Lifecycle(ctx, "new"); l.Replaces != "old" {
		t.Fatalf("new seal lifecycle %+v", l)
	}
	if s, err := db.SealByCode(ctx, "3301061001002"); err != nil || s.ID != "new" {
		t.Fatalf("SealByCode = %+v, %v", s, err)
	}
	if _, err := db.SealByCode(ctx, "0"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("SealByCode of an unknown code: %v", err)
	}
	// The code stays unique at the database level too.
	err = db.Update(ctx, func(tx Txn) error { return tx.CreateSeal(ctx, testSeal("dup", "3301061001002")) })
	if err == nil {
		t.Fatal("a second seal with the same code was stored")
	}
}

// A suspension and its ledger entry land in one transaction; a revoked seal
// never comes back.
func ExampleTx_ChangeSealStatus() {
	dir, _ := os.MkdirTemp("", "store-lifecycle-example")
	defer os.RemoveAll(dir)
	db, err := Open(filepath.Join(dir, "workspace.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	ctx := context.Background()
	at := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	db.Update(ctx, func(tx Txn) error { return tx.CreateSeal(ctx, testSeal("contract", "3301060001002")) })
	for _, step := range [][2]string{{SealActive, SealSuspended}, {SealSuspended, SealRevoked}, {SealRevoked, SealActive}} {
		err := db.Update(ctx, func(tx Txn) error {
			if err := tx.ChangeSealStatus(ctx, "contract", step[0], step[1], "example", at); err != nil {
				return err
			}
			return tx.AppendLedger(ctx, &Entry{At: at, Actor: "admin", Kind: "seal." + step[1], Outcome: OutcomeOK, SealID: "contract"})
		})
		s, _ := db.Seal(ctx, "contract")
		fmt.Println(step[0], "→", step[1], ":", s.Status, errors.Is(err, ErrStatusChanged))
	}
	// Output:
	// active → suspended : suspended false
	// suspended → revoked : revoked false
	// revoked → active : revoked true
}
