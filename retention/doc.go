// Package retention erases what has outlived its purpose (O13, §17 of
// deliberation 16/046: contact data are kept only as long as needed). A
// Policy says how long each kind of data is kept; Service.Plan says what
// the next run would erase, Service.Run erases it in bounded batches and
// records what it erased — counts and ranges, never contents — in the
// access log and in retention_runs; the River job RetentionArgs runs it
// daily. EraseCitizen and RectifyCitizen handle one citizen's request, by
// an admin, within the same rules.
//
// Tickets keep what statistics need (reference, dates, channel, portal,
// purpose, statuses, institution) and say when they were erased. The
// access and consultation logs are kept ten years and then removed only in
// whole sealed batches behind a signed horizon (audit.Prune), so that the
// rest of the chain still verifies.
package retention
