-- Ledgers of other workstations, merged from signed extracts at headquarters.
CREATE TABLE remote_ledger (
    workstation TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    seal_id     TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    doc_name    TEXT NOT NULL,
    doc_hash    TEXT NOT NULL,
    out_hash    TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   BLOB NOT NULL,
    hash        BLOB NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (workstation, seq)
) STRICT;
