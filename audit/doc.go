// Package audit keeps the security logs the deliberation requires: who did
// what, when, to which ticket or citizen, and with what outcome (O6, §6). It
// sits at the bottom of the import graph so that every other package can
// record into it in the transaction of the change it describes.
package audit
