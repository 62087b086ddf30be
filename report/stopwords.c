/* Compact French and English stop word lists, accent-folded (sorted,
 * for reading): words that say nothing about what is rising in a niche. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "../util/str.h"

#include "report.h"

static const char *const stop[] = {
	"a", "about", "above", "after", "again", "against", "ai", "aie",
	"ainsi", "all", "alors", "also", "am", "an", "and", "any", "apres",
	"are", "as", "at", "au", "aucun", "aupres", "aussi", "autre",
	"autres", "aux", "avait", "avant", "avec", "avoir", "be", "because",
	"been", "before", "being", "below", "between", "both", "but", "by",
	"can", "ce", "ceci", "cela", "celle", "celles", "celui", "ces", "cet",
	"cette", "ceux", "chaque", "chez", "comme", "comment", "could", "d",
	"dans", "de", "des", "did", "do", "does", "doing", "donc", "dont",
	"down", "du", "during", "each", "elle", "elles", "en", "encore",
	"entre", "est", "et", "etaient", "etait", "ete", "etre", "eu", "eux",
	"few", "for", "from", "further", "had", "has", "have", "having", "he",
	"her", "here", "hers", "him", "his", "how", "i", "ici", "if", "il",
	"ils", "in", "into", "is", "it", "its", "itself", "j", "je", "jusqu",
	"l", "la", "le", "les", "leur", "leurs", "lors", "lui", "m", "mais",
	"me", "meme", "memes", "mes", "might", "moi", "moins", "mon", "more",
	"most", "must", "my", "n", "ne", "new", "ni", "no", "non", "nor",
	"nos", "not", "notre", "nous", "now", "of", "off", "on", "once",
	"only", "ont", "or", "other", "ou", "our", "ours", "out", "over",
	"own", "par", "parce", "pas", "peu", "peut", "plus", "pour",
	"pourquoi", "qu", "quand", "que", "quel", "quelle", "quelles",
	"quels", "qui", "s", "sa", "same", "sans", "se", "selon", "ses",
	"she", "should", "si", "so", "soit", "some", "son", "sont", "sous",
	"such", "sur", "t", "ta", "tandis", "te", "tes", "than", "that",
	"the", "their", "theirs", "them", "then", "there", "these", "they",
	"this", "those", "through", "to", "toi", "ton", "too", "tous", "tout",
	"toute", "toutes", "tres", "tu", "un", "under", "une", "until", "up",
	"very", "via", "vos", "votre", "vous", "was", "we", "were", "what",
	"when", "where", "which", "while", "who", "whom", "why", "will",
	"with", "would", "y", "you", "your", "yours",
};

/* An open-addressing set of the words above, built once: bsearch cost
 * nine strcmp per word of every title (600k items: 0.5 s). Indices + 1
 * into stop[], 0 empty; sized for a load under one half. */
#define SET_SIZE 1024
static unsigned short set[SET_SIZE];
static pthread_once_t set_once = PTHREAD_ONCE_INIT;

static size_t set_slot(const char *w, size_t n)
{
	uint64_t h = str_hash64(w, n);

	h ^= h >> 29;
	return (size_t)(h * UINT64_C(0x9E3779B97F4A7C15) >> 54) & (SET_SIZE - 1);
}

static void set_build(void)
{
	size_t i, k;

	for (i = 0; i < sizeof stop / sizeof stop[0]; i++) {
		k = set_slot(stop[i], strlen(stop[i]));
		while (set[k])
			k = (k + 1) & (SET_SIZE - 1);
		set[k] = (unsigned short)(i + 1);
	}
}

int report_stopword(const char *w, size_t n)
{
	size_t k;

	if (n == 0)
		return 1;
	if (n >= 16)
		return 0;
	pthread_once(&set_once, set_build);
	for (k = set_slot(w, n); set[k]; k = (k + 1) & (SET_SIZE - 1)) {
		const char *s = stop[set[k] - 1];

		if (strncmp(s, w, n) == 0 && s[n] == '\0')
			return 1;
	}
	return 0;
}
