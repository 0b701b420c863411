-- The security adviser searches the logs by citizen, by ticket and by
-- agent, newest first, a page of ids at a time (audit.SearchLogs, O6/O11).
-- Without these, a search by a citizen with few entries read the access
-- log backwards in full: seconds over ten million entries, found by the
-- load run of docs/BENCHMARKS.md. Each index ends with id, the order and
-- the key of the pages. (On a large production log, build them first with
-- CREATE INDEX CONCURRENTLY under the same names: this migration then
-- finds them.)
CREATE INDEX IF NOT EXISTS access_log_citizen ON access_log (citizen, id);
CREATE INDEX IF NOT EXISTS access_log_ticket ON access_log (ticket_ref, id);
CREATE INDEX IF NOT EXISTS access_log_user_id ON access_log (user_id, id);
CREATE INDEX IF NOT EXISTS consultations_insz_id ON consultations (insz, id);
CREATE INDEX IF NOT EXISTS consultations_user_id ON consultations (user_id, id);
