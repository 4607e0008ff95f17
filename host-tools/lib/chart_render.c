/** @file
 * Writing every chart's files and running gnuplot on them (see chart.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/chart.h"
#include "lib/esc.h"
#include "lib/outfile.h"
#include "lib/store.h"

#define CHART_MAX 512

static int write_one(const struct runset *rs, const struct chart *c, const char *dir,
		     const char *ext, FILE *err)
{
	char path[4400];
	struct outfile o;
	int rc;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, c->name, ext);
	rc = outfile_open(&o, path);
	if (!rc) {
		rc = strcmp(ext, "dat") ? chart_write_script(rs, c, o.f) : chart_write_data(rs, c, o.f);
		if (rc)
			outfile_abort(&o);
		else
			rc = outfile_commit(&o);
	}
	if (rc && err)
		fprintf(err, "vmxbench chart: %s: %s\n", path, rc < 0 ? strerror(-rc) : "failed");
	return rc;
}

/* gnuplot NAME.gp in @p dir. @return 0, -ENOENT when gnuplot is missing, -ENOEXEC when it failed. */
static int render(const char *dir, const char *name, FILE *err)
{
	char script[256];
	pid_t pid;
	int st;

	snprintf(script, sizeof(script), "%s.gp", name);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (chdir(dir))
			_exit(126);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -errno;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
		if (err)
			fprintf(err, "vmxbench chart: gnuplot not found (Debian package gnuplot-nox); "
				     "scripts written, no images\n");
		return -ENOENT;
	}
	if (err)
		fprintf(err, "vmxbench chart: gnuplot %s/%s failed\n", dir, script);
	/* no half-drawn images: the report links only charts whose PNG exists */
	for (const char *ext = "svg"; ext; ext = strcmp(ext, "svg") ? NULL : "png") {
		char img[4400];

		snprintf(img, sizeof(img), "%s/%s.%s", dir, name, ext);
		unlink(img);
	}
	return -ENOEXEC;
}

int chart_all(const struct runset *rs, const char *dir, bool render_them, FILE *out, FILE *err)
{
	struct chart *v = calloc(CHART_MAX, sizeof(*v));
	size_t n;
	int rc = 0, r;

	if (!v)
		return -ENOMEM;
	n = chart_plan(rs, v, CHART_MAX);
	if (n == CHART_NOMEM) {
		if (err)
			fprintf(err, "vmxbench chart: out of memory\n");
		free(v);
		return -ENOMEM;
	}
	if (n && (r = mkdir_p(dir))) {
		if (err)
			fprintf(err, "vmxbench chart: %s: %s\n", dir, strerror(-r));
		free(v);
		return r;
	}
	for (size_t i = 0; i < n; i++) {
		if ((r = write_one(rs, &v[i], dir, "dat", err)) ||
		    (r = write_one(rs, &v[i], dir, "gp", err))) {
			rc = rc ?: r;
			continue;
		}
		if (render_them) {
			r = render(dir, v[i].name, err);
			if (r == -ENOENT) {
				rc = r;
				render_them = false;
			} else if (r) {
				rc = rc ?: r;
				continue;
			}
		}
		if (out) {
			char t[512];

			fprintf(out, "%s/%s: %s%s\n", dir, v[i].name,
				esc_term(v[i].title, t, sizeof(t)),
				render_them ? " (.dat .gp .svg .png)" : " (.dat .gp)");
		}
	}
	if (!n && out)
		fprintf(out, "no measurements (meas records): no charts\n");
	free(v);
	return rc;
}
