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
#include "lib/suite_time.h"
#include "lib/cpuident.h"

static int is_json_name(const char *n)
{
	size_t l = strlen(n);

	return n[0] != '.' && l > 5 && strcmp(n + l - 5, ".json") == 0;
}

/*
 * The key "TYPE\0" KIND VALUE of stored_run.kinds, in @p buf when it fits, else
 * allocated (*@p heap, to free): record text has no length limit.
 */
static char *kind_key(char *buf, size_t bufsz, const char *type, char kind, const char *v,
		      size_t *len, char **heap)
{
	size_t lt = strlen(type), lv = strlen(v);

	*len = lt + lv + 2;
	*heap = NULL;
	if (*len > bufsz && !(buf = *heap = malloc(*len)))
		abort();
	memcpy(buf, type, lt + 1);
	buf[lt + 1] = kind;
	memcpy(buf + lt + 2, v, lv);
	return buf;
}

/* kinds[key] = v, an existing true left true: keys keep their first position. */
static void mark(json_t *kinds, const char *type, char kind, const char *v, bool val)
{
	char buf[256], *heap, *key;
	size_t l;

	key = kind_key(buf, sizeof(buf), type, kind, v, &l, &heap);
	if (!json_is_true(json_object_getn(kinds, key, l)) &&
	    json_object_setn_new(kinds, key, l, json_boolean(val)))
		abort();
	free(heap);
}

static json_t *kind_get(const struct stored_run *r, const char *type, char kind, const char *v)
{
	char buf[256], *heap, *key;
	size_t l;
	json_t *val;

	key = kind_key(buf, sizeof(buf), type, kind, v, &l, &heap);
	val = json_object_getn(r->kinds, key, l);
	free(heap);
	return val;
}

/* The index of a run (runset.h): what the sections ask without reading the records. */
static void index_records(struct stored_run *r, json_t *recs)
{
	const char *emu = records_emulator(recs);
	size_t i;
	json_t *rec;

	r->kinds = json_object();
	r->warns = json_array();
	if (!r->kinds || !r->warns)
		abort();
	r->emulator = emu ? strdup(emu) : NULL;
	r->begin = json_incref(json_array_get(recs, 0));
	r->end = json_incref(json_array_get(recs, json_array_size(recs) - 1));
	r->suite_times = suite_times(recs);
	json_array_foreach(recs, i, rec) {
		const char *t = json_string_value(json_object_get(rec, "type"));
		const char *s = json_string_value(json_object_get(rec, "suite"));
		const char *nm = json_string_value(json_object_get(rec, "name"));

		if (!t)
			continue;
		mark(r->kinds, t, 's', s ?: "", s != NULL);
		if (json_is_string(json_object_get(rec, "id")))
			mark(r->kinds, t, 'i', s ?: "", true);
		if (nm && (!strcmp(t, "suite") || !strcmp(t, "suite_end")))
			mark(r->kinds, t, 'n', nm, true);
		if (!strcmp(t, "warn") && json_array_append(r->warns, rec))
			abort();
	}
}

static json_t *load_doc(const char *path, json_error_t *je, bool *parsed)
{
	json_t *doc = json_load_file(path, 0, je);

	*parsed = doc != NULL;
	if (!json_is_array(json_object_get(doc, "records")) ||
	    !json_is_string(json_object_get(doc, "run_id")) ||
	    json_integer_value(json_object_get(doc, "format")) != 1) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

static void add(struct runset *rs, const char *path, const char *slug, FILE *err)
{
	json_error_t je;
	bool parsed;
	json_t *doc = load_doc(path, &je, &parsed), *recs;
	struct stored_run *n, *r;

	if (!doc) {
		if (err)
			fprintf(err, "vmxbench: %s: not a stored run (format 1)%s%s, skipped\n", path,
				parsed ? "" : ": ", parsed ? "" : je.text);
		return;
	}
	recs = json_object_get(doc, "records");
	n = realloc(rs->v, (rs->n + 1) * sizeof(*n));
	if (!n)
		abort();
	rs->v = n;
	r = memset(&rs->v[rs->n++], 0, sizeof(*r));
	r->path = strdup(path);
	r->slug = strdup(slug);
	r->doc = doc;
	r->run_id = json_string_value(json_object_get(doc, "run_id"));
	r->cpu = json_object_get(doc, "cpu");
	index_records(r, recs);
	if (rs->indexed) {
		/* the index holds what the sections need; begin and end are records[0] and [last] */
		json_object_del(doc, "records");
		json_object_del(doc, "begin");
		json_object_del(doc, "end");
	}
	else
		r->records = recs;
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

static int load(const char *dir, struct runset *rs, bool indexed, FILE *err)
{
	size_t nd, nf;
	char **slugs, **files, path[4200];
	struct stat st;

	rs->v = NULL;
	rs->n = 0;
	rs->indexed = indexed;
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

int runset_index_file(struct runset *rs, const char *path, FILE *err)
{
	char slug[256];
	const char *end = strrchr(path, '/'), *start;
	size_t before = rs->n;

	/* the <cpu> slug is the parent directory's name, as in a results directory */
	if (!end) {
		snprintf(slug, sizeof(slug), ".");
	} else {
		for (start = end; start > path && start[-1] != '/'; start--)
			;
		snprintf(slug, sizeof(slug), "%.*s", (int)(end - start), start);
	}
	if (!rs->n)
		rs->indexed = true;
	if (!rs->indexed)
		return -EINVAL;
	add(rs, path, slug, err);
	return rs->n > before ? 0 : -EINVAL;
}

int runset_load(const char *dir, struct runset *rs, FILE *err)
{
	return load(dir, rs, false, err);
}

int runset_index(const char *dir, struct runset *rs, FILE *err)
{
	return load(dir, rs, true, err);
}

static size_t open_now, open_peak;

size_t run_open_count(void)
{
	return open_now;
}

size_t run_open_peak(bool reset)
{
	size_t p = open_peak;

	if (reset)
		open_peak = open_now;
	return p;
}

int run_open(const struct stored_run *cr)
{
	struct stored_run *r = (struct stored_run *)cr; /* the records are a cache (runset.h) */
	json_error_t je;
	json_t *doc;
	const char *id;
	bool parsed;

	if (r->opens++ || r->records)
		return 0;
	open_now++;
	if (open_now > open_peak)
		open_peak = open_now;
	/* the file may have changed since runset_index: the same run or nothing */
	doc = load_doc(r->path, &je, &parsed);
	id = json_string_value(json_object_get(doc, "run_id"));
	if (doc && id && !strcmp(id, r->run_id)) {
		r->records = json_incref(json_object_get(doc, "records"));
		json_decref(doc);
		return 0;
	}
	fprintf(stderr, "vmxbench: %s: changed or unreadable since it was indexed, its records "
			"left out\n", r->path);
	json_decref(doc);
	r->records = json_array();
	if (!r->records)
		abort();
	return -EIO;
}

void run_close(const struct stored_run *cr)
{
	struct stored_run *r = (struct stored_run *)cr;

	/* a run of runset_load keeps its records in its document */
	if (!r->opens || --r->opens || json_object_get(r->doc, "records"))
		return;
	json_decref(r->records);
	r->records = NULL;
	open_now--;
}

size_t runset_pick_open(const struct runset *rs, run_filter_fn keep, const void *arg,
			struct run_pick *out, size_t max)
{
	size_t n = runset_pick(rs, keep, arg, out, max);

	for (size_t i = 0; i < n; i++)
		run_open(out[i].r);
	return n;
}

void runset_picks_close(const struct run_pick *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		run_close(p[i].r);
}

void runset_free(struct runset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		struct stored_run *r = &rs->v[i];

		if (rs->indexed && r->records) {
			json_decref(r->records);
			open_now--;
		}
		free(r->path);
		free(r->slug);
		free(r->emulator);
		json_decref(r->begin);
		json_decref(r->end);
		json_decref(r->warns);
		json_decref(r->kinds);
		json_decref(r->suite_times);
		json_decref(r->doc);
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
	return r->emulator;
}

const char *run_machine(const struct stored_run *r)
{
	static const char *const members[] = { "label", "mac", "uuid" };

	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		const char *v = json_string_value(json_object_get(r->begin, members[i]));

		if (v && *v)
			return v;
	}
	return "-";
}

const char *run_column_machine(const struct stored_run *r)
{
	const char *l;

	/* an emulated CPU model is one machine, whatever NIC address the lab gave it,
	 * unless the lab labelled its boots apart */
	if (run_emulated(r)) {
		l = json_string_value(json_object_get(r->begin, "label"));
		return l ? l : "";
	}
	return run_machine(r);
}

bool run_same_column(const struct stored_run *a, const struct stored_run *b)
{
	return !strcmp(a->slug, b->slug) && !strcmp(run_column_machine(a), run_column_machine(b));
}

bool run_emulated(const struct stored_run *r)
{
	return run_emulator(r) != NULL;
}

void run_label(const struct stored_run *r, char *out, size_t outsz)
{
	const char *emu = run_emulator(r), *cn, *colon;
	const char *lab = json_string_value(json_object_get(r->begin, "label"));
	size_t n;

	if (emu) {
		colon = strchr(emu, ':');
		snprintf(out, outsz, "%s", colon && colon[1] ? colon + 1 : emu);
	} else {
		cn = json_string_value(json_object_get(r->cpu, "codename"));
		snprintf(out, outsz, "%s%s %02llx-%02llx-%llx",
			 json_is_true(json_object_get(r->cpu, "hypervisor")) ? "vm " : "",
			 cn ? cn : "unknown", json_integer_value(json_object_get(r->cpu, "family")),
			 json_integer_value(json_object_get(r->cpu, "model")),
			 json_integer_value(json_object_get(r->cpu, "stepping")));
	}
	/* the machine tells two machines with the same CPU apart: its lab label, else on
	 * silicon its MAC or UUID (an emulated model is one machine: only a lab label) */
	n = strlen(out);
	if (!(lab && *lab) && !emu && strcmp(run_machine(r), "-"))
		lab = run_machine(r);
	if (lab && *lab && n + 4 < outsz)
		snprintf(out + n, outsz - n, " @ %s", lab);
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

	/*
	 * One pick per model and machine: two machines with the same CPU stay apart
	 * (microcode or firmware may differ). The set is sorted by slug, so the picks
	 * of one model are the last ones.
	 */
	for (size_t i = 0; i < rs->n; i++) {
		const struct stored_run *r = &rs->v[i];
		size_t j = n;

		if (keep && !keep(r, arg))
			continue;
		while (j && strcmp(out[j - 1].r->slug, r->slug) == 0 && !run_same_column(out[j - 1].r, r))
			j--;
		if (j && run_same_column(out[j - 1].r, r)) {
			out[j - 1].others++;
			if (run_newer(r, out[j - 1].r))
				out[j - 1].r = r;
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
	const char *s;
	void *it = NULL;

	if (suite)
		return json_is_true(kind_get(r, type, 's', suite));
	while ((s = run_suite_next(r, type, false, &it)))
		return true;
	return false;
}

bool run_has_id(const struct stored_run *r, const char *type, const char *suite)
{
	return kind_get(r, type, 'i', suite) != NULL;
}

bool run_has_name(const struct stored_run *r, const char *type, const char *name)
{
	return kind_get(r, type, 'n', name) != NULL;
}

const char *run_suite_next(const struct stored_run *r, const char *type, bool with_id, void **it)
{
	size_t lt = strlen(type);

	for (*it = *it ? json_object_iter_next(r->kinds, *it) : json_object_iter(r->kinds); *it;
	     *it = json_object_iter_next(r->kinds, *it)) {
		const char *k = json_object_iter_key(*it);

		if (json_object_iter_key_len(*it) >= lt + 2 && !memcmp(k, type, lt + 1) &&
		    k[lt + 1] == (with_id ? 'i' : 's'))
			return k + lt + 2;
	}
	return NULL;
}
