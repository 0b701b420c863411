// Package governance answers the three questions a public institution asks
// before it runs contactd — who decides who gets in, how long citizens'
// data are kept, and can you show it (O13, O14) — in one report for the
// admin and the security adviser: the users per role and institution, the
// grants that end soon, the users flagged for inactivity, the retention
// policy in force with its last run, and the audit chain's last verified
// checkpoint. The same report is a page, a JSON document and a workbook.
//
// It only reads: each domain package (access, retention, audit) keeps its
// own rules, and the report asks them.
package governance
