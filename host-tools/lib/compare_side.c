/** @file
 * The two sides of vmxbench compare (compare.h): which runs a name means.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "lib/compare.h"

static int fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return -1;
}

static void push(struct cmp_side *s, const struct stored_run *r)
{
	const struct stored_run **n = realloc(s->v, (s->n + 1) * sizeof(*n));

	if (!n)
		abort();
	s->v = n;
	s->v[s->n++] = r;
}

static bool model_is(const struct stored_run *r, const char *name)
{
	char label[128];
	const char *code = json_string_value(json_object_get(r->cpu, "codename"));

	run_label(r, label, sizeof(label));
	return strcasecmp(label, name) == 0 || strcasecmp(r->slug, name) == 0 ||
	       (code && strcasecmp(code, name) == 0);
}

enum by { BY_RUN, BY_MODEL, BY_MACHINE };

static size_t select_by(struct cmp_side *s, const struct runset *rs, enum by by, const char *key)
{
	size_t before = s->n;

	for (size_t i = 0; rs && i < rs->n; i++) {
		const struct stored_run *r = &rs->v[i];

		if ((by == BY_RUN && strcmp(r->run_id, key) == 0) ||
		    (by == BY_MODEL && model_is(r, key)) || (by == BY_MACHINE && strcasecmp(run_machine(r), key) == 0))
			push(s, r);
	}
	return s->n - before;
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* A directory: a results directory (<cpu>/<run>.json), else a directory of run files. */
static int load_dir(struct cmp_side *s, const char *dir, char *err, size_t errsz)
{
	int rc = runset_index(dir, &s->own, stderr);

	if (rc)
		return fail(err, errsz, "%s: %s", dir, strerror(-rc));
	if (!s->own.n) {
		DIR *d = opendir(dir);
		struct dirent *e;
		char **names = NULL, path[4200];
		size_t n = 0;

		while (d && (e = readdir(d))) {
			size_t l = strlen(e->d_name);

			if (e->d_name[0] == '.' || l < 6 || strcmp(e->d_name + l - 5, ".json"))
				continue;
			names = realloc(names, (n + 1) * sizeof(*names));
			if (!names || !(names[n++] = strdup(e->d_name)))
				abort();
		}
		if (d)
			closedir(d);
		if (n)
			qsort(names, n, sizeof(*names), cmp_names);
		for (size_t i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			runset_index_file(&s->own, path, stderr);
			free(names[i]);
		}
		free(names);
	}
	for (size_t i = 0; i < s->own.n; i++)
		push(s, &s->own.v[i]);
	return s->n ? 0 : fail(err, errsz, "%s: no stored runs in it", dir);
}

int cmp_side_resolve(struct cmp_side *s, const char *spec, const struct runset *results,
		     char *err, size_t errsz)
{
	struct stat st;
	const char *key = spec;
	enum by by;
	bool bare = true;

	memset(s, 0, sizeof(*s));
	snprintf(s->spec, sizeof(s->spec), "%s", spec);
	if (stat(spec, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return load_dir(s, spec, err, errsz);
		if (runset_index_file(&s->own, spec, stderr))
			return fail(err, errsz, "%s: not a stored run", spec);
		push(s, &s->own.v[0]);
		return 0;
	}
	if (!strncmp(spec, "run:", 4))
		by = BY_RUN, key = spec + 4, bare = false;
	else if (!strncmp(spec, "model:", 6))
		by = BY_MODEL, key = spec + 6, bare = false;
	else if (!strncmp(spec, "machine:", 8))
		by = BY_MACHINE, key = spec + 8, bare = false;
	else
		by = BY_RUN;
	if (!*key)
		return fail(err, errsz, "\"%s\" names nothing", spec);
	if (!results)
		return fail(err, errsz, "%s: no such file or directory, and no results directory to "
			    "look it up in", spec);
	if (select_by(s, results, by, key))
		return 0;
	if (bare && (select_by(s, results, BY_MODEL, key) || select_by(s, results, BY_MACHINE, key)))
		return 0;
	return fail(err, errsz, "\"%s\" is no file or directory, and no %s in the results", spec,
		    bare ? "run id, CPU model or machine" : by == BY_RUN ? "run id"
		    : by == BY_MODEL ? "CPU model" : "machine");
}

void cmp_side_free(struct cmp_side *s)
{
	free(s->v);
	runset_free(&s->own);
	memset(s, 0, sizeof(*s));
}
