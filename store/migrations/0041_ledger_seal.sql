-- A stamp with a software key reads when the seal's protection PIN was last
-- set (made, re-issued, imported, changed) from the ledger: by index, not by a
-- scan that grows with the ledger.
CREATE INDEX ledger_seal ON ledger(seal_id, kind, seq) WHERE seal_id != '';
