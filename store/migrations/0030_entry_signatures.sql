-- Ledger entries signed by the user who acted (issue 12 point 3): the SM2
-- signature of the acting user over the entry's sequence number and hash, and
-- the certificate it was made with. Entries written by SealDesk itself have no
-- row here: the workstation's signed head covers them.
CREATE TABLE ledger_sigs (
    seq       INTEGER PRIMARY KEY,
    signature BLOB NOT NULL,
    cert      BLOB NOT NULL
) STRICT;
