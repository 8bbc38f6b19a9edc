// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl: the kernel's own verdicts, read from the fwctl device's sysfs
 * files (Documentation/ABI/testing/sysfs-class-fwctl-cxl):
 *
 *   /sys/class/fwctl/fwctlN/cxl_cel/0xOOOO     "NEEDS REASON DETAIL"
 *   /sys/class/fwctl/fwctlN/cxl_features/UUID  "NEEDS REASON OWNER"
 *
 * The tool never decides by itself whether the kernel allows a command: it
 * shows what these files say, which come from the same policy function the
 * kernel's RPC path calls. They need no mount and stay readable under
 * Kernel Lockdown; the tool reads nothing from debugfs. A CXL switch CCI
 * has cxl_cel only. For the devices behind a switch the kernel publishes
 * no verdicts (its cache of their CELs is filled on demand), so the tool
 * says they are unknown.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "fwctl.h"

#define FWCTL_CLASS	"/sys/class/fwctl"

/* Split "NEEDS REASON REST" into its fields; false if malformed. */
static bool split_line(char *line, char *needs, size_t nlen, char *reason,
		       size_t rlen, char *rest, size_t restlen)
{
	char n[32], r[40];
	int pos = 0;

	if (sscanf(line, "%31s %39s %n", n, r, &pos) < 2)
		return false;
	snprintf(needs, nlen, "%s", n);
	snprintf(reason, rlen, "%s", r);
	snprintf(rest, restlen, "%s", pos ? line + pos : "");
	return true;
}

/* Read one verdict file: its line without the newline. */
static int read_line(const char *dir, const char *name, char *line,
		     size_t len)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return read_sysfs(path, line, len);
}

/* Reads the verdict file @name of directory @dir into @v: 0 or -errno. */
typedef int (*verdict_file_fn)(const char *dir, const char *name,
			       struct verdicts *v);

/*
 * Call @one for every file of @dir; stops at the first error. Returns 0,
 * or -errno when the directory cannot be read.
 */
static int read_verdict_dir(const char *dir, struct verdicts *v,
			    verdict_file_fn one)
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	int rc = 0;

	if (!dp)
		return -errno;
	while (!rc && (d = readdir(dp)))
		if (d->d_name[0] != '.')
			rc = one(dir, d->d_name, v);
	closedir(dp);
	return rc;
}

/* Make room in *@arr, of @n elements of @size bytes, for one more. */
static int grow(void **arr, int n, size_t size)
{
	void *bigger;

	if (n % 16)
		return 0;
	bigger = realloc(*arr, (n + 16) * size);
	if (!bigger)
		return -ENOMEM;
	*arr = bigger;
	return 0;
}

static int cel_one(const char *dir, const char *name, struct verdicts *v)
{
	struct cel_verdict e = { 0 };
	char line[512], *end;
	unsigned long op;
	int rc;

	op = strtoul(name, &end, 16);
	if (strncmp(name, "0x", 2) || *end || op > 0xffff)
		return 0;	/* not an opcode's file: a newer kernel's */
	rc = read_line(dir, name, line, sizeof(line));
	if (rc)
		return rc;
	if (!split_line(line, e.needs, sizeof(e.needs), e.verdict,
			sizeof(e.verdict), e.detail, sizeof(e.detail)))
		return -EPROTO;
	e.opcode = op;
	if (grow((void **)&v->cel, v->ncel, sizeof(e)))
		return -ENOMEM;
	v->cel[v->ncel++] = e;
	return 0;
}

static int feat_one(const char *dir, const char *name, struct verdicts *v)
{
	struct feat_verdict e = { 0 };
	char line[512], scope[32], reason[40];
	int rc;

	if (uuid_parse(name, e.uuid))
		return 0;
	rc = read_line(dir, name, line, sizeof(line));
	if (rc)
		return rc;
	if (!split_line(line, scope, sizeof(scope), reason, sizeof(reason),
			e.owner, sizeof(e.owner)))
		return -EPROTO;
	/* What a Set Feature needs: a scope, or why no scope will do. */
	snprintf(e.needs, sizeof(e.needs), "%s",
		 strcmp(scope, "-") ? scope : reason);
	if (!e.owner[0])
		snprintf(e.owner, sizeof(e.owner), "-");
	if (grow((void **)&v->feat, v->nfeat, sizeof(e)))
		return -ENOMEM;
	v->feat[v->nfeat++] = e;
	return 0;
}

/* Read @fwctl's directory @sub with @one; true if it worked, else why. */
static bool verdicts_read(struct verdicts *v, const char *fwctl,
			  const char *sub, verdict_file_fn one)
{
	char dir[256];
	int rc;

	snprintf(dir, sizeof(dir), FWCTL_CLASS "/%s/%s", fwctl, sub);
	rc = read_verdict_dir(dir, v, one);
	if (rc == -ENOENT)
		snprintf(v->why_unknown, sizeof(v->why_unknown),
			 "%s is missing: the fwctl driver of %s publishes no verdicts (an older module?)",
			 dir, fwctl);
	else if (rc)
		snprintf(v->why_unknown, sizeof(v->why_unknown),
			 "cannot read %s: %s", dir, strerror(-rc));
	return !rc;
}

/* Read the kernel's verdicts on @fwctl's CEL and, if @features, Features. */
static void load(const char *fwctl, struct verdicts *v, bool features)
{
	memset(v, 0, sizeof(*v));
	v->cel_known = verdicts_read(v, fwctl, "cxl_cel", cel_one);
	if (features)
		v->feat_known = verdicts_read(v, fwctl, "cxl_features",
					      feat_one);
}

/* The verdicts on a memdev's fwctl device @fwctl (fwctlN). */
void verdicts_load(const char *fwctl, struct verdicts *v)
{
	load(fwctl, v, true);
}

/* The verdicts on a switch CCI's own commands (it has no Features). */
void verdicts_load_switch(const char *fwctl, struct verdicts *v)
{
	load(fwctl, v, false);
}

/* The devices behind a switch: the kernel does not publish them. */
void verdicts_load_dest(const char *fwctl, struct verdicts *v)
{
	memset(v, 0, sizeof(*v));
	snprintf(v->why_unknown, sizeof(v->why_unknown),
		 "the kernel publishes verdicts on the commands of %s, not on those of the devices behind it",
		 fwctl);
}

void verdicts_free(struct verdicts *v)
{
	free(v->cel);
	free(v->feat);
	memset(v, 0, sizeof(*v));
}

const struct cel_verdict *verdict_cel(const struct verdicts *v, uint16_t opcode)
{
	int i;

	for (i = 0; i < v->ncel; i++)
		if (v->cel[i].opcode == opcode)
			return &v->cel[i];
	return NULL;
}

const struct feat_verdict *verdict_feat(const struct verdicts *v,
					const uint8_t uuid[16])
{
	int i;

	for (i = 0; i < v->nfeat; i++)
		if (!memcmp(v->feat[i].uuid, uuid, 16))
			return &v->feat[i];
	return NULL;
}

/* The kernel's reason names, said for people. */
static const struct {
	const char *name;
	const char *text;
} reasons[] = {
	{ "allowed", "allowed" },
	{ "read-only", "allowed: a read, at every scope" },
	{ "per-feature", "depends on the Feature (see 'fwctl cxl features')" },
	{ "kernel-coordinated",
	  "the kernel drives this command itself and refuses it at every scope" },
	{ "not-in-cel", "the device's Command Effects Log does not list this opcode" },
	{ "reserved-effects", "its CEL effects set reserved bits, so the kernel cannot judge it" },
	{ "security-change", "it changes the device's security state, refused at every scope" },
	{ "background",
	  "setting this Feature runs in the background, which Set Feature does not support" },
	{ "bmc-build",
	  "allowed only because this is a BMC build (host protections lifted)" },
	{ "scope-too-low", "it needs a higher scope than requested" },
	{ "bad-scope", "the scope is not a known fwctl scope" },
	{ "feature-unknown", "the device does not report this Feature" },
	{ "feature-not-changeable", "the Feature is not changeable" },
	{ "feature-owned", "an in-kernel driver owns the Feature" },
	{ "feature-no-effects",
	  "the Feature's set-effects name no change, a device bug; refused at every scope" },
};

const char *reason_text(const char *reason)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reasons); i++)
		if (!strcmp(reasons[i].name, reason))
			return reasons[i].text;
	return reason;
}

bool verdict_is_refusal(const char *verdict)
{
	return strcmp(verdict, "allowed") && strcmp(verdict, "read-only") &&
	       strcmp(verdict, "per-feature") && strcmp(verdict, "bmc-build");
}
