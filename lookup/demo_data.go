package lookup

// Built-in lists the demo population draws from. They are common Belgian
// names and real place names, combined at random: no entry describes a
// person.

// language selects the name and street lists of a place.
type language int

const (
	dutch language = iota
	french
	german
	numLanguages = 3
)

// municipality is a Belgian municipality with its main postal code.
type municipality struct {
	postalCode, name string
	lang             language
}

// municipalities covers the three regions and the German-speaking
// community. Brussels communes use their French name and French streets.
var municipalities = []municipality{
	{"1000", "Bruxelles", french}, {"1030", "Schaerbeek", french},
	{"1040", "Etterbeek", french}, {"1050", "Ixelles", french},
	{"1060", "Saint-Gilles", french}, {"1070", "Anderlecht", french},
	{"1080", "Molenbeek-Saint-Jean", french}, {"1180", "Uccle", french},
	{"1190", "Forest", french}, {"1200", "Woluwe-Saint-Lambert", french},
	{"2000", "Antwerpen", dutch}, {"9000", "Gent", dutch},
	{"8000", "Brugge", dutch}, {"3000", "Leuven", dutch},
	{"2800", "Mechelen", dutch}, {"3500", "Hasselt", dutch},
	{"8500", "Kortrijk", dutch}, {"9300", "Aalst", dutch},
	{"8400", "Oostende", dutch}, {"2300", "Turnhout", dutch},
	{"9100", "Sint-Niklaas", dutch}, {"3600", "Genk", dutch},
	{"1800", "Vilvoorde", dutch}, {"8800", "Roeselare", dutch},
	{"4000", "Liège", french}, {"5000", "Namur", french},
	{"6000", "Charleroi", french}, {"7000", "Mons", french},
	{"1300", "Wavre", french}, {"7500", "Tournai", french},
	{"6700", "Arlon", french}, {"4800", "Verviers", french},
	{"1400", "Nivelles", french}, {"4500", "Huy", french},
	{"7100", "La Louvière", french}, {"1348", "Louvain-la-Neuve", french},
	{"6900", "Marche-en-Famenne", french},
	{"4700", "Eupen", german}, {"4780", "Sankt Vith", german},
	{"4730", "Raeren", german}, {"4720", "Kelmis", german},
}

// streets are street names found in many municipalities of each language.
var streets = [numLanguages][]string{
	dutch: {
		"Kerkstraat", "Stationsstraat", "Dorpsstraat", "Molenstraat",
		"Schoolstraat", "Nieuwstraat", "Kapelstraat", "Hoogstraat",
		"Beekstraat", "Lindenlaan", "Kastanjelaan", "Veldstraat",
		"Markt", "Brugstraat", "Tuinstraat", "Groenstraat",
	},
	french: {
		"Rue de la Station", "Rue de l'Église", "Rue du Moulin", "Rue Haute",
		"Rue des Écoles", "Rue de la Gare", "Chaussée de Bruxelles",
		"Rue du Centre", "Avenue des Tilleuls", "Place communale",
		"Rue Neuve", "Rue des Champs", "Avenue de la Liberté",
		"Rue du Marché", "Rue de la Chapelle", "Rue des Prés",
	},
	german: {
		"Kirchstraße", "Bahnhofstraße", "Hauptstraße", "Schulstraße",
		"Neustraße", "Bergstraße", "Lindenweg", "Mühlenweg",
		"Marktplatz", "Gospertstraße",
	},
}

// lastNames are frequent surnames of each language community.
var lastNames = [numLanguages][]string{
	dutch: {
		"Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems",
		"Claes", "Goossens", "Wouters", "De Smet", "Vermeulen",
		"Van Damme", "De Vos", "Hermans", "Michiels", "Claeys", "Pauwels",
		"Aerts", "Verstraete", "Van de Velde", "Smets", "Cools",
		"Lemmens", "Segers", "Van den Broeck",
	},
	french: {
		"Dubois", "Lambert", "Dupont", "Martin", "Simon", "Laurent",
		"Leclercq", "Lejeune", "Renard", "Leroy", "Denis", "François",
		"Mathieu", "Collard", "Gilson", "Fontaine", "Lefebvre", "Dumont",
		"Noël", "Bertrand", "Lemaire", "Gérard", "Piette", "Wilmotte",
		"Hubert",
	},
	german: {
		"Schmitz", "Kohnen", "Heinen", "Theissen", "Jost", "Pauels",
		"Schumacher", "Kreusch", "Meyer", "Müller", "Lentz", "Hilgers",
	},
}

// firstNames are given names per language, male first, then female.
var firstNames = [numLanguages][2][]string{
	dutch: {
		{
			"Jan", "Luc", "Marc", "Peter", "Dirk", "Koen", "Bart", "Tom",
			"Wim", "Geert", "Jef", "Stijn", "Pieter", "Jonas", "Lars",
			"Wout", "Jeroen", "Kris", "Filip", "Willem", "Arne", "Seppe",
			"Joris", "Ruben",
		},
		{
			"Maria", "An", "Els", "Katrien", "Sofie", "Lieve", "Hilde",
			"Griet", "Inge", "Veerle", "Lotte", "Emma", "Ine", "Nele",
			"Leen", "Eline", "Liesbeth", "Annelies", "Femke", "Hanne",
			"Lies", "Marleen", "Jana", "Fien",
		},
	},
	french: {
		{
			"Jean", "Michel", "Philippe", "Pierre", "Alain", "Jacques",
			"Didier", "Olivier", "Thierry", "Benoît", "Nicolas", "Julien",
			"Maxime", "Antoine", "Louis", "François", "Christophe",
			"Vincent", "Laurent", "Hugo", "Arnaud", "Cédric", "Sébastien",
			"Guy",
		},
		{
			"Marie", "Anne", "Isabelle", "Nathalie", "Françoise", "Martine",
			"Christine", "Monique", "Sophie", "Julie", "Camille", "Chloé",
			"Céline", "Valérie", "Catherine", "Brigitte", "Claire",
			"Pauline", "Manon", "Louise", "Aurélie", "Mélanie", "Josiane",
			"Ginette",
		},
	},
	german: {
		{
			"Karl", "Hans", "Jürgen", "Lukas", "Matthias", "Josef",
			"Günter", "Stefan", "Manfred", "Tobias", "Helmut", "Norbert",
		},
		{
			"Anna", "Ursula", "Monika", "Sabine", "Petra", "Helga",
			"Gisela", "Katharina", "Lena", "Birgit", "Heike", "Renate",
		},
	},
}

// foreignPlace is a city abroad where BIS-number holders are born or live,
// with a postal code and a couple of its streets.
type foreignPlace struct {
	City, PostalCode, Country string
	Streets                   []string
}

// foreignPlaces are typical origins of cross-border and migrant workers.
var foreignPlaces = []foreignPlace{
	{"Lille", "59000", "FR", []string{"Rue Nationale", "Boulevard de la Liberté"}},
	{"Paris", "75011", "FR", []string{"Rue de la Roquette", "Boulevard Voltaire"}},
	{"Maastricht", "6211 LE", "NL", []string{"Grote Staat", "Wycker Brugstraat"}},
	{"Aachen", "52062", "DE", []string{"Pontstraße", "Adalbertstraße"}},
	{"Luxembourg", "L-1660", "LU", []string{"Grand-Rue", "Avenue de la Liberté"}},
	{"Kraków", "31-019", "PL", []string{"ulica Floriańska", "ulica Grodzka"}},
	{"București", "030167", "RO", []string{"Strada Lipscani", "Calea Victoriei"}},
	{"Porto", "4000-322", "PT", []string{"Rua de Santa Catarina", "Rua das Flores"}},
	{"Napoli", "80134", "IT", []string{"Via Toledo", "Via dei Tribunali"}},
	{"Sevilla", "41004", "ES", []string{"Calle Sierpes", "Calle Feria"}},
	{"Casablanca", "20250", "MA", []string{"Boulevard Zerktouni", "Rue Tahar Sebti"}},
	{"Kinshasa", "", "CD", []string{"Avenue du Commerce", "Boulevard du 30 Juin"}},
	{"İstanbul", "34430", "TR", []string{"İstiklal Caddesi", "Bağdat Caddesi"}},
	{"Sofia", "1000", "BG", []string{"bulevard Vitosha", "ulitsa Graf Ignatiev"}},
}
