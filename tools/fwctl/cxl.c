// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl cxl: CXL mailbox commands through FWCTL_RPC; the CEL, Identify and
 * raw commands; every refusal explained.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <fwctl/fwctl.h>
#include <fwctl/cxl.h>

#include "fwctl.h"

#define OP_GET_SUPPORTED_LOGS	0x0400
#define OP_GET_LOG		0x0401
#define OP_SET_FEATURE		0x0502
#define OP_IDENTIFY_MEMDEV	0x4000
#define RAW_OUT_DEFAULT		65536

static const uint8_t cel_uuid[16] = {
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
};

/* Command names of the CXL r3.1 specification. */
static const struct {
	uint16_t opcode;
	const char *name;
} opcodes[] = {
	{ 0x0001, "Identify" },
	{ 0x0002, "Background Operation Status" },
	{ 0x0003, "Get Response Message Limit" },
	{ 0x0004, "Set Response Message Limit" },
	{ 0x0005, "Request Abort Background Operation" },
	{ 0x0100, "Get Event Records" },
	{ 0x0101, "Clear Event Records" },
	{ 0x0102, "Get Event Interrupt Policy" },
	{ 0x0103, "Set Event Interrupt Policy" },
	{ 0x0104, "Get MCTP Event Interrupt Policy" },
	{ 0x0105, "Set MCTP Event Interrupt Policy" },
	{ 0x0106, "Event Notification" },
	{ 0x0200, "Get FW Info" },
	{ 0x0201, "Transfer FW" },
	{ 0x0202, "Activate FW" },
	{ 0x0300, "Get Timestamp" },
	{ 0x0301, "Set Timestamp" },
	{ 0x0400, "Get Supported Logs" },
	{ 0x0401, "Get Log" },
	{ 0x0402, "Get Log Capabilities" },
	{ 0x0403, "Clear Log" },
	{ 0x0404, "Populate Log" },
	{ 0x0405, "Get Supported Logs Sub-List" },
	{ 0x0500, "Get Supported Features" },
	{ 0x0501, "Get Feature" },
	{ 0x0502, "Set Feature" },
	{ 0x0600, "Perform Maintenance" },
	{ 0x4000, "Identify Memory Device" },
	{ 0x4100, "Get Partition Info" },
	{ 0x4101, "Set Partition Info" },
	{ 0x4102, "Get LSA" },
	{ 0x4103, "Set LSA" },
	{ 0x4200, "Get Health Info" },
	{ 0x4201, "Get Alert Configuration" },
	{ 0x4202, "Set Alert Configuration" },
	{ 0x4203, "Get Shutdown State" },
	{ 0x4204, "Set Shutdown State" },
	{ 0x4300, "Get Poison List" },
	{ 0x4301, "Inject Poison" },
	{ 0x4302, "Clear Poison" },
	{ 0x4303, "Get Scan Media Capabilities" },
	{ 0x4304, "Scan Media" },
	{ 0x4305, "Get Scan Media Results" },
	{ 0x4400, "Sanitize" },
	{ 0x4401, "Secure Erase" },
	{ 0x4500, "Get Security State" },
	{ 0x4501, "Set Passphrase" },
	{ 0x4502, "Disable Passphrase" },
	{ 0x4503, "Unlock" },
	{ 0x4504, "Freeze Security State" },
	{ 0x4505, "Passphrase Secure Erase" },
	{ 0x4600, "Security Send" },
	{ 0x4601, "Security Receive" },
	{ 0x4700, "Get SLD QoS Control" },
	{ 0x4701, "Set SLD QoS Control" },
	{ 0x4702, "Get SLD QoS Status" },
	{ 0x4800, "Get Dynamic Capacity Configuration" },
	{ 0x4801, "Get Dynamic Capacity Extent List" },
	{ 0x4802, "Add Dynamic Capacity Response" },
	{ 0x4803, "Release Dynamic Capacity" },
	{ 0x5300, "Tunnel Management Command" },
};

const char *cxl_opcode_name(uint16_t opcode)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opcodes); i++)
		if (opcodes[i].opcode == opcode)
			return opcodes[i].name;
	if (opcode >= 0xc000)
		return "Vendor Specific";
	return "(unknown)";
}

/* Mailbox return codes, CXL r3.1 table 8-34. */
static const char *const retvals[] = {
	"Success", "Background Command Started", "Invalid Input",
	"Unsupported", "Internal Error", "Retry Required", "Busy",
	"Media Disabled", "FW Transfer in Progress", "FW Transfer Out of Order",
	"FW Verification Failed", "Invalid Slot",
	"Activation Failed, FW Rolled Back",
	"Activation Failed, Cold Reset Required", "Invalid Handle",
	"Invalid Physical Address", "Inject Poison Limit Reached",
	"Permanent Media Failure", "Aborted", "Invalid Security State",
	"Incorrect Passphrase", "Unsupported Mailbox or CCI",
	"Invalid Payload Length", "Invalid Log", "Interrupted",
	"Unsupported Feature Version", "Unsupported Feature Selection Value",
	"Feature Transfer in Progress", "Feature Transfer Out of Order",
	"Resources Exhausted", "Invalid Extent List", "Transfer Out of Order",
	"Request Abort Not Supported",
};

const char *cxl_retval_name(uint32_t retval)
{
	if (retval < ARRAY_SIZE(retvals))
		return retvals[retval];
	return "(unknown return code)";
}

/* CEL effects bits, CXL r3.1 table 8-75; short names for tables. */
static const char *const effect_names[16] = {
	"cold-reset-config", "config", "data", "policy", "log", "security",
	"background", "secondary-mailbox", "abort", "reset-bits-valid",
	"conventional-reset-config", "cxl-reset-config",
	"reserved12", "reserved13", "reserved14", "reserved15",
};

void cxl_effects_string(uint16_t effects, char *out, size_t len)
{
	size_t n = 0;
	int bit;

	out[0] = 0;
	if (!effects) {
		snprintf(out, len, "-");
		return;
	}
	for (bit = 0; bit < 16; bit++) {
		if (!(effects & (1u << bit)))
			continue;
		n += snprintf(out + n, n < len ? len - n : 0, "%s%s", n ? "," : "",
			      effect_names[bit]);
	}
}

struct json_object *cxl_effects_json(uint16_t effects)
{
	struct json_object *a = json_object_new_array();
	int bit;

	for (bit = 0; bit < 16; bit++)
		if (effects & (1u << bit))
			json_object_array_add(a, json_object_new_string(effect_names[bit]));
	return a;
}

/* Send one command; fills retval/out_len or err. Returns 0 or -errno. */
int cxl_send(struct fwdev *dev, struct cxl_cmd *cmd)
{
	size_t in_len = sizeof(struct fwctl_rpc_cxl) + cmd->in_len;
	size_t out_len = sizeof(struct fwctl_rpc_cxl_out) + cmd->out_max;
	struct fwctl_rpc_cxl *req = calloc(1, in_len);
	struct fwctl_rpc_cxl_out *rsp = calloc(1, out_len);
	struct fwctl_rpc rpc = {
		.size = sizeof(rpc),
		.scope = cmd->scope,
		.in_len = in_len,
		.out_len = out_len,
		.in = (uintptr_t)req,
		.out = (uintptr_t)rsp,
	};

	cmd->err = 0;
	cmd->out_len = 0;
	cmd->retval = 0;
	if (!req || !rsp) {
		cmd->err = ENOMEM;
		goto out;
	}
	req->opcode = cmd->opcode;
	req->op_size = cmd->in_len;
	if (cmd->in_len)
		memcpy(req->payload, cmd->in, cmd->in_len);
	cmd->taint_before = kernel_taint();
	if (ioctl(dev->fd, FWCTL_RPC, &rpc)) {
		cmd->err = errno;
		goto out;
	}
	cmd->taint_after = kernel_taint();
	cmd->retval = rsp->retval;
	cmd->out_len = rsp->size;
	if (cmd->out_len > cmd->out_max)
		cmd->out_len = cmd->out_max;
	if (cmd->out_len > rpc.out_len - sizeof(*rsp))
		cmd->out_len = rpc.out_len - sizeof(*rsp);
	if (cmd->out_len)
		memcpy(cmd->out, rsp->payload, cmd->out_len);
out:
	free(req);
	free(rsp);
	return -cmd->err;
}

static const char *errno_name(int err)
{
	switch (err) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINVAL: return "EINVAL";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOSPC: return "ENOSPC";
	case EMSGSIZE: return "EMSGSIZE";
	case EBUSY: return "EBUSY";
	case ETIMEDOUT: return "ETIMEDOUT";
	case ENODEV: return "ENODEV";
	case ENOTTY: return "ENOTTY";
	case EFAULT: return "EFAULT";
	case E2BIG: return "E2BIG";
	case ENOMEM: return "ENOMEM";
	default: return "errno";
	}
}

/* Why an EPERM: the core's checks first, then the kernel's verdict. */
static void explain_eperm(const struct cxl_cmd *cmd, const struct verdicts *v,
			  char *why, size_t len)
{
	const char *lockdown = lockdown_mode();
	const struct feat_verdict *fv;
	const struct cel_verdict *cv;
	int needs;

	if (cmd->scope == FWCTL_RPC_DEBUG_WRITE_FULL && !have_cap_sys_rawio()) {
		snprintf(why, len,
			 "scope debug_write_full needs CAP_SYS_RAWIO, which this process lacks");
		return;
	}
	if (cmd->scope >= FWCTL_RPC_DEBUG_WRITE && lockdown &&
	    strcmp(lockdown, "none")) {
		snprintf(why, len,
			 "Kernel Lockdown is active (%s): the scopes debug_write and debug_write_full are refused",
			 lockdown);
		return;
	}
	if (cmd->opcode == OP_SET_FEATURE && cmd->feature) {
		fv = verdict_feat(v, cmd->feature);
		if (fv) {
			needs = parse_scope(fv->needs);
			if (needs == SCOPE_UNKNOWN) {
				snprintf(why, len, "%s", reason_text(fv->needs));
				return;
			}
			if (needs > cmd->scope) {
				snprintf(why, len,
					 "setting this Feature needs scope %s, more than the %s requested (use --scope %s)",
					 fv->needs, scope_name(cmd->scope), fv->needs);
				return;
			}
		}
	}
	cv = verdict_cel(v, cmd->opcode);
	if (cv && verdict_is_refusal(cv->verdict)) {
		snprintf(why, len, "%s: %s", reason_text(cv->verdict), cv->detail);
		return;
	}
	if (cv) {
		needs = parse_scope(cv->needs);
		if (needs != SCOPE_UNKNOWN && needs > cmd->scope) {
			snprintf(why, len,
				 "it needs scope %s (%s), more than the %s requested (use --scope %s)",
				 cv->needs, cv->detail, scope_name(cmd->scope), cv->needs);
			return;
		}
	}
	snprintf(why, len,
		 "the scope is too low for the command, or the kernel coordinates it (%s)",
		 v->cel_known ? "the kernel's verdict lists no reason" :
		 v->why_unknown);
}

/* Print in one line why the kernel refused @cmd. */
void cxl_explain(struct fwdev *dev, const struct cxl_cmd *cmd)
{
	const struct feat_verdict *fv = NULL;
	const struct cel_verdict *cv;
	struct verdicts v;
	char why[512], what[160];

	if (!strcmp(dev->bus, "cxl"))
		verdicts_load(dev->parent, &v);
	else
		memset(&v, 0, sizeof(v));
	cv = verdict_cel(&v, cmd->opcode);
	if (cmd->feature)
		fv = verdict_feat(&v, cmd->feature);

	switch (cmd->err) {
	case EPERM:
		explain_eperm(cmd, &v, why, sizeof(why));
		break;
	case EOPNOTSUPP:
		if (cv && verdict_is_refusal(cv->verdict))
			snprintf(why, sizeof(why), "%s: %s", reason_text(cv->verdict),
				 cv->detail);
		else if (!cv && v.cel_known)
			snprintf(why, sizeof(why), "%s", reason_text("not-in-cel"));
		else
			snprintf(why, sizeof(why),
				 "the opcode is not in the device's CEL, its effects are not understood, or it runs in the background");
		break;
	case EBUSY:
		if (fv && strcmp(fv->owner, "-"))
			snprintf(why, sizeof(why),
				 "the Feature is owned by a kernel driver (owner: %s); users may read it but not set it",
				 fv->owner);
		else
			snprintf(why, sizeof(why),
				 "the mailbox is busy (for instance while the kernel runs a Sanitize); try again later");
		break;
	case ENOENT:
		snprintf(why, sizeof(why),
			 "the device does not report this Feature (see 'fwctl cxl features')");
		break;
	case EINVAL:
		snprintf(why, sizeof(why),
			 "the kernel found the request malformed: wrong input length for this command, or a bad header");
		break;
	case EMSGSIZE:
		snprintf(why, sizeof(why), "the input is larger than the device's mailbox payload");
		break;
	case ENOSPC:
		snprintf(why, sizeof(why),
			 "the response buffer is smaller than the 8-byte response header");
		break;
	case ETIMEDOUT:
		snprintf(why, sizeof(why),
			 "the device did not answer in time, or started a background operation its CEL did not announce");
		break;
	case ENODEV:
		snprintf(why, sizeof(why), "the device went away (its memdev was removed)");
		break;
	case ENOTTY:
		snprintf(why, sizeof(why), "%s is not an fwctl device", dev->node);
		break;
	default:
		snprintf(why, sizeof(why), "%s", strerror(cmd->err));
		break;
	}
	snprintf(what, sizeof(what), "%s (0x%04x)", cxl_opcode_name(cmd->opcode),
		 cmd->opcode);
	fwctl_err("%s at scope %s on %s (%s): refused (%s): %s", what,
		  scope_name(cmd->scope), dev->name, dev->parent,
		errno_name(cmd->err), why);
	verdicts_free(&v);
}

/* Open DEV for a cxl subcommand: it must be a CXL fwctl device. */
int cxl_open(const char *arg, struct fwdev *dev)
{
	int rc = fwdev_resolve(arg, dev);

	if (rc)
		return rc;
	if (strcmp(dev->bus, "cxl")) {
		fwctl_err("%s: not a CXL device (its parent %s is on bus '%s')", arg,
			  dev->parent, dev->bus);
		return EXIT_NODEV;
	}
	return fwdev_open(dev);
}

/* Report a command that was delivered but that the device failed. */
int cxl_check_retval(struct fwdev *dev, const struct cxl_cmd *cmd)
{
	if (!cmd->retval)
		return EXIT_OK;
	fwctl_err("%s (0x%04x) on %s (%s): the device failed it: return code 0x%04x (%s)",
		  cxl_opcode_name(cmd->opcode), cmd->opcode, dev->name, dev->parent,
		cmd->retval, cxl_retval_name(cmd->retval));
	return EXIT_DEVICE;
}

/* Send and explain: 0, or the exit code of a failure already reported. */
int cxl_run(struct fwdev *dev, struct cxl_cmd *cmd)
{
	if (cxl_send(dev, cmd)) {
		cxl_explain(dev, cmd);
		return EXIT_REFUSED;
	}
	return cxl_check_retval(dev, cmd);
}

static unsigned int memdev_payload_max(const struct fwdev *dev)
{
	char path[PATH_MAX], buf[32];
	unsigned long v;

	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/payload_max",
		 dev->parent);
	if (read_sysfs(path, buf, sizeof(buf)))
		return 256;
	v = strtoul(buf, NULL, 0);
	return v >= 256 && v <= (1 << 20) ? v : 256;
}

/* Read the CEL from the device: Get Supported Logs, then Get Log. */
static int read_cel(struct fwdev *dev, uint8_t **cel, size_t *len)
{
	unsigned int chunk = memdev_payload_max(dev);
	uint8_t *out = malloc(chunk);
	uint32_t size = 0, off;
	struct cxl_cmd cmd = {
		.opcode = OP_GET_SUPPORTED_LOGS,
		.scope = FWCTL_RPC_CONFIGURATION,
		.out = out,
		.out_max = chunk,
	};
	unsigned int i, n;
	int rc;

	if (!out)
		return EXIT_FAIL;
	rc = cxl_run(dev, &cmd);
	if (rc)
		goto fail;
	n = cmd.out_len >= 8 ? get_le16(out) : 0;
	for (i = 0; i < n && 8 + 20 * (i + 1) <= cmd.out_len; i++)
		if (!memcmp(out + 8 + 20 * i, cel_uuid, 16))
			size = get_le32(out + 8 + 20 * i + 16);
	*cel = calloc(1, size + 1);
	if (!*cel) {
		rc = EXIT_FAIL;
		goto fail;
	}
	for (off = 0; off < size; off += cmd.out_len) {
		uint8_t in[24];

		memcpy(in, cel_uuid, 16);
		put_le32(in + 16, off);
		put_le32(in + 20, size - off < chunk ? size - off : chunk);
		cmd = (struct cxl_cmd) {
			.opcode = OP_GET_LOG,
			.scope = FWCTL_RPC_CONFIGURATION,
			.in = in,
			.in_len = sizeof(in),
			.out = *cel + off,
			.out_max = size - off,
		};
		rc = cxl_run(dev, &cmd);
		if (rc) {
			free(*cel);
			goto fail;
		}
		if (!cmd.out_len)
			break;
	}
	*len = off & ~3u;
	free(out);
	return EXIT_OK;
fail:
	free(out);
	return rc;
}

static void cel_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl cxl cel DEV [--json]\n"
		"\n"
		"List every Command Effects Log entry of a CXL device: opcode, command,\n"
		"effects, the scope it needs and whether this kernel allows it.\n"
		"\n"
		"  -j, --json    JSON output\n"
		"  -h, --help    this text (see also fwctl-cxl-cel(8))\n");
}

static const struct option json_opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ }
};

static int cmd_cxl_cel(int argc, char **argv)
{
	struct json_object *jarr = NULL;
	uint8_t *cel = NULL;
	struct verdicts v;
	struct fwdev dev;
	bool json = false;
	size_t len = 0, i;
	int c, rc;

	while ((c = getopt_long(argc, argv, "jh", json_opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			cel_usage(stdout);
			return EXIT_OK;
		default:
			cel_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		cel_usage(stderr);
		return EXIT_USAGE;
	}
	rc = cxl_open(argv[optind], &dev);
	if (rc)
		return rc;
	rc = read_cel(&dev, &cel, &len);
	if (rc) {
		fwdev_close(&dev);
		return rc;
	}
	verdicts_load(dev.parent, &v);
	if (json)
		jarr = json_object_new_array();
	else
		printf("%-6s  %-30s %-38s %-16s %s\n", "OPCODE", "COMMAND",
		       "EFFECTS", "NEEDS", "KERNEL");
	for (i = 0; i + 4 <= len; i += 4) {
		uint16_t op = get_le16(cel + i), eff = get_le16(cel + i + 2);
		const struct cel_verdict *cv = verdict_cel(&v, op);
		bool refused = cv && verdict_is_refusal(cv->verdict);
		char effs[256], eff_col[280];

		if (json) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "opcode", json_u16hex(op));
			json_object_object_add(o, "command",
					       json_object_new_string(cxl_opcode_name(op)));
			json_object_object_add(o, "effects", json_u16hex(eff));
			json_object_object_add(o, "effects_decoded", cxl_effects_json(eff));
			json_object_object_add(o, "needs", cv && !refused ?
					       json_object_new_string(cv->needs) : NULL);
			json_object_object_add(o, "kernel", json_object_new_string(cv ?
					       cv->verdict : "unknown"));
			json_object_object_add(o, "allowed", cv && !refused ?
					       json_object_new_boolean(true) : cv ?
					       json_object_new_boolean(false) : NULL);
			json_object_object_add(o, "detail", json_object_new_string(cv ?
					       cv->detail : v.why_unknown));
			json_object_array_add(jarr, o);
			continue;
		}
		cxl_effects_string(eff, effs, sizeof(effs));
		snprintf(eff_col, sizeof(eff_col), "0x%04x %s", eff, effs);
		printf("0x%04x  %-30s %-38s %-16s ", op, cxl_opcode_name(op), eff_col,
		       cv ? cv->needs : "?");
		if (!cv)
			printf("unknown\n");
		else if (refused)
			printf("refused: %s (%s)\n", cv->verdict, cv->detail);
		else if (!strcmp(cv->verdict, "per-feature"))
			printf("per Feature: see 'fwctl cxl features'\n");
		else
			printf("allowed\n");
	}
	if (json) {
		print_json(jarr);
		json_object_put(jarr);
	} else if (!v.cel_known) {
		printf("(the kernel's verdicts are unknown: %s)\n", v.why_unknown);
	}
	verdicts_free(&v);
	free(cel);
	fwdev_close(&dev);
	return EXIT_OK;
}

static void identify_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl cxl identify DEV [--json]\n"
		"\n"
		"Send Identify Memory Device (0x4000) and decode the answer.\n"
		"\n"
		"  -j, --json    JSON output\n"
		"  -h, --help    this text (see also fwctl-cxl-identify(8))\n");
}

static int cmd_cxl_identify(int argc, char **argv)
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
	struct fwdev dev;
	bool json = false;
	char fw[17];
	size_t i;
	int c, rc;

	while ((c = getopt_long(argc, argv, "jh", json_opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			identify_usage(stdout);
			return EXIT_OK;
		default:
			identify_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		identify_usage(stderr);
		return EXIT_USAGE;
	}
	rc = cxl_open(argv[optind], &dev);
	if (rc)
		return rc;
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
		"                         [--out-size N] [--json]\n"
		"\n"
		"Send one mailbox command and print its return code and output payload.\n"
		"\n"
		"  -o, --opcode X      the mailbox opcode (0x4000, 16384, ...)\n"
		"  -i, --in HEX        input payload as hex bytes (\"01 02\", 0102)\n"
		"  -f, --in-file F     input payload from file F (binary)\n"
		"  -s, --scope S       configuration (default), debug_read_only,\n"
		"                      debug_write or debug_write_full\n"
		"  -n, --out-size N    largest output payload to accept (default %d)\n"
		"  -j, --json          JSON output\n"
		"  -h, --help          this text (see also fwctl-cxl-raw(8))\n",
		RAW_OUT_DEFAULT);
}

static void print_taint_note(const struct cxl_cmd *cmd)
{
	unsigned long fwctl_bit = 1UL << 19;

	if (cmd->scope < FWCTL_RPC_DEBUG_WRITE)
		return;
	printf("kernel taint: %lu%s\n", cmd->taint_after,
	       (cmd->taint_after & fwctl_bit) && !(cmd->taint_before & fwctl_bit) ?
	       " (fwctl taint, bit 19, set by this command)" :
	       cmd->taint_after & fwctl_bit ? " (fwctl taint, bit 19)" : "");
}

static int cmd_cxl_raw(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "opcode", required_argument, NULL, 'o' },
		{ "in", required_argument, NULL, 'i' },
		{ "in-file", required_argument, NULL, 'f' },
		{ "scope", required_argument, NULL, 's' },
		{ "out-size", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *in_hex = NULL, *in_file = NULL;
	struct cxl_cmd cmd = { .scope = FWCTL_RPC_CONFIGURATION };
	uint32_t opcode = 0, out_size = RAW_OUT_DEFAULT;
	bool json = false, have_op = false;
	uint8_t *in = NULL;
	struct fwdev dev;
	size_t in_len = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, "o:i:f:s:n:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (parse_u32(optarg, &opcode) || opcode > 0xffff) {
				fwctl_err("--opcode %s: not a 16-bit number", optarg);
				return EXIT_USAGE;
			}
			have_op = true;
			break;
		case 'i':
			in_hex = optarg;
			break;
		case 'f':
			in_file = optarg;
			break;
		case 's':
			cmd.scope = parse_scope(optarg);
			if (cmd.scope == SCOPE_UNKNOWN) {
				fwctl_err("--scope %s: one of configuration, debug_read_only, debug_write, debug_write_full",
					  optarg);
				return EXIT_USAGE;
			}
			break;
		case 'n':
			if (parse_u32(optarg, &out_size) || out_size > (2 << 20) - 8) {
				fwctl_err("--out-size %s: at most 2 MiB", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			raw_usage(stdout);
			return EXIT_OK;
		default:
			raw_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !have_op || (in_hex && in_file)) {
		raw_usage(stderr);
		return EXIT_USAGE;
	}
	if (in_hex && parse_hex(in_hex, &in, &in_len)) {
		fwctl_err("--in %s: not hex bytes", in_hex);
		return EXIT_USAGE;
	}
	if (in_file) {
		rc = read_file_bytes(in_file, &in, &in_len);
		if (rc) {
			fwctl_err("--in-file %s: %s", in_file, strerror(-rc));
			return EXIT_USAGE;
		}
	}
	rc = cxl_open(argv[optind], &dev);
	if (rc) {
		free(in);
		return rc;
	}
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
		json_object_object_add(o, "retval", json_object_new_int(cmd.retval));
		json_object_object_add(o, "retval_name",
				       json_object_new_string(cxl_retval_name(cmd.retval)));
		json_object_object_add(o, "size", json_object_new_int(cmd.out_len));
		json_object_object_add(o, "payload", json_hex(cmd.out, cmd.out_len));
		json_object_object_add(o, "tainted", json_object_new_uint64(cmd.taint_after));
		print_json(o);
		json_object_put(o);
	} else {
		printf("%s (0x%04x) at scope %s on %s (%s)\n", cxl_opcode_name(cmd.opcode),
		       cmd.opcode, scope_name(cmd.scope), dev.name, dev.parent);
		printf("return code: 0x%04x (%s)\n", cmd.retval,
		       cxl_retval_name(cmd.retval));
		printf("output payload: %zu bytes\n", cmd.out_len);
		print_hexdump(cmd.out, cmd.out_len);
		print_taint_note(&cmd);
	}
	rc = cmd.retval ? EXIT_DEVICE : EXIT_OK;
out:
	free(in);
	free(cmd.out);
	fwdev_close(&dev);
	return rc;
}

static void cxl_usage(FILE *f)
{
	fprintf(f,
		"usage: fwctl cxl COMMAND DEV [options]\n"
		"\n"
		"  cel            the Command Effects Log with the kernel's verdicts\n"
		"  features       the Features with sizes, effects, scope and owner\n"
		"  get-feature    read a Feature (decoded for patrol-scrub and ecs)\n"
		"  set-feature    change a Feature\n"
		"  identify       Identify Memory Device, decoded\n"
		"  raw            send any mailbox command\n"
		"\n"
		"DEV is fwctlN, /dev/fwctl/fwctlN or a memdev name (mem0).\n"
		"'fwctl cxl COMMAND --help' describes each command.\n");
}

int cmd_cxl(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "cel", cmd_cxl_cel },
		{ "features", cmd_cxl_features },
		{ "get-feature", cmd_cxl_get_feature },
		{ "set-feature", cmd_cxl_set_feature },
		{ "identify", cmd_cxl_identify },
		{ "raw", cmd_cxl_raw },
	};
	size_t i;

	if (argc < 2) {
		cxl_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		cxl_usage(stdout);
		return EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		optind = 0;
		return cmds[i].fn(argc - 1, argv + 1);
	}
	fwctl_err("cxl: unknown command '%s'", argv[1]);
	cxl_usage(stderr);
	return EXIT_USAGE;
}
