/** @file
 * Run store and naming (see store.h).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/store.h"

void slug_clean(const char *in, char *out, size_t outsz)
{
	size_t n = 0;
	int dash = 0;

	if (!outsz)
		return;
	for (; in && *in && n + 1 < outsz; in++) {
		unsigned char c = (unsigned char)*in;

		if (isalnum(c) || c == '_') {
			if (dash && n && n + 2 < outsz)
				out[n++] = '-';
			dash = 0;
			out[n++] = (char)tolower(c);
		} else {
			dash = 1;
		}
	}
	out[n] = 0;
}

void cpu_slug(const struct cpu_ident *id, const char *emulator, char *out, size_t outsz)
{
	char name[48], emu[48], sig[32];

	slug_clean(id->uarch[0] ? id->uarch : "unknown", name, sizeof(name));
	if (!name[0])
		snprintf(name, sizeof(name), "unknown");
	if (id->have_cpuid)
		snprintf(sig, sizeof(sig), "-%02x-%02x-%x", id->family, id->model, id->stepping);
	else
		snprintf(sig, sizeof(sig), "-nocpuid");
	slug_clean(emulator, emu, sizeof(emu));
	if (emu[0])
		snprintf(out, outsz, "emu-%s-%s%s", emu, name, sig);
	else
		snprintf(out, outsz, "%s%s%s", id->hypervisor ? "vm-" : "", name, sig);
}

void run_id_make(time_t t, uint32_t crc, char *out, size_t outsz)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, outsz, "%04d%02d%02dT%02d%02d%02dZ-%08x", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, crc);
}

int run_id_valid(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > RUN_ID_MAX || id[0] == '.' || id[0] == '-')
		return 0;
	for (; *id; id++)
		if (!isalnum((unsigned char)*id) && *id != '.' && *id != '_' && *id != '-')
			return 0;
	return 1;
}

void utc_iso(time_t t, char *out, size_t outsz)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

time_t store_now(void)
{
	const char *e = getenv("VMXBENCH_NOW");
	char *end;

	if (e && *e) {
		long long v = strtoll(e, &end, 10);

		if (!*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

json_t *store_run_json(json_t *records, const struct cpu_ident *id, const char *run_id,
		       time_t collected, const char *source)
{
	char when[32];
	size_t n = json_array_size(records);

	utc_iso(collected, when, sizeof(when));
	return json_pack("{s:i, s:s, s:s, s:s, s:o, s:O, s:O, s:O}",
			 "format", STORE_FORMAT, "run_id", run_id, "collected_at", when,
			 "source", source, "cpu", cpu_ident_json(id),
			 "begin", n ? json_array_get(records, 0) : json_null(),
			 "end", n ? json_array_get(records, n - 1) : json_null(),
			 "records", records);
}

int mkdir_p(const char *path)
{
	char tmp[4096];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(tmp))
		return -ENAMETOOLONG;
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0777) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, 0777) && errno != EEXIST)
		return -errno;
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int rc = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) && errno != EINVAL)
		rc = -errno;
	close(fd);
	return rc;
}

int store_write(const char *dir, const char *slug, const char *run_id, json_t *doc,
		char *path, size_t pathsz)
{
	char sub[4096], tmp[4200];
	char *text;
	size_t len;
	int fd, rc;
	struct stat st;

	if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, slug) >= sizeof(sub) ||
	    (size_t)snprintf(path, pathsz, "%s/%s.json", sub, run_id) >= pathsz)
		return -ENAMETOOLONG;
	rc = mkdir_p(sub);
	if (rc)
		return rc;
	if (stat(path, &st) == 0)
		return -EEXIST;
	snprintf(tmp, sizeof(tmp), "%s/.%s.json.tmp.%ld", sub, run_id, (long)getpid());
	text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (!text)
		return -ENOMEM;
	len = strlen(text);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0) {
		rc = -errno;
		free(text);
		return rc;
	}
	rc = write_all(fd, text, len);
	if (!rc)
		rc = write_all(fd, "\n", 1);
	free(text);
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	/* Never replace a stored run, even one that appeared meanwhile. */
	if (!rc && renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE)) {
		rc = -errno;
		if (rc == -EINVAL || rc == -ENOSYS)
			rc = rename(tmp, path) ? -errno : 0;
	}
	if (rc)
		unlink(tmp);
	if (!rc)
		rc = fsync_dir(sub);
	return rc;
}

int store_find_crc(const char *dir, const char *slug, uint32_t crc, char *path, size_t pathsz)
{
	char sub[4096], suffix[32];
	DIR *d;
	struct dirent *e;
	int found = 0;

	snprintf(sub, sizeof(sub), "%s/%s", dir, slug);
	snprintf(suffix, sizeof(suffix), "-%08x.json", crc);
	d = opendir(sub);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name), s = strlen(suffix);

		if (e->d_name[0] != '.' && n > s && strcmp(e->d_name + n - s, suffix) == 0) {
			snprintf(path, pathsz, "%s/%s", sub, e->d_name);
			found = 1;
			break;
		}
	}
	closedir(d);
	return found;
}
