-- Reserve, sign, commit (issue 11): a stamp first moves its request from
-- 'approved' to 'stamping' in one transaction, naming the temporary file it
-- will write and the process that writes it; the approval is spent from that
-- moment. 'used' follows when the signed file is committed; 'failed' when a
-- stamp was interrupted before it produced a complete file (a new approval is
-- needed). stamp_tmp stays set until the temporary file has been moved into
-- place, so an interrupted rename is finished by the next command.
ALTER TABLE requests ADD COLUMN stamp_tmp TEXT;
ALTER TABLE requests ADD COLUMN stamp_pid INTEGER;
ALTER TABLE requests ADD COLUMN stamp_started TEXT;

-- The workstation a request came from, by the SM3 of its certificate: its
-- approval is signed over this value and lets only that workstation stamp.
-- Requests from before this column say '' and stay unbound.
ALTER TABLE requests ADD COLUMN workstation TEXT NOT NULL DEFAULT '';
