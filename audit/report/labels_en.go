package report

var labelsEN = labels{
	Run: "Run", Item: "Item", Consultation: "Consultation", Why: "Why sampled",
	At: "Consulted at (UTC)", Agent: "Agent", AgentID: "Agent ID", Role: "Role",
	Institution: "Institution", Kind: "Kind of consultation", Reason: "Reason given",
	Outcome: "Outcome", Ticket: "Ticket", INSZ: "National number (INSZ)",
	Findings: "Findings (hard rules)", Flags: "Risk flags", Finding: "Hard rule",
	Flag: "Risk flag", Verdict: "Verdict", Comment: "Comment",
	ReviewedBy: "Reviewed by", ReviewedAt: "Reviewed at (UTC)",

	Consultations: "Consultations", Sampled: "Sampled", Flagged: "Flagged",
	Unjustified: "Unjustified",

	SamplingRun: "Sampling run", Status: "Status", PeriodStart: "Period start (UTC)",
	PeriodEnd: "Period end (UTC)", Scope: "Scope", Seed: "Seed of the draw",
	Confidence: "Confidence level", TolerableRate: "Tolerable deviation rate",
	Population: "Population (consultations)", SampleSize: "Sample size",
	CreatedAt: "Created at (UTC)", ClosedAt: "Closed at (UTC)", Statement: "Conclusion",

	RandomReviewed:     "Random sample: reviewed",
	RandomUnjustified:  "Random sample: unjustified",
	HitsReviewed:       "Hard-rule hits outside the sample: reviewed",
	HitsUnjustified:    "Hard-rule hits outside the sample: unjustified",
	FlaggedReviewed:    "Flagged items outside the sample: reviewed",
	FlaggedUnjustified: "Flagged items outside the sample: unjustified",
	AllReviewed:        "All items: reviewed",
	AllUnjustified:     "All items: unjustified",
	RunConclusion:      "Conclusion of the run",

	Codes: map[string]string{
		"random": "Random draw", "hard_rule": "Hard rule broken", "flagged": "Risk flag",
		"justified": "Justified", "not_justified": "Not justified",
		"explanation_asked": "Explanation asked",
		"open":              "Open", "closed": "Closed",
		"no_ticket":                 "No ticket",
		"ticket_after_consultation": "Ticket created after the consultation",
		"other_citizen":             "Ticket of another citizen",
		"ticket_closed":             "Ticket already closed",
		"role_not_allowed":          "Role may not consult",
		"own_number":                "Own national number",
		"outside_working_hours":     "Outside working hours",
		"high_volume":               "High volume",
		"same_surname":              "Same surname as the citizen",
		"many_tickets":              "Citizen in many tickets",
		"no_other_action":           "No other action on the ticket",
		"fresh_ticket":              "Ticket created just before",
	},
}
