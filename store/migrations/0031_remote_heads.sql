-- The signed head of every extract headquarters imported (issue 12 point 5):
-- witnesses of other workstations' ledgers. A later extract that holds
-- another hash at one of these sequence numbers rewrites what was witnessed
-- and is refused whole.
CREATE TABLE remote_heads (
    workstation TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    hash        BLOB NOT NULL,
    at          TEXT NOT NULL,
    signature   BLOB NOT NULL,
    cert        BLOB NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (workstation, seq)
) STRICT;
