/* Statistics of the trend report: the exact test that keeps 2 -> 4 items
 * from being reported as a surge, and Dunning's G² for emerging terms. */
#include <math.h>

#include "report.h"

/* log P(X = k) for X ~ Bin(n, p), 0 < p < 1. */
static double lbinom(int64_t n, int64_t k, double lp, double lq)
{
	return lgamma((double)n + 1) - lgamma((double)k + 1) -
	       lgamma((double)(n - k) + 1) + (double)k * lp +
	       (double)(n - k) * lq;
}

double report_poisson_test(int64_t k1, double t1, int64_t k2, double t2)
{
	int64_t n = k1 + k2, k;
	double p, lp, lq, ld, sum = 0;
	/* Relative tolerance as in R's binom.test and scipy's binomtest, so
	 * outcomes exactly as likely as k1 are not lost to rounding. */
	const double rel = 1 + 1e-7;

	if (k1 < 0 || k2 < 0 || !(t1 > 0) || !(t2 > 0))
		return NAN;
	if (n == 0)
		return 1.0;
	p = t1 / (t1 + t2);
	lp = log(p);
	lq = log1p(-p);
	ld = lbinom(n, k1, lp, lq);
	for (k = 0; k <= n; k++) {
		double l = lbinom(n, k, lp, lq);

		if (l <= ld + log(rel))
			sum += exp(l);
	}
	return sum > 1 ? 1 : sum;
}

void report_growth(struct report_growth *g, int64_t k1, int64_t k2,
		   double t2, double alpha)
{
	g->k1 = k1;
	g->k2 = k2;
	g->exposure = t2;
	if (k2 > 0 && t2 > 0) {
		g->rate_ratio = (double)k1 / ((double)k2 / t2);
		g->pct = (g->rate_ratio - 1) * 100;
	} else {
		g->rate_ratio = NAN;
		g->pct = NAN;
	}
	g->p = t2 > 0 ? report_poisson_test(k1, 1, k2, t2) : NAN;
	g->significant = !isnan(g->p) && g->p < alpha;
}

static double xlogy(double x, double y)
{
	return x > 0 ? x * log(x / y) : 0;
}

double report_g2(double a, double c, double b, double d)
{
	double e1, e2;

	if (c <= 0 || d <= 0 || a + b <= 0)
		return 0;
	e1 = c * (a + b) / (c + d);
	e2 = d * (a + b) / (c + d);
	/* The 2x2 form: the "absent" cells count too, so a term present in
	 * most documents is not overstated. */
	return 2 * (xlogy(a, e1) + xlogy(b, e2) +
		    xlogy(c - a, c - e1) + xlogy(d - b, d - e2));
}
