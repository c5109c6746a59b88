-- 0007 (PostgreSQL): deadlines on cases (issue 4 §4). Kind and due date are plaintext metadata
-- (DESIGN.md §2: timestamps and codes), so the agenda and the overdue queue need no key;
-- the optional note is sealed under the case's DEK (AAD = case id + "deadline:<id>").
-- Due days are 'YYYY-MM-DD' text in UTC, which sorts and compares in calendar order.
CREATE TABLE case_deadlines (
  id          text    PRIMARY KEY CHECK (length(id) = 32),
  org_id      text    NOT NULL REFERENCES organisations (id),
  case_id     text    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  kind        text    NOT NULL
              CHECK (kind IN ('asylum-hearing', 'appeal-deadline', 'callback', 'document-expiry',
                              'other')),
  due_on      text    NOT NULL CHECK (length(due_on) = 10 AND due_on ~
                                      '^[0-9]{4}-[0-1][0-9]-[0-3][0-9]$'),
  -- Minutes after midnight (UTC), callbacks only; NULL: any time that day.
  due_minute  bigint  CHECK (due_minute BETWEEN 0 AND 1439),
  -- NULL: no note. Never empty: an empty envelope is no envelope.
  sealed_note bytea   CHECK (sealed_note IS NULL OR length(sealed_note) > 0),
  -- No SET NULL, as for timeline authors: who set a deadline is part of the record.
  created_by  text    REFERENCES users (id),
  created_at  bigint  NOT NULL,
  done_at     bigint,
  done_by     text    REFERENCES users (id),
  CHECK (due_minute IS NULL OR kind = 'callback'),
  CHECK (done_by IS NULL OR done_at IS NOT NULL)
);

-- A case page: its deadlines, open ones by due date first.
CREATE INDEX case_deadlines_case ON case_deadlines (case_id, due_on, id);
-- The agenda ("open deadlines of the cases assigned to X, by due date") and the overdue
-- queue reach open deadlines from the cases (cases_org_assignee) through this index; the
-- partial WHERE is repeated word for word by the queries so both planners use it.
CREATE INDEX case_deadlines_open ON case_deadlines (case_id, due_on) WHERE done_at IS NULL;
-- The overdue count over a whole organisation.
CREATE INDEX case_deadlines_org_open ON case_deadlines (org_id, due_on, case_id)
  WHERE done_at IS NULL;
