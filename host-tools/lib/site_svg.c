/** @file
 * The site's charts (site.h): SVG drawn here, embedded as data images so a
 * page stays one file. Labels are record text: XML-escaped (esc_xml) inside
 * the SVG, which is then base64-encoded, so it cannot reach the page's markup.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/b64.h"
#include "lib/esc.h"
#include "lib/site_html.h"

/* Close the SVG held in the memstream and write it as an <img> with @p alt. */
static void emit(FILE *f, FILE *svg, char **buf, size_t *len, const char *alt, int w, int h)
{
	fputs("</svg>\n", svg);
	fclose(svg);
	fprintf(f, "<p class=\"chart\"><img width=\"%d\" height=\"%d\" alt=\"", w, h);
	site_text(f, alt);
	fputs("\" src=\"data:image/svg+xml;base64,", f);
	b64_write(f, (const unsigned char *)*buf, *len);
	fputs("\"></p>\n", f);
	free(*buf);
}

/* A memstream holding the start of an SVG of @p w x @p h with @p title (escaped). */
static FILE *svg_open(char **buf, size_t *len, int w, int h, const char *title)
{
	FILE *s = open_memstream(buf, len);

	if (!s)
		abort();
	fprintf(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		   "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%%\" "
		   "height=\"100%%\" fill=\"white\"/>\n<text x=\"4\" y=\"16\" "
		   "font-weight=\"bold\">", w, h);
	esc_xml(s, title);
	fputs("</text>\n", s);
	return s;
}

static double nice_max(double v)
{
	double p = v > 0 ? pow(10, floor(log10(v))) : 1;

	for (int m = 1; m <= 10; m *= 2)
		if (m * p >= v)
			return m * p;
	return 10 * p;
}

void site_bar_chart(FILE *f, const char *title, const char *unit, const char *const *labels,
		    const double *value, const double *lo, const double *hi, size_t n)
{
	const int left = 200, width = 560, bar = 18, gap = 8, top = 34;
	int h = top + (int)n * (bar + gap) + 30;
	double max = 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *s = svg_open(&buf, &len, left + width + 20, h, title);

	for (size_t i = 0; i < n; i++)
		max = fmax(max, fmax(value[i], hi[i]));
	max = nice_max(max);
	for (size_t i = 0; i < n; i++) {
		int y = top + (int)i * (bar + gap);
		double x = left + width * value[i] / max;

		fprintf(s, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 6, y + 13);
		esc_xml(s, labels[i]);
		fprintf(s, "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#4a7ab5\"/>\n",
			left, y, x - left, bar);
		if (lo[i] >= 0 && hi[i] >= lo[i]) {
			double a = left + width * lo[i] / max, b = left + width * hi[i] / max;

			fprintf(s, "<path d=\"M%.1f %d H%.1f M%.1f %d V%d M%.1f %d V%d\" stroke=\"black\"/>\n",
				a, y + bar / 2, b, a, y + 4, y + bar - 4, b, y + 4, y + bar - 4);
		}
		fprintf(s, "<text x=\"%.1f\" y=\"%d\">%g</text>\n", fmin(x, left + width - 40) + 4,
			y + 13, value[i]);
	}
	fprintf(s, "<path d=\"M%d %d H%d\" stroke=\"#888\"/>\n<text x=\"%d\" y=\"%d\">0</text>\n"
		   "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%g ", left, h - 24, left + width, left,
		h - 10, left + width, h - 10, max);
	esc_xml(s, unit);
	fputs("</text>\n", s);
	emit(f, s, &buf, &len, title, left + width + 20, h);
}

void site_cdf_chart(FILE *f, const char *title, const char *unit, const char *const *labels,
		    const double *const *x, const double *const *y, const size_t *npts, size_t n)
{
	static const char *const colors[] = { "#4a7ab5", "#d9822b", "#3c9d4e", "#c23b3b",
					      "#7b5ea7", "#8c6d31", "#d36fb4", "#666666" };
	const int left = 60, width = 520, top = 30, height = 220, key = 200;
	double xmin = INFINITY, xmax = -INFINITY;
	char *buf = NULL;
	size_t len = 0;
	FILE *s = svg_open(&buf, &len, left + width + key, top + height + 40, title);

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < npts[i]; k++)
			xmin = fmin(xmin, x[i][k]), xmax = fmax(xmax, x[i][k]);
	if (!(xmax > xmin))
		xmax = xmin + 1;
	fprintf(s, "<path d=\"M%d %d V%d H%d\" stroke=\"#888\" fill=\"none\"/>\n",
		left, top, top + height, left + width);
	for (size_t i = 0; i < n; i++) {
		const char *c = colors[i % (sizeof(colors) / sizeof(colors[0]))];

		fputs("<path fill=\"none\" stroke-width=\"2\" stroke=\"", s);
		fputs(c, s);
		fputs("\" d=\"", s);
		for (size_t k = 0; k < npts[i]; k++) {
			double px = left + width * (x[i][k] - xmin) / (xmax - xmin);
			double py = top + height * (1 - y[i][k]);

			/* a step function: across at the previous height, then up */
			if (!k)
				fprintf(s, "M%.1f %d V%.1f", px, top + height, py);
			else
				fprintf(s, " H%.1f V%.1f", px, py);
		}
		fputs("\"/>\n", s);
		fprintf(s, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			   "<text x=\"%d\" y=\"%d\">", left + width + 14, top + (int)i * 18, c,
			left + width + 30, top + (int)i * 18 + 11);
		esc_xml(s, labels[i]);
		fputs("</text>\n", s);
	}
	fprintf(s, "<text x=\"%d\" y=\"%d\">%g</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%g ",
		left, top + height + 16, xmin, left + width, top + height + 16, xmax);
	esc_xml(s, unit);
	fprintf(s, "</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">1</text>"
		   "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>\n", left - 4, top + 10,
		left - 4, top + height);
	emit(f, s, &buf, &len, title, left + width + key, top + height + 40);
}
