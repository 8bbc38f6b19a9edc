// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: cxl_switch_fwctl against a fake switch. The fake replaces the
 * switch mailbox's transport with a tree of scripted CCIs: the switch, a
 * device behind each of its ports, an LD behind port 0's device. Each has
 * its own CEL, so the tests can show what QEMU cannot: destinations whose
 * CEL entries carry effects, kernel-coordinated opcodes behind a tunnel,
 * destinations that answer with lying or truncated CCI headers or that
 * refuse to tunnel, and replies longer than asked.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <compat/unaligned.h>
#include <uapi/fwctl/cxl.h>

#include "swcci.h"

#define FAKE_CEL_MAX	16
#define FAKE_NODES	4
#define OP_GET_SUP_LOGS	CXL_FWCTL_OP_GET_SUPPORTED_LOGS
#define OP_GET_LOG	CXL_FWCTL_OP_GET_LOG
#define OP_SANITIZE	0x4400
#define OP_VENDOR	0xc000
#define OP_VENDOR2	0xc001

/**
 * enum fake_resp - how a node misanswers tunnel requests sent to it
 * @FAKE_OK: well formed
 * @FAKE_LIE_LEN: the CCI payload length disagrees with the response length
 * @FAKE_TRUNC: the response length runs past the bytes sent
 * @FAKE_BAD_TAG: the tag is not echoed
 * @FAKE_BAD_OP: the command is not echoed
 */
enum fake_resp {
	FAKE_OK,
	FAKE_LIE_LEN,
	FAKE_TRUNC,
	FAKE_BAD_TAG,
	FAKE_BAD_OP,
};

/**
 * struct fake_node - a scripted CCI
 * @serial: what Identify reports
 * @msg_shift: Identify's maximum message size, 2^@msg_shift
 * @cel: its CEL, raw
 * @cel_len: bytes in @cel
 * @child: what its tunnel reaches, by port or LD id
 * @resp: how it answers when reached through a tunnel
 * @refuse_tunnel: answer every tunnel request with Invalid Input
 * @state: its Get Physical Port State block (byte 0 is set to the port)
 * @short_log: Get Log returns 4 bytes less than asked (a CEL cut short)
 * @executed: commands it ran other than Identify and the log commands
 * @last_op: the last of those
 */
struct fake_node {
	u64 serial;
	u8 msg_shift;
	u8 cel[4 * FAKE_CEL_MAX];
	size_t cel_len;
	struct fake_node *child[FAKE_NODES];
	enum fake_resp resp;
	bool refuse_tunnel;
	u8 state[CXL_SWCCI_PORT_BLOCK];
	bool short_log;
	unsigned int executed;
	u16 last_op;
};

/**
 * struct fake_switch - the switch CCI under test and its fake device tree
 * @sw: the driver's state; its transport is fake_send()
 * @root: the switch
 * @node: port 0's device, port 1's device, port 0's LD 0
 * @long_reply: the transport claims this many bytes beyond its output
 * @calls: commands the transport received
 */
struct fake_switch {
	struct cxl_swcci sw;
	struct fake_node root;
	struct fake_node node[3];
	size_t long_reply;
	unsigned int calls;
};

static void cel_set(struct fake_node *n, const u16 *ops, const u16 *effects,
		    unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		put_unaligned_le16(ops[i], n->cel + 4 * i);
		put_unaligned_le16(effects ? effects[i] : 0, n->cel + 4 * i + 2);
	}
	n->cel_len = 4 * count;
}

/* Add or change one entry. */
static void cel_put(struct fake_node *n, u16 op, u16 effects)
{
	size_t i;

	for (i = 0; i < n->cel_len; i += 4)
		if (get_unaligned_le16(n->cel + i) == op)
			break;
	if (i == n->cel_len) {
		if (n->cel_len == sizeof(n->cel))
			return;
		n->cel_len += 4;
	}
	put_unaligned_le16(op, n->cel + i);
	put_unaligned_le16(effects, n->cel + i + 2);
}

static bool in_cel(const struct fake_node *n, u16 op)
{
	size_t i;

	for (i = 0; i < n->cel_len; i += 4)
		if (get_unaligned_le16(n->cel + i) == op)
			return true;
	return false;
}

static u16 node_cmd(struct fake_node *n, u16 op, const u8 *in, size_t in_len,
		    u8 *out, size_t max, size_t *olen);

static u16 node_tunnel(struct fake_node *n, const u8 *in, size_t in_len,
		       u8 *out, size_t max, size_t *olen)
{
	struct fake_node *child;
	const u8 *cci = in + 4;
	size_t size, pl, ilen = 0;
	u8 *occi = out + 4;
	u16 op, rc;

	if (in_len < 16 || max < 16)
		return 0x0002;
	child = in[0] < FAKE_NODES ? n->child[in[0]] : NULL;
	if (!child || in[1] || n->refuse_tunnel)
		return 0x0002;
	size = get_unaligned_le16(in + 2);
	pl = cci[5] | cci[6] << 8 | cci[7] << 16;
	if (size != in_len - 4 || pl != size - 12)
		return 0x0016;
	op = cci[4] << 8 | cci[3];
	rc = node_cmd(child, op, cci + 12, pl, out + 16, max - 16, &ilen);
	if (rc)
		ilen = 0;

	put_unaligned_le16(12 + ilen, out);
	out[2] = 0;
	out[3] = 0;
	occi[0] = CXL_SWCCI_CAT_RESPONSE;
	occi[1] = cci[1];
	occi[2] = 0;
	occi[3] = cci[3];
	occi[4] = cci[4];
	occi[5] = ilen;
	occi[6] = ilen >> 8;
	occi[7] = ilen >> 16;
	put_unaligned_le16(rc, occi + 8);
	put_unaligned_le16(0, occi + 10);
	switch (child->resp) {
	case FAKE_LIE_LEN:
		occi[5] += 5;
		break;
	case FAKE_TRUNC:
		put_unaligned_le16(12 + ilen + 40, out);
		break;
	case FAKE_BAD_TAG:
		occi[1] ^= 0xff;
		break;
	case FAKE_BAD_OP:
		occi[3]++;
		break;
	case FAKE_OK:
		break;
	}
	*olen = 16 + ilen;
	return 0;
}

static u16 node_cmd(struct fake_node *n, u16 op, const u8 *in, size_t in_len,
		    u8 *out, size_t max, size_t *olen)
{
	size_t off, len;
	unsigned int i;

	*olen = 0;
	switch (op) {
	case CXL_SWCCI_OP_IDENTIFY:
		/* Longer than asked is the transport's to cut. */
		if (max < 18)
			return 0x0004;
		memset(out, 0, 18);
		put_unaligned_le64(n->serial, out + 8);
		out[16] = n->msg_shift;
		*olen = 18;
		return 0;
	case OP_GET_SUP_LOGS:
		if (max < 28)
			return 0x0004;
		memset(out, 0, 28);
		put_unaligned_le16(1, out);
		export_uuid(out + 8, &cxl_fwctl_cel_uuid);
		put_unaligned_le32(n->cel_len, out + 24);
		*olen = 28;
		return 0;
	case OP_GET_LOG:
		if (in_len < 24)
			return 0x0002;
		off = get_unaligned_le32(in + 16);
		len = min_t(size_t, get_unaligned_le32(in + 20), max);
		if (off >= n->cel_len)
			return 0x0002;
		len = min(len, n->cel_len - off);
		if (n->short_log && len >= 4)
			len -= 4;
		memcpy(out, n->cel + off, len);
		*olen = len;
		return 0;
	case CXL_SWCCI_OP_GET_PORT_STATE:
		if (in_len < 2 || in[0] != 1 || max < 20)
			return 0x0002;
		if (in[1] >= FAKE_NODES || !n->child[in[1]])
			return 0x0002;
		memset(out, 0, 4);
		out[0] = 1;
		memcpy(out + 4, n->child[in[1]]->state, CXL_SWCCI_PORT_BLOCK);
		out[4] = in[1];
		*olen = 20;
		return 0;
	case CXL_SWCCI_OP_TUNNEL:
		if (!in_cel(n, op))
			return 0x0003;
		return node_tunnel(n, in, in_len, out, max, olen);
	default:
		if (!in_cel(n, op))
			return 0x0003;
		n->executed++;
		n->last_op = op;
		for (i = 0; i < min_t(size_t, max, 8); i++)
			out[i] = i;
		*olen = min_t(size_t, max, 8);
		return 0;
	}
}

static int fake_send(struct cxl_mailbox *mbox, struct cxl_mbox_cmd *cmd)
{
	struct fake_switch *f = container_of(mbox, struct fake_switch, sw.mbox);
	size_t olen;

	f->calls++;
	cmd->return_code = node_cmd(&f->root, cmd->opcode, cmd->payload_in,
				    cmd->size_in, cmd->payload_out,
				    cmd->size_out, &olen);
	if (!cmd->return_code)
		cmd->size_out = olen + f->long_reply;
	return 0;
}

static void fake_release(void *data)
{
	cxl_swcci_release(data);
}

static const u16 switch_ops[] = { 0x0001, 0x0400, 0x0401, 0x5100, 0x5101,
				  0x5300 };
static const u16 type3_ops[] = { 0x0001, 0x0300, 0x0400, 0x0401, 0x5300 };
static const u16 ld_ops[] = { 0x0001, 0x0400, 0x0401 };

static struct fake_switch *fake_new(struct kunit *test)
{
	struct fake_switch *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct device *dev = kunit_kzalloc(test, sizeof(*dev), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	/* Only named, for log lines: never registered. */
	dev->init_name = "fake-switch-cci";
	cxl_swcci_init(&f->sw, dev);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, fake_release,
							   &f->sw));
	f->sw.mbox.payload_size = 2048;
	f->sw.mbox.mbox_send = fake_send;

	cel_set(&f->root, switch_ops, NULL, ARRAY_SIZE(switch_ops));
	for (i = 0; i < 2; i++) {
		cel_set(&f->node[i], type3_ops, NULL, ARRAY_SIZE(type3_ops));
		f->node[i].serial = i + 1;
		f->node[i].msg_shift = 9;
		f->node[i].state[1] = 3;
		f->node[i].state[4] = 4;
		f->root.child[i] = &f->node[i];
	}
	cel_set(&f->node[2], ld_ops, NULL, ARRAY_SIZE(ld_ops));
	f->node[2].serial = 0x10;
	f->node[2].msg_shift = 8;
	f->node[0].child[0] = &f->node[2];
	return f;
}

/* What probe does once the fake is scripted: read the switch's CEL. */
static void fake_start(struct kunit *test, struct fake_switch *f)
{
	KUNIT_ASSERT_EQ(test, 0, cxl_fwctl_cel_read(&f->sw.cel, &f->sw.mbox,
						    f->sw.dev));
}

/* A tunnel to @port around a command: what a user puts in op_size bytes. */
static size_t tun(u8 *buf, u8 port, u16 op, const void *pl, size_t len,
		  u8 tag)
{
	memmove(buf + 16, pl, len);
	buf[0] = port;
	buf[1] = 0;
	put_unaligned_le16(12 + len, buf + 2);
	memset(buf + 4, 0, 12);
	buf[5] = tag;
	buf[7] = op & 0xff;
	buf[8] = op >> 8;
	buf[9] = len;
	buf[10] = len >> 8;
	buf[11] = len >> 16;
	return 16 + len;
}

static void free_out(void *p)
{
	kvfree(p);
}

/*
 * Send one request through the RPC op. Returns its errno, or 0 with the
 * response in *@outp (freed at the end of the test).
 */
static int call(struct kunit *test, struct fake_switch *f,
		enum fwctl_rpc_scope scope, u16 opcode, const void *pl,
		size_t len, struct fwctl_rpc_cxl_out **outp, bool *mutated)
{
	struct fwctl_rpc_cxl *req;
	size_t out_len = 4096;
	bool m = false;
	void *out;

	req = kunit_kzalloc(test, sizeof(*req) + len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, req);
	req->opcode = opcode;
	req->op_size = len;
	memcpy(req->payload, pl, len);
	out = cxl_swcci_rpc(&f->sw, scope, req, sizeof(*req) + len, &out_len,
			    &m);
	if (mutated)
		*mutated = m;
	if (IS_ERR(out))
		return PTR_ERR(out);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, free_out, out));
	KUNIT_EXPECT_EQ(test, out_len,
			sizeof(struct fwctl_rpc_cxl_out) +
			((struct fwctl_rpc_cxl_out *)out)->size);
	if (outp)
		*outp = out;
	return 0;
}

/* The innermost message of a one-level tunnel response. */
static const u8 *inner(struct kunit *test, struct fwctl_rpc_cxl_out *out,
		       u16 *rc, size_t *len)
{
	KUNIT_ASSERT_GE(test, out->size, 16);
	*rc = get_unaligned_le16(out->payload + 12);
	*len = out->payload[9] | out->payload[10] << 8;
	return out->payload + 16;
}

/* --- parsing ----------------------------------------------------------- */

struct parse_case {
	const char *name;
	int off;	/* byte to change, -1 none */
	u8 val;
	int len_delta;	/* added to the length handed over */
	int err;
};

static const struct parse_case parse_cases[] = {
	{ "well formed", -1, 0, 0, 0 },
	{ "short: no CCI header", -1, 0, -13, -EINVAL },
	{ "size above the bytes", 2, 15, 0, -EINVAL },
	{ "size below the bytes", 2, 13, 0, -EINVAL },
	{ "bytes beyond size", -1, 0, 2, -EINVAL },
	{ "target type reserved", 1, 2, 0, -EINVAL },
	{ "target type LD pool", 1, 1, 0, -EOPNOTSUPP },
	{ "response category", 4, 1, 0, -EINVAL },
	{ "category reserved bits", 4, 0x10, 0, -EINVAL },
	{ "reserved byte", 6, 1, 0, -EINVAL },
	{ "payload length short", 9, 1, 0, -EINVAL },
	{ "payload length long", 9, 3, 0, -EINVAL },
	{ "payload length bit 16", 11, 1, 0, -EINVAL },
};

static void parse_case_desc(const struct parse_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(parse, parse_cases, parse_case_desc);

static void parse_one_level(struct kunit *test)
{
	const struct parse_case *c = test->param_value;
	struct cxl_swcci_tunnel_req req;
	u8 buf[32] = {};
	size_t len = tun(buf, 1, 0x0001, "\x01\x02", 2, 5);

	if (c->off >= 0)
		buf[c->off] = c->val;
	KUNIT_EXPECT_EQ(test, c->err,
			cxl_swcci_tunnel_parse(buf, len + c->len_delta, &req));
	if (c->err)
		return;
	KUNIT_EXPECT_EQ(test, 1, req.path.depth);
	KUNIT_EXPECT_EQ(test, 1, req.path.hop[0].id);
	KUNIT_EXPECT_EQ(test, 0x0001, req.level[0].opcode);
	KUNIT_EXPECT_EQ(test, 5, req.level[0].tag);
	KUNIT_EXPECT_EQ(test, 2, req.level[0].payload);
}

static void parse_nested_and_depth(struct kunit *test)
{
	struct cxl_swcci_tunnel_req req;
	u8 buf[64] = {};
	size_t len;

	len = tun(buf, 3, 0xc000, NULL, 0, 1);
	len = tun(buf, 2, CXL_SWCCI_OP_TUNNEL, buf, len, 2);
	KUNIT_ASSERT_EQ(test, 0, cxl_swcci_tunnel_parse(buf, len, &req));
	KUNIT_EXPECT_EQ(test, 2, req.path.depth);
	KUNIT_EXPECT_EQ(test, 2, req.path.hop[0].id);
	KUNIT_EXPECT_EQ(test, 3, req.path.hop[1].id);
	KUNIT_EXPECT_EQ(test, CXL_SWCCI_OP_TUNNEL, req.level[0].opcode);
	KUNIT_EXPECT_EQ(test, 16, req.level[0].payload);
	KUNIT_EXPECT_EQ(test, 0xc000, req.level[1].opcode);

	/* The inner level is checked as strictly as the outer one. */
	buf[16 + 6] = 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, cxl_swcci_tunnel_parse(buf, len, &req));
	buf[16 + 6] = 0;
	buf[16 + 2]++;
	KUNIT_EXPECT_EQ(test, -EINVAL, cxl_swcci_tunnel_parse(buf, len, &req));
	buf[16 + 2]--;

	/* A third tunnel is one too many, whatever it carries. */
	len = tun(buf, 1, CXL_SWCCI_OP_TUNNEL, buf, len, 3);
	KUNIT_EXPECT_EQ(test, -ELOOP, cxl_swcci_tunnel_parse(buf, len, &req));
	/* Even a truncated one. */
	KUNIT_EXPECT_EQ(test, -ELOOP,
			cxl_swcci_tunnel_parse(buf, len, &req));
}

/* --- unwrapping --------------------------------------------------------- */

static void unwrap_checks_every_header(struct kunit *test)
{
	struct cxl_swcci_tunnel_req req = {
		.path = { .depth = 1 },
		.level = { { .opcode = 0x0001, .tag = 9, .payload = 0 } },
	};
	struct cxl_swcci_tunnel_resp resp;
	u8 out[40] = {};

	put_unaligned_le16(12 + 4, out);
	out[4] = CXL_SWCCI_CAT_RESPONSE;
	out[5] = 9;
	out[7] = 0x01;
	out[9] = 4;
	memcpy(out + 16, "abcd", 4);
	KUNIT_ASSERT_EQ(test, 0, cxl_swcci_tunnel_unwrap(out, 20, &req, &resp));
	KUNIT_EXPECT_EQ(test, 0, resp.rc);
	KUNIT_EXPECT_EQ(test, 4, resp.len);
	KUNIT_EXPECT_PTR_EQ(test, out + 16, resp.payload);

	/* Truncated: fewer bytes than the headers, or than resp_len says. */
	KUNIT_EXPECT_EQ(test, -EPROTO, cxl_swcci_tunnel_unwrap(out, 15, &req,
							       &resp));
	KUNIT_EXPECT_EQ(test, -EPROTO, cxl_swcci_tunnel_unwrap(out, 19, &req,
							       &resp));
	/* resp_len shorter than a CCI header. */
	put_unaligned_le16(11, out);
	KUNIT_EXPECT_EQ(test, -EPROTO, cxl_swcci_tunnel_unwrap(out, 20, &req,
							       &resp));
	put_unaligned_le16(16, out);
	/* A lying payload length, both ways. */
	out[9] = 5;
	KUNIT_EXPECT_EQ(test, -EPROTO, cxl_swcci_tunnel_unwrap(out, 20, &req,
							       &resp));
	out[9] = 3;
	KUNIT_EXPECT_EQ(test, -EPROTO, cxl_swcci_tunnel_unwrap(out, 20, &req,
							       &resp));
	out[9] = 4;
	out[11] = 0x80;
	KUNIT_EXPECT_EQ(test, -EPROTO, cxl_swcci_tunnel_unwrap(out, 20, &req,
							       &resp));
	out[11] = 0;
	/* Not a response, another tag, another command. */
	out[4] = 0;
	KUNIT_EXPECT_EQ(test, -EPROTO, cxl_swcci_tunnel_unwrap(out, 20, &req,
							       &resp));
	out[4] = 1;
	out[5] = 8;
	KUNIT_EXPECT_EQ(test, -EPROTO, cxl_swcci_tunnel_unwrap(out, 20, &req,
							       &resp));
	out[5] = 9;
	out[8] = 1;
	KUNIT_EXPECT_EQ(test, -EPROTO, cxl_swcci_tunnel_unwrap(out, 20, &req,
							       &resp));
	out[8] = 0;
	/* A failure: its level and code. */
	put_unaligned_le16(0x0016, out + 12);
	KUNIT_ASSERT_EQ(test, 0, cxl_swcci_tunnel_unwrap(out, 20, &req, &resp));
	KUNIT_EXPECT_EQ(test, 0, resp.level);
	KUNIT_EXPECT_EQ(test, 0x0016, resp.rc);
}

/* --- the RPC path against the fake switch ------------------------------- */

static void tunnel_identify_reaches_each_port(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	struct fwctl_rpc_cxl_out *out;
	u8 buf[64];
	const u8 *p;
	size_t len;
	u16 rc;
	bool m;

	fake_start(test, f);
	for (u8 port = 0; port < 2; port++) {
		len = tun(buf, port, 0x0001, NULL, 0, 4);
		KUNIT_ASSERT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
					      CXL_SWCCI_OP_TUNNEL, buf, len,
					      &out, &m));
		KUNIT_EXPECT_FALSE(test, m);
		KUNIT_EXPECT_EQ(test, 0, out->retval);
		p = inner(test, out, &rc, &len);
		KUNIT_EXPECT_EQ(test, 0, rc);
		KUNIT_EXPECT_EQ(test, 18, len);
		KUNIT_EXPECT_EQ(test, port + 1, get_unaligned_le64(p + 8));
	}
	/* Each destination's CEL was read once and cached. */
	KUNIT_EXPECT_EQ(test, 2, f->sw.fills);
	KUNIT_EXPECT_EQ(test, 2, f->sw.ndests);
}

static void tunnel_effects_set_the_scope(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	u8 buf[64];
	size_t len;
	bool m;

	/* Port 1's device: a vendor command that changes data at once. */
	cel_put(&f->node[1], OP_VENDOR, CXL_FWCTL_EFFECT_IMMEDIATE_DATA);
	cel_put(&f->node[1], OP_VENDOR2, CXL_FWCTL_EFFECT_CONFIG_COLD_RESET);
	fake_start(test, f);
	len = tun(buf, 1, OP_VENDOR, NULL, 0, 1);

	KUNIT_EXPECT_EQ(test, -EPERM, call(test, f, FWCTL_RPC_CONFIGURATION,
					   CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
					   &m));
	KUNIT_EXPECT_EQ(test, -EPERM, call(test, f, FWCTL_RPC_DEBUG_WRITE,
					   CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
					   &m));
	KUNIT_EXPECT_EQ(test, 0, f->node[1].executed);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_DEBUG_WRITE_FULL,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      &m));
	KUNIT_EXPECT_TRUE(test, m);
	KUNIT_EXPECT_EQ(test, 1, f->node[1].executed);

	/* Configuration after cold reset: debug_write is enough. */
	len = tun(buf, 1, OP_VENDOR2, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, -EPERM, call(test, f, FWCTL_RPC_DEBUG_READ_ONLY,
					   CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
					   &m));
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_DEBUG_WRITE,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      &m));
	KUNIT_EXPECT_TRUE(test, m);

	/* The same opcode is unknown behind port 0: not sent. */
	len = tun(buf, 0, OP_VENDOR, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			call(test, f, FWCTL_RPC_DEBUG_WRITE_FULL,
			     CXL_SWCCI_OP_TUNNEL, buf, len, NULL, &m));
	KUNIT_EXPECT_EQ(test, 0, f->node[0].executed);
}

static void tunnel_deny_list_applies(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	u8 buf[64], ts[8] = {};
	size_t len;

	/* The destination lists them with no effects at all. */
	cel_put(&f->node[0], OP_SANITIZE, 0);
	cel_put(&f->node[0], 0x0301, 0);
	fake_start(test, f);

	len = tun(buf, 0, OP_SANITIZE, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, -EPERM, call(test, f, FWCTL_RPC_DEBUG_WRITE_FULL,
					   CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
					   NULL));
	len = tun(buf, 0, 0x0301, ts, sizeof(ts), 1);
	KUNIT_EXPECT_EQ(test, -EPERM, call(test, f, FWCTL_RPC_DEBUG_WRITE_FULL,
					   CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
					   NULL));
	KUNIT_EXPECT_EQ(test, 0, f->node[0].executed);
}

static void tunnel_background_and_set_feature(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	u8 buf[128], sf[40] = {};
	size_t len;

	cel_put(&f->node[0], OP_VENDOR, CXL_FWCTL_EFFECT_BACKGROUND);
	cel_put(&f->node[0], CXL_FWCTL_OP_SET_FEATURE, 0);
	fake_start(test, f);

	len = tun(buf, 0, OP_VENDOR, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			call(test, f, FWCTL_RPC_DEBUG_WRITE_FULL,
			     CXL_SWCCI_OP_TUNNEL, buf, len, NULL, NULL));
	/* The destination's Features are not known: an unknown Feature. */
	len = tun(buf, 0, CXL_FWCTL_OP_SET_FEATURE, sf, sizeof(sf), 1);
	KUNIT_EXPECT_EQ(test, -ENOENT,
			call(test, f, FWCTL_RPC_DEBUG_WRITE_FULL,
			     CXL_SWCCI_OP_TUNNEL, buf, len, NULL, NULL));
	KUNIT_EXPECT_EQ(test, 0, f->node[0].executed);
}

/* The tunnel command's own effects count too: the strictest level wins. */
static void tunnel_outer_effects_count(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	u8 buf[64];
	size_t len;
	bool m;

	cel_put(&f->root, CXL_SWCCI_OP_TUNNEL,
		CXL_FWCTL_EFFECT_IMMEDIATE_CONFIG);
	fake_start(test, f);
	len = tun(buf, 0, 0x0001, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, -EPERM, call(test, f, FWCTL_RPC_DEBUG_WRITE,
					   CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
					   &m));
	/* Refused before anything was sent, the destination's CEL included. */
	KUNIT_EXPECT_EQ(test, 0, f->sw.fills);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_DEBUG_WRITE_FULL,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      &m));
	KUNIT_EXPECT_TRUE(test, m);

	/* A switch that does not list the tunnel command cannot tunnel. */
	f = fake_new(test);
	cel_set(&f->root, switch_ops, NULL, ARRAY_SIZE(switch_ops) - 1);
	fake_start(test, f);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			call(test, f, FWCTL_RPC_DEBUG_WRITE_FULL,
			     CXL_SWCCI_OP_TUNNEL, buf, len, NULL, NULL));
	KUNIT_EXPECT_EQ(test, 0, f->sw.fills);
}

static void tunnel_nested_checks_every_level(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	struct fwctl_rpc_cxl_out *out;
	u8 buf[128];
	size_t len;
	bool m;

	cel_put(&f->node[2], OP_VENDOR, CXL_FWCTL_EFFECT_CONFIG_COLD_RESET);
	fake_start(test, f);

	len = tun(buf, 0, 0x0001, NULL, 0, 0x21);
	len = tun(buf, 0, CXL_SWCCI_OP_TUNNEL, buf, len, 0x12);
	KUNIT_ASSERT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, &out,
				      &m));
	KUNIT_EXPECT_EQ(test, 0, out->retval);
	KUNIT_ASSERT_EQ(test, 4 + 12 + 4 + 12 + 18, out->size);
	KUNIT_EXPECT_EQ(test, 0x10, get_unaligned_le64(out->payload + 32 + 8));
	/* Port 0's device and its LD: two CELs. */
	KUNIT_EXPECT_EQ(test, 2, f->sw.fills);

	len = tun(buf, 0, OP_VENDOR, NULL, 0, 0x21);
	len = tun(buf, 0, CXL_SWCCI_OP_TUNNEL, buf, len, 0x12);
	KUNIT_EXPECT_EQ(test, -EPERM, call(test, f, FWCTL_RPC_DEBUG_READ_ONLY,
					   CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
					   &m));
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_DEBUG_WRITE,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      &m));
	KUNIT_EXPECT_TRUE(test, m);
	KUNIT_EXPECT_EQ(test, 1, f->node[2].executed);

	/* The middle device does not list the tunnel command: refused. */
	f = fake_new(test);
	cel_set(&f->node[0], type3_ops, NULL, ARRAY_SIZE(type3_ops) - 1);
	fake_start(test, f);
	len = tun(buf, 0, 0x0001, NULL, 0, 0x21);
	len = tun(buf, 0, CXL_SWCCI_OP_TUNNEL, buf, len, 0x12);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			call(test, f, FWCTL_RPC_CONFIGURATION,
			     CXL_SWCCI_OP_TUNNEL, buf, len, NULL, NULL));

	/* The middle device refuses to tunnel to that LD. */
	f = fake_new(test);
	fake_start(test, f);
	len = tun(buf, 3, 0x0001, NULL, 0, 0x21);
	len = tun(buf, 0, CXL_SWCCI_OP_TUNNEL, buf, len, 0x12);
	KUNIT_EXPECT_EQ(test, -ENXIO, call(test, f, FWCTL_RPC_CONFIGURATION,
					   CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
					   NULL));
}

static void tunnel_payload_limits(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	static u8 buf[2100], pl[2048];
	size_t len;

	f->node[2].msg_shift = 8;
	fake_start(test, f);

	/* 512 for port 1's device (2^9): 512 passes, 513 does not. */
	len = tun(buf, 1, 0x0001, pl, 512, 1);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	len = tun(buf, 1, 0x0001, pl, 513, 1);
	KUNIT_EXPECT_EQ(test, -EMSGSIZE, call(test, f, FWCTL_RPC_CONFIGURATION,
					      CXL_SWCCI_OP_TUNNEL, buf, len,
					      NULL, NULL));
	/* The LD takes 256 bytes. */
	len = tun(buf, 0, 0x0001, pl, 257, 1);
	len = tun(buf, 0, CXL_SWCCI_OP_TUNNEL, buf, len, 2);
	KUNIT_EXPECT_EQ(test, -EMSGSIZE, call(test, f, FWCTL_RPC_CONFIGURATION,
					      CXL_SWCCI_OP_TUNNEL, buf, len,
					      NULL, NULL));

	/* A device claiming 2^20 is held to what fits through the switch. */
	f = fake_new(test);
	f->node[1].msg_shift = 20;
	fake_start(test, f);
	len = tun(buf, 1, 0x0001, pl, 2048 - 16, 1);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_EXPECT_EQ(test, 2048 - 16,
			list_first_entry(&f->sw.dests, struct cxl_swcci_dest,
					 node)->payload);

	/* One claiming 2^3 (out of range) is held to the minimum, 256. */
	f = fake_new(test);
	f->node[1].msg_shift = 3;
	fake_start(test, f);
	len = tun(buf, 1, 0x0001, pl, 257, 1);
	KUNIT_EXPECT_EQ(test, -EMSGSIZE, call(test, f, FWCTL_RPC_CONFIGURATION,
					      CXL_SWCCI_OP_TUNNEL, buf, len,
					      NULL, NULL));
}

static void tunnel_switch_refusal_is_a_reply(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	struct fwctl_rpc_cxl_out *out;
	u8 buf[64];
	size_t len;

	fake_start(test, f);
	len = tun(buf, 3, 0x0001, NULL, 0, 1);
	KUNIT_ASSERT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, &out,
				      NULL));
	KUNIT_EXPECT_EQ(test, 0x0002, out->retval);
	KUNIT_EXPECT_EQ(test, 0, out->size);
	KUNIT_EXPECT_EQ(test, 0, f->sw.ndests);
}

/* Destinations that answer with broken headers: nothing is trusted. */
static void tunnel_malformed_destinations(struct kunit *test)
{
	static const enum fake_resp modes[] = {
		FAKE_LIE_LEN, FAKE_TRUNC, FAKE_BAD_TAG, FAKE_BAD_OP,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		struct fake_switch *f = fake_new(test);
		u8 buf[64];
		size_t len;

		fake_start(test, f);
		f->node[1].resp = modes[i];
		len = tun(buf, 1, 0x0001, NULL, 0, 1);
		/* No CEL could be read: every opcode is unknown. */
		KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
				call(test, f, FWCTL_RPC_CONFIGURATION,
				     CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				     NULL));
		/* And nothing broken is cached: the next request reads again. */
		KUNIT_EXPECT_EQ(test, 0, f->sw.ndests);
		KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
				call(test, f, FWCTL_RPC_CONFIGURATION,
				     CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				     NULL));
		KUNIT_EXPECT_EQ(test, 2, f->sw.fills);

		/* Healed: read again, and cached. */
		f->node[1].resp = FAKE_OK;
		KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
					      CXL_SWCCI_OP_TUNNEL, buf, len,
					      NULL, NULL));
		KUNIT_EXPECT_EQ(test, 1, f->sw.ndests);

		/*
		 * Broken after it was cached: the identity check before the
		 * entry is used fails, so the entry goes, the CEL cannot be
		 * read again and nothing is sent.
		 */
		f->node[1].resp = modes[i];
		KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
				call(test, f, FWCTL_RPC_CONFIGURATION,
				     CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				     NULL));
		KUNIT_EXPECT_EQ(test, 0, f->sw.ndests);
		KUNIT_EXPECT_EQ(test, 4, f->sw.fills);
	}
}

static void oversize_replies_are_clamped(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	struct fwctl_rpc_cxl_out *out;
	u8 buf[64];
	size_t len;

	fake_start(test, f);
	/* The transport claims 4 KiB more than it produced. */
	f->long_reply = 4096;
	KUNIT_ASSERT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      0x0001, NULL, 0, &out, NULL));
	KUNIT_EXPECT_EQ(test, 2048, out->size);
	len = tun(buf, 0, 0x0001, NULL, 0, 1);
	KUNIT_ASSERT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, &out,
				      NULL));
	KUNIT_EXPECT_EQ(test, 2048, out->size);
	/* The destination's CEL was still read right through it. */
	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(type3_ops),
			list_first_entry(&f->sw.dests, struct cxl_swcci_dest,
					 node)->cel.count);
}

static void cache_follows_port_state(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	u8 buf[64];
	size_t len;

	fake_start(test, f);
	len = tun(buf, 0, 0x0001, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_EXPECT_EQ(test, 1, f->sw.fills);

	/* A new device behind port 0, with another CEL. */
	f->node[0].state[4] = 5;
	cel_put(&f->node[0], OP_VENDOR, 0);
	len = tun(buf, 0, OP_VENDOR, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_EXPECT_EQ(test, 2, f->sw.fills);
	KUNIT_EXPECT_EQ(test, OP_VENDOR, f->node[0].last_op);

	/* A switch command with effects forgets every destination. */
	cel_put(&f->root, OP_VENDOR, CXL_FWCTL_EFFECT_IMMEDIATE_CONFIG);
	cxl_fwctl_cel_free(&f->sw.cel);
	fake_start(test, f);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_DEBUG_WRITE_FULL,
				      OP_VENDOR, NULL, 0, NULL, NULL));
	KUNIT_EXPECT_EQ(test, 0, f->sw.ndests);
}

/*
 * A device swapped for another behind the same port, reporting the same
 * port state: the cache is keyed by who the destination is (Identify), so
 * the new device is judged by its own CEL, not by the old one's.
 */
static void cache_keyed_by_identity(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	u8 buf[64];
	size_t len;

	fake_start(test, f);
	len = tun(buf, 0, 0x0001, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_EXPECT_EQ(test, 1, f->sw.fills);
	/* The same device: the cached CEL is used after Identify agrees. */
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_EXPECT_EQ(test, 1, f->sw.fills);

	/* Another device, same port state: it lists a command with effects. */
	f->node[0].serial = 0x77;
	cel_put(&f->node[0], OP_VENDOR, CXL_FWCTL_EFFECT_IMMEDIATE_DATA);
	len = tun(buf, 0, OP_VENDOR, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, -EPERM, call(test, f, FWCTL_RPC_DEBUG_WRITE,
					   CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
					   NULL));
	KUNIT_EXPECT_EQ(test, 2, f->sw.fills);
	KUNIT_EXPECT_EQ(test, 0, f->node[0].executed);
}

/* A switch that cannot report port state gets nothing cached. */
/*
 * The same tunnelled request sent twice succeeds both times, and its
 * destination's CEL was read for each: nothing was cached.
 */
static void expect_not_cached(struct kunit *test, struct fake_switch *f,
			      const u8 *buf, size_t len)
{
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_EXPECT_EQ(test, 2, f->sw.fills);
	KUNIT_EXPECT_EQ(test, 0, f->sw.ndests);
}

static void cache_needs_port_state(struct kunit *test)
{
	static const u16 no_state_ops[] = { 0x0001, 0x0400, 0x0401, 0x5100,
					    0x5300 };
	struct fake_switch *f = fake_new(test);
	u8 buf[64];
	size_t len;

	cel_set(&f->root, no_state_ops, NULL, ARRAY_SIZE(no_state_ops));
	fake_start(test, f);
	len = tun(buf, 0, 0x0001, NULL, 0, 1);
	expect_not_cached(test, f, buf, len);
}

/* A CEL whose Get Log came back short judges one request, then goes. */
static void truncated_cel_not_cached(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	u8 buf[64];
	size_t len;

	f->node[1].short_log = true;
	fake_start(test, f);
	len = tun(buf, 1, 0x0001, NULL, 0, 1);
	expect_not_cached(test, f, buf, len);
}

/*
 * A tunnelled command with effects may change what its destination lists:
 * once delivered, that destination's entry (and what lies behind it) goes,
 * the others stay.
 */
static void tunnel_effects_drop_destination(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	u8 buf[64];
	size_t len;

	cel_put(&f->node[1], OP_VENDOR, CXL_FWCTL_EFFECT_CONFIG_COLD_RESET);
	fake_start(test, f);
	len = tun(buf, 0, 0x0001, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	len = tun(buf, 1, OP_VENDOR, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_DEBUG_WRITE,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_EXPECT_EQ(test, 1, f->node[1].executed);
	KUNIT_EXPECT_EQ(test, 2, f->sw.fills);
	KUNIT_EXPECT_EQ(test, 1, f->sw.ndests);
	/* Port 1's CEL is read again; port 0's stays cached. */
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_DEBUG_WRITE,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_EXPECT_EQ(test, 3, f->sw.fills);
	len = tun(buf, 0, 0x0001, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_EXPECT_EQ(test, 3, f->sw.fills);
}

/*
 * A switch and a device that both take 1 MiB messages: what is sent to the
 * device through the tunnel must still fit the tunnel's 16-bit lengths.
 */
static void tunnel_payload_fits_16_bits(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	u8 buf[64];
	size_t len;

	f->sw.mbox.payload_size = SZ_1M;
	f->node[0].msg_shift = 20;
	fake_start(test, f);
	len = tun(buf, 0, 0x0001, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
				      CXL_SWCCI_OP_TUNNEL, buf, len, NULL,
				      NULL));
	KUNIT_ASSERT_EQ(test, 1, f->sw.ndests);
	KUNIT_EXPECT_EQ(test, U16_MAX - 12,
			list_first_entry(&f->sw.dests, struct cxl_swcci_dest,
					 node)->payload);
}

static void cache_is_bounded(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	u8 buf[64];
	unsigned int ld;
	size_t len;

	/* LD ids behind port 0's device: one destination per id. */
	for (ld = 0; ld < FAKE_NODES; ld++)
		f->node[0].child[ld] = &f->node[2];
	fake_start(test, f);
	for (ld = 0; ld < FAKE_NODES; ld++) {
		len = tun(buf, ld, 0x0001, NULL, 0, 1);
		len = tun(buf, 0, CXL_SWCCI_OP_TUNNEL, buf, len, 2);
		KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION,
					      CXL_SWCCI_OP_TUNNEL, buf, len,
					      NULL, NULL));
	}
	KUNIT_EXPECT_EQ(test, 1 + FAKE_NODES, f->sw.ndests);
	KUNIT_EXPECT_LE(test, f->sw.ndests, CXL_SWCCI_MAX_DESTS);
}

static void request_header_errnos(struct kunit *test)
{
	struct fake_switch *f = fake_new(test);
	struct fwctl_rpc_cxl req = { .opcode = 0x0001 };
	size_t out_len = 4096;
	bool m;

	fake_start(test, f);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			PTR_ERR(cxl_swcci_rpc(&f->sw, 0, &req, 8, &out_len,
					      &m)));
	req.reserved1 = 1;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			PTR_ERR(cxl_swcci_rpc(&f->sw, 0, &req, sizeof(req),
					      &out_len, &m)));
	req.reserved1 = 0;
	req.opcode = 0x10001;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			PTR_ERR(cxl_swcci_rpc(&f->sw, 0, &req, sizeof(req),
					      &out_len, &m)));
	req.opcode = 0x0001;
	req.flags = 1;
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			PTR_ERR(cxl_swcci_rpc(&f->sw, 0, &req, sizeof(req),
					      &out_len, &m)));
	req.flags = 0;
	out_len = 7;
	KUNIT_EXPECT_EQ(test, -ENOSPC,
			PTR_ERR(cxl_swcci_rpc(&f->sw, 0, &req, sizeof(req),
					      &out_len, &m)));
	/* Absent from the switch's CEL. */
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, call(test, f, FWCTL_RPC_DEBUG_WRITE_FULL,
						0x4000, NULL, 0, NULL, NULL));
	KUNIT_EXPECT_EQ(test, 0, call(test, f, FWCTL_RPC_CONFIGURATION, 0x5100,
				      NULL, 0, NULL, NULL));
}

static struct kunit_case cxl_swcci_cases[] = {
	KUNIT_CASE_PARAM(parse_one_level, parse_gen_params),
	KUNIT_CASE(parse_nested_and_depth),
	KUNIT_CASE(unwrap_checks_every_header),
	KUNIT_CASE(tunnel_identify_reaches_each_port),
	KUNIT_CASE(tunnel_effects_set_the_scope),
	KUNIT_CASE(tunnel_deny_list_applies),
	KUNIT_CASE(tunnel_background_and_set_feature),
	KUNIT_CASE(tunnel_outer_effects_count),
	KUNIT_CASE(tunnel_nested_checks_every_level),
	KUNIT_CASE(tunnel_payload_limits),
	KUNIT_CASE(tunnel_switch_refusal_is_a_reply),
	KUNIT_CASE(tunnel_malformed_destinations),
	KUNIT_CASE(oversize_replies_are_clamped),
	KUNIT_CASE(cache_follows_port_state),
	KUNIT_CASE(cache_keyed_by_identity),
	KUNIT_CASE(cache_needs_port_state),
	KUNIT_CASE(truncated_cel_not_cached),
	KUNIT_CASE(tunnel_effects_drop_destination),
	KUNIT_CASE(tunnel_payload_fits_16_bits),
	KUNIT_CASE(cache_is_bounded),
	KUNIT_CASE(request_header_errnos),
	{}
};

static struct kunit_suite cxl_swcci_suite = {
	.name = "cxl_switch_fwctl",
	.test_cases = cxl_swcci_cases,
};

kunit_test_suite(cxl_swcci_suite);
