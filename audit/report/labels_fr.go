package report

var labelsFR = labels{
	Run: "Campagne", Item: "Élément", Consultation: "Consultation", Why: "Motif de sélection",
	At: "Consultée le (UTC)", Agent: "Agent", AgentID: "ID agent", Role: "Rôle",
	Institution: "Institution", Kind: "Type de consultation", Reason: "Motif invoqué",
	Outcome: "Résultat", Ticket: "Ticket", INSZ: "Numéro national (NISS)",
	Findings: "Constats (règles strictes)", Flags: "Indicateurs de risque",
	Finding: "Règle stricte", Flag: "Indicateur de risque", Verdict: "Appréciation",
	Comment: "Commentaire", ReviewedBy: "Examiné par", ReviewedAt: "Examiné le (UTC)",

	Consultations: "Consultations", Sampled: "Dans l'échantillon", Flagged: "Signalées",
	Unjustified: "Injustifiées",

	SamplingRun: "Campagne d'échantillonnage", Status: "Statut",
	PeriodStart: "Début de la période (UTC)", PeriodEnd: "Fin de la période (UTC)",
	Scope: "Périmètre", Seed: "Graine du tirage", Confidence: "Niveau de confiance",
	TolerableRate: "Taux d'écart tolérable", Population: "Population (consultations)",
	SampleSize: "Taille de l'échantillon", Reviewed: "Examinés",
	CreatedAt: "Créée le (UTC)", ClosedAt: "Clôturée le (UTC)", Statement: "Conclusion",

	Codes: map[string]string{
		"random": "Tirage aléatoire", "hard_rule": "Règle stricte enfreinte",
		"flagged": "Indicateur de risque", "justified": "Justifiée",
		"not_justified": "Non justifiée", "explanation_asked": "Explication demandée",
		"open": "Ouverte", "closed": "Clôturée",
		"no_ticket":                 "Sans ticket",
		"ticket_after_consultation": "Ticket créé après la consultation",
		"other_citizen":             "Ticket d'un autre citoyen",
		"ticket_closed":             "Ticket déjà clôturé",
		"role_not_allowed":          "Rôle non autorisé à consulter",
		"own_number":                "Propre numéro national",
		"outside_working_hours":     "En dehors des heures de travail",
		"high_volume":               "Volume élevé",
		"same_surname":              "Même nom que le citoyen",
		"many_tickets":              "Citoyen dans de nombreux tickets",
		"no_other_action":           "Aucune autre action sur le ticket",
		"fresh_ticket":              "Ticket créé juste avant",
	},
}
