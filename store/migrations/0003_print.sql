-- Authorised paper copies (复印件): print requests and their approvals.
CREATE TABLE print_requests (
    id         TEXT PRIMARY KEY,
    requester  TEXT NOT NULL REFERENCES users(name),
    doc_name   TEXT NOT NULL,
    doc_path   TEXT NOT NULL,
    doc_hash   TEXT NOT NULL,               -- hex SM3 of the stamped document
    copies     INTEGER NOT NULL CHECK (copies > 0),
    printed    INTEGER NOT NULL DEFAULT 0 CHECK (printed >= 0 AND printed <= copies),
    reason     TEXT NOT NULL,
    status     TEXT NOT NULL,               -- pending, approved, rejected, used
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE print_approvals (
    id         INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES print_requests(id),
    approver   TEXT NOT NULL REFERENCES users(name),
    decision   TEXT NOT NULL,
    comment    TEXT NOT NULL,
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX print_approvals_request ON print_approvals(request_id);
