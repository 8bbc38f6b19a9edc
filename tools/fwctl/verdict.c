// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl: the kernel's own verdicts, read from cxl_fwctl's debugfs files.
 *
 * The tool never decides by itself whether the kernel allows a command: it
 * shows what /sys/kernel/debug/cxl_fwctl/memX/{cel,features} say, which
 * come from the same policy function the kernel's RPC path calls. For a
 * CXL switch mailbox CCI, cxl_switch_fwctl's files say the same:
 * /sys/kernel/debug/cxl_switch_fwctl/<pci>/cel for the switch's own
 * commands, .../destinations for what a tunnel carries to each destination
 * whose CEL the kernel has read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "fwctl.h"

#define DEBUGFS		"/sys/kernel/debug"
#define CXL_FWCTL_DBG	DEBUGFS "/cxl_fwctl"
#define CXL_SWITCH_DBG	DEBUGFS "/cxl_switch_fwctl"

static bool debugfs_mounted(void)
{
	char line[512], dir[256], type[64];
	bool found = false;
	FILE *f = fopen("/proc/mounts", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %255s %63s", dir, type) == 2 &&
			!strcmp(dir, DEBUGFS) && !strcmp(type, "debugfs");
	fclose(f);
	return found;
}

/* Make sure debugfs is there; say in @why when it cannot be. */
static bool ensure_debugfs(char *why, size_t len)
{
	if (debugfs_mounted())
		return true;
	if (!mount("none", DEBUGFS, "debugfs", 0, NULL))
		return true;
	snprintf(why, len, "debugfs is not mounted at " DEBUGFS " and mounting it failed: %s",
		 strerror(errno));
	return false;
}

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = 0;
}

/* Is a "destination <port> [<ld>] payload N entries N" line @path's? */
static bool dest_line(const char *line, const struct cxl_path *path,
		      unsigned long *payload)
{
	unsigned int id[CXL_PATH_MAX + 1], depth = 0;
	const char *p = line + strlen("destination");
	unsigned long pl;
	int pos;

	while (depth <= CXL_PATH_MAX && sscanf(p, " %u%n", &id[depth], &pos) == 1) {
		p += pos;
		depth++;
	}
	if (sscanf(p, " payload %lu", &pl) != 1 || depth != path->depth)
		return false;
	while (depth--)
		if (id[depth] != path->id[depth])
			return false;
	*payload = pl;
	return true;
}

/*
 * Read CEL verdict lines from @path: all of them, or with @dest only those
 * of the destination @dest of a destinations file (its payload goes to
 * *@payload). Returns 0, -ENOENT when @dest is not listed, or -errno.
 */
static int load_cel_of(const char *path, struct verdicts *v,
		       const struct cxl_path *dest, unsigned long *payload)
{
	bool in_section = !dest, found = !dest;
	char line[512];
	FILE *f = fopen(path, "r");
	int cap = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		struct cel_verdict e = { 0 };
		unsigned int op, eff;
		int pos = 0;

		trim(line);
		if (dest && !strncmp(line, "destination ", 12)) {
			in_section = dest_line(line, dest, payload);
			found |= in_section;
			continue;
		}
		if (!in_section)
			continue;
		if (sscanf(line, "0x%x 0x%x %23s %31s %n", &op, &eff, e.needs,
			   e.verdict, &pos) < 4)
			continue;
		e.opcode = op;
		e.effects = eff;
		if (pos)
			snprintf(e.detail, sizeof(e.detail), "%s", line + pos);
		if (v->ncel == cap) {
			struct cel_verdict *n;

			cap = cap ? cap * 2 : 32;
			n = realloc(v->cel, cap * sizeof(*n));
			if (!n)
				break;
			v->cel = n;
		}
		v->cel[v->ncel++] = e;
	}
	fclose(f);
	return found ? 0 : -ENOENT;
}

static int load_cel(const char *path, struct verdicts *v)
{
	return load_cel_of(path, v, NULL, NULL);
}

static int load_features(const char *path, struct verdicts *v)
{
	char line[512], uuid[40], chg[16];
	FILE *f = fopen(path, "r");
	int cap = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		struct feat_verdict e = { 0 };
		unsigned int eff;
		int pos = 0;

		trim(line);
		if (sscanf(line, "%39s %u %15s 0x%x %23s %n", uuid, &e.id, chg,
			   &eff, e.needs, &pos) < 5 || uuid_parse(uuid, e.uuid))
			continue;
		e.changeable = !strcmp(chg, "yes");
		e.effects = eff;
		snprintf(e.owner, sizeof(e.owner), "%s", pos ? line + pos : "-");
		if (v->nfeat == cap) {
			struct feat_verdict *n;

			cap = cap ? cap * 2 : 8;
			n = realloc(v->feat, cap * sizeof(*n));
			if (!n)
				break;
			v->feat = n;
		}
		v->feat[v->nfeat++] = e;
	}
	fclose(f);
	return 0;
}

/*
 * Start @v afresh and check that debugfs and the driver's directory @dir
 * (made by @module) are there; if not, say why in @v.
 */
static bool verdicts_start(struct verdicts *v, const char *dir,
			   const char *module)
{
	memset(v, 0, sizeof(*v));
	if (!ensure_debugfs(v->why_unknown, sizeof(v->why_unknown)))
		return false;
	if (!access(dir, F_OK))
		return true;
	snprintf(v->why_unknown, sizeof(v->why_unknown),
		 "%s is missing (is %s loaded?)", dir, module);
	return false;
}

/* Read one debugfs file with @load; true if it worked, else why in @v. */
static bool verdicts_read(struct verdicts *v, const char *path,
			  int (*load)(const char *path, struct verdicts *v))
{
	int rc = load(path, v);

	if (rc)
		snprintf(v->why_unknown, sizeof(v->why_unknown),
			 "cannot read %s: %s", path, strerror(-rc));
	return !rc;
}

/* Read the kernel's verdicts for @memdev; v->*_known say what worked. */
void verdicts_load(const char *memdev, struct verdicts *v)
{
	char path[256];

	if (!verdicts_start(v, CXL_FWCTL_DBG, "cxl_fwctl"))
		return;
	snprintf(path, sizeof(path), CXL_FWCTL_DBG "/%s/cel", memdev);
	v->cel_known = verdicts_read(v, path, load_cel);
	snprintf(path, sizeof(path), CXL_FWCTL_DBG "/%s/features", memdev);
	v->feat_known = verdicts_read(v, path, load_features);
}

/* The verdicts on a switch CCI's own commands (it has no Features). */
void verdicts_load_switch(const char *bdf, struct verdicts *v)
{
	char path[256];

	if (!verdicts_start(v, CXL_SWITCH_DBG, "cxl_switch_fwctl"))
		return;
	snprintf(path, sizeof(path), CXL_SWITCH_DBG "/%s/cel", bdf);
	v->cel_known = verdicts_read(v, path, load_cel);
}

void verdicts_load_dest(const char *bdf, const struct cxl_path *path,
			struct verdicts *v, unsigned long *payload)
{
	char path_s[32], file[256];
	int rc;

	memset(v, 0, sizeof(*v));
	*payload = 0;
	if (!ensure_debugfs(v->why_unknown, sizeof(v->why_unknown)))
		return;
	cxl_path_string(path, path_s, sizeof(path_s));
	snprintf(file, sizeof(file), CXL_SWITCH_DBG "/%s/destinations", bdf);
	rc = load_cel_of(file, v, path, payload);
	if (rc == -ENOENT && !access(file, F_OK))
		snprintf(v->why_unknown, sizeof(v->why_unknown),
			 "the kernel has not cached the CEL of %s (%s)", path_s, file);
	else if (rc)
		snprintf(v->why_unknown, sizeof(v->why_unknown), "cannot read %s: %s",
			 file, strerror(-rc));
	else
		v->cel_known = true;
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
