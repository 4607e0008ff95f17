/** @file
 * CSV and JSON export of records (see export.h).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/esc.h"
#include "lib/export.h"

static const char *const run_cols[] = { "run_id", "run_cpu", "run_model", "run_emulated",
					"run_emulator" };
#define NRUNCOLS (sizeof(run_cols) / sizeof(run_cols[0]))

const char *export_type(const char *type)
{
	return strcmp(type, "caps") == 0 ? "vmx_caps" : type;
}

static bool of_type(json_t *rec, const char *type)
{
	const char *t = json_string_value(json_object_get(rec, "type"));

	return t && strcmp(t, type) == 0;
}

/* The run's own members, as a JSON object (shared by both formats); NULL: no memory. */
static json_t *run_obj(const struct stored_run *r)
{
	char label[128];
	const char *emu = run_emulator(r);

	run_label(r, label, sizeof(label));
	return json_pack("{s:s, s:s, s:s, s:b, s:o}", "run_id", r->run_id, "run_cpu", r->slug,
			 "run_model", label, "run_emulated", run_emulated(r), "run_emulator",
			 emu ? json_string(emu) : json_null());
}

/*
 * Flatten @p v under @p prefix into @p flat (object of scalar-or-text members). Keys are
 * built whole (a cut key could merge two members into one column). @return 0 or -1.
 */
static int flatten(json_t *flat, const char *prefix, json_t *v)
{
	const char *k;
	json_t *m;

	if (!json_is_object(v))
		return json_object_set(flat, prefix, v);
	json_object_foreach(v, k, m) {
		size_t sz = strlen(prefix) + strlen(k) + 2;
		char *key = malloc(sz);
		int rc;

		if (!key)
			return -1;
		snprintf(key, sz, "%s%s%s", prefix, *prefix ? "." : "", k);
		rc = flatten(flat, key, m);
		free(key);
		if (rc)
			return -1;
	}
	return 0;
}

static int csv_value(FILE *f, json_t *v)
{
	char *s;

	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		esc_csv(f, json_string_value(v));
		return 0;
	}
	/* numbers, booleans, arrays: their JSON text */
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
	if (!s)
		return -1;
	esc_csv(f, s);
	free(s);
	return 0;
}

/* Append the members of @p flat missing from @p cols (the header). @return 0 or -1. */
static int union_cols(json_t *cols, json_t *flat)
{
	const char *k;
	json_t *m, *c;

	json_object_foreach(flat, k, m) {
		size_t j;

		(void)m;
		json_array_foreach(cols, j, c)
			if (!strcmp(json_string_value(c), k))
				break;
		if (j == json_array_size(cols) && json_array_append_new(cols, json_string(k)))
			return -1;
	}
	return 0;
}

static size_t write_csv(FILE *f, const struct runset *rs, const char *type)
{
	json_t *cols = json_array(), *rows = json_array(), *rec, *c;
	size_t i, n = EXPORT_NOMEM;

	if (!cols || !rows)
		goto out;
	for (i = 0; i < NRUNCOLS; i++)
		if (json_array_append_new(cols, json_string(run_cols[i])))
			goto out;
	/* flatten everything first: the header is the union of the members */
	for (size_t r = 0; r < rs->n; r++) {
		json_t *ro = run_obj(&rs->v[r]);

		if (!ro)
			goto out;
		json_array_foreach(rs->v[r].records, i, rec) {
			json_t *flat;

			if (!of_type(rec, type))
				continue;
			flat = json_deep_copy(ro);
			if (!flat || flatten(flat, "", rec) || union_cols(cols, flat) ||
			    json_array_append_new(rows, flat)) {
				json_decref(ro);
				goto out;
			}
		}
		json_decref(ro);
	}
	json_array_foreach(cols, i, c) {
		if (i)
			fputc(',', f);
		esc_csv(f, json_string_value(c)); /* member names come from records too */
	}
	fputc('\n', f);
	json_array_foreach(rows, n, rec) {
		json_array_foreach(cols, i, c) {
			if (i)
				fputc(',', f);
			if (csv_value(f, json_object_get(rec, json_string_value(c)))) {
				n = EXPORT_NOMEM;
				goto out;
			}
		}
		fputc('\n', f);
	}
	n = json_array_size(rows);
out:
	json_decref(cols);
	json_decref(rows);
	return n;
}

static size_t write_json(FILE *f, const struct runset *rs, const char *type)
{
	size_t n = 0, i;
	json_t *rec;

	fputc('[', f);
	for (size_t r = 0; r < rs->n; r++) {
		json_t *ro = run_obj(&rs->v[r]);

		if (!ro)
			return EXPORT_NOMEM;
		json_array_foreach(rs->v[r].records, i, rec) {
			json_t *o;

			if (!of_type(rec, type))
				continue;
			o = json_deep_copy(ro);
			if (!o || json_object_update(o, rec)) {
				json_decref(o);
				json_decref(ro);
				return EXPORT_NOMEM;
			}
			fputs(n++ ? ",\n" : "\n", f);
			json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
			json_decref(o);
		}
		json_decref(ro);
	}
	fputs(n ? "\n]\n" : "]\n", f);
	return n;
}

size_t export_write(FILE *f, const struct runset *rs, const char *type, enum export_format fmt)
{
	type = export_type(type);
	if (fmt == EXPORT_JUNIT || fmt == EXPORT_TAP)
		return export_cases(f, rs, fmt);
	return fmt == EXPORT_CSV ? write_csv(f, rs, type) : write_json(f, rs, type);
}
