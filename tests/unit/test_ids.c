/* Unit tests of parser/ids.c: the identifiers of real link and text
 * shapes (publishers' table-of-contents feeds, arXiv's API and listings,
 * HAL), one table row each, and the fields of a parsed item they come
 * from. */
#include <stdio.h>
#include <string.h>

#include "../../parser/parser.h"
#include "../../parser/parser_int.h"
#include "../../util/alloc.h"
#include "tap.h"

enum fn { LINK, TEXT, ANY, ARXIV, HAL };

static const struct {
	enum fn fn;
	const char *in, *want;	/* want NULL: none */
} shapes[] = {
	/* resolvers */
	{ LINK, "https://doi.org/10.1016/j.ymssp.2020.107398", "10.1016/j.ymssp.2020.107398" },
	{ LINK, "http://dx.doi.org/10.1109/TII.2018.2873186", "10.1109/tii.2018.2873186" },
	{ LINK, "https://doi.org/10.1000%2F182", "10.1000/182" },
	{ LINK, "https://doi.org/10.1002/(SICI)1097-4636(199706)35:4%3C465::AID-JBM6%3E3.0.CO;2-K",
	  "10.1002/(sici)1097-4636(199706)35:4<465::aid-jbm6>3.0.co;2-k" },
	{ LINK, "https://doi.org/10.1093/mnras/stab1234", "10.1093/mnras/stab1234" },
	{ LINK, "https://doi.org/10.1088/1742-6596/1037/3/032040", "10.1088/1742-6596/1037/3/032040" },
	/* publishers' article links (query of their TOC feeds: ?af=R) */
	{ LINK, "https://dl.acm.org/doi/10.1145/3637382?af=R", "10.1145/3637382" },
	{ LINK, "https://dl.acm.org/doi/abs/10.1145/3637382", "10.1145/3637382" },
	{ LINK, "https://dl.acm.org/doi/pdf/10.1145/3637382", "10.1145/3637382" },
	{ LINK, "https://delivery.acm.org/10.1145/3190000/3186116/p499-wang.pdf?ip=1.2.3.4&id=3186116",
	  "10.1145/3186116" },
	{ LINK, "https://onlinelibrary.wiley.com/doi/full/10.1002/qre.3012?af=R", "10.1002/qre.3012" },
	{ LINK, "https://onlinelibrary.wiley.com/doi/epdf/10.1002/qre.3012", "10.1002/qre.3012" },
	{ LINK, "https://www.tandfonline.com/doi/abs/10.1080/00207543.2020.1842536?af=R",
	  "10.1080/00207543.2020.1842536" },
	{ LINK, "https://www.tandfonline.com/doi/full/10.1080/00207543.2020.1842536#abstract",
	  "10.1080/00207543.2020.1842536" },
	{ LINK, "https://link.springer.com/article/10.1007/s00170-021-07682-3",
	  "10.1007/s00170-021-07682-3" },
	{ LINK, "https://link.springer.com/content/pdf/10.1007/s00170-021-07682-3.pdf",
	  "10.1007/s00170-021-07682-3" },
	{ LINK, "https://iopscience.iop.org/article/10.1088/1742-6596/1037/3/032040/pdf",
	  "10.1088/1742-6596/1037/3/032040" },
	{ LINK, "https://iopscience.iop.org/article/10.1088/1742-6596/1037/3/032040/meta",
	  "10.1088/1742-6596/1037/3/032040" },
	{ LINK, "https://journals.sagepub.com/doi/10.1177/1475921720923081", "10.1177/1475921720923081" },
	{ LINK, "https://pubs.acs.org/doi/10.1021/acs.iecr.0c01234", "10.1021/acs.iecr.0c01234" },
	{ LINK, "https://www.biorxiv.org/content/10.1101/2020.03.22.002386v2.full.pdf",
	  "10.1101/2020.03.22.002386" },
	{ LINK, "https://ieeexplore.ieee.org/document/9144481", NULL },
	{ LINK, "https://www.sciencedirect.com/science/article/pii/S0888327020307846", NULL },
	{ LINK, "https://example.com/news/2020/10.5/x", NULL },
	{ LINK, "https://example.com/show?doi=10.1016%2Fj.cie.2020.106889&x=1", "10.1016/j.cie.2020.106889" },
	/* arXiv's DataCite DOI names the preprint: not a publisher DOI */
	{ LINK, "https://doi.org/10.48550/arXiv.2206.13112", NULL },
	{ ARXIV, "https://doi.org/10.48550/arXiv.2206.13112", "2206.13112" },
	/* text: summaries, dc:identifier, prism:doi */
	{ TEXT, "<p>Publication date: 2021. doi:10.1016/j.jmsy.2021.05.011.</p>", "10.1016/j.jmsy.2021.05.011" },
	{ TEXT, "Read it at https://doi.org/10.3390/s21041470).", "10.3390/s21041470" },
	{ TEXT, "DOI: 10.1109/ACCESS.2021.3051234, pp. 1-12", "10.1109/access.2021.3051234" },
	{ TEXT, "see (doi:10.1002/(SICI)1097-4636(199706)35:4)", "10.1002/(sici)1097-4636(199706)35:4" },
	{ TEXT, "ISBN 978-3-16-148410-0 and 10.1016/j.x.2020.1 without a mark", NULL },
	{ ANY, "info:doi/10.1016/j.ress.2019.106587", "10.1016/j.ress.2019.106587" },
	{ ANY, "doi:10.1000/xyz123.", "10.1000/xyz123" },
	{ ANY, "10.1016/J.RESS.2019.106587", "10.1016/j.ress.2019.106587" },
	{ ANY, "10.48550/arXiv.2206.13112", NULL },
	/* arXiv ids: both schemes, with and without version */
	{ ARXIV, "http://arxiv.org/abs/2206.13112v3", "2206.13112" },
	{ ARXIV, "https://arxiv.org/pdf/2206.13112v1.pdf", "2206.13112" },
	{ ARXIV, "https://arxiv.org/pdf/2206.13112", "2206.13112" },
	{ ARXIV, "http://export.arxiv.org/abs/1105.1234", "1105.1234" },
	{ ARXIV, "oai:arXiv.org:2206.13112v1", "2206.13112" },
	{ ARXIV, "arXiv:2206.13112v1 Announce Type: new Abstract: ...", "2206.13112" },
	{ ARXIV, "Preprint at arXiv: 1812.04567 (2018)", "1812.04567" },
	{ ARXIV, "http://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001" },
	{ ARXIV, "arXiv:math.GT/0309136", "math/0309136" },
	{ ARXIV, "https://arxiv.org/abs/cond-mat/0102536", "cond-mat/0102536" },
	{ ARXIV, "arXiv:2213.12345", NULL },		/* month 13 */
	{ ARXIV, "arXiv:1412.12345", NULL },		/* 5 digits before 2015 */
	{ ARXIV, "arXiv:2206.1311", NULL },		/* 4 digits after 2014 */
	{ ARXIV, "the year 2206.13112 in a text", NULL },
	/* HAL ids with versions */
	{ HAL, "https://hal.science/hal-03212345v2/document", "hal-03212345" },
	{ HAL, "https://theses.hal.science/tel-01238742", "tel-01238742" },
	{ HAL, "oai:HAL:halshs-00123456v1", "halshs-00123456" },
	{ HAL, "https://inria.hal.science/hal-012345678", NULL },	/* 9 digits */
};

static void test_shapes(void)
{
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		char *got = NULL;
		int rc = -1;

		switch (shapes[i].fn) {
		case LINK: rc = parser_link_doi(shapes[i].in, &got); break;
		case TEXT: rc = parser_text_doi(shapes[i].in, &got); break;
		case ANY: rc = parser_find_doi(shapes[i].in, &got); break;
		case ARXIV: rc = parser_find_arxiv_id(shapes[i].in, &got); break;
		case HAL: rc = parser_find_hal_id(shapes[i].in, &got); break;
		}
		OK(rc == 0 && ((!got && !shapes[i].want) ||
			       (got && shapes[i].want && !strcmp(got, shapes[i].want))),
		   "shape %zu '%s': %s (want %s)", i, shapes[i].in,
		   got ? got : "none", shapes[i].want ? shapes[i].want : "none");
		v_free(got);
	}
}

/* Where a parsed item's identifiers come from. */
static const struct {
	const char *item, *doi, *arxiv;
} items[] = {
	{ "<item><title>t</title><link>https://dl.acm.org/doi/10.1145/3637382?af=R</link></item>",
	  "10.1145/3637382", NULL },
	{ "<item><title>t</title><link>https://x.org/a</link>"
	  "<prism:doi>10.1016/j.ymssp.2020.107398</prism:doi></item>",
	  "10.1016/j.ymssp.2020.107398", NULL },
	{ "<item><title>t</title><link>https://x.org/a</link>"
	  "<dc:identifier>doi:10.1002/qre.3012</dc:identifier></item>",
	  "10.1002/qre.3012", NULL },
	{ "<item><title>t</title><link>https://x.org/a</link>"
	  "<description>A study. doi:10.3390/s21041470</description></item>",
	  "10.3390/s21041470", NULL },
	{ "<item><title>t</title><link>https://arxiv.org/abs/2206.13112</link>"
	  "<description>arXiv:2206.13112v2 Announce Type: replace</description></item>",
	  NULL, "2206.13112" },
	{ "<item><title>t</title><link>https://journal.org/a/1</link>"
	  "<description>Also on arXiv:2206.13112.</description></item>",
	  NULL, "2206.13112" },
	{ "<item><title>t</title><guid>https://doi.org/10.48550/arXiv.2206.13112</guid></item>",
	  NULL, "2206.13112" },
	{ "<item><title>t</title><link>https://arxiv.org/abs/2206.13112</link>"
	  "<description>As shown in doi:10.1103/PhysRevD.1.1, ...</description></item>",
	  NULL, "2206.13112" },
	{ "<item><title>t</title><link>https://x.org/a</link>"
	  "<description>Prior work 10.1016/j.x.2020.1 (no mark).</description></item>",
	  NULL, NULL },
};

static void test_items(void)
{
	for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
		char doc[1024];
		struct parse_opts o;
		struct feed *f = NULL;
		struct err e;
		const struct feed_item *it;

		snprintf(doc, sizeof doc, "<rss version=\"2.0\""
			 " xmlns:prism=\"http://prismstandard.org/namespaces/basic/2.0/\""
			 " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
			 "<channel><title>c</title>%s</channel></rss>", items[i].item);
		memset(&o, 0, sizeof o);
		err_clear(&e);
		if (feed_parse(doc, strlen(doc), &o, &f, &e) < 0 || f->nitems != 1) {
			OK(0, "item %zu parses: %s", i, e.msg);
			feed_free(f);
			continue;
		}
		it = &f->items[0];
		OK((!it->doi && !items[i].doi) ||
		   (it->doi && items[i].doi && !strcmp(it->doi, items[i].doi)),
		   "item %zu doi: %s", i, it->doi ? it->doi : "none");
		OK((!it->arxiv_id && !items[i].arxiv) ||
		   (it->arxiv_id && items[i].arxiv &&
		    !strcmp(it->arxiv_id, items[i].arxiv)),
		   "item %zu arxiv: %s", i, it->arxiv_id ? it->arxiv_id : "none");
		feed_free(f);
	}
}

int main(void)
{
	test_shapes();
	test_items();
	return tap_done();
}
