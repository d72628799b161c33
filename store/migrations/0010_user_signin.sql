-- Sign-in throttling (issue #11 point 4): consecutive wrong passwords, the
-- time before which the next try is refused, and a lock only an administrator
-- lifts. ('' = no wait.)
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN not_before TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
