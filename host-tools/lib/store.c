/** @file
 * Run store and naming (see store.h).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
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

void run_id_from_hash(uint64_t hash, char *out, size_t outsz)
{
	snprintf(out, outsz, "%016" PRIx64, hash);
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
		       time_t collected, const char *source, json_t *upload)
{
	char when[32];
	size_t n = json_array_size(records);

	utc_iso(collected, when, sizeof(when));
	/* "upload" only for runs that came over the network (s*: absent when NULL) */
	return json_pack("{s:i, s:s, s:s, s:s, s:O*, s:o, s:O, s:O, s:O}",
			 "format", STORE_FORMAT, "run_id", run_id, "collected_at", when,
			 "source", source, "upload", upload, "cpu", cpu_ident_json(id),
			 "begin", n ? json_array_get(records, 0) : json_null(),
			 "end", n ? json_array_get(records, n - 1) : json_null(),
			 "records", records);
}

/* mkdir -p; @p made gets the length of the first prefix it created (0: none). */
static int mkdir_made(const char *path, size_t *made)
{
	char tmp[4096];
	size_t n = strlen(path);

	*made = 0;
	if (n == 0 || n >= sizeof(tmp))
		return -ENAMETOOLONG;
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1;; p++) {
		if (*p && *p != '/')
			continue;
		char c = *p;

		*p = 0;
		if (mkdir(tmp, 0777) == 0) {
			if (!*made)
				*made = (size_t)(p - tmp);
		} else if (errno != EEXIST) {
			return -errno;
		}
		*p = c;
		if (!c)
			return 0;
	}
}

/* Undo mkdir_made: remove the directories it created, deepest first, while empty. */
static void rmdir_made(const char *path, size_t made)
{
	char tmp[4096];
	size_t n = strlen(path);

	if (!made || n >= sizeof(tmp))
		return;
	memcpy(tmp, path, n + 1);
	while (n >= made && rmdir(tmp) == 0) {
		char *s = strrchr(tmp, '/');

		if (!s)
			return;
		*s = 0;
		n = (size_t)(s - tmp);
	}
}

int mkdir_p(const char *path)
{
	size_t made;

	return mkdir_made(path, &made);
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

/* This host's name as a temp-name field: no dots, never empty. */
static void host_tag(char *out, size_t outsz)
{
	char h[256] = "";

	if (gethostname(h, sizeof(h) - 1))
		h[0] = 0;
	slug_clean(h, out, outsz);
	if (!out[0])
		snprintf(out, outsz, "host");
}

#define TMP_PREFIX ".vmxb-tmp."

/* ".vmxb-tmp.<host>.<pid>.<run_id>": what store_clean_stale may remove. */
static int tmp_name(char *out, size_t outsz, const char *sub, const char *run_id)
{
	char host[40];

	host_tag(host, sizeof(host));
	if ((size_t)snprintf(out, outsz, "%s/" TMP_PREFIX "%s.%ld.%s", sub, host, (long)getpid(),
			     run_id) >= outsz)
		return -ENAMETOOLONG;
	return 0;
}

/* Write @p text into a new temp file and fsync it. */
static int write_tmp(const char *tmp, const char *text)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666), rc;

	if (fd < 0)
		return -errno;
	rc = write_all(fd, text, strlen(text));
	if (!rc)
		rc = write_all(fd, "\n", 1);
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	return rc;
}

/* Give @p tmp the name @p path unless that exists (link(2); renameat2 where links fail). */
static int publish(const char *tmp, const char *path)
{
	if (link(tmp, path) == 0)
		return 0;
	if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS)
		return -errno;
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	return -errno;
}

/* Does the stored run at @p path hold exactly @p records? */
static int same_records(const char *path, json_t *records)
{
	json_t *doc = json_load_file(path, 0, NULL);
	int same = doc && json_equal(json_object_get(doc, "records"), records);

	json_decref(doc);
	return same;
}

int store_write(const char *dir, const char *slug, const char *run_id, json_t *doc,
		char *path, size_t pathsz)
{
	char sub[4096], tmp[4400];
	char *text;
	size_t made = 0;
	int rc;

	if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, slug) >= sizeof(sub) ||
	    (size_t)snprintf(path, pathsz, "%s/%s.json", sub, run_id) >= pathsz ||
	    tmp_name(tmp, sizeof(tmp), sub, run_id))
		return -ENAMETOOLONG;
	text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (!text)
		return -ENOMEM;
	/* Twice: a concurrent failed collect may remove the directory it also made. */
	for (int tries = 0; tries < 2; tries++) {
		size_t m;

		rc = mkdir_made(sub, &m);
		made = tries && made ? made : m;
		if (!rc)
			rc = write_tmp(tmp, text);
		if (rc != -ENOENT)
			break;
	}
	free(text);
	if (!rc)
		rc = publish(tmp, path);
	unlink(tmp);
	if (rc == -EEXIST && same_records(path, json_object_get(doc, "records")))
		return STORE_ALREADY;
	if (!rc)
		rc = fsync_dir(sub);
	else
		rmdir_made(sub, made);
	return rc;
}

/* Does @p name end in -<crc>.json (an old-style or --run-id name of that CRC)? */
static int crc_named(const char *name, uint32_t crc)
{
	char suffix[32];
	size_t n = strlen(name), s;

	s = (size_t)snprintf(suffix, sizeof(suffix), "-%08x.json", crc);
	return name[0] != '.' && n > s && strcmp(name + n - s, suffix) == 0;
}

int store_find_crc(const char *dir, const char *slug, uint32_t crc, json_t *records,
		   char *path, size_t pathsz)
{
	char sub[4096];
	DIR *d;
	struct dirent *e;
	int found = 0;

	if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, slug) >= sizeof(sub))
		return 0;
	d = opendir(sub);
	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		if (!crc_named(e->d_name, crc))
			continue;
		snprintf(path, pathsz, "%s/%s", sub, e->d_name);
		found = same_records(path, records);
	}
	closedir(d);
	return found;
}

/*
 * Is @p name a temp file of ours nobody will finish? New names carry host
 * and pid; old ones (".<id>.json.tmp.<pid>") only age.
 */
static int stale_tmp(const char *sub, const char *name, time_t now, const char *host)
{
	char p[4400], h[40];
	struct stat st;
	long pid = 0;
	int ours_new = strncmp(name, TMP_PREFIX, sizeof(TMP_PREFIX) - 1) == 0;
	const char *old = strstr(name, ".json.tmp.");

	if (!ours_new && !(name[0] == '.' && old && old[10] && !old[10 + strspn(old + 10,
										"0123456789")]))
		return 0;
	if ((size_t)snprintf(p, sizeof(p), "%s/%s", sub, name) >= sizeof(p) ||
	    lstat(p, &st) || !S_ISREG(st.st_mode))
		return 0;
	if (now - st.st_mtime > STORE_STALE_SECS)
		return 1;
	if (ours_new && sscanf(name + sizeof(TMP_PREFIX) - 1, "%39[^.].%ld.", h, &pid) == 2 &&
	    strcmp(h, host) == 0 && pid > 0 && kill((pid_t)pid, 0) && errno == ESRCH)
		return 1;
	return 0;
}

static unsigned clean_sub(const char *sub, time_t now, const char *host)
{
	DIR *d = opendir(sub);
	struct dirent *e;
	unsigned n = 0;
	char p[4400];

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (!stale_tmp(sub, e->d_name, now, host))
			continue;
		snprintf(p, sizeof(p), "%s/%s", sub, e->d_name);
		if (unlink(p) == 0)
			n++;
	}
	closedir(d);
	return n;
}

unsigned store_clean_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned n = 0;
	char sub[4096], host[40];
	time_t now = time(NULL);

	if (!d)
		return 0;
	host_tag(host, sizeof(host));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' ||
		    (size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name) >= sizeof(sub))
			continue;
		n += clean_sub(sub, now, host);
	}
	closedir(d);
	return n;
}
