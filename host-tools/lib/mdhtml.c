/** @file
 * Markdown subset → HTML for the report (see mdhtml.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/b64.h"
#include "lib/esc.h"
#include "lib/mdhtml.h"

/* Every byte of text reaches the page through esc_html (esc.h): nothing raw. */
#define esc esc_html

/* A code span's text: escaped, "\|" read as "|" (how GitHub reads it inside tables). */
static void code_text(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == '|')
			i++;
		esc(f, s + i, 1);
	}
}

/* Offset of the first @p c in @p s[from..n) that is not backslash-escaped, or n. */
static size_t unescaped(const char *s, size_t from, size_t n, char c)
{
	for (size_t i = from; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == c)
			return i;
	}
	return n;
}

/* "[text](url)" at @p s: lengths of text and url, @return bytes consumed or 0. */
static size_t link_at(const char *s, size_t n, size_t *tl, size_t *ul)
{
	size_t close, paren;

	if (n < 4 || s[0] != '[')
		return 0;
	/* an escaped \] or \) (record text) neither ends the text nor the URL */
	close = unescaped(s, 1, n, ']');
	if (close + 2 > n || s[close + 1] != '(')
		return 0;
	paren = unescaped(s, close + 2, n, ')');
	if (paren >= n)
		return 0;
	*tl = close - 1;
	*ul = paren - close - 2;
	return paren + 1;
}

/* Inline markup of @p n bytes at @p s. */
/* Where relative images are read from to be inlined (mdhtml_write_inline), or NULL. */
static const char *img_base;

/*
 * Write image @p src (relative, n bytes) as a data: URL when it is a .png or
 * .svg file under img_base: the page then needs nothing beside it.
 * @return false when it was not inlined (the caller writes the link).
 */
static bool inline_image(FILE *f, const char *src, size_t n)
{
	char path[4200], name[1024];
	unsigned char *buf;
	FILE *in;
	long len;
	bool svg;

	if (!img_base || n >= sizeof(name) || n < 5)
		return false;
	memcpy(name, src, n);
	name[n] = 0;
	svg = !strcmp(name + n - 4, ".svg");
	if (strstr(name, "..") || name[0] == '/' || (!svg && strcmp(name + n - 4, ".png")))
		return false;
	snprintf(path, sizeof(path), "%s/%s", img_base, name);
	if (!(in = fopen(path, "rb")))
		return false;
	if (fseek(in, 0, SEEK_END) || (len = ftell(in)) <= 0 || len > (16L << 20) ||
	    fseek(in, 0, SEEK_SET) || !(buf = malloc((size_t)len))) {
		fclose(in);
		return false;
	}
	if (fread(buf, 1, (size_t)len, in) != (size_t)len) {
		free(buf);
		fclose(in);
		return false;
	}
	fclose(in);
	fprintf(f, "data:image/%s;base64,", svg ? "svg+xml" : "png");
	b64_write(f, buf, (size_t)len);
	free(buf);
	return true;
}

static void inline_md(FILE *f, const char *s, size_t n)
{
	bool strong = false;

	for (size_t i = 0; i < n;) {
		size_t tl, ul, used;

		/* a backslash escapes any ASCII punctuation (CommonMark), as esc_md writes it */
		if (s[i] == '\\' && i + 1 < n && s[i + 1] && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i + 1])) {
			esc(f, s + i + 1, 1);
			i += 2;
		} else if (s[i] == '`' && memchr(s + i + 1, '`', n - i - 1)) {
			const char *e = memchr(s + i + 1, '`', n - i - 1);

			fputs("<code>", f);
			code_text(f, s + i + 1, (size_t)(e - s - i - 1));
			fputs("</code>", f);
			i = (size_t)(e - s) + 1;
		} else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
			fputs(strong ? "</strong>" : "<strong>", f);
			strong = !strong;
			i += 2;
		} else if (s[i] == '!' && (used = link_at(s + i + 1, n - i - 1, &tl, &ul))) {
			/* images only from beside the report (the charts): nothing loads from the net */
			if (esc_url_ok(s + i + 2 + tl + 2, ul, true)) {
				fputs("<img alt=\"", f);
				esc(f, s + i + 2, tl);
				fputs("\" src=\"", f);
				if (!inline_image(f, s + i + 2 + tl + 2, ul))
					esc(f, s + i + 2 + tl + 2, ul);
				fputs("\">", f);
			} else {
				inline_md(f, s + i + 2, tl); /* refused: its text only */
			}
			i += 1 + used;
		} else if ((used = link_at(s + i, n - i, &tl, &ul))) {
			/* links only relative or http(s): no javascript:, data:, ... */
			bool ok = esc_url_ok(s + i + 1 + tl + 2, ul, false);

			if (ok) {
				fputs("<a href=\"", f);
				esc(f, s + i + 1 + tl + 2, ul);
				fputs("\">", f);
			}
			inline_md(f, s + i + 1, tl);
			if (ok)
				fputs("</a>", f);
			i += used;
		} else {
			esc(f, s + i, 1);
			i++;
		}
	}
	if (strong)
		fputs("</strong>", f);
}

/* Cells of a table row "| a | b |": start/length pairs, '\|' not a separator. */
static size_t split_row(const char *s, size_t n, size_t *st, size_t *len, size_t max)
{
	size_t c = 0, i = 0, start;

	if (n && s[0] == '|')
		i = 1;
	start = i;
	for (; i <= n; i++) {
		if (i < n && s[i] == '\\' && i + 1 < n) {
			i++;
			continue;
		}
		if (i == n || s[i] == '|') {
			size_t a = start, b = i;

			if (i == n && a == b)
				break; /* nothing after the last '|' */
			while (a < b && s[a] == ' ')
				a++;
			while (b > a && s[b - 1] == ' ')
				b--;
			if (c < max) {
				st[c] = a;
				len[c] = b - a;
				c++;
			}
			start = i + 1;
		}
	}
	return c;
}

#define MAXCOLS 64

#define DETAILS_OPEN "<details><summary>"
#define SUMMARY_CLOSE "</summary>"
#define DETAILS_CLOSE "</details>"

/* Exactly "</details>", or "<details><summary>TEXT</summary>": all the raw HTML the report writes. */
static bool is_details(const char *p, size_t n)
{
	size_t lo = strlen(DETAILS_OPEN), lc = strlen(SUMMARY_CLOSE);

	if (n == strlen(DETAILS_CLOSE) && !memcmp(p, DETAILS_CLOSE, n))
		return true;
	return n >= lo + lc && !memcmp(p, DETAILS_OPEN, lo) &&
	       !memcmp(p + n - lc, SUMMARY_CLOSE, lc) && !memchr(p + lo, '<', n - lo - lc);
}

/* A details line written as such (the summary's text escaped). @return false if it is not one. */
static bool details_line(FILE *f, const char *p, size_t n)
{
	size_t lo = strlen(DETAILS_OPEN), lc = strlen(SUMMARY_CLOSE);

	if (!is_details(p, n))
		return false;
	if (p[1] == '/') {
		fputs(DETAILS_CLOSE "\n", f);
		return true;
	}
	fputs(DETAILS_OPEN, f);
	inline_md(f, p + lo, n - lo - lc);
	fputs(SUMMARY_CLOSE "\n", f);
	return true;
}

static const char *align_of(const char *s, size_t n)
{
	bool l = n && s[0] == ':', r = n && s[n - 1] == ':';

	return l && r ? " style=\"text-align:center\"" : r ? " style=\"text-align:right\"" : "";
}

/* The ids given so far: a later heading with the same text gets "-1", "-2", ... (as GitHub). */
struct ids {
	char **v;
	size_t n;
};

static bool id_taken(const struct ids *ids, const char *id)
{
	for (size_t i = 0; i < ids->n; i++)
		if (!strcmp(ids->v[i], id))
			return true;
	return false;
}

static void ids_free(struct ids *ids)
{
	for (size_t i = 0; i < ids->n; i++)
		free(ids->v[i]);
	free(ids->v);
	ids->v = NULL;
	ids->n = 0;
}

/*
 * GitHub-like anchor: lower-case letters and digits, one '-' for each run of
 * others; unique in the page (the contents and the headings take the same
 * sequence, so their ids agree).
 */
static void heading_id(struct ids *ids, FILE *f, const char *s, size_t n)
{
	char *id = malloc(n + 24), **nv;
	size_t k = 0, base;
	bool dash = false, any = false;

	if (!id)
		abort();
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (dash && any)
				id[k++] = '-';
			id[k++] = ch;
			dash = false;
			any = true;
		} else {
			dash = true;
		}
	}
	id[k] = 0;
	base = k;
	for (unsigned dup = 1; id_taken(ids, id); dup++)
		snprintf(id + base, 24, "-%u", dup);
	nv = realloc(ids->v, (ids->n + 1) * sizeof(*nv));
	if (!nv)
		abort();
	ids->v = nv;
	ids->v[ids->n++] = id;
	if (f)
		fputs(id, f);
}

/* Contents: links to the ## and ### headings (the ids heading_id gives them). */
static void toc(FILE *f, const char *md)
{
	bool nav = false, li = false, sub = false; /* an h2 <li> open; an h3 <ul> inside it */
	struct ids ids = { NULL, 0 };

	for (const char *p = md; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p), lv = 0;

		while (lv < n && p[lv] == '#')
			lv++;
		if (lv && !((lv == 2 || lv == 3) && n > lv + 1 && p[lv] == ' ')) {
			/* every heading takes its id, listed or not, in the order the page gives them */
			heading_id(&ids, NULL, p + lv + 1, n > lv ? n - lv - 1 : 0);
		} else if (lv) {
			if (!nav)
				fputs("<nav><p>Contents</p>\n<ul>\n", f);
			nav = true;
			if (lv == 2) {
				if (sub)
					fputs("</ul>\n", f);
				if (li)
					fputs("</li>\n", f);
				sub = false;
				li = true;
			} else if (!sub) {
				fputs(li ? "\n<ul>\n" : "<li><ul>\n", f);
				li = sub = true;
			}
			fputs("<li><a href=\"#", f);
			heading_id(&ids, f, p + lv + 1, n - lv - 1);
			fputs("\">", f);
			inline_md(f, p + lv + 1, n - lv - 1);
			fputs(lv == 3 ? "</a></li>\n" : "</a>", f);
		}
		p += n + (nl != NULL);
	}
	if (sub)
		fputs("</ul>\n", f);
	if (li)
		fputs("</li>\n", f);
	if (nav)
		fputs("</ul>\n</nav>\n", f);
	ids_free(&ids);
}

void mdhtml_write(FILE *f, const char *md, const char *title)
{
	const char *p = md;
	const char *aligns[MAXCOLS];
	bool para = false, list = false, table = false;
	size_t row = 0, ncols = 0;
	struct ids ids = { NULL, 0 };

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	esc(f, title, strlen(title));
	fputs("</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:1em;max-width:110em;color:#222}\n"
	      "td{overflow-wrap:anywhere}\n"
	      "table{border-collapse:collapse;margin:1em 0;display:block;overflow-x:auto;"
	      "max-width:100%}\n"
	      "th,td{border:1px solid #bbb;padding:2px 6px;font-size:90%}\n"
	      "th{background:#eee;position:sticky;top:0}\n"
	      "td strong{color:#b00000}\n"
	      "code{background:#f3f3f3;padding:0 2px}\n"
	      "img{max-width:100%}\n"
	      "nav{border:1px solid #ddd;padding:0 1em;display:inline-block}\n"
	      "</style>\n</head>\n<body>\n", f);
	toc(f, md);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		bool is_row = n && p[0] == '|';

		if (table && !is_row) {
			fputs(row > 1 ? "</tbody></table>\n" : "</table>\n", f);
			table = false;
		}
		if (list && !(n > 1 && p[0] == '-' && p[1] == ' ')) {
			fputs("</ul>\n", f);
			list = false;
		}
		if (para && (n == 0 || is_row || p[0] == '#' || is_details(p, n) ||
			     (n > 1 && p[0] == '-' && p[1] == ' '))) {
			fputs("</p>\n", f);
			para = false;
		}
		if (n == 0) {
			/* blank: ends paragraphs (done above) */
		} else if (p[0] == '#') {
			size_t lv = 0;

			while (lv < n && p[lv] == '#')
				lv++;
			fprintf(f, "<h%zu id=\"", lv);
			heading_id(&ids, f, p + lv + 1, n > lv ? n - lv - 1 : 0);
			fputs("\">", f);
			inline_md(f, p + lv + 1, n > lv ? n - lv - 1 : 0);
			fprintf(f, "</h%zu>\n", lv);
		} else if (is_row) {
			size_t st[MAXCOLS], len[MAXCOLS], c = split_row(p, n, st, len, MAXCOLS);

			if (!table) {
				table = true;
				row = 0;
				ncols = c;
				for (size_t i = 0; i < MAXCOLS; i++)
					aligns[i] = "";
				fputs("<table>\n<thead><tr>", f);
				for (size_t i = 0; i < c; i++) {
					fputs("<th>", f);
					inline_md(f, p + st[i], len[i]);
					fputs("</th>", f);
				}
				fputs("</tr></thead>\n", f);
			} else if (row == 1) {
				for (size_t i = 0; i < c; i++)
					aligns[i] = align_of(p + st[i], len[i]);
				fputs("<tbody>\n", f);
			} else {
				fputs("<tr>", f);
				for (size_t i = 0; i < c || i < ncols; i++) {
					fprintf(f, "<td%s>", aligns[i < MAXCOLS ? i : 0]);
					if (i < c)
						inline_md(f, p + st[i], len[i]);
					fputs("</td>", f);
				}
				fputs("</tr>\n", f);
			}
			row++;
		} else if (n > 1 && p[0] == '-' && p[1] == ' ') {
			if (!list)
				fputs("<ul>\n", f);
			list = true;
			fputs("<li>", f);
			inline_md(f, p + 2, n - 2);
			fputs("</li>\n", f);
		} else if (details_line(f, p, n)) {
			/* the report's own folding; no other raw HTML is ever taken over */
		} else {
			fputs(para ? "\n" : "<p>", f);
			para = true;
			inline_md(f, p, n);
		}
		p += n + (nl != NULL);
	}
	if (table)
		fputs(row > 1 ? "</tbody></table>\n" : "</table>\n", f);
	if (list)
		fputs("</ul>\n", f);
	if (para)
		fputs("</p>\n", f);
	fputs("</body>\n</html>\n", f);
	ids_free(&ids);
}

void mdhtml_write_inline(FILE *f, const char *md, const char *title, const char *base)
{
	img_base = base;
	mdhtml_write(f, md, title);
	img_base = NULL;
}
