-- Approvals signed by each approver's own key (issue 6): the approver's key file
-- and certificate, and on every decision the signature and the certificate it
-- was made with, so a stamp can check approvals that the database alone could forge.
ALTER TABLE users ADD COLUMN key_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN cert BLOB NOT NULL DEFAULT x'';
ALTER TABLE approvals ADD COLUMN signature BLOB NOT NULL DEFAULT x'';
ALTER TABLE approvals ADD COLUMN cert BLOB NOT NULL DEFAULT x'';
ALTER TABLE print_approvals ADD COLUMN signature BLOB NOT NULL DEFAULT x'';
ALTER TABLE print_approvals ADD COLUMN cert BLOB NOT NULL DEFAULT x'';
