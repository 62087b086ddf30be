/* SVG charts drawn by hand: a line chart, a growth bar chart, a heatmap
 * and sparklines. Okabe-Ito colours (safe for colour-blind readers) plus
 * dash patterns, so series stay apart in grey print too. Every text goes
 * through report_esc(); coordinates have one decimal, so output is stable. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/str.h"
#include "../util/utf8.h"
#include "report.h"

static const char *const palette[] = {
	"#0072B2", "#E69F00", "#009E73", "#D55E00",
	"#CC79A7", "#56B4E9", "#F0E442", "#000000",
};
static const char *const dashes[] = { "", "6 3", "2 2", "8 3 2 3" };

int report_esc(struct buf *out, const char *s)
{
	int rc = 0;

	for (; s && *s && rc == 0; s++) {
		if ((unsigned char)*s >= 0x80) {
			/* Invalid UTF-8 would make a standalone SVG ill-formed
			 * XML: replace it, keep valid sequences whole. */
			uint32_t cp;
			size_t n = utf8_decode(s, strnlen(s, 4), &cp);

			if (n == 0) {
				rc = buf_addstr(out, "\xEF\xBF\xBD");
			} else {
				rc = buf_add(out, s, n);
				s += n - 1;
			}
			continue;
		}
		switch (*s) {
		case '&': rc = buf_addstr(out, "&amp;"); break;
		case '<': rc = buf_addstr(out, "&lt;"); break;
		case '>': rc = buf_addstr(out, "&gt;"); break;
		case '"': rc = buf_addstr(out, "&quot;"); break;
		case '\'': rc = buf_addstr(out, "&#39;"); break;
		default:
			/* C0 controls are not allowed in XML 1.0. */
			if ((unsigned char)*s < 0x20 && *s != '\n' &&
			    *s != '\t')
				rc = buf_addch(out, ' ');
			else
				rc = buf_addch(out, *s);
		}
	}
	return rc;
}

static int head(struct buf *o, double w, double h, const char *title,
		const char *desc, const char *cls)
{
	int rc = buf_addf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
			     "class=\"%s\" viewBox=\"0 0 %.0f %.0f\" "
			     "width=\"%.0f\" height=\"%.0f\" role=\"img\" "
			     "font-family=\"sans-serif\" font-size=\"11\">"
			     "<title>", cls, w, h, w, h);

	if (!rc)
		rc = report_esc(o, title);
	if (!rc)
		rc = buf_addstr(o, "</title><desc>");
	if (!rc)
		rc = report_esc(o, desc);
	if (!rc)
		rc = buf_addstr(o, "</desc>");
	return rc;
}

static int text(struct buf *o, double x, double y, const char *anchor,
		const char *extra, const char *s)
{
	int rc = buf_addf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>",
			  x, y, anchor, extra);

	if (!rc)
		rc = report_esc(o, s);
	if (!rc)
		rc = buf_addstr(o, "</text>");
	return rc;
}

/* Room for labels, which come from the taxonomy ("Gestion d'actifs et
 * efficacité énergétique" is 195 to 224 px wide): a chart grows to fit
 * its labels up to these widths, and a longer label is cut with an
 * ellipsis, whole in its tooltip. */
#define LEGEND_MAX 260.0	/* line chart's legend, on the right */
#define NAMES_MAX 300.0		/* bar chart's names, on the left */
#define ROWS_MAX 260.0		/* heatmap's row names */
#define COLS_MAX 200.0		/* heatmap's column names, slanted */
#define SLANT 0.7072		/* cos 45° = sin 45° */

/* Advance widths of ASCII 32..126 in thousandths of an em, DejaVu
 * Sans's as Chromium measured them: the widest of the usual sans-serif
 * faces, which Chromium uses when Liberation Sans (Arial's widths, a
 * tenth narrower: "Gestion d'actifs..." is 194.5 px there) is missing. */
static const unsigned short ascii_em[95] = {
	318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361,
	318, 338, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337,
	838, 838, 838, 531, 1000, 709, 686, 698, 770, 632, 575, 775, 752, 295,
	301, 659, 558, 863, 748, 787, 603, 787, 695, 635, 598, 732, 684, 989,
	685, 614, 685, 390, 338, 390, 838, 503, 500, 613, 635, 550, 635, 615,
	347, 635, 634, 278, 281, 579, 278, 974, 634, 612, 635, 635, 396, 521,
	392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
};

/* Width of one code point in thousandths of an em: ASCII from the table,
 * combining marks none, East Asian wide characters a whole em, any other
 * the width of an accented lower-case letter. */
static unsigned cp_em(uint32_t cp)
{
	if (cp >= 32 && cp < 127)
		return ascii_em[cp - 32];
	if ((cp >= 0x300 && cp < 0x370) || (cp >= 0x200B && cp < 0x2010))
		return 0;
	if ((cp >= 0x1100 && cp < 0x1160) || (cp >= 0x2E80 && cp < 0xA4D0) ||
	    (cp >= 0xAC00 && cp < 0xD7A4) || (cp >= 0xF900 && cp < 0xFB00) ||
	    (cp >= 0xFF00 && cp < 0xFF61) || cp >= 0x1F300 || cp == 0x2026)
		return 1000;
	return 615;
}

/* Estimated width in pixels of s at the charts' 11 px (and 3% to spare,
 * for kerning and rounding); *cut is set to the bytes of s that fit in
 * max pixels with an ellipsis after them. */
static double text_px(const char *s, double max, size_t *cut)
{
	const double px = 11.0 / 1000 * 1.03;
	const double room = max - 1000 * px;	/* the ellipsis */
	double w = 0;
	size_t i = 0, n = s ? strlen(s) : 0, k;
	uint32_t cp;

	if (cut)
		*cut = n;
	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k == 0) {		/* drawn as U+FFFD */
			cp = 0xFFFD;
			k = 1;
		}
		if (cut && *cut == n && w + cp_em(cp) * px > room)
			*cut = i;
		w += cp_em(cp) * px;
		i += k;
	}
	if (cut && w <= max)
		*cut = n;
	return w;
}

/* The widest of n labels, up to max. */
static double widest(const char *const *s, size_t n, double max)
{
	double w = 0, x;
	size_t i;

	for (i = 0; i < n; i++) {
		x = text_px(s[i], max, NULL);
		if (x > w)
			w = x;
	}
	return w < max ? w : max;
}

/* A label of at most max pixels: cut with an ellipsis when longer, the
 * whole text in its tooltip. extra goes inside the <text> tag. */
static int label(struct buf *o, double x, double y, const char *anchor,
		 const char *extra, const char *s, double max)
{
	struct buf part = BUF_INIT;
	size_t cut;
	int rc;

	text_px(s, max, &cut);
	if (!s || !s[cut])
		return text(o, x, y, anchor, extra, s);
	rc = buf_addf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>"
			 "<title>", x, y, anchor, extra);
	if (!rc)
		rc = report_esc(o, s);
	if (!rc)
		rc = buf_addstr(o, "</title>");
	if (!rc)
		rc = buf_add(&part, s, cut);
	if (!rc)
		rc = report_esc(o, buf_cstr(&part));
	if (!rc)
		rc = buf_addstr(o, "\xE2\x80\xA6</text>");
	buf_release(&part);
	return rc;
}

/* A round axis maximum: 1, 2 or 5 times a power of ten. */
static double nice_max(double v)
{
	double p, f;

	if (v <= 0)
		return 1;
	p = pow(10, floor(log10(v)));
	f = v / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static void fmt_tick(char *out, size_t n, double v)
{
	str_copy(out, "", n);
	if (fabs(v - floor(v + 0.5)) < 1e-9)
		snprintf(out, n, "%.0f", v);
	else
		snprintf(out, n, "%.1f", v);
}

int report_svg_lines(struct buf *o, const char *title, const char *desc,
		     const char *xunit, const char *yunit, const char *const *series, size_t ns,
		     const char *const *buckets, size_t nb,
		     const int64_t *values)
{
	/* the legend as wide as its longest name, as tall as its rows */
	const double L = 56, T = 20, B = 64, pw = 514;
	const double lw = widest(series, ns, LEGEND_MAX);
	const double R = 40 + lw + 10, W = L + pw + R;
	const double H = 340 > T + 16 * (double)ns + 8 ?
			 340 : T + 16 * (double)ns + 8;
	const double ph = H - T - B;
	double ymax = 0, x, y;
	size_t s, b, step;
	char t[32];
	int rc, i;

	for (s = 0; s < ns * nb; s++)
		if ((double)values[s] > ymax)
			ymax = (double)values[s];
	ymax = nice_max(ymax);
	rc = head(o, W, H, title, desc, "chart lines");
	for (i = 0; i <= 5 && !rc; i++) {
		y = T + ph - ph * i / 5;
		rc = buf_addf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				 "y2=\"%.1f\" stroke=\"#ddd\"/>",
			      L, y, L + pw, y);
		fmt_tick(t, sizeof t, ymax * i / 5);
		if (!rc)
			rc = text(o, L - 6, y + 4, "end", "", t);
	}
	if (!rc)
		rc = buf_addf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				 "y2=\"%.1f\" stroke=\"#333\"/>",
			      L, T + ph, L + pw, T + ph);
	step = nb > 8 ? (nb + 7) / 8 : 1;
	for (b = 0; b < nb && !rc; b += step) {
		x = nb > 1 ? L + pw * (double)b / (double)(nb - 1) : L + pw / 2;
		rc = text(o, x, T + ph + 16, "middle", "", buckets[b]);
	}
	if (!rc)
		rc = text(o, L + pw / 2, H - 8, "middle", "", xunit);
	if (!rc)
		rc = buf_addf(o, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
				 "transform=\"rotate(-90 14 %.1f)\">",
			      T + ph / 2, T + ph / 2);
	if (!rc)
		rc = report_esc(o, yunit);
	if (!rc)
		rc = buf_addstr(o, "</text>");
	for (s = 0; s < ns && !rc; s++) {
		const char *col = palette[s % 8];
		const char *da = dashes[(s / 8) % 4];

		rc = buf_addf(o, "<polyline fill=\"none\" stroke=\"%s\" "
				 "stroke-width=\"2\"%s%s%s points=\"",
			      col, *da ? " stroke-dasharray=\"" : "", da,
			      *da ? "\"" : "");
		for (b = 0; b < nb && !rc; b++) {
			x = nb > 1 ? L + pw * (double)b / (double)(nb - 1)
				   : L + pw / 2;
			y = T + ph - ph * (double)values[s * nb + b] / ymax;
			rc = buf_addf(o, "%s%.1f,%.1f", b ? " " : "", x, y);
		}
		if (!rc)
			rc = buf_addstr(o, "\"/>");
		y = T + 8 + 16 * (double)s;
		if (!rc)
			rc = buf_addf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
					 "y2=\"%.1f\" stroke=\"%s\" "
					 "stroke-width=\"2\"%s%s%s/>",
				      W - R + 12, y, W - R + 34, y, col,
				      *da ? " stroke-dasharray=\"" : "", da,
				      *da ? "\"" : "");
		if (!rc)
			rc = label(o, W - R + 40, y + 4, "start", "", series[s],
				   LEGEND_MAX);
	}
	if (!rc)
		rc = buf_addstr(o, "</svg>");
	return rc;
}

int report_svg_bars(struct buf *o, const char *title, const char *desc,
		    const char *xunit, const char *legend_sig,
		    const char *legend_nonsig, const char *const *names,
		    size_t n, const double *pct, const int *significant,
		    const char *const *na)
{
	/* names on the left, as wide as the longest */
	const double R = 70, T = 14, bh = 18, gap = 8, pw = 470;
	const double nw = widest(names, n, NAMES_MAX);
	const double L = 16 + (nw > 112 ? nw : 112), W = L + pw + R;
	const double H = T + (double)n * (bh + gap) + 74;
	double lo = 0, hi = 0, x0, x, y, w, step;
	char t[48], id[24];
	int nt;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (isnan(pct[i]))
			continue;
		if (pct[i] < lo)
			lo = pct[i];
		if (pct[i] > hi)
			hi = pct[i];
	}
	/* Round ticks: a 1-2-5 step, ends on multiples of it. */
	step = nice_max((hi - lo) / 4);
	if (step <= 0)
		step = 1;
	lo = floor(lo / step) * step;
	hi = ceil(hi / step) * step;
	if (hi <= lo)
		hi = lo + step;
	nt = (int)floor((hi - lo) / step + 0.5);
	/* The hatch pattern id must be unique in a page holding several
	 * charts, and stable: derive it from the chart's title. */
	str_hash_hex(title, strlen(title), t);
	snprintf(id, sizeof id, "h%.8s", t);
	rc = head(o, W, H, title, desc, "chart bars");
	if (!rc)
		rc = buf_addf(o, "<defs><pattern id=\"%s\" width=\"6\" "
				 "height=\"6\" patternUnits=\"userSpaceOnUse\" "
				 "patternTransform=\"rotate(45)\"><rect "
				 "width=\"6\" height=\"6\" fill=\"#fff\"/><line "
				 "x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
				 "stroke=\"#0072B2\" stroke-width=\"3\"/>"
				 "</pattern></defs>", id);
	x0 = L + pw * (0 - lo) / (hi - lo);
	for (i = 0; i < n && !rc; i++) {
		y = T + (double)i * (bh + gap);
		rc = label(o, L - 8, y + bh - 5, "end", "", names[i],
			   NAMES_MAX);
		if (rc)
			break;
		if (isnan(pct[i])) {
			rc = text(o, x0 + 4, y + bh - 5, "start", "", na[i]);
			continue;
		}
		x = L + pw * (pct[i] - lo) / (hi - lo);
		w = fabs(x - x0);
		rc = buf_addf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
				 "height=\"%.1f\" fill=\"%s%s%s\" "
				 "stroke=\"#0072B2\"/>",
			      x < x0 ? x : x0, y, w, bh,
			      significant[i] ? "#0072B2" : "url(#",
			      significant[i] ? "" : id,
			      significant[i] ? "" : ")");
		snprintf(t, sizeof t, "%+.0f %%%s", pct[i],
			 significant[i] ? " *" : "");
		if (!rc)
			rc = text(o, pct[i] >= 0 ? x + 4 : x - 4, y + bh - 5,
				  pct[i] >= 0 ? "start" : "end", "", t);
	}
	y = T + (double)n * (bh + gap);
	if (!rc)
		rc = buf_addf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				 "y2=\"%.1f\" stroke=\"#333\"/><line "
				 "x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				 "y2=\"%.1f\" stroke=\"#333\"/>",
			      x0, T - 4, x0, y, L, y, L + pw, y);
	for (i = 0; (int)i <= nt && !rc; i++) {
		double v = lo + step * (double)i;

		x = L + pw * (v - lo) / (hi - lo);
		if (fabs(v) < 1e-9)
			str_copy(t, "0", sizeof t);
		else
			snprintf(t, sizeof t, "%+.0f", v);
		rc = text(o, x, y + 14, "middle", "", t);
	}
	if (!rc)
		rc = text(o, L + pw / 2, y + 30, "middle", "", xunit);
	if (!rc)
		rc = buf_addf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" "
				 "height=\"10\" fill=\"#0072B2\"/>",
			      L, y + 44);
	if (!rc)
		rc = text(o, L + 20, y + 53, "start", "", legend_sig);
	if (!rc)
		rc = buf_addf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" "
				 "height=\"10\" fill=\"url(#%s)\" "
				 "stroke=\"#0072B2\"/>",
			      L + pw / 2, y + 44, id);
	if (!rc)
		rc = text(o, L + pw / 2 + 20, y + 53, "start", "",
			  legend_nonsig);
	if (!rc)
		rc = buf_addstr(o, "</svg>");
	return rc;
}

int report_svg_heatmap(struct buf *o, const char *title, const char *desc,
		       const char *const *rows, size_t nr,
		       const char *const *cols, size_t nc,
		       const int64_t *values)
{
	/* row names on the left, column names slanted above: as much room
	 * as the longest of each takes */
	const double cw = 48, ch = 24;
	const double rw = widest(rows, nr, ROWS_MAX);
	const double cl = widest(cols, nc, COLS_MAX) * SLANT;
	const double L = 12 + (rw > 88 ? rw : 88), T = 14 + (cl > 26 ? cl : 26);
	const double W = L + cw * (double)nc + (cl - cw / 2 > 12 ?
						cl - cw / 2 + 8 : 20);
	const double H = T + ch * (double)nr + 20;
	double vmax = 0;
	size_t i, j;
	char t[32];
	int rc;

	for (i = 0; i < nr * nc; i++)
		if ((double)values[i] > vmax)
			vmax = (double)values[i];
	rc = head(o, W, H, title, desc, "chart heatmap");
	for (j = 0; j < nc && !rc; j++) {
		double x = L + cw * (double)j + cw / 2;
		char rot[64];

		snprintf(rot, sizeof rot, " transform=\"rotate(-45 %.1f %.1f)\"",
			 x, T - 6);
		rc = label(o, x, T - 6, "start", rot, cols[j], COLS_MAX);
	}
	for (i = 0; i < nr && !rc; i++) {
		double y = T + ch * (double)i;

		rc = label(o, L - 6, y + ch / 2 + 4, "end", "", rows[i],
			   ROWS_MAX);
		for (j = 0; j < nc && !rc; j++) {
			double v = (double)values[i * nc + j];
			double f = vmax > 0 ? v / vmax : 0;
			/* White to Okabe-Ito blue, with dark text on light
			 * cells and white text on dark ones. */
			int rr = (int)(255 - f * (255 - 0));
			int gg = (int)(255 - f * (255 - 114));
			int bb = (int)(255 - f * (255 - 178));

			rc = buf_addf(o, "<rect x=\"%.1f\" y=\"%.1f\" "
					 "width=\"%.1f\" height=\"%.1f\" "
					 "fill=\"#%02X%02X%02X\" "
					 "stroke=\"#fff\"/>",
				      L + cw * (double)j, y, cw, ch, rr, gg, bb);
			snprintf(t, sizeof t, "%lld", (long long)v);
			if (!rc)
				rc = text(o, L + cw * (double)j + cw / 2,
					  y + ch / 2 + 4, "middle",
					  f > 0.5 ? " fill=\"#fff\"" : "", t);
		}
	}
	if (!rc)
		rc = buf_addstr(o, "</svg>");
	return rc;
}

int report_svg_sparkline(struct buf *o, const char *title,
			 const int64_t *values, size_t n)
{
	const double W = 100, H = 20;
	double vmax = 0;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((double)values[i] > vmax)
			vmax = (double)values[i];
	if (vmax <= 0)
		vmax = 1;
	rc = buf_addf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
			 "class=\"spark\" viewBox=\"0 0 %.0f %.0f\" "
			 "width=\"%.0f\" height=\"%.0f\" role=\"img\"><title>",
		      W, H, W, H);
	if (!rc)
		rc = report_esc(o, title);
	if (!rc)
		rc = buf_addstr(o, "</title><desc>");
	for (i = 0; i < n && !rc; i++)
		rc = buf_addf(o, "%s%lld", i ? " " : "", (long long)values[i]);
	if (!rc)
		rc = buf_addstr(o, "</desc><polyline fill=\"none\" "
				   "stroke=\"#0072B2\" stroke-width=\"1.5\" "
				   "points=\"");
	for (i = 0; i < n && !rc; i++)
		rc = buf_addf(o, "%s%.1f,%.1f", i ? " " : "",
			      n > 1 ? 2 + (W - 4) * (double)i / (double)(n - 1)
				    : W / 2,
			      H - 2 - (H - 4) * (double)values[i] / vmax);
	if (!rc)
		rc = buf_addstr(o, "\"/></svg>");
	return rc;
}
