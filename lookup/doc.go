// Package lookup fetches the citizen data a front-office agent may consult
// within a ticket (O3, O8, O9): identity from the national register, career
// (mycareer) and supplementary pension (mypension). Each kind has its own
// source interface, so that the demo population and the real services
// (package upstream) can be swapped without touching callers.
//
// Service is the only way in: it enforces the rules of §9 against the
// ticket named, asks the source, and commits the consultation record
// before it returns any data. Nothing here stores or logs consulted data:
// they must never end up in a ticket, a log or a cache (O5, O7). Error
// messages never repeat a national number.
package lookup
