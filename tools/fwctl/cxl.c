// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl cxl cel, identify, raw: the CEL with the kernel's verdicts, the
 * decoded Identify, and any mailbox command. On a CXL switch mailbox CCI
 * each may go to the device behind a port (--port) or one of its LDs
 * (--ld).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fwctl/fwctl.h>
#include <fwctl/cxl.h>

#include "builtin.h"
#include "fwctl.h"

#define RAW_OUT_DEFAULT		65536

static void cel_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl cxl cel DEV... | all [--json]\n"
		"       fwctl cxl cel DEV --port N [--ld M] [--json]\n"
		"\n"
		"List every Command Effects Log entry of CXL devices: opcode, command,\n"
		"effects, the scope it needs and whether this kernel allows it. 'all'\n"
		"is every fwctl device.\n"
		"\n"
		"  -p, --port N  on a switch CCI: the CEL of the device behind port N,\n"
		"                read through the switch's tunnel\n"
		"  -l, --ld M    and from there of its LD M\n"
		"  -j, --json    JSON output\n"
		"  -h, --help    this text (see also fwctl-cxl-cel(8))\n");
}

/*
 * -j, -h, --port and --ld, then at least one DEV (at most @max; -1 for no
 * limit); -1 to go on, else an exit code.
 */
static int parse_path_opts(int argc, char **argv, bool *json, int *port,
			   int *ld, void (*help)(FILE *f), int max)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "ld", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	int c, rc;

	*json = fwctl_json;
	while ((c = getopt_long(argc, argv, ":p:l:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (cxl_path_opt("port", optarg, port))
				return EXIT_USAGE;
			break;
		case 'l':
			if (cxl_path_opt("ld", optarg, ld))
				return EXIT_USAGE;
			break;
		case 'j':
			*json = true;
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		default:
			return getopt_error(c, argv);
		}
	}
	if (*port >= 0)
		max = 1;
	rc = check_nargs(argc - optind, argv + optind, 1, max);
	if (rc >= 0)
		return rc;
	if (*ld >= 0 && *port < 0)
		return usage_error("--ld needs --port: an LD is reached through its port");
	return -1;
}

/* Open DEV and make the path of --port/--ld; an exit code on failure. */
static int open_path(const char *arg, struct fwdev *dev, int port, int ld,
		     struct cxl_path *path)
{
	int rc = cxl_open(arg, dev);

	if (rc)
		return rc;
	rc = cxl_path_make(port, ld, dev, path);
	if (rc)
		fwdev_close(dev);
	return rc;
}

enum {
	C_FWCTL, C_OPCODE, C_COMMAND, C_EFFECTS, C_NEEDS, C_KERNEL, C_ALLOWED,
	C_DETAIL
};

/* Several devices show whose entry a row is; one does not. */
static struct out_col cel_cols[] = {
	[C_FWCTL] = { "FWCTL", "fwctl", 0, SCOLS_FL_HIDDEN },
	[C_OPCODE] = { "OPCODE", "opcode", 0, 0 },
	[C_COMMAND] = { "COMMAND", "command", 0.25, SCOLS_FL_TRUNC },
	[C_EFFECTS] = { "EFFECTS", "effects", 0.2, SCOLS_FL_WRAP },
	[C_NEEDS] = { "NEEDS", "needs", 0, 0 },
	[C_KERNEL] = { "KERNEL", "kernel", 0.3, SCOLS_FL_WRAP },
	[C_ALLOWED] = { NULL, "allowed", 0, 0 },
	[C_DETAIL] = { NULL, "detail", 0, 0 },
};

/* The rows of one device's (or one destination's) CEL. */
static void cel_rows(struct out_table *t, const struct fwdev *dev,
		     const uint8_t *cel, size_t len, const struct verdicts *v)
{
	size_t i;

	for (i = 0; i + 4 <= len; i += 4) {
		uint16_t op = get_le16(cel + i), eff = get_le16(cel + i + 2);
		const struct cel_verdict *cv = verdict_cel(v, op);
		bool refused = cv && verdict_is_refusal(cv->verdict);
		char effs[256], text[300];
		struct out_row r = out_row(t);

		out_str(&r, C_FWCTL, dev->name);
		snprintf(text, sizeof(text), "0x%04x", op);
		out_str(&r, C_OPCODE, text);
		out_str(&r, C_COMMAND, cxl_opcode_name(op));
		cxl_effects_string(eff, effs, sizeof(effs));
		snprintf(text, sizeof(text), "0x%04x %s", eff, effs);
		out_cell(&r, C_EFFECTS, text, json_u16hex(eff));
		out_json(&r, "effects_decoded", cxl_effects_json(eff));
		out_cell(&r, C_NEEDS, cv ? cv->needs : "?", cv && !refused ?
			 json_object_new_string(cv->needs) : NULL);
		if (!cv)
			snprintf(text, sizeof(text), "unknown");
		else if (refused)
			snprintf(text, sizeof(text), "refused: %s (%s)",
				 cv->verdict, cv->detail);
		else if (!strcmp(cv->verdict, "per-feature"))
			snprintf(text, sizeof(text),
				 "per Feature: see 'fwctl cxl features'");
		else
			snprintf(text, sizeof(text), "allowed");
		out_cell(&r, C_KERNEL, text,
			 json_object_new_string(cv ? cv->verdict : "unknown"));
		out_cell(&r, C_ALLOWED, NULL, cv ?
			 json_object_new_boolean(!refused) : NULL);
		out_cell(&r, C_DETAIL, NULL,
			 json_object_new_string(cv ? cv->detail : v->why_unknown));
	}
}

/* One device's CEL as rows of @t; @ctx is the --port and --ld. */
static int cel_one(struct out_table *t, const char *arg, void *ctx)
{
	const int *path_opts = ctx;
	int port = path_opts[0], ld = path_opts[1];
	struct cxl_path path;
	uint8_t *cel = NULL;
	struct verdicts v;
	struct fwdev dev;
	size_t len = 0;
	int rc;

	rc = open_path(arg, &dev, port, ld, &path);
	if (rc)
		return rc;
	rc = cxl_read_cel(&dev, &path, &cel, &len);
	fwdev_close(&dev);
	if (rc)
		return rc;
	if (path.depth)
		verdicts_load_dest(dev.name, &v);
	else if (dev.swcci)
		verdicts_load_switch(dev.name, &v);
	else
		verdicts_load(dev.name, &v);
	cel_rows(t, &dev, cel, len, &v);
	if (!v.cel_known)
		fwctl_err("%s: the kernel's verdicts are unknown: %s", dev.name,
			  v.why_unknown);
	verdicts_free(&v);
	free(cel);
	return EXIT_OK;
}

int cmd_cxl_cel(int argc, char **argv)
{
	int rc, path_opts[2] = { -1, -1 };
	bool json;

	rc = parse_path_opts(argc, argv, &json, &path_opts[0], &path_opts[1],
			     cel_usage, -1);
	if (rc >= 0)
		return rc;
	return rows_per_device(argc - optind, argv + optind, false, cel_cols,
			       ARRAY_SIZE(cel_cols), C_FWCTL, json, cel_one,
			       path_opts);
}

static void identify_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl cxl identify DEV [--port N [--ld M]] [--json]\n"
		"\n"
		"Send Identify Memory Device (0x4000) to a memdev, or Identify (0x0001)\n"
		"to a switch CCI or through it, and decode the answer.\n"
		"\n"
		"  -p, --port N  on a switch CCI: the device behind port N, through the\n"
		"                switch's tunnel\n"
		"  -l, --ld M    and from there its LD M\n"
		"  -j, --json    JSON output\n"
		"  -h, --help    this text (see also fwctl-cxl-identify(8))\n");
}

/* Identify (0x0001) of a switch CCI, or through it of what is behind. */
static int identify_generic(struct fwdev *dev, const struct cxl_path *path,
			    bool json)
{
	uint8_t out[64] = { 0 };
	struct cxl_cmd cmd = {
		.opcode = OP_IDENTIFY,
		.scope = FWCTL_RPC_CONFIGURATION,
		.out = out,
		.out_max = sizeof(out),
		.path = path,
	};
	struct json_object *o;
	char where[48];
	int rc;

	rc = cxl_run(dev, &cmd);
	if (rc)
		return rc;
	if (!cxl_identify_ok(&cmd))
		return EXIT_DEVICE;
	if (!json) {
		if (path->depth) {
			cxl_path_string(path, where, sizeof(where));
			printf("%s of %s (%s): Identify, %zu bytes\n", where, dev->name,
			       dev->parent, cmd.out_len);
		} else {
			printf("%s (%s): Identify, %zu bytes\n", dev->name, dev->parent,
			       cmd.out_len);
		}
		cxl_identify_print(out, cmd.out_len, NULL);
		return EXIT_OK;
	}
	o = json_object_new_object();
	json_object_object_add(o, "fwctl", json_object_new_string(dev->name));
	json_object_object_add(o, "host", json_object_new_string(dev->parent));
	json_object_object_add(o, "port", path->depth ?
			       json_object_new_int(path->id[0]) : NULL);
	json_object_object_add(o, "ld", path->depth > 1 ?
			       json_object_new_int(path->id[1]) : NULL);
	json_object_object_add(o, "size", json_object_new_int(cmd.out_len));
	cxl_identify_print(out, cmd.out_len, o);
	print_json(o);
	json_object_put(o);
	return EXIT_OK;
}

int cmd_cxl_identify(int argc, char **argv)
{
	static const struct {
		const char *key;
		const char *label;
		unsigned int off;
		unsigned int size;	/* 8: capacity in 256 MiB units */
	} fields[] = {
		{ "total_capacity", "total capacity", 0x10, 8 },
		{ "volatile_only_capacity", "volatile-only capacity", 0x18, 8 },
		{ "persistent_only_capacity", "persistent-only capacity", 0x20, 8 },
		{ "partition_alignment", "partition alignment", 0x28, 8 },
		{ "info_event_log_size", "informational event log size", 0x30, 2 },
		{ "warning_event_log_size", "warning event log size", 0x32, 2 },
		{ "failure_event_log_size", "failure event log size", 0x34, 2 },
		{ "fatal_event_log_size", "fatal event log size", 0x36, 2 },
		{ "lsa_size", "label storage area size", 0x38, 4 },
		{ "poison_list_max", "poison list maximum entries", 0x3c, 3 },
		{ "inject_poison_limit", "inject poison limit", 0x3f, 2 },
		{ "poison_handling_caps", "poison handling capabilities", 0x41, 1 },
		{ "qos_telemetry_caps", "QoS telemetry capabilities", 0x42, 1 },
	};
	struct json_object *o = NULL;
	uint8_t out[256] = { 0 };
	struct cxl_cmd cmd = {
		.opcode = OP_IDENTIFY_MEMDEV,
		.scope = FWCTL_RPC_CONFIGURATION,
		.out = out,
		.out_max = sizeof(out),
	};
	int rc, port = -1, ld = -1;
	struct cxl_path path;
	struct fwdev dev;
	bool json = false;
	char fw[17];
	size_t i;

	rc = parse_path_opts(argc, argv, &json, &port, &ld, identify_usage, 1);
	if (rc >= 0)
		return rc;
	rc = open_path(argv[optind], &dev, port, ld, &path);
	if (rc)
		return rc;
	if (dev.swcci) {
		rc = identify_generic(&dev, &path, json);
		fwdev_close(&dev);
		return rc;
	}
	rc = cxl_run(&dev, &cmd);
	fwdev_close(&dev);
	if (rc)
		return rc;
	if (cmd.out_len < 0x43) {
		fwctl_err("Identify Memory Device answered %zu bytes, fewer than the 67 it must",
			  cmd.out_len);
		return EXIT_DEVICE;
	}
	memcpy(fw, out, 16);
	fw[16] = 0;
	if (json) {
		o = json_object_new_object();
		json_object_object_add(o, "memdev", json_object_new_string(dev.parent));
		json_object_object_add(o, "fwctl", json_object_new_string(dev.name));
		json_object_object_add(o, "firmware_revision", json_object_new_string(fw));
	} else {
		printf("%s (%s): Identify Memory Device, %zu bytes\n", dev.parent,
		       dev.name, cmd.out_len);
		printf("  %-30s %s\n", "firmware revision", fw);
	}
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		const uint8_t *p = out + fields[i].off;
		uint64_t val;

		if (fields[i].off + fields[i].size > cmd.out_len)
			continue;
		switch (fields[i].size) {
		case 1:
			val = p[0];
			break;
		case 2:
			val = get_le16(p);
			break;
		case 3:
			val = get_le16(p) | (uint32_t)p[2] << 16;
			break;
		case 4:
			val = get_le32(p);
			break;
		default:
			val = get_le64(p) * 256 * 1024 * 1024;
			break;
		}
		if (json) {
			json_object_object_add(o, fields[i].key, json_object_new_uint64(val));
		} else if (fields[i].size == 8) {
			printf("  %-30s %llu MiB\n", fields[i].label,
			       (unsigned long long)(val >> 20));
		} else if (fields[i].size == 1) {
			printf("  %-30s 0x%02llx\n", fields[i].label,
			       (unsigned long long)val);
		} else {
			printf("  %-30s %llu\n", fields[i].label, (unsigned long long)val);
		}
	}
	if (json) {
		print_json(o);
		json_object_put(o);
	}
	return EXIT_OK;
}

static void raw_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl cxl raw DEV --opcode X [--in HEX | --in-file F] [--scope S]\n"
		"                         [--port N [--ld M]] [--out-size N]\n"
		"                         [--output F] [--json]\n"
		"\n"
		"Send one mailbox command and print its return code and output payload.\n"
		"\n"
		"  -p, --port N        on a switch CCI: send it to the device behind port\n"
		"                      N, wrapped in a Tunnel Management Command (0x5300)\n"
		"  -l, --ld M          and from there to its LD M (two tunnels)\n"
		"  -c, --opcode X      the mailbox opcode (0x4000, 16384, ...)\n"
		"  -i, --in HEX        input payload as hex bytes (\"01 02\", 0102)\n"
		"  -f, --in-file F     input payload from file F (binary; - is stdin)\n"
		"  -o, --output F      write the output payload, raw, to file F (- is\n"
		"                      stdout) instead of a hex dump\n"
		"  -s, --scope S       configuration (default), debug_read_only,\n"
		"                      debug_write or debug_write_full\n"
		"  -n, --out-size N    largest output payload to accept (default %d)\n"
		"  -j, --json          JSON output\n"
		"  -h, --help          this text (see also fwctl-cxl-raw(8))\n",
		RAW_OUT_DEFAULT);
}

static void print_taint_note(FILE *f, const struct cxl_cmd *cmd)
{
	unsigned long fwctl_bit = 1UL << 19;

	if (cmd->scope < FWCTL_RPC_DEBUG_WRITE)
		return;
	fprintf(f, "kernel taint: %lu%s\n", cmd->taint_after,
		(cmd->taint_after & fwctl_bit) && !(cmd->taint_before & fwctl_bit) ?
		" (fwctl taint, bit 19, set by this command)" :
		cmd->taint_after & fwctl_bit ? " (fwctl taint, bit 19)" : "");
}

int cmd_cxl_raw(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "opcode", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "in", required_argument, NULL, 'i' },
		{ "in-file", required_argument, NULL, 'f' },
		{ "scope", required_argument, NULL, 's' },
		{ "out-size", required_argument, NULL, 'n' },
		{ "port", required_argument, NULL, 'p' },
		{ "ld", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *in_hex = NULL, *in_file = NULL, *output = NULL;
	struct cxl_cmd cmd = { .scope = FWCTL_RPC_CONFIGURATION };
	uint32_t opcode = 0, out_size = RAW_OUT_DEFAULT;
	bool json = fwctl_json, have_op = false;
	int c, rc, port = -1, ld = -1;
	struct cxl_path path;
	char where[48];
	uint8_t *in = NULL;
	struct fwdev dev;
	size_t in_len = 0;

	while ((c = getopt_long(argc, argv, ":c:o:i:f:s:n:p:l:jh", opts,
				NULL)) != -1) {
		switch (c) {
		case 'p':
			if (cxl_path_opt("port", optarg, &port))
				return EXIT_USAGE;
			break;
		case 'l':
			if (cxl_path_opt("ld", optarg, &ld))
				return EXIT_USAGE;
			break;
		case 'c':
			if (parse_u32(optarg, &opcode) || opcode > 0xffff)
				return usage_error("--opcode %s: not a 16-bit number",
						   optarg);
			have_op = true;
			break;
		case 'o':
			output = optarg;
			break;
		case 'i':
			in_hex = optarg;
			break;
		case 'f':
			in_file = optarg;
			break;
		case 's':
			if (parse_scope_opt(optarg, &cmd.scope))
				return EXIT_USAGE;
			break;
		case 'n':
			if (parse_u32(optarg, &out_size) || out_size > (2 << 20) - 8)
				return usage_error("--out-size %s: bytes, at most 2 MiB - 8",
						   optarg);
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			raw_usage(stdout);
			return EXIT_OK;
		default:
			return getopt_error(c, argv);
		}
	}
	rc = check_nargs(argc - optind, argv + optind, 1, 1);
	if (rc >= 0)
		return rc;
	if (!have_op)
		return usage_error("missing --opcode: which mailbox command to send");
	if (in_hex && in_file)
		return usage_error("--in and --in-file both give the input: use one");
	if (ld >= 0 && port < 0)
		return usage_error("--ld needs --port: an LD is reached through its port");
	if (output && json)
		return usage_error("--output and --json both say where the payload goes: use one");
	if (in_hex && parse_hex(in_hex, &in, &in_len))
		return usage_error("--in %s: not hex bytes", in_hex);
	if (in_file) {
		rc = read_file_bytes(in_file, &in, &in_len);
		if (rc)
			return usage_error("--in-file %s: %s", in_file,
					   strerror(-rc));
	}
	rc = open_path(argv[optind], &dev, port, ld, &path);
	if (rc) {
		free(in);
		return rc;
	}
	cmd.path = &path;
	cxl_path_string(&path, where, sizeof(where));
	cmd.opcode = opcode;
	cmd.in = in;
	cmd.in_len = in_len;
	cmd.out_max = out_size;
	cmd.out = malloc(out_size ? out_size : 1);
	if (!cmd.out) {
		free(in);
		fwdev_close(&dev);
		return EXIT_FAIL;
	}
	if (cxl_send(&dev, &cmd)) {
		cxl_explain(&dev, &cmd);
		rc = EXIT_REFUSED;
		goto out;
	}
	if (json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "opcode", json_u16hex(cmd.opcode));
		json_object_object_add(o, "command",
				       json_object_new_string(cxl_opcode_name(cmd.opcode)));
		json_object_object_add(o, "scope",
				       json_object_new_string(scope_name(cmd.scope)));
		if (path.depth) {
			json_object_object_add(o, "port", json_object_new_int(path.id[0]));
			json_object_object_add(o, "ld", path.depth > 1 ?
					       json_object_new_int(path.id[1]) : NULL);
			json_object_object_add(o, "delivered",
					       json_object_new_boolean(cmd.rc_level ==
								       path.depth));
		}
		json_object_object_add(o, "retval", json_object_new_int(cmd.retval));
		json_object_object_add(o, "retval_name",
				       json_object_new_string(cxl_retval_name(cmd.retval)));
		json_object_object_add(o, "size", json_object_new_int(cmd.out_len));
		json_object_object_add(o, "payload", json_hex(cmd.out, cmd.out_len));
		json_object_object_add(o, "tainted", json_object_new_uint64(cmd.taint_after));
		print_json(o);
		json_object_put(o);
	} else {
		/* Raw bytes on stdout leave no room for the summary there. */
		FILE *f = output && !strcmp(output, "-") ? stderr : stdout;

		if (path.depth)
			fprintf(f, "%s (0x%04x) at scope %s on %s of %s (%s)\n",
				cxl_opcode_name(cmd.opcode), cmd.opcode,
				scope_name(cmd.scope), where, dev.name, dev.parent);
		else
			fprintf(f, "%s (0x%04x) at scope %s on %s (%s)\n",
				cxl_opcode_name(cmd.opcode), cmd.opcode,
				scope_name(cmd.scope), dev.name, dev.parent);
		fprintf(f, "return code: 0x%04x (%s)%s\n", cmd.retval,
			cxl_retval_name(cmd.retval),
			cmd.rc_level < path.depth ? ", from the switch: not delivered" : "");
		fprintf(f, "output payload: %zu bytes%s%s\n", cmd.out_len,
			output ? ", written to " : "",
			output ? (strcmp(output, "-") ? output : "standard output") : "");
		if (!output)
			print_hexdump(cmd.out, cmd.out_len);
		print_taint_note(f, &cmd);
	}
	if (output) {
		int err = write_file_bytes(output, cmd.out, cmd.out_len);

		if (err) {
			fwctl_err("--output %s: %s", output, strerror(-err));
			rc = EXIT_FAIL;
			goto out;
		}
	}
	/* A tunnel that did not reach its destination: say why. */
	if (cmd.retval && cmd.rc_level < path.depth)
		cxl_check_retval(&dev, &cmd);
	rc = cmd.retval ? EXIT_DEVICE : EXIT_OK;
out:
	free(in);
	free(cmd.out);
	fwdev_close(&dev);
	return rc;
}
