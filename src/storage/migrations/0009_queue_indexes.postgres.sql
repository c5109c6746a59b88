-- 0009 (PostgreSQL): indexes that hold only the cases a queue shows, so a queue page and its
-- capped tab counts walk a few hundred index entries, not every case an organisation ever
-- had (100,000 cases, most of them closed: bench/run-cases). Each WHERE repeats
-- storage/sql_cases.cc's condition word for word, as the planners require for partial
-- indexes.

-- My cases and unassigned (assignee IS NULL), open ones, recently updated first.
CREATE INDEX cases_org_assignee_open ON cases (org_id, assignee, updated_at, id)
  WHERE status <> 'closed';
-- Open cases, recently updated first.
CREATE INDEX cases_org_open_updated ON cases (org_id, updated_at, id) WHERE status <> 'closed';
-- Urgent: any urgency flag on an open case, whoever waits longest first.
CREATE INDEX cases_org_urgent_open ON cases (org_id, created_at, id)
  WHERE urgency <> 0 AND status <> 'closed';
-- Waiting for the person or for an authority, recently updated first.
CREATE INDEX cases_org_waiting ON cases (org_id, updated_at, id)
  WHERE status IN ('waiting-for-person', 'waiting-for-authority');
-- The status filter, on any queue but the closed cases (most of an organisation's cases:
-- walking them needs no index). Only open cases, or a count of the open queue walks every
-- closed case first ('closed' sorts before the other words).
CREATE INDEX cases_org_status ON cases (org_id, status, updated_at, id)
  WHERE status <> 'closed';
