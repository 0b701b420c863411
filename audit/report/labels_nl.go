package report

var labelsNL = labels{
	Run: "Ronde", Item: "Item", Consultation: "Raadpleging", Why: "Reden van selectie",
	At: "Geraadpleegd op (UTC)", Agent: "Medewerker", AgentID: "ID medewerker", Role: "Rol",
	Institution: "Instelling", Kind: "Soort raadpleging", Reason: "Opgegeven reden",
	Outcome: "Resultaat", Ticket: "Ticket", INSZ: "Rijksregisternummer (INSZ)",
	Findings: "Bevindingen (harde regels)", Flags: "Risicosignalen", Finding: "Harde regel",
	Flag: "Risicosignaal", Verdict: "Oordeel", Comment: "Opmerking",
	ReviewedBy: "Beoordeeld door", ReviewedAt: "Beoordeeld op (UTC)",

	Consultations: "Raadplegingen", Sampled: "In steekproef", Flagged: "Gesignaleerd",
	Unjustified: "Niet gerechtvaardigd",

	SamplingRun: "Steekproefronde", Status: "Status", PeriodStart: "Begin van de periode (UTC)",
	PeriodEnd: "Einde van de periode (UTC)", Scope: "Reikwijdte", Seed: "Seed van de trekking",
	Confidence: "Betrouwbaarheidsniveau", TolerableRate: "Aanvaardbaar afwijkingspercentage",
	Population: "Populatie (raadplegingen)", SampleSize: "Steekproefomvang",
	CreatedAt: "Aangemaakt op (UTC)", ClosedAt: "Afgesloten op (UTC)", Statement: "Conclusie",

	RandomReviewed:     "Willekeurige steekproef: beoordeeld",
	RandomUnjustified:  "Willekeurige steekproef: niet gerechtvaardigd",
	HitsReviewed:       "Harde regels overtreden, buiten de steekproef: beoordeeld",
	HitsUnjustified:    "Harde regels overtreden, buiten de steekproef: niet gerechtvaardigd",
	FlaggedReviewed:    "Gesignaleerd, buiten de steekproef: beoordeeld",
	FlaggedUnjustified: "Gesignaleerd, buiten de steekproef: niet gerechtvaardigd",
	AllReviewed:        "Alle items: beoordeeld",
	AllUnjustified:     "Alle items: niet gerechtvaardigd",
	RunConclusion:      "Conclusie van de ronde",

	Codes: map[string]string{
		"random": "Willekeurige trekking", "hard_rule": "Harde regel overtreden",
		"flagged": "Risicosignaal", "justified": "Gerechtvaardigd",
		"not_justified": "Niet gerechtvaardigd", "explanation_asked": "Uitleg gevraagd",
		"open": "Open", "closed": "Afgesloten",
		"no_ticket":                 "Geen ticket",
		"ticket_after_consultation": "Ticket na de raadpleging aangemaakt",
		"other_citizen":             "Ticket van een andere burger",
		"ticket_closed":             "Ticket al afgesloten",
		"role_not_allowed":          "Rol mag niet raadplegen",
		"own_number":                "Eigen rijksregisternummer",
		"outside_working_hours":     "Buiten de werkuren",
		"high_volume":               "Hoog volume",
		"same_surname":              "Zelfde familienaam als de burger",
		"many_tickets":              "Burger in veel tickets",
		"no_other_action":           "Geen andere actie op het ticket",
		"fresh_ticket":              "Ticket net ervoor aangemaakt",
	},
}
