/** @file
 * The site's HTML pieces (site_html.h): page frame, escaped cells, safe
 * links and file names, shared by the index (site.c) and the pages
 * (site_pages.c).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/esc.h"
#include "lib/site_html.h"

const char *site_str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

void site_text(FILE *f, const char *s)
{
	if (s)
		esc_html(f, s, strlen(s));
}

void site_name(const char *s, char *out, size_t outsz)
{
	uint32_t h = 2166136261u; /* FNV-1a of the original */
	size_t n = 0, keep = outsz > 48 ? 40 : outsz / 2;
	bool changed = false;

	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '-' || c == '_' || (c == '.' && p != s);

		h = (h ^ c) * 16777619u;
		if (n < keep)
			out[n++] = ok ? (char)c : '_';
		else
			changed = true;
		changed |= !ok;
	}
	if (!n)
		out[n++] = '_', changed = true;
	out[n] = 0;
	if (changed)
		snprintf(out + n, outsz - n, "-%08x", h);
}

void site_page_begin(FILE *f, const char *title, int depth)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	site_text(f, title);
	fputs(" - vmxbench</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:0 auto;max-width:72em;padding:0 1em;line-height:1.4}\n"
	      ".t{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:.5em 0}\n"
	      "td,th{border:1px solid #bbb;padding:.15em .45em;text-align:left;vertical-align:top}\n"
	      "th{background:#eee;cursor:pointer}td.d{background:#fdd}td.s{color:#777}\n"
	      "td{overflow-wrap:anywhere}img{max-width:100%;height:auto}\n"
	      "nav{margin:.5em 0}code{font-size:95%}\n</style>\n</head>\n<body>\n<nav><a href=\"", f);
	fputs(depth ? "../index.html" : "index.html", f);
	fputs("\">vmxbench results</a></nav>\n<h1>", f);
	site_text(f, title);
	fputs("</h1>\n", f);
}

void site_page_end(FILE *f)
{
	/* Sortable tables: click a header. The page works without it. */
	fputs("<script>\nfor(const th of document.querySelectorAll('th'))th.addEventListener('click',"
	      "()=>{const t=th.closest('table'),i=[...th.parentNode.children].indexOf(th),"
	      "r=[...t.rows].slice(1),k=x=>x.cells[i]?x.cells[i].textContent:'',"
	      "n=r.every(x=>k(x)===''||!isNaN(parseFloat(k(x))));r.sort((a,b)=>n?parseFloat(k(a))-"
	      "parseFloat(k(b)):k(a).localeCompare(k(b)));if(th.dataset.d)r.reverse();"
	      "th.dataset.d=th.dataset.d?'':'1';for(const x of r)t.appendChild(x);});\n</script>\n"
	      "</body>\n</html>\n", f);
}

void site_td(FILE *f, const char *cls, const char *s)
{
	fputs(cls ? "<td class=\"" : "<td>", f);
	if (cls)
		fprintf(f, "%s\">", cls);
	site_text(f, s);
	fputs("</td>", f);
}

void site_th_row(FILE *f, const char *const *cols, size_t n)
{
	fputs("<div class=\"t\"><table>\n<tr>", f);
	for (size_t i = 0; i < n; i++) {
		fputs("<th>", f);
		site_text(f, cols[i]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
}

void site_link(FILE *f, const char *dir, const char *file, const char *text, int depth)
{
	fprintf(f, "<a href=\"%s%s/", depth ? "../" : "", dir);
	site_text(f, file); /* site_name output: safe characters only, escaped all the same */
	fputs(".html\">", f);
	site_text(f, text);
	fputs("</a>", f);
}

FILE *site_open_page(const char *dir, const char *sub, const char *name, FILE *err)
{
	char path[4400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s%s.html", dir, sub, *sub ? "/" : "", name);
	f = fopen(path, "w");
	if (!f && err)
		fprintf(err, "vmxbench report: cannot write %s: %s\n", path, strerror(errno));
	return f;
}


json_t *site_find_meas(const struct stored_run *r, const char *name)
{
	size_t i;
	json_t *rec;

	json_array_foreach(r->records, i, rec)
		if (!strcmp(site_str(rec, "type"), "meas") && !strcmp(site_str(rec, "name"), name))
			return rec;
	return NULL;
}

double site_num(json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

const char *site_verdict_class(json_t *rec)
{
	enum cm_verdict v = casematrix_verdict(rec);

	return v == CM_DEVIATION ? "d" : v == CM_SKIP ? "s" : NULL;
}

void site_case_file(const struct cm_row *row, char *out, size_t outsz)
{
	char key[1024];

	snprintf(key, sizeof(key), "%s.%s", row->suite, row->id);
	site_name(key, out, outsz);
}

/* A cell linking row @p row's case page, from a page @p depth below the site. */
void site_case_cell(FILE *f, const struct casematrix *m, size_t row, int depth)
{
	char name[128], id[1024];

	site_case_file(&m->rows[row], name, sizeof(name));
	snprintf(id, sizeof(id), "%s / %s", m->rows[row].suite, m->rows[row].id);
	fputs("<tr><td>", f);
	site_link(f, "case", name, id, depth);
	fputs("</td>", f);
	site_td(f, NULL, m->rows[row].sdm);
}
