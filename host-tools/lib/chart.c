/** @file
 * Chart planning, gnuplot data files and scripts (see chart.h). Rendering
 * (running gnuplot) is in chart_render.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/chart.h"
#include "lib/meas.h"

#define CHART_MEAS_MAX 4096

static void clean(const char *in, char *out, size_t outsz)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < outsz; i++)
		out[i] = (in[i] >= 'a' && in[i] <= 'z') || (in[i] >= 'A' && in[i] <= 'Z') ||
				 (in[i] >= '0' && in[i] <= '9') || in[i] == '.' || in[i] == '_' ||
				 in[i] == '-' ?
			 in[i] : '_';
	out[i] = 0;
	if (!out[0] || out[0] == '.') { /* no hidden or empty names */
		memmove(out + 1, out, i + 1 < outsz ? i + 1 : outsz - 1);
		out[0] = '_';
		out[outsz - 1] = 0;
	}
}

void chart_name(enum chart_kind kind, const char *suite, const struct stored_run *r, char *out,
		size_t outsz)
{
	char s[64], slug[128];

	clean(suite, s, sizeof(s));
	switch (kind) {
	case CHART_MEDIANS: snprintf(out, outsz, "%s-medians", s); break;
	case CHART_SYNC: snprintf(out, outsz, "%s-sync", s); break;
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

	for (size_t s = 0; s < ns; s++) {
		size_t np = runset_pick(rs, meas_run_has, suites[s], picks, rs->n);
		bool plain = false, sync = false;

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
			}
			if (paths && n < max) {
				struct chart *c = &out[n++];
				char t[160];

				c->kind = CHART_PATHS;
				c->run = picks[p].r;
				c->bochs = is_bochs(c->run);
				snprintf(c->suite, sizeof(c->suite), "%s", suites[s]);
				chart_name(CHART_PATHS, suites[s], c->run, c->name, sizeof(c->name));
				model_title(c->run, t, sizeof(t));
				snprintf(c->title, sizeof(c->title), "%s: median per path, %s", suites[s], t);
			}
		}
		if (plain && n < max) {
			struct chart *c = &out[n++];

			c->kind = CHART_MEDIANS;
			c->run = NULL;
			c->bochs = all_bochs(picks, np);
			snprintf(c->suite, sizeof(c->suite), "%s", suites[s]);
			chart_name(CHART_MEDIANS, suites[s], NULL, c->name, sizeof(c->name));
			snprintf(c->title, sizeof(c->title), "%s: median per model%s", suites[s],
				 emu_suffix(picks, np));
		}
		if (sync && n < max) {
			struct chart *c = &out[n++];

			c->kind = CHART_SYNC;
			c->run = NULL;
			c->bochs = all_bochs(picks, np);
			snprintf(c->suite, sizeof(c->suite), "%s", suites[s]);
			chart_name(CHART_SYNC, suites[s], NULL, c->name, sizeof(c->name));
			snprintf(c->title, sizeof(c->title), "%s: sync cost against K%s", suites[s],
				 emu_suffix(picks, np));
		}
	}
	free(picks);
	free(recs);
	return n;
}

/* A gnuplot string: double quotes, backslash and quote escaped. */
static void gp_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s == '\n' ? ' ' : *s, f);
	}
	fputc('"', f);
}

static void gp_num(FILE *f, double v)
{
	char b[48];

	meas_fmt(v, b, sizeof(b)); /* "-" is the missing value (set datafile missing "-") */
	fprintf(f, " %s", b);
}

/* medians: a row per plain record name, a column per model. */
static int data_medians(const struct runset *rs, const struct chart *c, FILE *f)
{
	struct run_pick *picks = calloc(rs->n + 1, sizeof(*picks));
	json_t **recs = calloc(CHART_MEAS_MAX, sizeof(*recs));
	char (*names)[MEAS_KEY_MAX] = calloc(CHART_MEAS_MAX, sizeof(*names)), t[160];
	size_t np = runset_pick(rs, meas_run_has, c->suite, picks, rs->n), nn = 0;

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
				snprintf(names[nn++], MEAS_KEY_MAX, "%s", nm);
		}
	}
	fprintf(f, "# %s\n\"name\"", c->title);
	for (size_t p = 0; p < np; p++) {
		model_title(picks[p].r, t, sizeof(t));
		fputc(' ', f);
		gp_str(f, t);
	}
	fputc('\n', f);
	for (size_t k = 0; k < nn; k++) {
		gp_str(f, names[k]);
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
	free(picks);
	free(recs);
	free(names);
	return 0;
}

/* paths: a row per (op, width), a column per path. */
static int data_paths(const struct chart *c, FILE *f)
{
	json_t **recs = calloc(CHART_MEAS_MAX, sizeof(*recs));
	size_t nr = meas_of(c->run, c->suite, recs, CHART_MEAS_MAX);
	struct meas_pivot p;

	if (meas_pivot_build(recs, nr, &p)) {
		free(recs);
		return -1;
	}
	fprintf(f, "# %s\n\"op width\"", c->title);
	for (size_t k = 0; k < p.ncols; k++) {
		fputc(' ', f);
		gp_str(f, p.cols[k]);
	}
	fputc('\n', f);
	for (size_t r = 0; r < p.nrows; r++) {
		gp_str(f, p.rows[r][0] ? p.rows[r] : "-");
		for (size_t k = 0; k < p.ncols; k++)
			gp_num(f, meas_stat(meas_pivot_cell(&p, r, k), "median"));
		fputc('\n', f);
	}
	meas_pivot_free(&p);
	free(recs);
	return 0;
}

/*
 * sync: one data block per (model, series), blocks separated by two blank
 * lines (gnuplot "index"), each "K median" rows. @p titles (may be NULL)
 * receives each block's key title, in order; @return the number of blocks.
 */
static size_t data_sync(const struct runset *rs, const struct chart *c, FILE *f,
			char (*titles)[256], size_t max)
{
	struct run_pick *picks = calloc(rs->n + 1, sizeof(*picks));
	json_t **recs = calloc(CHART_MEAS_MAX, sizeof(*recs));
	size_t np = runset_pick(rs, meas_run_has, c->suite, picks, rs->n), blocks = 0;
	char t[160];

	if (f)
		fprintf(f, "# %s\n", c->title);
	for (size_t p = 0; p < np; p++) {
		size_t nr = meas_of(picks[p].r, c->suite, recs, CHART_MEAS_MAX);
		struct meas_ksets ks;

		if (meas_ksets_build(recs, nr, &ks))
			break;
		model_title(picks[p].r, t, sizeof(t));
		for (size_t s = 0; s < ks.n; s++) {
			if (titles && blocks < max)
				snprintf(titles[blocks], 256, "%s: %s", t, ks.s[s].name);
			if (f) {
				fprintf(f, "%s# %s: %s\n", blocks ? "\n\n" : "", t, ks.s[s].name);
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
	free(picks);
	free(recs);
	return blocks;
}

int chart_write_data(const struct runset *rs, const struct chart *c, FILE *f)
{
	switch (c->kind) {
	case CHART_MEDIANS: return data_medians(rs, c, f);
	case CHART_PATHS: return data_paths(c, f);
	case CHART_SYNC: data_sync(rs, c, f, NULL, 0); return 0;
	}
	return -1;
}

/* Columns of a data file's header line (quoted titles). */
static size_t header_columns(const struct runset *rs, const struct chart *c)
{
	char *buf = NULL, *line;
	size_t len = 0, cols = 0;
	FILE *m = open_memstream(&buf, &len);

	chart_write_data(rs, c, m);
	fclose(m);
	line = strchr(buf, '\n'); /* skip the comment line */
	for (bool q = false; line && *++line && *line != '\n';)
		if (*line == '"' && line[-1] != '\\' && (q = !q))
			cols++;
	free(buf);
	return cols;
}

int chart_write_script(const struct runset *rs, const struct chart *c, FILE *f)
{
	/* y axis: Bochs's TSC counts instructions; other emulators' ticks are just "emulated" */
	const char *yunit = c->bochs ? " (emulated: Bochs instructions)" :
			    strstr(c->title, "(emulated") ? " (emulated)" : "";

	fprintf(f, "# vmxbench chart %s: written by `vmxbench chart`, reads %s.dat.\n"
		   "# Render: gnuplot %s.gp (in this directory) -> %s.svg, %s.png\n",
		c->name, c->name, c->name, c->name, c->name);
	/* taller when the key (below the plot, two columns) has many entries */
	size_t keys = c->kind == CHART_SYNC ? data_sync(rs, c, NULL, NULL, 0) :
					      header_columns(rs, c) - 1;
	unsigned height = 540 + (keys > 6 ? (unsigned)(keys - 5) / 2 * 18 : 0);

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
	fprintf(f, "set termoption noenhanced\nset datafile missing \"-\"\n"
		   "set key below\nset grid ytics\nset offsets 0, 0, graph 0.08, 0\nset title ");
	gp_str(f, c->title);
	fputc('\n', f);
	if (c->kind == CHART_SYNC) {
		char (*titles)[256] = calloc(256, sizeof(*titles));
		size_t nb = data_sync(rs, c, NULL, titles, 256);

		fprintf(f, "set xlabel \"K (fields synced)\"\nset ylabel \"median ticks per sync%s\"\n"
			   "plot ", yunit);
		for (size_t b = 0; b < nb && b < 256; b++) {
			fprintf(f, "%s'%s.dat' index %zu using 1:2 with linespoints title ", b ? ", \\\n     " : "",
				c->name, b);
			gp_str(f, titles[b]);
		}
		if (!nb)
			fprintf(f, "0 notitle");
		fputc('\n', f);
		free(titles);
	} else {
		size_t cols = header_columns(rs, c);

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
	return 0;
}
