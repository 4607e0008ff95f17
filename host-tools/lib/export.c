/** @file
 * CSV and JSON export of records (see export.h).
 */
#include <stdlib.h>
#include <string.h>

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

void csv_field(FILE *f, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* The run's own members, as a JSON object (shared by both formats). */
static json_t *run_obj(const struct stored_run *r)
{
	char label[128];
	const char *emu = run_emulator(r);

	run_label(r, label, sizeof(label));
	return json_pack("{s:s, s:s, s:s, s:b, s:o}", "run_id", r->run_id, "run_cpu", r->slug,
			 "run_model", label, "run_emulated", run_emulated(r), "run_emulator",
			 emu ? json_string(emu) : json_null());
}

/* Flatten @p v under @p prefix into @p flat (object of scalar-or-text members). */
static void flatten(json_t *flat, const char *prefix, json_t *v)
{
	const char *k;
	json_t *m;
	char key[256];

	if (!json_is_object(v)) {
		json_object_set(flat, prefix, v);
		return;
	}
	json_object_foreach(v, k, m) {
		snprintf(key, sizeof(key), "%s%s%s", prefix, *prefix ? "." : "", k);
		flatten(flat, key, m);
	}
}

static void csv_value(FILE *f, json_t *v)
{
	char *s;

	if (!v || json_is_null(v))
		return;
	if (json_is_string(v)) {
		csv_field(f, json_string_value(v));
		return;
	}
	/* numbers, booleans, arrays: their JSON text */
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
	csv_field(f, s);
	free(s);
}

static size_t write_csv(FILE *f, const struct runset *rs, const char *type)
{
	json_t *cols = json_array(), *rows = json_array(), *rec, *c;
	size_t i, n = 0;

	for (i = 0; i < NRUNCOLS; i++)
		json_array_append_new(cols, json_string(run_cols[i]));
	/* flatten everything first: the header is the union of the members */
	for (size_t r = 0; r < rs->n; r++) {
		json_t *ro = run_obj(&rs->v[r]);

		json_array_foreach(rs->v[r].records, i, rec) {
			json_t *flat;
			const char *k;
			json_t *m;

			if (!of_type(rec, type))
				continue;
			flat = json_deep_copy(ro);
			flatten(flat, "", rec);
			json_object_foreach(flat, k, m) {
				size_t j;

				(void)m;
				json_array_foreach(cols, j, c)
					if (!strcmp(json_string_value(c), k))
						break;
				if (j == json_array_size(cols))
					json_array_append_new(cols, json_string(k));
			}
			json_array_append_new(rows, flat);
		}
		json_decref(ro);
	}
	json_array_foreach(cols, i, c) {
		if (i)
			fputc(',', f);
		csv_field(f, json_string_value(c));
	}
	fputc('\n', f);
	json_array_foreach(rows, n, rec) {
		json_array_foreach(cols, i, c) {
			if (i)
				fputc(',', f);
			csv_value(f, json_object_get(rec, json_string_value(c)));
		}
		fputc('\n', f);
	}
	n = json_array_size(rows);
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

		json_array_foreach(rs->v[r].records, i, rec) {
			json_t *o;

			if (!of_type(rec, type))
				continue;
			o = json_deep_copy(ro);
			json_object_update(o, rec);
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
	return fmt == EXPORT_CSV ? write_csv(f, rs, type) : write_json(f, rs, type);
}
