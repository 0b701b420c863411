// Package lookup fetches the citizen data a front-office agent may consult
// within a ticket (O3, O8, O9): identity from the national register now,
// career and supplementary pension later. Each kind of consultation has its
// own source interface, so that the demo population and the real services
// behind the Crossroads Bank can be swapped without touching callers.
//
// This package only fetches. It stores nothing and logs nothing: consulted
// data are personal data that must never end up in a ticket or a log (O5,
// O7), and recording that a consultation happened, against which ticket, is
// the caller's job. Error messages never repeat a national number.
package lookup
