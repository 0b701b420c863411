// Package sampling holds the statistics of the security adviser's periodic
// check of consultations (obligation O12; deliberation 16/046, §15–16: logged
// consultations are evaluated at regular intervals by frequent sample-based
// checks of their legitimacy). A River job draws a sample of the period's
// consultations with Draw, the adviser marks each as justified or not, and
// the run's summary states the result with Summary. Everything here is pure
// and deterministic: no database, no clock, no global random source.
//
// # Attribute sampling
//
// Each consultation either was justified or was not: an attribute, not an
// amount. The question is not "what is the rate?" but "can we rule out a rate
// above the tolerable one?", so the sample size (AttributeSampleSize) is the
// smallest n for which finding no more than the expected number of deviations
// proves, at the chosen confidence, that the period's rate is at most the
// tolerable rate. It uses the exact binomial distribution because the rates
// of interest are near zero, where the normal approximation fails. 95%
// confidence with a 5% tolerable rate and no deviation expected gives the
// auditors' classic 59. The binomial treats each draw as independent,
// although a draw never takes the same consultation twice; that only makes
// the sample larger than strictly needed, the safe direction
// (FinitePopulation explains why no finite-population reduction is applied).
//
// # Clopper–Pearson bounds
//
// The result is stated as the exact one-sided Clopper–Pearson upper bound
// (ClopperPearsonUpper): the deviation rate at which finding as few
// deviations as were found would have had probability 1 - confidence. It is
// conservative, its real coverage never falls below the stated confidence,
// and it remains informative with zero deviations ("0 of 59: fewer than
// 4.96%"; the bound is 4.9508%, so the 4.95% often quoted is a hair too
// low), which is the outcome the adviser hopes for. One-sided, because the
// adviser vouches for a maximum, not a range. The bound is computed through
// the regularized incomplete beta function (Lentz's continued fraction) and
// bisection, to far better than 1e-9, and printed rounded up, never down.
//
// The bound rests on the random sample alone. The run also reviews items
// chosen for what they show — every hard-rule hit, a share of the flagged
// items — and those are findings, not a sample: chosen because they looked
// wrong, they say nothing about the rate of the period, in either direction.
// Statement reports them beside the conclusion as counts ("flagged items
// reviewed: 6, of which unjustified: 1") and keeps them out of the "x of n"
// and the bound.
//
// # Stratified, reproducible drawing
//
// The draw is stratified by agent with proportional allocation: each agent
// gets places in proportion to their consultations, which keeps every
// consultation's chance of being drawn (nearly) equal, so the plain count of
// unjustified consultations still speaks for the whole period, while making
// sure the sample covers the team and not only its busiest members. When
// there are at least as many places as agents, every agent gets at least one,
// because the deterrent of the check (§16 asks that staff be told of it
// beforehand) only works if nobody is exempt; this slightly over-represents
// low-volume agents. With fewer places than agents, the agents with the
// largest fractional shares get a place, ties broken by a per-run random
// order: the job should ask for at least as many places as there are agents
// if it wants everyone covered.
//
// The draw is seeded: NewSeed gives an unpredictable seed from the operating
// system, the job stores it, and Draw with the same items and seed gives the
// same sample, whatever the order of the input, so the adviser or the
// sectoral committee can verify the draw afterwards. Each agent's picks come
// from a PCG stream seeded by an FNV-64a hash of the run's seed and the
// agent's name, so one agent joining or leaving the period does not reshuffle
// everyone else's picks.
//
// VolumeOutliers adds a risk-based view next to the random one: agents who
// consulted far more than their peers.
package sampling
