-- 0005 (SQLite): cases with the plaintext metadata DESIGN.md §2 allows, their data key
-- sealed to the organisation, the per-organisation case number sequence and the timeline.
-- Everything a person said or is arrives sealed by vault/ and is stored as opaque BLOBs.

-- One row per organisation and year; taken with INSERT ... ON CONFLICT DO UPDATE inside
-- the write transaction (one writer), so no two cases get the same number.
CREATE TABLE case_sequences (
  org_id     TEXT    NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  year       INTEGER NOT NULL CHECK (year BETWEEN 1 AND 9999),
  last_value INTEGER NOT NULL CHECK (last_value >= 1),
  PRIMARY KEY (org_id, year)
) STRICT;

-- No cascade from organisations: deleting one that still holds cases is refused.
CREATE TABLE cases (
  id              TEXT    PRIMARY KEY CHECK (length(id) = 32),
  org_id          TEXT    NOT NULL REFERENCES organisations (id),
  number          TEXT    NOT NULL CHECK (length(number) BETWEEN 1 AND 32),
  status          TEXT    NOT NULL
                  CHECK (status IN ('new', 'open', 'waiting-for-person', 'waiting-for-authority',
                                    'referred', 'closed')),
  channel         TEXT    NOT NULL
                  CHECK (channel IN ('hotline', 'email', 'web', 'messenger', 'in-person')),
  origin          TEXT    NOT NULL CHECK (origin IN ('ru', 'by', 'ua', 'other', 'unknown')),
  current_country TEXT    NOT NULL CHECK (current_country = '' OR length(current_country) = 2),
  language        TEXT    NOT NULL CHECK (length(language) = 2),
  topics          INTEGER NOT NULL CHECK (topics >= 0),
  urgency         INTEGER NOT NULL CHECK (urgency >= 0),
  assignee        TEXT    REFERENCES users (id) ON DELETE SET NULL,
  outcome         TEXT
                  CHECK (outcome IN ('resolved', 'referred-elsewhere', 'contact-lost',
                                     'person-withdrew', 'out-of-scope', 'duplicate')),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  closed_at       INTEGER,
  version         INTEGER NOT NULL CHECK (version >= 1),
  sealed_key      BLOB    NOT NULL CHECK (length(sealed_key) > 0),
  -- Numbers repeat across organisations of one country (LV-2026-0001 twice), not within one.
  UNIQUE (org_id, number),
  -- Explicit IS NULL / IS NOT NULL: a CHECK that comes out NULL passes.
  CHECK ((status = 'closed' AND outcome IS NOT NULL) OR (status <> 'closed' AND outcome IS NULL))
) STRICT;

-- The queues (app/ports/case_repository.h, CaseQuery): all cases newest or oldest first,
-- recently updated, my cases / unassigned (in either order: a counsellor's home), urgent
-- (oldest first) and open ones. `id` breaks ties, so pages are stable.
CREATE INDEX cases_org_created ON cases (org_id, created_at, id);
CREATE INDEX cases_org_updated ON cases (org_id, updated_at, id);
CREATE INDEX cases_org_assignee ON cases (org_id, assignee, created_at, id);
CREATE INDEX cases_org_assignee_updated ON cases (org_id, assignee, updated_at, id);
CREATE INDEX cases_org_urgent ON cases (org_id, created_at, id) WHERE urgency <> 0;
CREATE INDEX cases_org_open ON cases (org_id, created_at, id) WHERE status <> 'closed';

-- The timeline. `position` (the rowid: the next one is always above every stored one)
-- numbers entries in insertion order, never leaves the database and breaks ties between
-- entries of the same millisecond.
CREATE TABLE case_entries (
  position       INTEGER PRIMARY KEY,
  id             TEXT    NOT NULL UNIQUE CHECK (length(id) = 32),
  case_id        TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  kind           TEXT    NOT NULL
                 CHECK (kind IN ('note', 'call', 'message-in', 'message-out', 'document',
                                 'status-change', 'assignment')),
  -- NULL: the system (an intake channel). No SET NULL: that would pass a counsellor's entry off
  -- as the system's, so a user who wrote entries cannot be deleted.
  author         TEXT    REFERENCES users (id),
  at             INTEGER NOT NULL,
  sealed_content BLOB    NOT NULL CHECK (length(sealed_content) > 0)
) STRICT;

-- A case page: its entries oldest first, ties in insertion order.
CREATE INDEX case_entries_case ON case_entries (case_id, at, position);
