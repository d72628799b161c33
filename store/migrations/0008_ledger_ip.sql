-- Ledger entries name the workstation's IP address where it is known
-- (REFERENCE §1: time, place, IP and signer). Older entries keep '' and
-- their v1 hash form; entries with an address hash it (see Entry.canonical).
ALTER TABLE ledger ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE remote_ledger ADD COLUMN ip TEXT NOT NULL DEFAULT '';
