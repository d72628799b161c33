-- SealDesk workspace schema, version 2: the seal lifecycle (REFERENCE §1: make,
-- suspend, resume, revoke, re-issue) and imported vendor seals. Existing
-- columns keep their meaning; every new column has a default so the rows of a
-- version 1 workspace read as seals SealDesk made itself.
ALTER TABLE seals ADD COLUMN vendor_id      TEXT NOT NULL DEFAULT 'SealDesk'; -- SES_Header.Vid of the seal data
ALTER TABLE seals ADD COLUMN origin         TEXT NOT NULL DEFAULT 'made';     -- made, imported
ALTER TABLE seals ADD COLUMN picture_format TEXT NOT NULL DEFAULT 'png';      -- sniffed format of the seal data's picture
ALTER TABLE seals ADD COLUMN status_reason  TEXT NOT NULL DEFAULT '';         -- why it was last suspended or revoked
ALTER TABLE seals ADD COLUMN revoked_at     TEXT NOT NULL DEFAULT '';
ALTER TABLE seals ADD COLUMN replaces       TEXT NOT NULL DEFAULT '';         -- id of the seal this one re-issues
ALTER TABLE seals ADD COLUMN replaced_by    TEXT NOT NULL DEFAULT '';         -- id of the seal that re-issued this one

-- One row per lifecycle event. The ledger holds the same facts, chained; this
-- table answers "what happened to this seal" without scanning the ledger.
CREATE TABLE seal_events (
    id          INTEGER PRIMARY KEY,
    seal_id     TEXT NOT NULL REFERENCES seals(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    event       TEXT NOT NULL,              -- make, import, issue, collect, suspend, resume, revoke, reissue, export
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    related     TEXT NOT NULL               -- the other seal of a re-issue, the file of an export or import
) STRICT;
CREATE INDEX seal_events_seal ON seal_events(seal_id, id);
