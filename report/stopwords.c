/* Compact French and English stop word lists, accent-folded, sorted for
 * bsearch: words that say nothing about what is rising in a niche. */
#include <stdlib.h>
#include <string.h>

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

static int cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

int report_stopword(const char *w, size_t n)
{
	char key[16];

	if (n == 0 || n >= sizeof key)
		return n == 0;
	memcpy(key, w, n);
	key[n] = '\0';
	return bsearch(key, stop, sizeof stop / sizeof stop[0], sizeof stop[0],
		       cmp) != NULL;
}
