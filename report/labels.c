/* The report's words in French (default) and English. */
#include "report_int.h"

static const char *const fr[L_COUNT_MAX] = {
	[L_TITLE] = "Rapport de tendances — Maintenance 4.0",
	[L_SUMMARY] = "Synthèse",
	[L_VOLUMES] = "Volumes",
	[L_GROWTH] = "Croissance",
	[L_TERMS] = "Termes émergents",
	[L_FIRST] = "Premières apparitions",
	[L_WATCH] = "Liste de veille",
	[L_COOC] = "Co-occurrences",
	[L_SOURCES] = "Sources",
	[L_STORIES] = "Articles phares",
	[L_METHOD] = "Méthode",
	[L_NICHE] = "Niche",
	[L_ITEMS] = "Articles",
	[L_STORIES_N] = "Sujets",
	[L_NEWS] = "Actualités",
	[L_PUBS] = "Publications",
	[L_SHARE] = "Part",
	[L_PREV] = "Période précédente",
	[L_BASELINE] = "Référence",
	[L_VS_PREV] = "vs période précédente",
	[L_VS_BASE] = "vs référence",
	[L_PVALUE] = "p",
	[L_SIGNIFICANT] = "significatif (p < seuil) *",
	[L_NOT_SIGNIFICANT] = "non significatif",
	[L_TERM] = "Terme",
	[L_COUNT] = "Articles (période)",
	[L_BASE_COUNT] = "Articles (référence)",
	[L_G2] = "G²",
	[L_EXAMPLE] = "Exemple",
	[L_FIRST_SEEN] = "Première apparition",
	[L_NSOURCES] = "Sources distinctes",
	[L_NICHES] = "Niches",
	[L_NAME] = "Nom",
	[L_MENTIONS] = "Mentions",
	[L_TOP_SOURCES] = "Principales sources",
	[L_DIVERSITY] = "Diversité (nombre effectif)",
	[L_SILENT] = "Sources silencieuses pendant la période",
	[L_TITLE_COL] = "Titre",
	[L_SCORE] = "Score",
	[L_PERIOD] = "Période",
	[L_BY] = "Découpage",
	[L_TESTS_TXT] =
		"Croissance : test exact conditionnel de deux comptages de "
		"Poisson (k1 ~ Bin(k1 + k2, t1 / (t1 + t2))), p bilatéral. "
		"Termes émergents : log-vraisemblance G² de Dunning (tableau "
		"2×2, articles contenant le terme, période contre référence). "
		"Premières apparitions : termes jamais vus avant la période et "
		"présents dans plusieurs sources.",
	[L_THRESHOLDS] = "Seuils",
	[L_FINGERPRINT] = "Empreinte des règles",
	[L_AS_OF] = "Données connues au",
	[L_GENERATED] = "Généré",
	[L_NONE] = "Aucun.",
	[L_TREND] = "Tendance",
	[L_SECTOR] = "Secteur",
	[L_ITEMS_UNIT] = "articles par période",
	[L_PCT_UNIT] = "variation en % contre la référence",
	[L_RANK] = "Rang",
	[L_TOTAL] = "Total",
	[L_NA] = "n.d.",
	[L_NO_HISTORY] = "historique insuffisant",
	[L_PARTIAL] = "partielle",
	[L_LINES_DESC] = "Nombre d'articles par niche et par période.",
	[L_BARS_DESC] = "Variation du nombre d'articles de chaque niche "
			"contre la moyenne de la référence ; barres pleines "
			"et astérisque : variation significative.",
	[L_HEAT_DESC] = "Nombre d'articles classés dans deux niches à la fois.",
	[L_HEAT_SECT_DESC] = "Nombre d'articles par niche et par secteur.",
	[L_SUMMARY_TXT] = "articles classés pendant la période",
	[L_SILENT_NONE] = "Aucune source silencieuse.",
	[L_NO_DATA] = "Aucune donnée : aucun article classé pour cette période.",
};

static const char *const en[L_COUNT_MAX] = {
	[L_TITLE] = "Trend report — Maintenance 4.0",
	[L_SUMMARY] = "Summary",
	[L_VOLUMES] = "Volumes",
	[L_GROWTH] = "Growth",
	[L_TERMS] = "Emerging terms",
	[L_FIRST] = "First sightings",
	[L_WATCH] = "Watch list",
	[L_COOC] = "Co-occurrence",
	[L_SOURCES] = "Sources",
	[L_STORIES] = "Top stories",
	[L_METHOD] = "Method",
	[L_NICHE] = "Niche",
	[L_ITEMS] = "Items",
	[L_STORIES_N] = "Stories",
	[L_NEWS] = "News",
	[L_PUBS] = "Publications",
	[L_SHARE] = "Share",
	[L_PREV] = "Previous period",
	[L_BASELINE] = "Baseline",
	[L_VS_PREV] = "vs previous period",
	[L_VS_BASE] = "vs baseline",
	[L_PVALUE] = "p",
	[L_SIGNIFICANT] = "significant (p < level) *",
	[L_NOT_SIGNIFICANT] = "not significant",
	[L_TERM] = "Term",
	[L_COUNT] = "Items (period)",
	[L_BASE_COUNT] = "Items (baseline)",
	[L_G2] = "G²",
	[L_EXAMPLE] = "Example",
	[L_FIRST_SEEN] = "First seen",
	[L_NSOURCES] = "Distinct sources",
	[L_NICHES] = "Niches",
	[L_NAME] = "Name",
	[L_MENTIONS] = "Mentions",
	[L_TOP_SOURCES] = "Top sources",
	[L_DIVERSITY] = "Diversity (effective number)",
	[L_SILENT] = "Sources silent in the period",
	[L_TITLE_COL] = "Title",
	[L_SCORE] = "Score",
	[L_PERIOD] = "Period",
	[L_BY] = "Buckets",
	[L_TESTS_TXT] =
		"Growth: exact conditional test of two Poisson counts "
		"(k1 ~ Bin(k1 + k2, t1 / (t1 + t2))), two-sided p. Emerging "
		"terms: Dunning's log-likelihood G² (2×2 table, items "
		"containing the term, period against baseline). First "
		"sightings: terms never seen before the period and now in "
		"several sources.",
	[L_THRESHOLDS] = "Thresholds",
	[L_FINGERPRINT] = "Rules fingerprint",
	[L_AS_OF] = "Data as known on",
	[L_GENERATED] = "Generated",
	[L_NONE] = "None.",
	[L_TREND] = "Trend",
	[L_SECTOR] = "Sector",
	[L_ITEMS_UNIT] = "items per bucket",
	[L_PCT_UNIT] = "change in % against the baseline",
	[L_RANK] = "Rank",
	[L_TOTAL] = "Total",
	[L_NA] = "n/a",
	[L_NO_HISTORY] = "not enough history",
	[L_PARTIAL] = "partial",
	[L_LINES_DESC] = "Number of items per niche and per bucket.",
	[L_BARS_DESC] = "Change of each niche's items against the baseline "
			"average; solid bars with an asterisk: significant "
			"change.",
	[L_HEAT_DESC] = "Number of items classified in both niches.",
	[L_HEAT_SECT_DESC] = "Number of items per niche and sector.",
	[L_SUMMARY_TXT] = "classified items in the period",
	[L_SILENT_NONE] = "No silent source.",
	[L_NO_DATA] = "No data: no classified item in this period.",
};

const char *rl_na(const struct report *r, const struct report_growth *g)
{
	return rl(r, g->no_history ? L_NO_HISTORY : L_NA);
}

const char *rl(const struct report *r, enum rlabel l)
{
	const char *s = (r->params.lang == REPORT_EN ? en : fr)[l];

	return s ? s : "";
}
