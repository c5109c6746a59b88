-- 0005 (PostgreSQL): cases with the plaintext metadata DESIGN.md §2 allows, their data key
-- sealed to the organisation, the per-organisation case number sequence and the timeline.
-- Everything a person said or is arrives sealed by vault/ and is stored as opaque bytea.

-- One row per organisation and year; taken with INSERT ... ON CONFLICT DO UPDATE, which
-- locks the row, so concurrent transactions never get the same number.
CREATE TABLE case_sequences (
  org_id     text   NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  year       bigint NOT NULL CHECK (year BETWEEN 1 AND 9999),
  last_value bigint NOT NULL CHECK (last_value >= 1),
  PRIMARY KEY (org_id, year)
);

-- No cascade from organisations: deleting one that still holds cases is refused.
CREATE TABLE cases (
  id              text   PRIMARY KEY CHECK (length(id) = 32),
  org_id          text   NOT NULL REFERENCES organisations (id),
  number          text   NOT NULL CHECK (length(number) BETWEEN 1 AND 32),
  status          text   NOT NULL
                  CHECK (status IN ('new', 'open', 'waiting-for-person', 'waiting-for-authority',
                                    'referred', 'closed')),
  channel         text   NOT NULL
                  CHECK (channel IN ('hotline', 'email', 'web', 'messenger', 'in-person')),
  origin          text   NOT NULL CHECK (origin IN ('ru', 'by', 'ua', 'other', 'unknown')),
  current_country text   NOT NULL CHECK (current_country = '' OR length(current_country) = 2),
  language        text   NOT NULL CHECK (length(language) = 2),
  topics          bigint NOT NULL CHECK (topics >= 0),
  urgency         bigint NOT NULL CHECK (urgency >= 0),
  assignee        text   REFERENCES users (id) ON DELETE SET NULL,
  outcome         text
                  CHECK (outcome IN ('resolved', 'referred-elsewhere', 'contact-lost',
                                     'person-withdrew', 'out-of-scope', 'duplicate')),
  created_at      bigint NOT NULL,
  updated_at      bigint NOT NULL,
  closed_at       bigint,
  version         bigint NOT NULL CHECK (version >= 1),
  sealed_key      bytea  NOT NULL CHECK (length(sealed_key) > 0),
  -- Numbers repeat across organisations of one country (LV-2026-0001 twice), not within one.
  UNIQUE (org_id, number),
  -- Explicit IS NULL / IS NOT NULL: a CHECK that comes out NULL passes.
  CHECK ((status = 'closed' AND outcome IS NOT NULL) OR (status <> 'closed' AND outcome IS NULL))
);

-- The queues (app/ports/case_repository.h, CaseQuery): all cases newest or oldest first,
-- recently updated, my cases / unassigned (in either order: a counsellor's home), urgent
-- (oldest first) and open ones. `id` breaks ties, so pages are stable.
CREATE INDEX cases_org_created ON cases (org_id, created_at, id);
CREATE INDEX cases_org_updated ON cases (org_id, updated_at, id);
CREATE INDEX cases_org_assignee ON cases (org_id, assignee, created_at, id);
CREATE INDEX cases_org_assignee_updated ON cases (org_id, assignee, updated_at, id);
CREATE INDEX cases_org_urgent ON cases (org_id, created_at, id) WHERE urgency <> 0;
CREATE INDEX cases_org_open ON cases (org_id, created_at, id) WHERE status <> 'closed';

-- The timeline. `position` numbers entries in insertion order (identity; never leaves the
-- database) and breaks ties between entries of the same millisecond.
CREATE TABLE case_entries (
  position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id             text   NOT NULL UNIQUE CHECK (length(id) = 32),
  case_id        text   NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  kind           text   NOT NULL
                 CHECK (kind IN ('note', 'call', 'message-in', 'message-out', 'document',
                                 'status-change', 'assignment')),
  -- NULL: the system (an intake channel). No SET NULL: that would pass a counsellor's entry off
  -- as the system's, so a user who wrote entries cannot be deleted.
  author         text   REFERENCES users (id),
  at             bigint NOT NULL,
  sealed_content bytea  NOT NULL CHECK (length(sealed_content) > 0)
);

-- A case page: its entries oldest first, ties in insertion order.
CREATE INDEX case_entries_case ON case_entries (case_id, at, position);
