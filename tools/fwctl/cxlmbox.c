// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl: the CXL mailbox library under the commands: sending a command
 * through FWCTL_RPC, on a CXL switch mailbox CCI through a Tunnel
 * Management Command to the device behind a port and from there to one of
 * its LDs; explaining every refusal from the kernel's verdicts; the names
 * of opcodes, return codes and effects; reading the CEL. It calls no
 * command.
 */
#include <errno.h>
#include <stddef.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <fwctl/fwctl.h>
#include <fwctl/cxl.h>

#include "fwctl.h"

/*
 * Tunnel Management Command (CXL r3.1 7.6.7.3.1): a 4-byte header (port or
 * LD id, target type, le16 size) and a 12-byte CCI message header
 * (category, tag, reserved, command, command set, le24 payload length,
 * le16 return code, le16 vendor status) in front of each level.
 */
#define TUNNEL_HDR		4
#define CCI_HDR			12
#define TUNNEL_OVERHEAD		(TUNNEL_HDR + CCI_HDR)
#define CCI_RESPONSE		1
#define RC_INVALID_INPUT	0x0002

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
	{ 0x5100, "Identify Switch Device" },
	{ 0x5101, "Get Physical Port State" },
	{ 0x5102, "Physical Port Control" },
	{ 0x5103, "Send PPB CXL.io Configuration Request" },
	{ 0x5200, "Get Virtual CXL Switch Info" },
	{ 0x5201, "Bind vPPB" },
	{ 0x5202, "Unbind vPPB" },
	{ 0x5203, "Generate AER Event" },
	{ 0x5300, "Tunnel Management Command" },
	{ 0x5301, "Send LD CXL.io Configuration Request" },
	{ 0x5302, "Send LD CXL.io Memory Request" },
	{ 0x5400, "Get LD Info" },
	{ 0x5401, "Get LD Allocations" },
	{ 0x5402, "Set LD Allocations" },
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

/* Send one command as it is; fills retval/out_len or err. */
static int send_rpc(struct fwdev *dev, struct cxl_cmd *cmd)
{
	/*
	 * The headers end where payload[] starts: 16 and 8 bytes. Mainline's
	 * layout makes sizeof() of both larger (a union of Feature inputs
	 * follows the header), so sizeof() would mismeasure.
	 */
	size_t req_hdr = offsetof(struct fwctl_rpc_cxl, payload);
	size_t rsp_hdr = offsetof(struct fwctl_rpc_cxl_out, payload);
	size_t in_len = req_hdr + cmd->in_len;
	size_t out_len = rsp_hdr + cmd->out_max;
	/* Room for the whole struct, though only in_len/out_len are sent. */
	struct fwctl_rpc_cxl *req = calloc(1, in_len + sizeof(*req));
	struct fwctl_rpc_cxl_out *rsp = calloc(1, out_len + sizeof(*rsp));
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
	if (cmd->out_len > rpc.out_len - rsp_hdr)
		cmd->out_len = rpc.out_len - rsp_hdr;
	if (cmd->out_len)
		memcpy(cmd->out, rsp->payload, cmd->out_len);
out:
	free(req);
	free(rsp);
	return -cmd->err;
}

static uint32_t get_le24(const uint8_t *p)
{
	return p[0] | p[1] << 8 | (uint32_t)p[2] << 16;
}

/* Put a tunnel to @id carrying @opcode in front of the @len bytes at @buf. */
static size_t tunnel_wrap(uint8_t *buf, uint8_t id, uint16_t opcode,
			  size_t len, uint8_t tag)
{
	memmove(buf + TUNNEL_OVERHEAD, buf, len);
	memset(buf, 0, TUNNEL_OVERHEAD);
	buf[0] = id;		/* target type 0: a port or an LD */
	put_le16(buf + 2, CCI_HDR + len);
	buf[TUNNEL_HDR + 1] = tag;	/* category 0: a request */
	buf[TUNNEL_HDR + 3] = opcode & 0xff;
	buf[TUNNEL_HDR + 4] = opcode >> 8;
	buf[TUNNEL_HDR + 5] = len & 0xff;
	buf[TUNNEL_HDR + 6] = (len >> 8) & 0xff;
	buf[TUNNEL_HDR + 7] = (len >> 16) & 0xff;
	return len + TUNNEL_OVERHEAD;
}

/*
 * The opcode the device at the end of @level hops of @path runs for @cmd:
 * its own command at the end, a tunnel before that.
 */
static uint16_t level_opcode(const struct cxl_cmd *cmd, unsigned int level)
{
	return level == cmd->path->depth ? cmd->opcode : OP_TUNNEL;
}

/*
 * Walk the response of a tunnelled @cmd: each level echoes its tag and
 * command; the first return code that is not success ends the walk.
 */
static int tunnel_unwrap(struct cxl_cmd *cmd, const uint8_t *p, size_t n,
			 const uint8_t *tags)
{
	unsigned int k;

	for (k = 0; k < cmd->path->depth; k++) {
		const uint8_t *cci = p + TUNNEL_HDR;
		uint16_t op = level_opcode(cmd, k + 1);
		size_t rlen;

		if (n < TUNNEL_OVERHEAD)
			return -EPROTO;
		rlen = get_le16(p);
		if (rlen < CCI_HDR || rlen > n - TUNNEL_HDR ||
		    (cci[0] & 0xf) != CCI_RESPONSE || cci[1] != tags[k] ||
		    get_le16(cci + 3) != op ||
		    get_le24(cci + 5) != rlen - CCI_HDR)
			return -EPROTO;
		if (get_le16(cci + 8)) {
			cmd->retval = get_le16(cci + 8);
			cmd->rc_level = k + 1;
			return 0;
		}
		p = cci + CCI_HDR;
		n = rlen - CCI_HDR;
	}
	cmd->rc_level = cmd->path->depth;
	cmd->out_len = n < cmd->out_max ? n : cmd->out_max;
	if (cmd->out_len)
		memcpy(cmd->out, p, cmd->out_len);
	return 0;
}

/*
 * Send one command, through the tunnels of cmd->path if it has any; fills
 * retval (and rc_level: whose code it is) and out_len, or err. Returns 0
 * or -errno.
 */
int cxl_send(struct fwdev *dev, struct cxl_cmd *cmd)
{
	static uint8_t tag;
	unsigned int depth = cmd->path ? cmd->path->depth : 0, k;
	size_t len = cmd->in_len;
	struct cxl_cmd outer = {
		.opcode = OP_TUNNEL,
		.scope = cmd->scope,
		.out_max = cmd->out_max + depth * TUNNEL_OVERHEAD,
	};
	uint8_t tags[CXL_PATH_MAX], *buf;
	int rc;

	cmd->rc_level = 0;
	if (!depth)
		return send_rpc(dev, cmd);
	cmd->err = 0;
	cmd->out_len = 0;
	cmd->retval = 0;
	buf = malloc(len + depth * TUNNEL_OVERHEAD);
	outer.out = malloc(outer.out_max);
	if (!buf || !outer.out) {
		cmd->err = ENOMEM;
		goto out;
	}
	if (len)
		memcpy(buf, cmd->in, len);
	for (k = depth; k-- > 0;) {
		tags[k] = ++tag;
		len = tunnel_wrap(buf, cmd->path->id[k], level_opcode(cmd, k + 1),
				  len, tags[k]);
	}
	outer.in = buf;
	outer.in_len = len;
	rc = send_rpc(dev, &outer);
	cmd->taint_before = outer.taint_before;
	cmd->taint_after = outer.taint_after;
	if (rc) {
		cmd->err = outer.err;
	} else if (outer.retval) {
		/* The switch did not deliver it: its own return code. */
		cmd->retval = outer.retval;
	} else {
		rc = tunnel_unwrap(cmd, outer.out, outer.out_len, tags);
		if (rc)
			cmd->err = -rc;
	}
out:
	free(buf);
	free(outer.out);
	return -cmd->err;
}

/* "port 0" or "LD 1 behind port 0". */
void cxl_path_string(const struct cxl_path *path, char *out, size_t len)
{
	if (!path || !path->depth)
		snprintf(out, len, "the device");
	else if (path->depth == 1)
		snprintf(out, len, "port %u", path->id[0]);
	else
		snprintf(out, len, "LD %u behind port %u", path->id[1], path->id[0]);
}

/* A --port or --ld value: 0 to 255. */
int cxl_path_opt(const char *opt, const char *arg, int *id)
{
	uint32_t v;

	if (parse_u32(arg, &v) || v > 255) {
		fwctl_err("--%s %s: a port or LD id is a number from 0 to 255", opt,
			  arg);
		return EXIT_USAGE;
	}
	*id = v;
	return EXIT_OK;
}

/* The path of --port/--ld (-1 when not given); only a switch CCI tunnels. */
int cxl_path_make(int port, int ld, const struct fwdev *dev,
		  struct cxl_path *path)
{
	memset(path, 0, sizeof(*path));
	if (port < 0)
		return EXIT_OK;
	if (dev && !dev->swcci) {
		fwctl_err("%s (%s): --port needs a CXL switch mailbox CCI; this is not one (see 'fwctl list')",
			  dev->name, dev->parent);
		return EXIT_USAGE;
	}
	path->id[path->depth++] = port;
	if (ld >= 0)
		path->id[path->depth++] = ld;
	return EXIT_OK;
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
	case ELOOP: return "ELOOP";
	case ENXIO: return "ENXIO";
	case EPROTO: return "EPROTO";
	default: return "errno";
	}
}

/* An EPERM the fwctl core decides: the process or the kernel's state. */
static bool eperm_process(const struct cxl_cmd *cmd, char *why, size_t len)
{
	const char *lockdown = lockdown_mode();

	if (cmd->scope == FWCTL_RPC_DEBUG_WRITE_FULL && !have_cap_sys_rawio()) {
		snprintf(why, len,
			 "scope debug_write_full needs CAP_SYS_RAWIO, which this process lacks");
		return true;
	}
	if (cmd->scope >= FWCTL_RPC_DEBUG_WRITE && lockdown &&
	    strcmp(lockdown, "none")) {
		snprintf(why, len,
			 "Kernel Lockdown is active (%s): the scopes debug_write and debug_write_full are refused",
			 lockdown);
		return true;
	}
	return false;
}

static unsigned int identify_payload(struct fwdev *dev,
				     const struct cxl_path *path,
				     unsigned int unknown);

/* Set while an explanation sends commands of its own: they explain nothing. */
static bool explaining;

/*
 * Does the CEL of the device at the end of @path list @opcode? Read through
 * the tunnel, as 'fwctl cxl cel --port' does: 1 yes, 0 no, -1 unknown. A
 * fact of the device, not a verdict: the kernel publishes none for the
 * devices behind a switch.
 */
static int dest_cel_lists(struct fwdev *dev, const struct cxl_path *path,
			  uint16_t opcode)
{
	uint8_t *cel = NULL;
	size_t len = 0, i;
	int found = 0;

	if (explaining)
		return -1;
	explaining = true;
	if (cxl_read_cel(dev, path, &cel, &len))
		found = -1;
	explaining = false;
	for (i = 0; found == 0 && i + 4 <= len; i += 4)
		found = get_le16(cel + i) == opcode;
	free(cel);
	return found;
}

/*
 * Why the kernel refused a tunnelled @cmd, from its verdicts at every
 * level: the tunnel on the switch, then what each destination runs.
 * Returns false when no level explains it.
 */
static bool explain_tunnel(struct fwdev *dev, const struct cxl_cmd *cmd,
			   char *why, size_t len)
{
	const struct cxl_path *path = cmd->path;
	struct verdicts v[CXL_PATH_MAX + 1];
	unsigned long payload[CXL_PATH_MAX + 1] = { 0 };
	char where[CXL_PATH_MAX + 1][48], port_s[32], ld_s[32];
	unsigned int k, depth = path->depth;
	bool done = false;

	verdicts_load_switch(dev->name, &v[0]);
	snprintf(where[0], sizeof(where[0]), "the switch");
	for (k = 1; k <= depth; k++) {
		struct cxl_path prefix = *path;

		prefix.depth = k;
		verdicts_load_dest(dev->name, &v[k]);
		if (cmd->err == EMSGSIZE)
			payload[k] = identify_payload(dev, &prefix, 0);
		cxl_path_string(&prefix, where[k], sizeof(where[k]));
	}
	snprintf(port_s, sizeof(port_s), " --port %u", path->id[0]);
	snprintf(ld_s, sizeof(ld_s), " --ld %u", depth > 1 ? path->id[1] : 0);

	switch (cmd->err) {
	case EPERM:
	case EOPNOTSUPP:
		if (cmd->err == EPERM && eperm_process(cmd, why, len)) {
			done = true;
			break;
		}
		for (k = 0; k <= depth && !done; k++) {
			uint16_t op = k ? level_opcode(cmd, k) : OP_TUNNEL;
			const struct cel_verdict *cv = verdict_cel(&v[k], op);
			int needs = cv ? parse_scope(cv->needs) : SCOPE_UNKNOWN;

			if (k && !done && cmd->err == EOPNOTSUPP) {
				struct cxl_path prefix = *path;

				prefix.depth = k;
				if (dest_cel_lists(dev, &prefix, op))
					continue;
				snprintf(why, len,
					 "the Command Effects Log of %s does not list %s (0x%04x) (see 'fwctl cxl cel %s%s%s')",
					 where[k], cxl_opcode_name(op), op, dev->name,
					 port_s, k > 1 ? ld_s : "");
				done = true;
			} else if (!cv && v[k].cel_known && cmd->err == EOPNOTSUPP) {
				snprintf(why, len,
					 "the Command Effects Log of %s does not list %s (0x%04x) (see 'fwctl cxl cel %s%s%s')",
					 where[k], cxl_opcode_name(op), op, dev->name,
					 k ? port_s : "", k > 1 ? ld_s : "");
				done = true;
			} else if (cv && verdict_is_refusal(cv->verdict)) {
				snprintf(why, len, "%s (0x%04x) on %s: %s: %s",
					 cxl_opcode_name(op), op, where[k],
					 reason_text(cv->verdict), cv->detail);
				done = true;
			} else if (cv && cmd->err == EPERM && needs != SCOPE_UNKNOWN &&
				   needs > cmd->scope) {
				snprintf(why, len,
					 "%s (0x%04x) on %s needs scope %s (%s), more than the %s requested (use --scope %s)",
					 cxl_opcode_name(op), op, where[k], cv->needs,
					 cv->detail, scope_name(cmd->scope), cv->needs);
				done = true;
			}
		}
		/*
		 * The deny list goes by opcode: a command the kernel
		 * coordinates is refused before any CEL is looked at, and the
		 * switch's own table says why.
		 */
		if (!done && cmd->err == EPERM) {
			const struct cel_verdict *cv = verdict_cel(&v[0], cmd->opcode);

			if (cv && verdict_is_refusal(cv->verdict)) {
				snprintf(why, len, "%s: %s", reason_text(cv->verdict),
					 cv->detail);
				done = true;
			}
		}
		if (!done && cmd->err == EOPNOTSUPP)
			snprintf(why, len,
				 "a command along the path is not in the Command Effects Log of the device that would run it, has effects the kernel does not understand or runs in the background, or the target is an LD pool");
		else if (!done)
			snprintf(why, len,
				 "a command along the path needs a higher scope, is coordinated by the kernel or changes the security state (%s)",
				 v[depth].cel_known ? "the kernel's verdicts list no reason" :
				 v[depth].why_unknown);
		done = true;
		break;
	case ELOOP:
		snprintf(why, len,
			 "more than 2 nested tunnels: the kernel follows switch -> port -> LD at most");
		done = true;
		break;
	case EMSGSIZE:
		for (k = depth; k >= 1 && !done; k--) {
			if (!payload[k] || cmd->in_len <= payload[k])
				continue;
			snprintf(why, len,
				 "the input (%zu bytes) is larger than the %lu-byte payload %s accepts",
				 cmd->in_len, payload[k], where[k]);
			done = true;
		}
		if (!done)
			snprintf(why, len,
				 "the input is larger than the payload of %s, or with the tunnel headers than the switch's mailbox",
				 where[depth]);
		done = true;
		break;
	case ENOENT:
		snprintf(why, len,
			 "the kernel does not know the Features of a tunnelled device, so it refuses Set Feature through a tunnel");
		done = true;
		break;
	case ENXIO:
		snprintf(why, len,
			 "the device behind port %u refused to tunnel further while the kernel read the Command Effects Log of %s",
			 path->id[0], where[depth]);
		done = true;
		break;
	case EINVAL:
		snprintf(why, len,
			 "the kernel found a tunnel level malformed: a header, size or payload length does not agree");
		done = true;
		break;
	case EPROTO:
		snprintf(why, len,
			 "the answer through the tunnel is malformed: a response header, tag, command or length does not agree");
		done = true;
		break;
	}
	for (k = 0; k <= depth; k++)
		verdicts_free(&v[k]);
	return done;
}

/* Why an EPERM: the core's checks first, then the kernel's verdict. */
static void explain_eperm(const struct cxl_cmd *cmd, const struct verdicts *v,
			  char *why, size_t len)
{
	const struct feat_verdict *fv;
	const struct cel_verdict *cv;
	int needs;

	if (eperm_process(cmd, why, len))
		return;
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

/* " on port 0 of fwctl2 (0000:0d:00.1)", " on fwctl0 (mem0)". */
static void target_string(const struct fwdev *dev, const struct cxl_cmd *cmd,
			  char *out, size_t len)
{
	char where[48];

	if (!cmd->path || !cmd->path->depth) {
		snprintf(out, len, "on %s (%s)", dev->name, dev->parent);
		return;
	}
	cxl_path_string(cmd->path, where, sizeof(where));
	snprintf(out, len, "on %s of %s (%s)", where, dev->name, dev->parent);
}

/* Print in one line why the kernel refused @cmd. */
void cxl_explain(struct fwdev *dev, const struct cxl_cmd *cmd)
{
	const struct feat_verdict *fv = NULL;
	const struct cel_verdict *cv;
	struct verdicts v;
	char why[640], what[160], target[192];

	if (!strcmp(dev->bus, "cxl"))
		verdicts_load(dev->name, &v);
	else if (dev->swcci)
		verdicts_load_switch(dev->name, &v);
	else
		memset(&v, 0, sizeof(v));
	cv = verdict_cel(&v, cmd->opcode);
	if (cmd->feature)
		fv = verdict_feat(&v, cmd->feature);

	if (cmd->path && cmd->path->depth &&
	    explain_tunnel(dev, cmd, why, sizeof(why)))
		goto print;
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
				 "the opcode is not in the device's CEL, or its effects are not understood");
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
	case ELOOP:
		snprintf(why, sizeof(why),
			 "more than 2 nested tunnels: the kernel follows switch -> port -> LD at most");
		break;
	case ENXIO:
		snprintf(why, sizeof(why),
			 "a device along the tunnel refused to tunnel further while the kernel read its destination's Command Effects Log");
		break;
	default:
		snprintf(why, sizeof(why), "%s", strerror(cmd->err));
		break;
	}
print:
	snprintf(what, sizeof(what), "%s (0x%04x)", cxl_opcode_name(cmd->opcode),
		 cmd->opcode);
	target_string(dev, cmd, target, sizeof(target));
	fwctl_err("%s at scope %s %s: refused (%s): %s", what,
		  scope_name(cmd->scope), target, errno_name(cmd->err), why);
	verdicts_free(&v);
}

/* Open DEV for a cxl subcommand: a memdev's or a switch CCI's fwctl device. */
int cxl_open(const char *arg, struct fwdev *dev)
{
	int rc = fwdev_resolve(arg, dev);

	if (rc)
		return rc;
	if (strcmp(dev->bus, "cxl") && !dev->swcci) {
		fwctl_err("%s: not a CXL device (its parent %s is on bus '%s')", arg,
			  dev->parent, dev->bus);
		return EXIT_NODEV;
	}
	return fwdev_open(dev);
}

/* Open DEV for a command only a memdev answers (Features). */
int cxl_open_memdev(const char *arg, struct fwdev *dev)
{
	int rc = fwdev_resolve(arg, dev);

	if (rc)
		return rc;
	if (dev->swcci) {
		fwctl_err("%s (%s): a CXL switch mailbox CCI: Features are read and set on memdevs (see 'fwctl list')",
			  dev->name, dev->parent);
		return EXIT_NODEV;
	}
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
	static const char bad_port[] =
		": no such port, or not a downstream port with a device (see 'fwctl cxl switch')";
	unsigned int depth = cmd->path ? cmd->path->depth : 0;
	char target[192];

	if (!cmd->retval)
		return EXIT_OK;
	target_string(dev, cmd, target, sizeof(target));
	if (depth && !cmd->rc_level)
		fwctl_err("%s (0x%04x) %s: the switch did not deliver it: return code 0x%04x (%s)%s",
			  cxl_opcode_name(cmd->opcode), cmd->opcode, target,
			  cmd->retval, cxl_retval_name(cmd->retval),
			  cmd->retval == RC_INVALID_INPUT ? bad_port : "");
	else if (cmd->rc_level < depth)
		fwctl_err("%s (0x%04x) %s: the device behind port %u did not tunnel it to LD %u: return code 0x%04x (%s)",
			  cxl_opcode_name(cmd->opcode), cmd->opcode, target,
			  cmd->path->id[0], cmd->path->id[1], cmd->retval,
			  cxl_retval_name(cmd->retval));
	else
		fwctl_err("%s (0x%04x) %s: the device failed it: return code 0x%04x (%s)",
			  cxl_opcode_name(cmd->opcode), cmd->opcode, target,
			  cmd->retval, cxl_retval_name(cmd->retval));
	return EXIT_DEVICE;
}

/* Send and explain: 0, or the exit code of a failure already reported. */
int cxl_run(struct fwdev *dev, struct cxl_cmd *cmd)
{
	if (cxl_send(dev, cmd)) {
		if (!explaining)
			cxl_explain(dev, cmd);
		return EXIT_REFUSED;
	}
	return explaining && cmd->retval ? EXIT_DEVICE :
	       cxl_check_retval(dev, cmd);
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

/*
 * The largest message a CCI takes, from its Identify (0x0001); @unknown
 * when it does not say.
 */
static unsigned int identify_payload(struct fwdev *dev,
				     const struct cxl_path *path,
				     unsigned int unknown)
{
	uint8_t out[64];
	struct cxl_cmd cmd = {
		.opcode = OP_IDENTIFY,
		.scope = FWCTL_RPC_CONFIGURATION,
		.out = out,
		.out_max = sizeof(out),
		.path = path,
	};

	if (cxl_send(dev, &cmd) || cmd.retval || cmd.out_len < 17 ||
	    out[16] < 8 || out[16] > 20)
		return unknown;
	return 1u << out[16];
}

/* What a switch CCI's Identify says it takes (QEMU: 2^9). */
int cxl_switch_payload(struct fwdev *dev)
{
	return identify_payload(dev, NULL, 256);
}

/*
 * The largest Get Log chunk: the memdev's payload; on a switch what its
 * Identify says; through tunnels what the destination takes and what fits
 * in the switch's message with the tunnel headers, in whole CEL entries.
 */
static unsigned int log_chunk(struct fwdev *dev, const struct cxl_path *path)
{
	unsigned int sw, dest, room;

	if (!dev->swcci)
		return memdev_payload_max(dev);
	sw = identify_payload(dev, NULL, 256);
	if (!path || !path->depth)
		return sw;
	dest = identify_payload(dev, path, 256);
	room = sw - path->depth * TUNNEL_OVERHEAD;
	return (dest < room ? dest : room) & ~3u;
}

/*
 * Read the CEL from the device, or through @path from the one behind it:
 * Get Supported Logs, then Get Log in chunks (past its end a log may read
 * as zeros, so its size is the one Get Supported Logs gives).
 */
int cxl_read_cel(struct fwdev *dev, const struct cxl_path *path,
		 uint8_t **cel, size_t *len)
{
	unsigned int chunk = log_chunk(dev, path);
	uint8_t *out = malloc(chunk);
	uint32_t size = 0, off;
	struct cxl_cmd cmd = {
		.opcode = OP_GET_SUPPORTED_LOGS,
		.scope = FWCTL_RPC_CONFIGURATION,
		.out = out,
		.out_max = chunk,
		.path = path,
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
			.path = path,
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

/* Identify's Component Type. */
static const char *component_name(unsigned int v)
{
	switch (v) {
	case 0x00:
		return "switch";
	case 0x03:
		return "type 3 device";
	default:
		return "reserved";
	}
}

/* Did Identify answer at least its 18 bytes? Says so when not. */
bool cxl_identify_ok(const struct cxl_cmd *cmd)
{
	if (cmd->out_len >= IDENTIFY_LEN)
		return true;
	fwctl_err("Identify answered %zu bytes, fewer than the %d it must",
		  cmd->out_len, IDENTIFY_LEN);
	return false;
}

/* Decode Identify (0x0001) output: as lines, or into @o. */
void cxl_identify_print(const uint8_t *out, size_t len, struct json_object *o)
{
	uint64_t serial = get_le64(out + 8);
	unsigned int type = out[17];
	char memdev[64];

	(void)len;
	memdev_of_serial(serial, memdev, sizeof(memdev));
	if (o) {
		json_object_object_add(o, "vendor_id", json_u16hex(get_le16(out)));
		json_object_object_add(o, "device_id", json_u16hex(get_le16(out + 2)));
		json_object_object_add(o, "subsystem_vendor_id",
				       json_u16hex(get_le16(out + 4)));
		json_object_object_add(o, "subsystem_id",
				       json_u16hex(get_le16(out + 6)));
		json_object_object_add(o, "serial", json_object_new_uint64(serial));
		json_object_object_add(o, "max_message_size",
				       json_object_new_int64(1LL << (out[16] & 31)));
		json_object_object_add(o, "component_type",
				       json_object_new_string(component_name(type)));
		json_object_object_add(o, "component_type_value",
				       json_object_new_int(type));
		json_object_object_add(o, "memdev", strcmp(memdev, "-") ?
				       json_object_new_string(memdev) : NULL);
		return;
	}
	printf("  %-26s 0x%04x\n", "vendor id", get_le16(out));
	printf("  %-26s 0x%04x\n", "device id", get_le16(out + 2));
	printf("  %-26s 0x%04x\n", "subsystem vendor id", get_le16(out + 4));
	printf("  %-26s 0x%04x\n", "subsystem id", get_le16(out + 6));
	printf("  %-26s 0x%llx\n", "serial number", (unsigned long long)serial);
	printf("  %-26s %llu bytes (2^%u)\n", "max message size",
	       1ULL << (out[16] & 31), out[16]);
	printf("  %-26s %s (0x%02x)\n", "component type", component_name(type),
	       type);
	if (strcmp(memdev, "-"))
		printf("  %-26s %s (same serial number)\n", "memdev", memdev);
}
