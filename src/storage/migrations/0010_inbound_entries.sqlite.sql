-- 0010 (SQLite): timeline entries that arrived while no member's key was at hand (DESIGN.md
-- §3: a message through the codename, an email): the content is sealed under a one-time
-- entry key, and that key is sealed to the organisation's public key (sealed_entry_key).
-- The first member to open the case re-encrypts the content under the case's DEK and clears
-- the column; NULL means the content is under the DEK, as for every entry before.
ALTER TABLE case_entries ADD COLUMN sealed_entry_key BLOB
  CHECK (sealed_entry_key IS NULL OR length(sealed_entry_key) > 0);
