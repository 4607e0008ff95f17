/** @file
 * Chart planning, gnuplot data files and scripts (see chart.h). Rendering
 * (running gnuplot) is in chart_render.c.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/chart.h"
#include "lib/esc.h"
#include "lib/meas.h"

#define CHART_MEAS_MAX 4096

/*
 * @p in as a file name part (letters, digits . _ -) into @p out (@p outsz >= 112). When that
 * changed it (other characters, cut at 100 bytes, hidden or empty), a hash of @p in follows:
 * two suites must not share one chart file ("a b" and "a_b", long common prefixes).
 */
static void clean(const char *in, char *out, size_t outsz)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	bool changed = !in[0] || in[0] == '.';
	size_t i, o = 0;

	if (changed)
		out[o++] = '_'; /* no hidden or empty names */
	for (i = 0; in[i]; i++) {
		char ch = in[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';

		h = (h ^ (unsigned char)ch) * 16777619u;
		changed |= !ok || i >= 100;
		if (i < 100 && o + 1 < outsz)
			out[o++] = ok ? ch : '_';
	}
	out[o] = 0;
	if (changed && o + 10 < outsz)
		snprintf(out + o, outsz - o, "-%08x", h);
}

void chart_name(enum chart_kind kind, const char *suite, const struct stored_run *r, char *out,
		size_t outsz)
{
	char s[112], slug[112];

	clean(suite, s, sizeof(s));
	switch (kind) {
	case CHART_MEDIANS: snprintf(out, outsz, "%s-medians", s); break;
	case CHART_SYNC: snprintf(out, outsz, "%s-sync", s); break;
	case CHART_WS: snprintf(out, outsz, "%s-ws", s); break;
	case CHART_PATHS:
		clean(r ? r->slug : "", slug, sizeof(slug));
		snprintf(out, outsz, "%s-paths-%s", s, slug);
		break;
	}
}

/* A key title: the model label, "(emulated)" when it is. */
static void model_title(const struct stored_run *r, char *out, size_t outsz)
{
	char label[128];

	run_label(r, label, sizeof(label));
	snprintf(out, outsz, "%s%s", label, run_emulated(r) ? " (emulated)" : "");
}

/* " (emulated)" when all runs of the chart are, " (emulated models marked)" when some are. */
static const char *emu_suffix(const struct run_pick *p, size_t n)
{
	size_t e = 0;

	for (size_t i = 0; i < n; i++)
		e += run_emulated(p[i].r);
	return e == 0 ? "" : e == n ? " (emulated)" : " (emulated models marked)";
}

static bool is_bochs(const struct stored_run *r)
{
	const char *emu = run_emulator(r);

	return emu && strncmp(emu, "bochs", 5) == 0;
}

static bool all_bochs(const struct run_pick *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_bochs(p[i].r))
			return false;
	return n > 0;
}

size_t chart_plan(const struct runset *rs, struct chart *out, size_t max)
{
	const char *suites[64];
	size_t ns = meas_suites(rs, suites, 64), n = 0;
	struct run_pick *picks = calloc(rs->n + 1, sizeof(*picks));
	json_t **recs = calloc(CHART_MEAS_MAX, sizeof(*recs));

	if (!picks || !recs) {
		free(picks);
		free(recs);
		return CHART_NOMEM;
	}
	for (size_t s = 0; s < ns; s++) {
		size_t np = runset_pick_open(rs, meas_run_has, suites[s], picks, rs->n);
		bool plain = false, sync = false, ws = false;
		/* a suite with its own section has its own meaning for k: only the ws chart */
		bool own = meas_own_section(suites[s]);

		for (size_t p = 0; p < np; p++) {
			size_t nr = meas_of(picks[p].r, suites[s], recs, CHART_MEAS_MAX);
			bool paths = false;

			for (size_t i = 0; i < nr; i++) {
				/* nothing to draw without a median (n = 0: every sample discarded) */
				if (!json_is_number(json_object_get(recs[i], "median")))
					continue;
				plain |= meas_plain(recs[i]);
				sync |= json_is_integer(json_object_get(recs[i], "k"));
				paths |= json_object_get(recs[i], "path") &&
					 !json_object_get(recs[i], "k");
				ws |= json_is_integer(json_object_get(recs[i], "w"));
			}
			if (paths && !own && n < max) {
				struct chart *c = &out[n++];
				char t[160];

				c->kind = CHART_PATHS;
				c->run = picks[p].r;
				c->bochs = is_bochs(c->run);
				c->suite = suites[s];
				chart_name(CHART_PATHS, suites[s], c->run, c->name, sizeof(c->name));
				model_title(c->run, t, sizeof(t));
				snprintf(c->title, sizeof(c->title), "%s: median per path, %s", suites[s], t);
			}
		}
		if (plain && !own && n < max) {
			struct chart *c = &out[n++];

			c->kind = CHART_MEDIANS;
			c->run = NULL;
			c->bochs = all_bochs(picks, np);
			c->suite = suites[s];
			chart_name(CHART_MEDIANS, suites[s], NULL, c->name, sizeof(c->name));
			snprintf(c->title, sizeof(c->title), "%s: median per model%s", suites[s],
				 emu_suffix(picks, np));
		}
		if (sync && !own && n < max) {
			struct chart *c = &out[n++];

			c->kind = CHART_SYNC;
			c->run = NULL;
			c->bochs = all_bochs(picks, np);
			c->suite = suites[s];
			chart_name(CHART_SYNC, suites[s], NULL, c->name, sizeof(c->name));
			snprintf(c->title, sizeof(c->title), "%s: sync cost against K%s", suites[s],
				 emu_suffix(picks, np));
		}
		if (ws && n < max) {
			struct chart *c = &out[n++];

			c->kind = CHART_WS;
			c->run = NULL;
			c->bochs = all_bochs(picks, np);
			c->suite = suites[s];
			chart_name(CHART_WS, suites[s], NULL, c->name, sizeof(c->name));
			snprintf(c->title, sizeof(c->title), "%s: working set, median against W%s",
				 suites[s], emu_suffix(picks, np));
		}
		runset_picks_close(picks, np);
	}
	free(picks);
	free(recs);
	return n;
}

static void gp_num(FILE *f, double v)
{
	char b[48];

	meas_fmt(v, b, sizeof(b)); /* "-" is the missing value (set datafile missing "-") */
	fprintf(f, " %s", b);
}

/* A data file's first line: a comment naming the chart (record text: no line breaks). */
static void data_comment(FILE *f, const struct chart *c)
{
	fputs("# ", f);
	esc_gp(f, c->title, ESC_GP_TEXT);
	fputc('\n', f);
}

/* medians: a row per plain record name, a column per model. */
static int data_medians(const struct runset *rs, const struct chart *c, FILE *f)
{
	struct run_pick *picks = calloc(rs->n + 1, sizeof(*picks));
	json_t **recs = calloc(CHART_MEAS_MAX, sizeof(*recs));
	/* the names point into the records: no copy, no length limit */
	const char **names = calloc(CHART_MEAS_MAX, sizeof(*names));
	char t[160];
	size_t np, nn = 0;

	if (!picks || !recs || !names) {
		free(picks);
		free(recs);
		free(names);
		return -ENOMEM;
	}
	np = runset_pick_open(rs, meas_run_has, c->suite, picks, rs->n);
	for (size_t p = 0; p < np; p++) {
		size_t nr = meas_of(picks[p].r, c->suite, recs, CHART_MEAS_MAX);

		for (size_t i = 0; i < nr; i++) {
			const char *nm = json_string_value(json_object_get(recs[i], "name")) ?: "";
			size_t k;

			if (!meas_plain(recs[i]))
				continue;
			for (k = 0; k < nn && strcmp(names[k], nm); k++)
				;
			if (k == nn && nn < CHART_MEAS_MAX)
				names[nn++] = nm;
		}
	}
	data_comment(f, c);
	fputs("\"name\"", f);
	for (size_t p = 0; p < np; p++) {
		model_title(picks[p].r, t, sizeof(t));
		fputc(' ', f);
		esc_gp(f, t, ESC_GP_DATA);
	}
	fputc('\n', f);
	for (size_t k = 0; k < nn; k++) {
		esc_gp(f, names[k], ESC_GP_DATA);
		for (size_t p = 0; p < np; p++) {
			size_t nr = meas_of(picks[p].r, c->suite, recs, CHART_MEAS_MAX), i;

			for (i = 0; i < nr; i++)
				if (meas_plain(recs[i]) &&
				    !strcmp(json_string_value(json_object_get(recs[i], "name")) ?: "",
					    names[k]))
					break;
			gp_num(f, i < nr ? meas_stat(recs[i], "median") : NAN);
		}
		fputc('\n', f);
	}
	runset_picks_close(picks, np);
	free(picks);
	free(recs);
	free(names);
	return 0;
}

/* paths: a row per (op, width), a column per path. */
static int data_paths(const struct chart *c, FILE *f)
{
	json_t **recs = calloc(CHART_MEAS_MAX, sizeof(*recs));
	size_t nr;
	struct meas_pivot p;

	if (!recs)
		return -ENOMEM;
	run_open(c->run);
	nr = meas_of(c->run, c->suite, recs, CHART_MEAS_MAX);
	if (meas_pivot_build(recs, nr, &p)) {
		run_close(c->run);
		free(recs);
		return -ENOMEM;
	}
	data_comment(f, c);
	fputs("\"op width\"", f);
	for (size_t k = 0; k < p.ncols; k++) {
		fputc(' ', f);
		esc_gp(f, p.cols[k], ESC_GP_DATA);
	}
	fputc('\n', f);
	for (size_t r = 0; r < p.nrows; r++) {
		esc_gp(f, p.rows[r][0] ? p.rows[r] : "-", ESC_GP_DATA);
		for (size_t k = 0; k < p.ncols; k++)
			gp_num(f, meas_stat(meas_pivot_cell(&p, r, k), "median"));
		fputc('\n', f);
	}
	meas_pivot_free(&p);
	run_close(c->run);
	free(recs);
	return 0;
}

/*
 * sync: one data block per (model, series), blocks separated by two blank
 * lines (gnuplot "index"), each a header line "K" "key title" (the script reads
 * it as columnheader: record text stays out of the script) then "K median" rows.
 * @p f may be NULL (counting only). @return the number of blocks, or CHART_NOMEM.
 */
static size_t data_sync(const struct runset *rs, const struct chart *c, FILE *f)
{
	struct run_pick *picks = calloc(rs->n + 1, sizeof(*picks));
	json_t **recs = calloc(CHART_MEAS_MAX, sizeof(*recs));
	size_t np = 0, blocks = 0;
	char t[160], key[256];

	if (!picks || !recs) {
		blocks = CHART_NOMEM;
		goto out;
	}
	np = runset_pick_open(rs, meas_run_has, c->suite, picks, rs->n);
	if (f)
		data_comment(f, c);
	for (size_t p = 0; p < np; p++) {
		size_t nr = meas_of(picks[p].r, c->suite, recs, CHART_MEAS_MAX);
		struct meas_ksets ks;

		if (meas_ksets_build(recs, nr, &ks)) {
			blocks = CHART_NOMEM;
			goto out;
		}
		model_title(picks[p].r, t, sizeof(t));
		for (size_t s = 0; s < ks.n; s++) {
			if (f) {
				snprintf(key, sizeof(key), "%s: %s", t, ks.s[s].name);
				fprintf(f, "%s\"K\" ", blocks ? "\n\n" : "");
				esc_gp(f, key, ESC_GP_DATA);
				fputc('\n', f);
				for (size_t i = 0; i < ks.s[s].n; i++) {
					fprintf(f, "%ld", ks.s[s].k[i]);
					gp_num(f, meas_stat(ks.s[s].rec[i], "median"));
					fputc('\n', f);
				}
			}
			blocks++;
		}
		meas_ksets_free(&ks);
	}
out:
	runset_picks_close(picks, np);
	free(picks);
	free(recs);
	return blocks;
}

/*
 * ws: one data block per model with a series: a header line "W" "key title" ""
 * (the title says where the knee is, or "no knee"), then "W median knee" rows
 * where the knee column holds the median at the knee and "-" elsewhere (the
 * script marks it in the line's colour, without a key entry). @p f may be NULL
 * (counting only). @p knee_at, when not NULL, gets per block whether it has a
 * knee (room for rs->n entries). @return the number of blocks, or CHART_NOMEM.
 */
static size_t data_ws(const struct runset *rs, const struct chart *c, FILE *f, bool *knee_at)
{
	struct run_pick *picks = calloc(rs->n + 1, sizeof(*picks));
	json_t **recs = calloc(CHART_MEAS_MAX, sizeof(*recs));
	size_t np = 0, blocks = 0;
	char t[160], key[256];

	if (!picks || !recs) {
		blocks = CHART_NOMEM;
		goto out;
	}
	np = runset_pick_open(rs, meas_run_has, c->suite, picks, rs->n);
	if (f)
		data_comment(f, c);
	for (size_t p = 0; p < np; p++) {
		size_t nr = meas_of(picks[p].r, c->suite, recs, CHART_MEAS_MAX), knee;
		struct meas_wseries ws;

		if (meas_wseries_build(recs, nr, &ws)) {
			blocks = CHART_NOMEM;
			goto out;
		}
		if (!ws.n) {
			meas_wseries_free(&ws);
			continue;
		}
		knee = meas_knee(&ws);
		if (knee_at)
			knee_at[blocks] = knee < ws.n;
		if (f) {
			model_title(picks[p].r, t, sizeof(t));
			if (knee < ws.n)
				snprintf(key, sizeof(key), "%s: knee at W = %ld", t, ws.w[knee]);
			else
				snprintf(key, sizeof(key), "%s: %s", t,
					 knee == MEAS_KNEE_NONE ? "no knee" : "knee undefined");
			fprintf(f, "%s\"W\" ", blocks ? "\n\n" : "");
			esc_gp(f, key, ESC_GP_DATA);
			fputs(" \"\"\n", f);
			for (size_t i = 0; i < ws.n; i++) {
				fprintf(f, "%ld", ws.w[i]);
				gp_num(f, meas_stat(ws.rec[i], "median"));
				gp_num(f, i == knee ? meas_stat(ws.rec[i], "median") : NAN);
				fputc('\n', f);
			}
		}
		blocks++;
		meas_wseries_free(&ws);
	}
out:
	runset_picks_close(picks, np);
	free(picks);
	free(recs);
	return blocks;
}

int chart_write_data(const struct runset *rs, const struct chart *c, FILE *f)
{

	switch (c->kind) {
	case CHART_MEDIANS: return data_medians(rs, c, f);
	case CHART_PATHS: return data_paths(c, f);
	case CHART_SYNC: return data_sync(rs, c, f) == CHART_NOMEM ? -ENOMEM : 0;
	case CHART_WS: return data_ws(rs, c, f, NULL) == CHART_NOMEM ? -ENOMEM : 0;
	}
	return -1;
}

/* Columns of a data file's header line (quoted fields, \ escaping inside). CHART_NOMEM on failure. */
static size_t header_columns(const struct runset *rs, const struct chart *c)
{
	char *buf = NULL, *line;
	size_t len = 0, cols = 0;
	FILE *m = open_memstream(&buf, &len);
	int rc;

	if (!m)
		return CHART_NOMEM;
	rc = chart_write_data(rs, c, m);
	if (fclose(m) || rc) {
		free(buf);
		return CHART_NOMEM;
	}
	line = strchr(buf, '\n'); /* skip the comment line */
	for (bool q = false; line && *++line && *line != '\n';) {
		if (q && *line == '\\' && line[1] && line[1] != '\n')
			line++;
		else if (*line == '"' && (q = !q))
			cols++;
	}
	free(buf);
	return cols;
}

int chart_write_script(const struct runset *rs, const struct chart *c, FILE *f)
{
	/* y axis: Bochs's TSC counts instructions; other emulators' ticks are just "emulated" */
	const char *yunit = c->bochs ? " (emulated: Bochs instructions)" :
			    strstr(c->title, "(emulated") ? " (emulated)" : "";
	/* taller when the key (below the plot, two columns) has many entries */
	bool *knee_at = c->kind == CHART_WS ? calloc(rs->n + 1, sizeof(*knee_at)) : NULL;
	size_t keys = c->kind == CHART_SYNC ? data_sync(rs, c, NULL) :
		      c->kind == CHART_WS   ? (knee_at ? data_ws(rs, c, NULL, knee_at) : CHART_NOMEM) :
					      header_columns(rs, c);
	unsigned height;

	if (keys == CHART_NOMEM) {
		free(knee_at);
		return -ENOMEM;
	}
	if (c->kind != CHART_SYNC && c->kind != CHART_WS)
		keys = keys ? keys - 1 : 0;
	height = 540 + (keys > 6 ? (unsigned)(keys - 5) / 2 * 18 : 0);
	fprintf(f, "# vmxbench chart %s: written by `vmxbench chart`, reads %s.dat.\n"
		   "# Render: gnuplot %s.gp (in this directory) -> %s.svg, %s.png\n",
		c->name, c->name, c->name, c->name, c->name);
	fprintf(f, "set terminal svg size 960,%u dynamic background rgb \"white\" "
		   "font \"Sans,11\"\nset output '%s.svg'\n", height, c->name);
	/* 16 distinct colours (gnuplot's default cycle repeats after 8: 13 models would share) */
	static const char *const colours[] = { "#9400d3", "#009e73", "#56b4e9", "#e69f00",
					       "#f0e442", "#0072b2", "#e51e10", "#000000",
					       "#a0a0a0", "#8b4513", "#ff69b4", "#00ced1",
					       "#556b2f", "#ff8c00", "#4b0082", "#7fff00" };
	for (size_t i = 0; i < 16; i++)
		fprintf(f, "set linetype %zu lc rgb \"%s\" lw 1.5 pt %zu\n", i + 1, colours[i],
			i % 13 + 1);
	fprintf(f, "set linetype cycle 16\n");
	/*
	 * The title is the only record text in the script: single-quoted, where gnuplot
	 * substitutes neither `command` nor @macro (esc.h). Key titles come from the data.
	 */
	fprintf(f, "set termoption noenhanced\nset datafile missing \"-\"\n"
		   "set key below\nset grid ytics\nset offsets 0, 0, graph 0.08, 0\nset title ");
	esc_gp(f, c->title, ESC_GP_SCRIPT);
	fputc('\n', f);
	if (c->kind == CHART_WS) {
		/* W doubles from 1 to 128: a log2 axis spaces the points evenly */
		fprintf(f, "set logscale x 2\nset xlabel \"W (VMCSs cycled through)\"\n"
			   "set ylabel \"median ticks/op%s\"\nplot ", yunit);
		/* block b in linetype b + 1, its knee (column 3) a big dot of the same colour */
		for (size_t b = 0; b < keys; b++) {
			fprintf(f, "%s'%s.dat' index %zu using 1:2 with linespoints lt %zu title "
				   "columnheader(2)", b ? ", \\\n     " : "", c->name, b, b % 16 + 1);
			if (knee_at[b])
				fprintf(f, ", \\\n     '%s.dat' index %zu using 1:3 with points pt 7 "
					   "ps 2.5 lt %zu title columnheader(3)", c->name, b, b % 16 + 1);
		}
		if (!keys)
			fprintf(f, "1 notitle");
		fputc('\n', f);
	} else if (c->kind == CHART_SYNC) {
		fprintf(f, "set xlabel \"K (fields synced)\"\nset ylabel \"median ticks per sync%s\"\n"
			   "plot ", yunit);
		for (size_t b = 0; b < keys; b++)
			fprintf(f, "%s'%s.dat' index %zu using 1:2 with linespoints title columnheader(2)",
				b ? ", \\\n     " : "", c->name, b);
		if (!keys)
			fprintf(f, "0 notitle");
		fputc('\n', f);
	} else {
		size_t cols = keys + 1;

		/* every plot reads the first line as titles, so labels count rows like the bars */
		fprintf(f, "set key autotitle columnheader\n");
		fprintf(f, "set style data histograms\nset style histogram clustered gap 1\n"
			   "set style fill solid 0.85 border -1\nset boxwidth 0.9\n"
			   "set xtics rotate by 30 right scale 0\nset yrange [*<0:*]\n"
			   "set ylabel \"median ticks/op%s\"\n", yunit);
		/*
		 * Each bar's value above it: bar i of N in cluster j is centred at
		 * j + (i - (N-1)/2) / (N + gap) with gap 1; no labels when the bars are too narrow.
		 */
		fprintf(f, "plot for [i=2:%zu] '%s.dat' using i:xtic(1) title columnheader(i)", cols,
			c->name);
		if (cols >= 2 && cols - 1 <= 6)
			fprintf(f, ", \\\n     for [i=2:%zu] '%s.dat' using ($0 + (i - 2 - %zu / 2.0) / %zu.0):i:"
				   "(sprintf(\"%%g\", column(i))) with labels offset 0,0.7 font \",8\" "
				   "notitle", cols, c->name, cols - 2, cols);
		fputc('\n', f);
	}
	/* the same plot again as PNG */
	fprintf(f, "set terminal pngcairo size 960,%u background rgb \"white\" font \"Sans,10\"\n"
		   "set termoption noenhanced\nset output '%s.png'\nreplot\nunset output\n", height,
		c->name);
	free(knee_at);
	return 0;
}
