-- A stamp request covers a list of placements (issue 16): several pages, a
-- keyword's resolved positions, or the slices of a cross-page seal. The list's
-- canonical text (package place) is what the approver signs; page, x_mm and
-- y_mm keep the first placement for readers of one spot. '' is a request made
-- before lists: its one placement is page, x_mm, y_mm. rule says in words how
-- the placements were chosen (a keyword, a seam), for the approver and the
-- ledger; it is signed with them.
ALTER TABLE requests ADD COLUMN placements TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN rule TEXT NOT NULL DEFAULT '';
-- Requests filed together over many documents (a batch, issue 16 point 4)
-- share a batch id; each document keeps its own request, approval and stamp.
ALTER TABLE requests ADD COLUMN batch TEXT NOT NULL DEFAULT '';
-- Every stamp reads its request's history from the ledger (the request was
-- not used or withdrawn behind SealDesk's back, issue 12): by index, not by
-- a scan that grows with the ledger, and a batch reads it once a document.
CREATE INDEX ledger_request ON ledger(request_id, seq);
