/* The report's words in French (default) and English. */
#include <stdarg.h>

#include "report_int.h"

/* French typography: a no-break space before : ; and inside guillemets. */
#define NBSP "\xc2\xa0"

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
	[L_EXAMPLE] = "Exemples",
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
	[L_ITEM_1] = "article",
	[L_ITEM_N] = "articles",
	[L_NEWS_1] = "actualité",
	[L_NEWS_N] = "actualités",
	[L_PUB_1] = "publication",
	[L_PUB_N] = "publications",
	[L_SOURCE_1] = "source",
	[L_SOURCE_N] = "sources",
	[L_NICHE_1] = "niche",
	[L_NICHE_N] = "niches",
	[L_S_TOTAL] = "Articles classés pendant la période" NBSP ": %s (%s, %s).",
	[L_S_RISE] = "En hausse significative" NBSP ": %s, %s contre la "
		     "référence (%s, %s en moyenne par période de référence"
		     NBSP "; p %s).",
	[L_S_FALL] = "En baisse significative" NBSP ": %s, %s contre la "
		     "référence (%s, %s en moyenne par période de référence"
		     NBSP "; p %s).",
	[L_S_NO_CHANGE] = "Aucune niche ne varie significativement contre la "
			  "référence (seuil" NBSP ": p < %s).",
	[L_S_NO_HISTORY] = "Historique insuffisant pour %s (%s)" NBSP ": sources "
			   "trop récentes pour la référence, ni chiffre ni "
			   "test.",
	[L_S_FIRST] = "Nouveau" NBSP ": %s.",
	[L_S_FIRST_ONE] = "%s (%s, %s)",
	[L_S_EMERGING] = "Termes émergents" NBSP ": %s.",
	[L_S_EMERGING_ONE] = "%s (%s contre %s en référence)",
	[L_S_STORIES] = "Sujets les plus couverts" NBSP ": %s.",
	[L_S_STORY_ONE] = "%s (%s)",
	[L_S_SINCE] = "Depuis le rapport précédent (%s — %s, %s)" NBSP ":",
	[L_S_RANKS] = "changements de rang" NBSP ": %s.",
	[L_S_RANK_ONE] = "%s du rang %s au rang %s (%s)",
	[L_S_NO_RANKS] = "aucune niche n'a gagné ou perdu plus d'un rang.",
	[L_S_SETTLED] = "émergents alors, installés maintenant" NBSP ": %s.",
	[L_S_SETTLED_ONE] = "%s (%s alors, %s maintenant%s)",
	[L_S_STILL] = ", toujours émergent",
	[L_S_NO_SETTLED] = "aucun terme émergent alors ne s'est installé.",
	[L_S_PREV_EMPTY] = "Le rapport précédent (%s — %s) n'avait aucun "
			   "article classé" NBSP ": rien à comparer.",
	[L_S_LIST_SEP] = NBSP "; ",
	[L_S_QUOTE_OPEN] = "«" NBSP,
	[L_S_QUOTE_CLOSE] = NBSP "»",
	[L_S_VS_BASE] = "contre la référence",
	[L_PREV_RANK] = "Rang au rapport précédent",
	[L_ORGS] = "Organisations",
	[L_ORG_KIND] = "Origine",
	[L_ORG_WATCH] = "liste de veille",
	[L_ORG_CAND] = "candidate à la liste",
	[L_ORGS_TXT] = "Les entrées de la liste de veille les plus citées "
		       "pendant la période, puis des noms à ajouter peut-être à "
		       "la liste" NBSP ": écrits avec une majuscule dans les "
		       "titres d'au moins %s sources et presque jamais en "
		       "minuscules.",
	[L_S_ORGS] = "Organisations les plus citées" NBSP ": %s.",
	[L_S_CANDS] = "Candidates à la liste de veille" NBSP ": %s.",
	[L_S_ORG_ONE] = "%s (%s, %s)",
	[L_REGIONS] = "Régions",
	[L_REGION] = "Région",
	[L_HOME] = "%s, région de l'association",
	[L_S_REGION] = "%s" NBSP ": %s pendant la période (%s des articles "
		       "classés), %s" NBSP "; niches" NBSP ": %s.",
	[L_HOME_NONE] = "Aucun article de la région pendant la période.",
	[L_SHARE_OF] = "%s des articles classés",
	[L_WEEK] = "semaine",
	[L_MONTH] = "mois",
	[L_QUARTER] = "trimestre",
	[L_TH_MIN] = "au moins %s articles par terme",
	[L_TH_FIRST] = "premières apparitions" NBSP ": au moins %s sources",
	[L_TH_COMMON] = "termes écartés" NBSP ": les mots des noms de niches et "
			"de secteurs, et les mots tenus par plus de %s des "
			"articles de tout l'historique (et par au moins 50)",
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
	[L_EXAMPLE] = "Examples",
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
	[L_ITEM_1] = "item",
	[L_ITEM_N] = "items",
	[L_NEWS_1] = "news item",
	[L_NEWS_N] = "news items",
	[L_PUB_1] = "publication",
	[L_PUB_N] = "publications",
	[L_SOURCE_1] = "source",
	[L_SOURCE_N] = "sources",
	[L_NICHE_1] = "niche",
	[L_NICHE_N] = "niches",
	[L_S_TOTAL] = "Classified items in the period: %s (%s, %s).",
	[L_S_RISE] = "Significant rise: %s, %s against the baseline (%s, %s "
		     "on average per baseline period; p %s).",
	[L_S_FALL] = "Significant fall: %s, %s against the baseline (%s, %s "
		     "on average per baseline period; p %s).",
	[L_S_NO_CHANGE] = "No niche changed significantly against the "
			  "baseline (level: p < %s).",
	[L_S_NO_HISTORY] = "Not enough history for %s (%s): sources too recent "
			   "for the baseline, so no figure and no test.",
	[L_S_FIRST] = "New: %s.",
	[L_S_FIRST_ONE] = "%s (%s, %s)",
	[L_S_EMERGING] = "Emerging terms: %s.",
	[L_S_EMERGING_ONE] = "%s (%s against %s in the baseline)",
	[L_S_STORIES] = "Most covered stories: %s.",
	[L_S_STORY_ONE] = "%s (%s)",
	[L_S_SINCE] = "Since the previous report (%s — %s, %s):",
	[L_S_RANKS] = "rank changes: %s.",
	[L_S_RANK_ONE] = "%s from rank %s to rank %s (%s)",
	[L_S_NO_RANKS] = "no niche gained or lost more than one rank.",
	[L_S_SETTLED] = "emerging then, established now: %s.",
	[L_S_SETTLED_ONE] = "%s (%s then, %s now%s)",
	[L_S_STILL] = ", still emerging",
	[L_S_NO_SETTLED] = "no term emerging then has become established.",
	[L_S_PREV_EMPTY] = "The previous report (%s — %s) had no classified "
			   "item: nothing to compare.",
	[L_S_LIST_SEP] = "; ",
	[L_S_QUOTE_OPEN] = "“",
	[L_S_QUOTE_CLOSE] = "”",
	[L_S_VS_BASE] = "against the baseline",
	[L_PREV_RANK] = "Rank in the previous report",
	[L_ORGS] = "Organisations",
	[L_ORG_KIND] = "Origin",
	[L_ORG_WATCH] = "watch list",
	[L_ORG_CAND] = "candidate for the list",
	[L_ORGS_TXT] = "The watch list's entries most mentioned in the period, "
		       "then names the list might take: written with a capital "
		       "in titles of at least %s sources and hardly ever in "
		       "lower case.",
	[L_S_ORGS] = "Most mentioned organisations: %s.",
	[L_S_CANDS] = "Candidates for the watch list: %s.",
	[L_S_ORG_ONE] = "%s (%s, %s)",
	[L_REGIONS] = "Regions",
	[L_REGION] = "Region",
	[L_HOME] = "%s, the association's region",
	[L_S_REGION] = "%s: %s in the period (%s of the classified items), "
		       "%s; niches: %s.",
	[L_HOME_NONE] = "No item of the region in the period.",
	[L_SHARE_OF] = "%s of the classified items",
	[L_WEEK] = "week",
	[L_MONTH] = "month",
	[L_QUARTER] = "quarter",
	[L_TH_MIN] = "at least %s items per term",
	[L_TH_FIRST] = "first sightings: at least %s sources",
	[L_TH_COMMON] = "terms left out: the words of niche and sector "
			"names, and words held by more than %s of the items "
			"of the whole history (and by at least 50)",
};

const char *rl_na(const struct report *r, const struct report_growth *g)
{
	return rl(r, g->no_history ? L_NO_HISTORY : L_NA);
}

int rl_fill(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	const char *p;
	int rc = 0;

	va_start(ap, fmt);
	for (p = fmt; *p && rc >= 0; p++) {
		if (p[0] == '%' && p[1] == 's') {
			const char *a = va_arg(ap, const char *);

			rc = buf_addstr(b, a ? a : "");
			p++;
		} else {
			rc = buf_addch(b, *p);
		}
	}
	va_end(ap);
	return rc;
}

const char *rl_count(const struct report *r, int64_t n, enum rlabel one)
{
	int plural = r->params.lang == REPORT_EN ? n != 1 : n > 1;

	return rl(r, plural ? (enum rlabel)(one + 1) : one);
}

const char *rl(const struct report *r, enum rlabel l)
{
	const char *s = (r->params.lang == REPORT_EN ? en : fr)[l];

	return s ? s : "";
}
