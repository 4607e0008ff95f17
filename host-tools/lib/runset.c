/** @file
 * Stored-run loader (see runset.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/emulated.h"
#include "lib/runset.h"
#include "lib/cpuident.h"

static int is_json_name(const char *n)
{
	size_t l = strlen(n);

	return n[0] != '.' && l > 5 && strcmp(n + l - 5, ".json") == 0;
}

static void add(struct runset *rs, const char *path, const char *slug, FILE *err)
{
	json_error_t je;
	json_t *doc = json_load_file(path, 0, &je), *recs;
	struct stored_run *n, *r;

	recs = json_object_get(doc, "records");
	if (!doc || !json_is_array(recs) || !json_is_string(json_object_get(doc, "run_id")) ||
	    json_integer_value(json_object_get(doc, "format")) != 1) {
		if (err)
			fprintf(err, "vmxbench: %s: not a stored run (format 1)%s%s, skipped\n", path,
				doc ? "" : ": ", doc ? "" : je.text);
		json_decref(doc);
		return;
	}
	n = realloc(rs->v, (rs->n + 1) * sizeof(*n));
	if (!n)
		abort();
	rs->v = n;
	r = &rs->v[rs->n++];
	r->path = strdup(path);
	r->slug = strdup(slug);
	r->doc = doc;
	r->records = recs;
	r->run_id = json_string_value(json_object_get(doc, "run_id"));
	r->cpu = json_object_get(doc, "cpu");
	r->begin = json_array_get(recs, 0);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entries of a directory (names only, '.'-files left out). */
static char **list_dir(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		v = realloc(v, (*n + 1) * sizeof(*v));
		if (!v)
			abort();
		v[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_names);
	return v;
}

int runset_load(const char *dir, struct runset *rs, FILE *err)
{
	size_t nd, nf;
	char **slugs, **files, path[4200];
	struct stat st;

	rs->v = NULL;
	rs->n = 0;
	if (stat(dir, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	slugs = list_dir(dir, &nd);
	for (size_t i = 0; i < nd; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, slugs[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			files = list_dir(path, &nf);
			for (size_t k = 0; k < nf; k++) {
				if (is_json_name(files[k])) {
					snprintf(path, sizeof(path), "%s/%s/%s", dir, slugs[i],
						 files[k]);
					add(rs, path, slugs[i], err);
				}
				free(files[k]);
			}
			free(files);
		}
		free(slugs[i]);
	}
	free(slugs);
	return 0;
}

void runset_free(struct runset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->v[i].path);
		free(rs->v[i].slug);
		json_decref(rs->v[i].doc);
	}
	free(rs->v);
	rs->v = NULL;
	rs->n = 0;
}

json_t *run_record(const struct stored_run *r, const char *type)
{
	size_t i;
	json_t *rec;

	json_array_foreach(r->records, i, rec) {
		const char *t = json_string_value(json_object_get(rec, "type"));

		if (t && strcmp(t, type) == 0)
			return rec;
	}
	return NULL;
}

json_t *run_msr(const struct stored_run *r, unsigned index)
{
	size_t i;
	json_t *rec;
	uint64_t v;

	json_array_foreach(r->records, i, rec) {
		const char *t = json_string_value(json_object_get(rec, "type"));

		if (t && strcmp(t, "msr") == 0 &&
		    !hexstr_u64(json_string_value(json_object_get(rec, "index")), &v) && v == index)
			return rec;
	}
	return NULL;
}

const char *run_emulator(const struct stored_run *r)
{
	return records_emulator(r->records);
}

bool run_emulated(const struct stored_run *r)
{
	return run_emulator(r) != NULL;
}

void run_label(const struct stored_run *r, char *out, size_t outsz)
{
	const char *emu = run_emulator(r), *cn, *colon;

	if (emu) {
		colon = strchr(emu, ':');
		snprintf(out, outsz, "%s", colon && colon[1] ? colon + 1 : emu);
		return;
	}
	cn = json_string_value(json_object_get(r->cpu, "codename"));
	snprintf(out, outsz, "%s%s %02llx-%02llx-%llx",
		 json_is_true(json_object_get(r->cpu, "hypervisor")) ? "vm " : "", cn ? cn : "unknown",
		 json_integer_value(json_object_get(r->cpu, "family")),
		 json_integer_value(json_object_get(r->cpu, "model")),
		 json_integer_value(json_object_get(r->cpu, "stepping")));
}

/* ISO times compare as strings */
bool run_newer(const struct stored_run *a, const struct stored_run *b)
{
	const char *ta = json_string_value(json_object_get(a->doc, "collected_at")) ?: "";
	const char *tb = json_string_value(json_object_get(b->doc, "collected_at")) ?: "";
	int c = strcmp(ta, tb);

	return c > 0 || (c == 0 && strcmp(a->run_id, b->run_id) > 0);
}

size_t runset_pick(const struct runset *rs, run_filter_fn keep, const void *arg,
		   struct run_pick *out, size_t max)
{
	size_t n = 0;

	/* The set is sorted by slug: runs of one model are adjacent. */
	for (size_t i = 0; i < rs->n; i++) {
		const struct stored_run *r = &rs->v[i];

		if (keep && !keep(r, arg))
			continue;
		if (n && strcmp(out[n - 1].r->slug, r->slug) == 0) {
			out[n - 1].others++;
			if (run_newer(r, out[n - 1].r))
				out[n - 1].r = r;
			continue;
		}
		if (n == max)
			break;
		out[n].r = r;
		out[n].others = 0;
		n++;
	}
	return n;
}

bool run_has(const struct stored_run *r, const char *type, const char *suite)
{
	size_t i;
	json_t *rec;

	json_array_foreach(r->records, i, rec) {
		const char *t = json_string_value(json_object_get(rec, "type"));
		const char *s = json_string_value(json_object_get(rec, "suite"));

		if (t && strcmp(t, type) == 0 && (!suite || (s && strcmp(s, suite) == 0)))
			return true;
	}
	return false;
}
