package lookup

// Built-in lists the demo careers and pensions draw from. Company names
// combine a surname of demo_data.go with a sector and a legal form, so no
// entry names a real company; public bodies and benefit payers are real,
// as they describe no one. Pension institutions are made up.

// sector is a line of business a demo company works in, named in each
// language, with the joint committee (paritair comité / commission
// paritaire) its workers fall under.
type sector struct {
	name [numLanguages]string
	jc   string
	// sectorPlan says whether the joint committee runs a sector-wide
	// supplementary pension plan for employers without their own.
	sectorPlan bool
}

var sectors = []sector{
	{[numLanguages]string{"Bouwbedrijf", "Construction", "Bauunternehmen"}, "124", true},
	{[numLanguages]string{"Transport", "Transports", "Transporte"}, "140", true},
	{[numLanguages]string{"Brouwerij", "Brasserie", "Brauerei"}, "118", false},
	{[numLanguages]string{"Bakkerij", "Boulangerie", "Bäckerei"}, "118", false},
	{[numLanguages]string{"Garage", "Garage", "Autohaus"}, "112", true},
	{[numLanguages]string{"Drukkerij", "Imprimerie", "Druckerei"}, "130", false},
	{[numLanguages]string{"Schrijnwerkerij", "Menuiserie", "Schreinerei"}, "126", true},
	{[numLanguages]string{"Elektro", "Électricité", "Elektro"}, "149", true},
	{[numLanguages]string{"Metaalbouw", "Constructions métalliques", "Metallbau"}, "111", true},
	{[numLanguages]string{"Schoonmaak", "Nettoyage", "Reinigung"}, "121", false},
	{[numLanguages]string{"Hotel", "Hôtel", "Hotel"}, "302", false},
	{[numLanguages]string{"Supermarkt", "Supermarché", "Supermarkt"}, "311", false},
	{[numLanguages]string{"Boekhoudkantoor", "Fiduciaire", "Treuhandbüro"}, "200", true},
	{[numLanguages]string{"Informatica", "Informatique", "Informatik"}, "200", true},
	{[numLanguages]string{"Textiel", "Textiles", "Textil"}, "120", false},
	{[numLanguages]string{"Chemie", "Chimie", "Chemie"}, "116", false},
}

// legalForms are the company forms of each language, old and new (the
// 2019 company code replaced BVBA/SPRL by BV/SRL).
var legalForms = [numLanguages][]string{
	dutch:  {"NV", "BV", "BVBA", "CV"},
	french: {"SA", "SRL", "SPRL", "SC"},
	german: {"AG", "GmbH", "PGmbH"},
}

// selfEmployedActivities name the activity of a self-employed period;
// trades that take long studies are left out, as careers start by 25.
var selfEmployedActivities = [numLanguages][]string{
	dutch: {
		"Zelfstandig bakker", "Zelfstandig schrijnwerker", "Zelfstandig verpleegkundige",
		"Kinesitherapeut", "Boekhouder", "Landbouwer", "Kapper",
		"Voedingshandelaar", "Architect", "IT-consultant", "Loodgieter",
		"Uitbater café",
	},
	french: {
		"Boulanger indépendant", "Menuisier indépendant",
		"Infirmier indépendant", "Kinésithérapeute", "Comptable",
		"Agriculteur", "Coiffeur", "Commerçant en alimentation",
		"Architecte", "Consultant informatique", "Plombier",
		"Exploitant de café",
	},
	german: {
		"Selbständiger Bäcker", "Selbständiger Schreiner",
		"Selbständiger Krankenpfleger", "Physiotherapeut", "Buchhalter", "Landwirt",
		"Friseur", "Lebensmittelhändler", "Architekt", "IT-Berater",
	},
}

// publicEmployers are the institutions of civil-servant periods.
var publicEmployers = [numLanguages][]string{
	dutch: {
		"FOD Financiën", "FOD Justitie", "Vlaamse overheid",
		"Vlaams Ministerie van Onderwijs en Vorming", "Federale Politie",
		"Stad Gent", "Stad Antwerpen", "Stad Mechelen",
		"Provincie Limburg", "OCMW Leuven",
	},
	french: {
		"SPF Finances", "SPF Justice", "Service public de Wallonie",
		"Fédération Wallonie-Bruxelles", "Police fédérale",
		"Commune de Namur", "Ville de Liège", "Province de Hainaut",
		"CPAS de Charleroi", "Région de Bruxelles-Capitale",
	},
	german: {
		"Ministerium der Deutschsprachigen Gemeinschaft", "Stadt Eupen",
		"Stadt Sankt Vith", "Gemeinde Raeren", "Gemeinde Kelmis",
	},
}

// Payers of assimilated periods. Unemployment and career-break benefits
// come from the national employment office, sickness and maternity
// benefits from the citizen's health insurance fund, and conscripts were
// in the army's charge.
const (
	payerEmployment = "RVA/ONEM"
	payerDefence    = "Defensie / Défense"
)

var healthInsuranceFunds = []string{
	"Mutualité chrétienne / CM", "Solidaris",
	"Mutualités Libres / Onafhankelijke Ziekenfondsen",
	"Liberale Mutualiteit / Mutualité libérale",
	"Neutraal Ziekenfonds / Mutualité neutre", "HZIV / CAAMI",
}

// pensionInstitutions are made-up insurers and pension funds (OFP) that
// manage the demo supplementary pension plans.
var pensionInstitutions = []string{
	"Assurances du Beffroi SA", "Caisse de Prévoyance Ardenne SA",
	"Eifel Vorsorge AG", "OFP Pension Sambre-Meuse",
	"Pensiofonds Horizon OFP", "Pensioenfonds De Linde OFP",
	"Prévoyance Mosane SA", "Scheldeland Leven NV", "Vita Assurances SA",
}

// Plan names of each language: an employer's group insurance, a pension
// plan (used for defined benefit), and a sector plan with its organiser.
var (
	groupPlanName   = [numLanguages]string{"Groepsverzekering", "Assurance groupe", "Gruppenversicherung"}
	pensionPlanName = [numLanguages]string{"Pensioenplan", "Plan de pension", "Pensionsplan"}
	sectorPlanName  = [numLanguages]string{"Sectoraal pensioenplan PC", "Plan sectoriel CP", "Sektoraler Pensionsplan PK"}
	sectorFundName  = [numLanguages]string{"Sociaal Fonds PC", "Fonds social CP", "Sozialfonds PK"}
)
