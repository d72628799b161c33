-- SealDesk workspace schema, version 1.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    roles         TEXT NOT NULL,            -- space-separated role names
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE seals (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,               -- official, contract, finance, invoice, legal-rep, ...
    code       TEXT NOT NULL UNIQUE,        -- 印章编码
    algorithm  TEXT NOT NULL,               -- SM2, ECDSA-P256, RSA
    status     TEXT NOT NULL,               -- active, suspended, revoked
    key_ref    TEXT NOT NULL,               -- soft:<file> or pkcs11:<URI>
    cert       BLOB NOT NULL,               -- signer certificate, DER
    chain      BLOB NOT NULL,               -- concatenated DER of the issuing certificates
    seal_data  BLOB NOT NULL,               -- GB/T 38540 SESeal, DER
    picture    BLOB NOT NULL,               -- PNG
    width_mm   REAL NOT NULL,
    height_mm  REAL NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE requests (
    id         TEXT PRIMARY KEY,
    seal_id    TEXT NOT NULL REFERENCES seals(id),
    requester  TEXT NOT NULL REFERENCES users(name),
    doc_name   TEXT NOT NULL,
    doc_path   TEXT NOT NULL,
    doc_hash   TEXT NOT NULL,               -- hex SM3 of the exact document bytes
    doc_size   INTEGER NOT NULL,
    page       INTEGER NOT NULL,
    x_mm       REAL NOT NULL,
    y_mm       REAL NOT NULL,
    reason     TEXT NOT NULL,
    status     TEXT NOT NULL,               -- pending, approved, rejected, used
    created_at TEXT NOT NULL,
    used_at    TEXT,
    out_path   TEXT,
    out_hash   TEXT
) STRICT;

CREATE TABLE approvals (
    id         INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests(id),
    approver   TEXT NOT NULL REFERENCES users(name),
    decision   TEXT NOT NULL,               -- approve, reject
    comment    TEXT NOT NULL,
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX approvals_request ON approvals(request_id);

-- The ledger is append-only and chained: hash = SM3(prev_hash ‖ canonical entry).
CREATE TABLE ledger (
    seq         INTEGER PRIMARY KEY,
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
    workstation TEXT NOT NULL,
    prev_hash   BLOB NOT NULL,
    hash        BLOB NOT NULL
) STRICT;
