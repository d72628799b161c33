-- Who may use which seal, for how long (授权), and how many approvals, from whom,
-- a seal's use needs (审批规则).
CREATE TABLE grants (
    id           INTEGER PRIMARY KEY,
    user         TEXT NOT NULL REFERENCES users(name),
    seal_id      TEXT NOT NULL REFERENCES seals(id),
    valid_from   TEXT NOT NULL,
    valid_to     TEXT NOT NULL,
    granted_by   TEXT NOT NULL,
    granted_at   TEXT NOT NULL,
    withdrawn_at TEXT NOT NULL DEFAULT '',
    withdrawn_by TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX grants_user_seal ON grants(user, seal_id);

CREATE TABLE approval_rules (
    seal_id   TEXT PRIMARY KEY REFERENCES seals(id),
    required  INTEGER NOT NULL CHECK (required >= 1),
    approvers TEXT NOT NULL DEFAULT ''   -- space-separated user names; empty: any approver
) STRICT;
