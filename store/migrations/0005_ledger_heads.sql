-- Signed ledger heads (issue 6): after every append the workstation signs
-- (seq, hash) of the newest entry, so an edited or cut chain no longer matches
-- a head it signed, and an exported head lets headquarters detect truncation.
CREATE TABLE ledger_heads (
    seq         INTEGER PRIMARY KEY,
    hash        BLOB NOT NULL,
    at          TEXT NOT NULL,
    workstation TEXT NOT NULL,
    signature   BLOB NOT NULL,
    cert        BLOB NOT NULL
) STRICT;
