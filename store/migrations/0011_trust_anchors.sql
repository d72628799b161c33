-- Trust anchors are rows an administrator adds, each with its ledger entry
-- (issue 12): a certificate dropped into the trust/ folder is no longer
-- trusted. Workspaces from before this migration adopt the certificates of
-- their trust/ folder once, at the first open after it (the marker below).
CREATE TABLE trust_anchors (
    sm3      TEXT PRIMARY KEY,      -- hex SM3 of the certificate's DER
    der      BLOB NOT NULL,
    subject  TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
) STRICT;

INSERT INTO meta(key, value) VALUES('trust_adopt_pending', '1');
