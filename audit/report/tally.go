package report

// count is the reviewed items of one kind and the unjustified among them.
type count struct{ reviewed, unjustified int }

// tally counts an export's reviewed items by why they are in the run, as
// the run's conclusion does (O12, §16): the random sample, which the
// conclusion's bound rests on, apart from the hard-rule hits and flagged
// items chosen beside it, which are findings and never part of the sample.
// Counting what the workbook itself lists keeps the Summary in step with
// the Sample sheet even while verdicts are being recorded.
type tally struct{ random, hits, flagged count }

// add counts it if it has a final verdict.
func (t *tally) add(it Item) {
	var c *count
	switch it.Why {
	case "random":
		c = &t.random
	case "hard_rule":
		c = &t.hits
	case "flagged":
		c = &t.flagged
	default:
		return
	}
	switch it.Verdict {
	case "not_justified":
		c.unjustified++
		c.reviewed++
	case "justified":
		c.reviewed++
	}
}
