// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl cxl features, get-feature, set-feature: CXL Features (CXL r3.1
 * 8.2.9.6) with names for the RAS Features and decoded values for patrol
 * scrub and DDR5 ECS.
 */
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include <cxl/features.h>
#include <fwctl/fwctl.h>

#include "builtin.h"
#include "fwctl.h"

#define FEAT_CHANGEABLE			CXL_FEATURE_F_CHANGEABLE
#define FEAT_PERSIST_FW_UPDATE		CXL_FEATURE_F_PERSIST_FW_UPDATE
#define FEAT_DEFAULT_SEL		CXL_FEATURE_F_DEFAULT_SEL
#define FEAT_SAVED_SEL			CXL_FEATURE_F_SAVED_SEL

enum { FEAT_OTHER, FEAT_PATROL_SCRUB, FEAT_ECS };

static const struct {
	const char *name;
	const char *uuid;
	const char *desc;
	int kind;
} known[] = {
	{ "patrol-scrub", "96dad7d6-fde8-482b-a733-75774e06db8a",
	  "patrol scrub control", FEAT_PATROL_SCRUB },
	{ "ecs", "e5b13f22-2328-4a14-b8ba-b9691e893386",
	  "DDR5 error check scrub", FEAT_ECS },
	{ "soft-ppr", "892ba475-fad8-474e-9d3e-692c917568bb",
	  "soft post package repair", FEAT_OTHER },
	{ "hard-ppr", "80ea4521-786f-4127-afb1-ec7459fb0e24",
	  "hard post package repair", FEAT_OTHER },
	{ "cacheline-sparing", "96c33386-91dd-44c7-9ecb-fdaf6503bac4",
	  "cacheline sparing", FEAT_OTHER },
	{ "row-sparing", "450ebf67-b135-4f97-a498-c2d57f279bed",
	  "row sparing", FEAT_OTHER },
	{ "bank-sparing", "78b79636-90ac-4b64-a4ef-faac5d18a863",
	  "bank sparing", FEAT_OTHER },
	{ "rank-sparing", "34dbaff5-0552-4281-8f76-da0b5e7a76a7",
	  "rank sparing", FEAT_OTHER },
};

#define NKNOWN	ARRAY_SIZE(known)

static int known_index(const uint8_t uuid[16])
{
	uuid_t u;
	size_t i;

	for (i = 0; i < NKNOWN; i++)
		if (!uuid_parse(known[i].uuid, u) && !memcmp(u, uuid, 16))
			return i;
	return -1;
}

static const char *feature_name(const uint8_t uuid[16])
{
	int i = known_index(uuid);

	return i < 0 ? "-" : known[i].name;
}

static int feature_kind(const uint8_t uuid[16])
{
	int i = known_index(uuid);

	return i < 0 ? FEAT_OTHER : known[i].kind;
}

/* FEATURE: a UUID or a known name. */
static int parse_feature(const char *s, uint8_t uuid[16])
{
	size_t i;

	if (!uuid_parse(s, uuid))
		return 0;
	for (i = 0; i < NKNOWN; i++)
		if (!strcmp(s, known[i].name))
			return uuid_parse(known[i].uuid, uuid);
	return -EINVAL;
}

/* DEV FEATURE; -1 when that is what was given, else EXIT_USAGE. */
static int feature_args(int n, char **args)
{
	if (n == 0)
		return usage_error("missing DEV and FEATURE");
	if (n == 1)
		return usage_error("missing FEATURE: a UUID or name (see 'fwctl cxl features %s')",
				   args[0]);
	if (n > 2)
		return usage_error("unexpected argument '%s': give one DEV and one FEATURE",
				   args[2]);
	return -1;
}

static void feature_usage_names(FILE *f)
{
	size_t i;

	fprintf(f, "FEATURE is a UUID or one of:");
	for (i = 0; i < NKNOWN; i++)
		fprintf(f, " %s", known[i].name);
	fprintf(f, "\n");
}

/* Get Supported Features' output with room for 16 entries. */
#define SUP_FEATS_OUT_MAX	(sizeof(struct cxl_mbox_get_sup_feats_out) + \
				 16 * sizeof(struct cxl_feat_entry))

/* Get Supported Features, all entries. Returns 0 or an exit code. */
static int read_features(struct fwdev *dev, struct feat_entry **list, int *n)
{
	struct cxl_mbox_get_sup_feats_out *out = calloc(1, SUP_FEATS_OUT_MAX);
	const size_t hdr = sizeof(struct cxl_mbox_get_sup_feats_out_hdr);
	struct feat_entry *l = NULL;
	int count = 0, total = -1, rc = EXIT_OK;

	if (!out)
		return EXIT_FAIL;
	while (total < 0 || count < total) {
		struct cxl_mbox_get_sup_feats_in in = {
			.count = htole32(SUP_FEATS_OUT_MAX),
			.start_idx = htole16(count),
		};
		struct cxl_cmd cmd = {
			.opcode = OP_GET_SUPPORTED_FEATURES,
			.scope = FWCTL_RPC_CONFIGURATION,
			.in = &in,
			.in_len = sizeof(in),
			.out = (uint8_t *)out,
			.out_max = SUP_FEATS_OUT_MAX,
		};
		struct feat_entry *nl;
		int got, i;

		rc = cxl_run(dev, &cmd);
		if (rc) {
			free(l);
			l = NULL;
			count = 0;
			break;
		}
		if (cmd.out_len < hdr)
			break;
		got = le16toh(out->num_entries);
		total = le16toh(out->supported_feats);
		if (got > (int)((cmd.out_len - hdr) / sizeof(out->ents[0])))
			got = (cmd.out_len - hdr) / sizeof(out->ents[0]);
		if (!got)
			break;
		nl = realloc(l, (count + got) * sizeof(*l));
		if (!nl) {
			free(l);
			l = NULL;
			count = 0;
			rc = EXIT_FAIL;
			break;
		}
		l = nl;
		for (i = 0; i < got; i++) {
			const struct cxl_feat_entry *p = &out->ents[i];
			struct feat_entry *e = &l[count + i];

			memcpy(e->uuid, p->uuid, sizeof(e->uuid));
			e->id = le16toh(p->id);
			e->get_size = le16toh(p->get_feat_size);
			e->set_size = le16toh(p->set_feat_size);
			e->flags = le32toh(p->flags);
			e->get_ver = p->get_feat_ver;
			e->set_ver = p->set_feat_ver;
			e->effects = le16toh(p->effects);
		}
		count += got;
	}
	free(out);
	*list = l;
	*n = count;
	return rc;
}

static void flags_string(uint32_t flags, char *out, size_t len)
{
	snprintf(out, len, "%s%s%s%s", flags & FEAT_CHANGEABLE ? "changeable" : "read-only",
		 flags & FEAT_PERSIST_FW_UPDATE ? ",persists-fw-update" : "",
		 flags & FEAT_DEFAULT_SEL ? ",default" : "",
		 flags & FEAT_SAVED_SEL ? ",saved" : "");
}

static void features_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl cxl features DEV... | all [--json]\n"
		"\n"
		"List the devices' Features: name, UUID, sizes, flags, set effects,\n"
		"the scope Set Feature needs and the kernel driver owning it, if any.\n"
		"'all' is every CXL memdev's fwctl device.\n"
		"\n"
		"  -j, --json    JSON output\n"
		"  -h, --help    this text (see also fwctl-cxl-features(8))\n");
}

static const struct option json_opts[] = {
	{ "port", required_argument, NULL, 'p' },
	{ "ld", required_argument, NULL, 'p' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ }
};

/*
 * --port and --ld are not offered: what a tunnel reaches on a type-3 is its
 * FM-owned LD command set, which has no Features commands.
 */
static int no_port(void)
{
	fwctl_err("--port/--ld: Features are not reachable through a switch tunnel (a tunnelled type-3 answers only Identify, Get Timestamp, the logs and Tunnel); use the memdev itself (fwctl cxl features memX)");
	return EXIT_USAGE;
}

enum {
	F_FWCTL, F_ID, F_NAME, F_UUID, F_GET, F_SET, F_FLAGS, F_GET_VER,
	F_SET_VER, F_EFFECTS, F_NEEDS, F_OWNER
};

/* Several devices show whose Feature a row is; one does not. */
static struct out_col feat_cols[] = {
	[F_FWCTL] = { "FWCTL", "fwctl", 0, SCOLS_FL_HIDDEN },
	[F_ID] = { "ID", "id", 0, SCOLS_FL_RIGHT },
	[F_NAME] = { "NAME", "name", 0, SCOLS_FL_TRUNC },
	[F_UUID] = { "UUID", "uuid", 0.1, SCOLS_FL_TRUNC },
	[F_GET] = { "GET", "get_size", 0, SCOLS_FL_RIGHT },
	[F_SET] = { "SET", "set_size", 0, SCOLS_FL_RIGHT },
	[F_FLAGS] = { "FLAGS", "flags", 0.1, SCOLS_FL_WRAP },
	[F_GET_VER] = { NULL, "get_version", 0, 0 },
	[F_SET_VER] = { NULL, "set_version", 0, 0 },
	[F_EFFECTS] = { "SET EFFECTS", "set_effects", 0.2, SCOLS_FL_WRAP },
	[F_NEEDS] = { "NEEDS", "needs", 0, 0 },
	[F_OWNER] = { "OWNER", "owner", 0, SCOLS_FL_TRUNC },
};

/* One device's Features as rows of @t; an exit code. */
static int features_one(struct out_table *t, const char *arg, void *unused)
{
	struct feat_entry *list = NULL;
	struct verdicts v;
	struct fwdev dev;
	int rc, n = 0, i;

	(void)unused;

	rc = cxl_open_memdev(arg, &dev);
	if (rc)
		return rc;
	rc = read_features(&dev, &list, &n);
	fwdev_close(&dev);
	if (rc)
		return rc;
	verdicts_load(dev.name, &v);
	for (i = 0; i < n; i++) {
		const struct feat_entry *e = &list[i];
		const struct feat_verdict *fv = verdict_feat(&v, e->uuid);
		bool owned = fv && strcmp(fv->owner, "-");
		char uuid[37], text[220], effs[200];
		struct out_row r = out_row(t);

		out_str(&r, F_FWCTL, dev.name);
		out_u64(&r, F_ID, e->id);
		out_str(&r, F_NAME, known_index(e->uuid) < 0 ? NULL :
			feature_name(e->uuid));
		uuid_unparse(e->uuid, uuid);
		out_str(&r, F_UUID, uuid);
		out_u64(&r, F_GET, e->get_size);
		out_u64(&r, F_SET, e->set_size);
		flags_string(e->flags, text, sizeof(text));
		out_cell(&r, F_FLAGS, text, json_object_new_int(e->flags));
		out_json(&r, "changeable",
			 json_object_new_boolean(e->flags & FEAT_CHANGEABLE));
		out_json(&r, "default_selection",
			 json_object_new_boolean(e->flags & FEAT_DEFAULT_SEL));
		out_json(&r, "saved_selection",
			 json_object_new_boolean(e->flags & FEAT_SAVED_SEL));
		out_u64(&r, F_GET_VER, e->get_ver);
		out_u64(&r, F_SET_VER, e->set_ver);
		cxl_effects_string(e->effects, effs, sizeof(effs));
		snprintf(text, sizeof(text), "0x%04x %s", e->effects, effs);
		out_cell(&r, F_EFFECTS, text, json_u16hex(e->effects));
		out_json(&r, "set_effects_decoded", cxl_effects_json(e->effects));
		out_cell(&r, F_NEEDS, fv ? fv->needs : "?",
			 fv ? json_object_new_string(fv->needs) : NULL);
		out_cell(&r, F_OWNER, fv ? fv->owner : "?",
			 owned ? json_object_new_string(fv->owner) : NULL);
	}
	if (!v.feat_known)
		fwctl_err("%s: the kernel's verdicts and owners are unknown: %s",
			  dev.name, v.why_unknown);
	verdicts_free(&v);
	free(list);
	return EXIT_OK;
}

int cmd_cxl_features(int argc, char **argv)
{
	bool json = fwctl_json;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":jh", json_opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			return no_port();
		case 'j':
			json = true;
			break;
		case 'h':
			features_usage(stdout);
			return EXIT_OK;
		default:
			return getopt_error(c, argv);
		}
	}
	rc = check_nargs(argc - optind, argv + optind, 1, -1);
	if (rc >= 0)
		return rc;
	return rows_per_device(argc - optind, argv + optind, true, feat_cols,
			       ARRAY_SIZE(feat_cols), F_FWCTL, json,
			       features_one, NULL);
}

static struct json_object *decode_json(int kind, const uint8_t *d, size_t len)
{
	static const unsigned int thresholds[8] = { 0, 0, 0, 256, 1024, 4096, 0, 0 };
	struct json_object *o, *a;
	size_t i;

	if (kind == FEAT_PATROL_SCRUB && len >= 4) {
		o = json_object_new_object();
		json_object_object_add(o, "cycle_changeable",
				       json_object_new_boolean(d[0] & 1));
		json_object_object_add(o, "realtime_report",
				       json_object_new_boolean(d[0] & 2));
		json_object_object_add(o, "cycle_hours", json_object_new_int(d[1]));
		json_object_object_add(o, "min_cycle_hours", json_object_new_int(d[2]));
		json_object_object_add(o, "enabled", json_object_new_boolean(d[3] & 1));
		return o;
	}
	if (kind == FEAT_ECS && len >= 1) {
		o = json_object_new_object();
		json_object_object_add(o, "log_entry_type",
				       json_object_new_string((d[0] & 3) == 0 ? "per-dram" :
				       (d[0] & 3) == 1 ? "per-memory-media-fru" : "reserved"));
		a = json_object_new_array();
		for (i = 1; i + 4 <= len; i += 4) {
			struct json_object *f = json_object_new_object();
			uint16_t cfg = get_le16(d + i + 1);

			json_object_object_add(f, "realtime_report",
					       json_object_new_boolean(d[i] & 1));
			json_object_object_add(f, "threshold_per_gbit",
					       json_object_new_int(thresholds[cfg & 7]));
			json_object_object_add(f, "count_mode", json_object_new_string(cfg & 8 ?
					       "codewords" : "rows"));
			json_object_object_add(f, "reset_counter",
					       json_object_new_boolean(cfg & 0x10));
			json_object_object_add(f, "flags", json_object_new_int(d[i + 3]));
			json_object_array_add(a, f);
		}
		json_object_object_add(o, "frus", a);
		return o;
	}
	return NULL;
}

static void decode_print(int kind, const uint8_t *d, size_t len)
{
	static const unsigned int thresholds[8] = { 0, 0, 0, 256, 1024, 4096, 0, 0 };
	size_t i;

	if (kind == FEAT_PATROL_SCRUB && len >= 4) {
		printf("  scrub cycle:       %u hours (minimum %u)\n", d[1], d[2]);
		printf("  enabled:           %s\n", d[3] & 1 ? "yes" : "no");
		printf("  cycle changeable:  %s\n", d[0] & 1 ? "yes" : "no");
		printf("  realtime report:   %s\n", d[0] & 2 ? "yes" : "no");
		return;
	}
	if (kind == FEAT_ECS && len >= 1) {
		printf("  log entry type:    %s\n", (d[0] & 3) == 0 ? "per DRAM" :
		       (d[0] & 3) == 1 ? "per memory media FRU" : "reserved");
		for (i = 1; i + 4 <= len; i += 4) {
			uint16_t cfg = get_le16(d + i + 1);

			printf("  FRU %zu:             threshold %u per Gbit, count %s,",
			       (i - 1) / 4, thresholds[cfg & 7], cfg & 8 ? "codewords" : "rows");
			printf(" reset counter %s, realtime report %s\n",
			       cfg & 0x10 ? "yes" : "no", d[i] & 1 ? "yes" : "no");
		}
	}
}

static const char *const selections[] = { "current", "default", "saved" };

/* Get Feature of @uuid: up to @count bytes into @buf. */
static int get_feature(struct fwdev *dev, const uint8_t uuid[16], int sel,
		       uint8_t *buf, size_t count, size_t *len)
{
	struct cxl_cmd cmd = {
		.opcode = OP_GET_FEATURE,
		.scope = FWCTL_RPC_CONFIGURATION,
		.out = buf,
		.out_max = count,
		.feature = uuid,
	};
	struct cxl_mbox_get_feat_in in = {
		.offset = htole16(0),
		.count = htole16(count),
		.selection = sel,
	};
	int rc;

	memcpy(in.uuid, uuid, sizeof(in.uuid));
	cmd.in = &in;
	cmd.in_len = sizeof(in);
	rc = cxl_run(dev, &cmd);
	*len = cmd.out_len;
	return rc;
}

static const struct feat_entry *find_entry(const struct feat_entry *l, int n,
					   const uint8_t uuid[16])
{
	int i;

	for (i = 0; i < n; i++)
		if (!memcmp(l[i].uuid, uuid, 16))
			return &l[i];
	return NULL;
}

static struct json_object *value_json(const uint8_t uuid[16], const char *sel,
				      const uint8_t *d, size_t len)
{
	struct json_object *o = json_object_new_object();
	struct json_object *dec = decode_json(feature_kind(uuid), d, len);

	json_object_object_add(o, "selection", json_object_new_string(sel));
	json_object_object_add(o, "size", json_object_new_int(len));
	json_object_object_add(o, "data", json_hex(d, len));
	if (dec)
		json_object_object_add(o, "decoded", dec);
	return o;
}

static void value_print(const uint8_t uuid[16], const char *sel,
			const uint8_t *d, size_t len)
{
	char *hex = malloc(2 * len + 1);

	if (hex)
		hex_string(d, len, hex);
	printf("  %-18s %s (%zu bytes, %s)\n", "data:", hex ? hex : "?", len, sel);
	free(hex);
	decode_print(feature_kind(uuid), d, len);
}

static void get_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl cxl get-feature DEV FEATURE [--selection current|default|saved]\n"
		"                                       [--json]\n"
		"\n"
		"Read a Feature's value; patrol scrub and ECS are decoded.\n"
		"\n"
		"  -S, --selection SEL   current (default), default or saved\n"
		"  -j, --json            JSON output\n"
		"  -h, --help            this text (see also fwctl-cxl-get-feature(8))\n");
	feature_usage_names(f);
}

int cmd_cxl_get_feature(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "selection", required_argument, NULL, 'S' },
		{ "port", required_argument, NULL, 'p' },
		{ "ld", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct feat_entry *list = NULL;
	const struct feat_entry *e;
	uint8_t uuid[16], *buf;
	size_t count, len = 0;
	int c, rc, n = 0, sel = 0;
	struct fwdev dev;
	bool json = fwctl_json;
	char ustr[37];

	while ((c = getopt_long(argc, argv, ":S:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			return no_port();
		case 'S':
			for (sel = 0; sel < 3; sel++)
				if (!strcmp(optarg, selections[sel]))
					break;
			if (sel == 3)
				return usage_error("--selection %s: one of current, default, saved",
						   optarg);
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			get_usage(stdout);
			return EXIT_OK;
		default:
			return getopt_error(c, argv);
		}
	}
	rc = feature_args(argc - optind, argv + optind);
	if (rc >= 0)
		return rc;
	if (parse_feature(argv[optind + 1], uuid)) {
		fwctl_err("%s: not a Feature UUID or name", argv[optind + 1]);
		feature_usage_names(stderr);
		return EXIT_USAGE;
	}
	rc = cxl_open_memdev(argv[optind], &dev);
	if (rc)
		return rc;
	rc = read_features(&dev, &list, &n);
	if (rc)
		goto out;
	e = find_entry(list, n, uuid);
	count = e ? e->get_size : 256;
	buf = calloc(1, count + 1);
	if (!buf) {
		rc = EXIT_FAIL;
		goto out;
	}
	rc = get_feature(&dev, uuid, sel, buf, count, &len);
	if (!rc) {
		uuid_unparse(uuid, ustr);
		if (json) {
			struct json_object *o = value_json(uuid, selections[sel], buf, len);

			json_object_object_add(o, "memdev", json_object_new_string(dev.parent));
			json_object_object_add(o, "fwctl", json_object_new_string(dev.name));
			json_object_object_add(o, "feature", known_index(uuid) < 0 ? NULL :
					       json_object_new_string(feature_name(uuid)));
			json_object_object_add(o, "uuid", json_object_new_string(ustr));
			print_json(o);
			json_object_put(o);
		} else {
			printf("%s %s on %s (%s)\n", feature_name(uuid), ustr, dev.parent,
			       dev.name);
			value_print(uuid, selections[sel], buf, len);
		}
	}
	free(buf);
out:
	free(list);
	fwdev_close(&dev);
	return rc;
}

static void set_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl cxl set-feature DEV FEATURE --data HEX [--scope S] [--json]\n"
		"\n"
		"Write a Feature's value (a full transfer), then read it back. Without\n"
		"--scope, the scope the kernel says the Feature needs is used.\n"
		"\n"
		"  -d, --data HEX        the value as hex bytes, e.g. 0d01\n"
		"  -s, --scope S         configuration, debug_read_only, debug_write or\n"
		"                        debug_write_full\n"
		"  -j, --json            JSON output\n"
		"  -h, --help            this text (see also fwctl-cxl-set-feature(8))\n");
	feature_usage_names(f);
}

int cmd_cxl_set_feature(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "scope", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "ld", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct cxl_cmd cmd = { .opcode = OP_SET_FEATURE, .scope = SCOPE_UNKNOWN };
	uint8_t uuid[16], *data = NULL, *buf = NULL;
	struct cxl_mbox_set_feat_in *in = NULL;
	struct feat_entry *list = NULL;
	const struct feat_entry *e;
	size_t dlen = 0, len = 0;
	const char *hex = NULL;
	struct fwdev dev;
	bool json = fwctl_json;
	int c, rc, n = 0;
	char ustr[37];

	while ((c = getopt_long(argc, argv, ":d:s:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			return no_port();
		case 'd':
			hex = optarg;
			break;
		case 's':
			if (parse_scope_opt(optarg, &cmd.scope))
				return EXIT_USAGE;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			set_usage(stdout);
			return EXIT_OK;
		default:
			return getopt_error(c, argv);
		}
	}
	rc = feature_args(argc - optind, argv + optind);
	if (rc >= 0)
		return rc;
	if (!hex)
		return usage_error("missing --data: the Feature's new value, as hex bytes");
	if (parse_feature(argv[optind + 1], uuid)) {
		fwctl_err("%s: not a Feature UUID or name", argv[optind + 1]);
		feature_usage_names(stderr);
		return EXIT_USAGE;
	}
	if (parse_hex(hex, &data, &dlen) || !dlen) {
		fwctl_err("--data %s: not hex bytes", hex);
		return EXIT_USAGE;
	}
	rc = cxl_open_memdev(argv[optind], &dev);
	if (rc) {
		free(data);
		return rc;
	}
	rc = read_features(&dev, &list, &n);
	if (rc)
		goto out;
	e = find_entry(list, n, uuid);
	if (cmd.scope == SCOPE_UNKNOWN) {
		struct verdicts v;
		const struct feat_verdict *fv;

		verdicts_load(dev.name, &v);
		fv = verdict_feat(&v, uuid);
		if (fv)
			cmd.scope = parse_scope(fv->needs);
		/* Refused at every scope: send anyway, so the kernel says why. */
		if (fv && cmd.scope == SCOPE_UNKNOWN)
			cmd.scope = FWCTL_RPC_DEBUG_WRITE_FULL;
		if (!fv && v.feat_known)
			cmd.scope = FWCTL_RPC_CONFIGURATION;
		if (cmd.scope == SCOPE_UNKNOWN) {
			fwctl_err("the scope this Set Feature needs is unknown (%s): give --scope",
				  v.why_unknown);
			verdicts_free(&v);
			rc = EXIT_USAGE;
			goto out;
		}
		verdicts_free(&v);
	}
	in = calloc(1, sizeof(*in) + dlen);
	buf = calloc(1, (e ? e->get_size : 256) + 1);
	if (!in || !buf) {
		rc = EXIT_FAIL;
		goto out;
	}
	/* A full data transfer (flags 0) at offset 0. */
	memcpy(in->uuid, uuid, sizeof(in->uuid));
	in->version = e ? e->set_ver : 1;
	memcpy(in->feat_data, data, dlen);
	cmd.in = in;
	cmd.in_len = sizeof(*in) + dlen;
	cmd.feature = uuid;
	rc = cxl_run(&dev, &cmd);
	if (rc)
		goto out;
	rc = get_feature(&dev, uuid, 0, buf, e ? e->get_size : 256, &len);
	uuid_unparse(uuid, ustr);
	if (json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "memdev", json_object_new_string(dev.parent));
		json_object_object_add(o, "fwctl", json_object_new_string(dev.name));
		json_object_object_add(o, "feature", known_index(uuid) < 0 ? NULL :
				       json_object_new_string(feature_name(uuid)));
		json_object_object_add(o, "uuid", json_object_new_string(ustr));
		json_object_object_add(o, "scope", json_object_new_string(scope_name(cmd.scope)));
		json_object_object_add(o, "written", json_hex(data, dlen));
		json_object_object_add(o, "tainted", json_object_new_uint64(cmd.taint_after));
		json_object_object_add(o, "fwctl_taint",
				       json_object_new_boolean(cmd.taint_after & (1UL << 19)));
		if (!rc)
			json_object_object_add(o, "value", value_json(uuid, "current", buf, len));
		print_json(o);
		json_object_put(o);
	} else {
		printf("%s %s on %s (%s): set %zu bytes at scope %s\n", feature_name(uuid),
		       ustr, dev.parent, dev.name, dlen, scope_name(cmd.scope));
		if (cmd.scope >= FWCTL_RPC_DEBUG_WRITE)
			printf("  %-18s %lu%s\n", "kernel taint:", cmd.taint_after,
			       !(cmd.taint_after & (1UL << 19)) ? "" :
			       cmd.taint_before & (1UL << 19) ? " (fwctl, bit 19)" :
			       " (fwctl, bit 19: set by this command)");
		if (!rc)
			value_print(uuid, "current", buf, len);
	}
out:
	free(data);
	free(in);
	free(buf);
	free(list);
	fwdev_close(&dev);
	return rc;
}
