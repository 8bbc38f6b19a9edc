// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnel Management Command (0x5300) for cxl_switch_fwctl.
 *
 * A tunnel request carries a CCI message for a destination behind a switch
 * port, which may itself be a tunnel request to an LD behind that port. The
 * tunnel command's own CEL entry cannot say what the message it carries
 * does, so every level is parsed and checked, and the command inside each
 * tunnel is judged against the CEL of the device that will run it.
 *
 * Those CELs are read through the tunnel itself: a struct cxl_mailbox whose
 * transport wraps each command in the tunnels of a path and unwraps the
 * answer lets cxl_fwctl's CEL reader run unchanged on a destination. What
 * it read is cached per destination, keyed by the destination's identity
 * (checked again with Identify before every use), and dropped when the
 * switch reports a different state for the port in front of it, when
 * anything sent to that port fails, after a delivered tunnelled command
 * with effects (for that destination and what lies behind it), and after
 * a delivered switch command with effects.
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <compat/unaligned.h>

#include "swcci.h"

/* Identify output (CXL r3.1, table 8-36): max message size is 2^byte 16. */
#define IDENTIFY_OUT_MIN	17
#define IDENTIFY_MSG_SHIFT	16
#define MSG_SHIFT_MIN		8
#define MSG_SHIFT_MAX		20

static u32 get_le24(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16;
}

static void put_le24(u32 v, u8 *p)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
}

/**
 * cxl_swcci_init - initialise the software state of a switch CCI
 * @sw: zeroed, or as fwctl_alloc_device() returned it
 * @dev: the parent device, for log lines
 */
void cxl_swcci_init(struct cxl_swcci *sw, struct device *dev)
{
	sw->dev = dev;
	mutex_init(&sw->mbox_lock);
	mutex_init(&sw->cache_lock);
	INIT_LIST_HEAD(&sw->dests);
	atomic_set(&sw->tag, 0);
}

static void dest_free(struct cxl_swcci_dest *d)
{
	if (!d)
		return;
	cxl_fwctl_cel_free(&d->cel);
	kfree(d);
}

/**
 * cxl_swcci_release - free what cxl_swcci_init() and later calls built
 * @sw: the switch CCI; no fwctl op runs any more
 */
void cxl_swcci_release(struct cxl_swcci *sw)
{
	cxl_swcci_dest_drop_all(sw);
	cxl_fwctl_cel_free(&sw->cel);
	mutex_destroy(&sw->cache_lock);
	mutex_destroy(&sw->mbox_lock);
}

/**
 * cxl_swcci_tunnel_parse - check a Tunnel Management Command request
 * @in: its payload
 * @len: bytes at @in (the request's op_size)
 * @req: filled in with the path and the message inside every tunnel
 *
 * Every level must be well formed: at least a tunnel and a CCI header, a
 * command size equal to the bytes that follow the tunnel header, a request
 * CCI message with its reserved byte zero, and a payload length equal to
 * what the message carries. Payload limits need the destinations' Identify
 * and are checked by the caller.
 *
 * Return: 0; -EINVAL for a malformed level or a reserved target type;
 * -EOPNOTSUPP for the LD-Pool CCI target type; -ELOOP for more than
 * %CXL_SWCCI_MAX_DEPTH nested tunnels.
 */
int cxl_swcci_tunnel_parse(const u8 *in, size_t len,
			   struct cxl_swcci_tunnel_req *req)
{
	unsigned int depth = 0;
	u16 opcode = CXL_SWCCI_OP_TUNNEL;

	memset(req, 0, sizeof(*req));
	while (opcode == CXL_SWCCI_OP_TUNNEL) {
		const u8 *cci = in + CXL_SWCCI_TUNNEL_HDR;
		struct cxl_swcci_level *lvl;
		size_t size;

		if (depth == CXL_SWCCI_MAX_DEPTH)
			return -ELOOP;
		if (len < CXL_SWCCI_TUNNEL_OVERHEAD)
			return -EINVAL;
		if (in[1] == CXL_SWCCI_TARGET_LD_POOL)
			return -EOPNOTSUPP;
		if (in[1] != CXL_SWCCI_TARGET_PORT_OR_LD)
			return -EINVAL;
		size = get_unaligned_le16(in + 2);
		if (size != len - CXL_SWCCI_TUNNEL_HDR)
			return -EINVAL;
		if (cci[0] != CXL_SWCCI_CAT_REQUEST || cci[2])
			return -EINVAL;
		if (get_le24(cci + 5) != size - CXL_SWCCI_CCI_HDR)
			return -EINVAL;

		req->path.hop[depth].id = in[0];
		req->path.hop[depth].type = in[1];
		lvl = &req->level[depth];
		opcode = cci[4] << 8 | cci[3];
		lvl->opcode = opcode;
		lvl->tag = cci[1];
		lvl->payload = size - CXL_SWCCI_CCI_HDR;
		depth++;
		req->path.depth = depth;

		in = cci + CXL_SWCCI_CCI_HDR;
		len = lvl->payload;
	}
	return 0;
}

/**
 * cxl_swcci_tunnel_unwrap - walk a Tunnel Management Command response
 * @out: the switch's output payload
 * @len: bytes at @out
 * @req: the request it answers
 * @resp: filled in on success
 *
 * Each level must hold a response header and a response CCI message that
 * fits in it, echoes the request's tag and command, and whose payload length
 * is what the response length says. A level that failed ends the walk.
 *
 * Return: 0, or -EPROTO when a level is malformed.
 */
int cxl_swcci_tunnel_unwrap(const u8 *out, size_t len,
			    const struct cxl_swcci_tunnel_req *req,
			    struct cxl_swcci_tunnel_resp *resp)
{
	unsigned int k;

	memset(resp, 0, sizeof(*resp));
	for (k = 0; k < req->path.depth; k++) {
		const struct cxl_swcci_level *lvl = &req->level[k];
		const u8 *cci = out + CXL_SWCCI_TUNNEL_HDR;
		size_t rlen;

		if (len < CXL_SWCCI_TUNNEL_OVERHEAD)
			return -EPROTO;
		rlen = get_unaligned_le16(out);
		if (rlen < CXL_SWCCI_CCI_HDR || rlen > len - CXL_SWCCI_TUNNEL_HDR)
			return -EPROTO;
		if ((cci[0] & 0xf) != CXL_SWCCI_CAT_RESPONSE ||
		    cci[1] != lvl->tag ||
		    (cci[4] << 8 | cci[3]) != lvl->opcode)
			return -EPROTO;
		if (get_le24(cci + 5) != rlen - CXL_SWCCI_CCI_HDR)
			return -EPROTO;

		resp->level = k;
		resp->rc = get_unaligned_le16(cci + 8);
		if (resp->rc != CXL_SWCCI_RC_SUCCESS)
			return 0;
		out = cci + CXL_SWCCI_CCI_HDR;
		len = rlen - CXL_SWCCI_CCI_HDR;
	}
	resp->payload = out;
	resp->len = len;
	return 0;
}

/**
 * struct tunnel_mbox - a mailbox that reaches a destination through tunnels
 * @mbox: what cxl_fwctl's helpers are handed; payload_size is what both the
 *	destination and the tunnels in front of it can carry
 * @sw: the switch CCI
 * @path: the destination
 * @errors: commands that did not succeed, at any level
 * @refused: the switch refused the tunnel, with return code @refused_rc
 * @refused_rc: see @refused
 * @hop_refused: a device along the path refused to tunnel further
 */
struct tunnel_mbox {
	struct cxl_mailbox mbox;
	struct cxl_swcci *sw;
	struct cxl_swcci_path path;
	unsigned int errors;
	bool refused;
	u16 refused_rc;
	bool hop_refused;
};

/* Wrap @cmd in the tunnels of @tm->path, send it, unwrap the answer. */
static int tunnel_send(struct cxl_mailbox *mbox, struct cxl_mbox_cmd *cmd)
{
	struct tunnel_mbox *tm = container_of(mbox, struct tunnel_mbox, mbox);
	struct cxl_swcci *sw = tm->sw;
	size_t max = sw->mbox.payload_size, in_len, got;
	unsigned int d = tm->path.depth, k;
	struct cxl_swcci_tunnel_req req = { .path = tm->path };
	struct cxl_swcci_tunnel_resp resp;
	u16 rc_dev;
	u8 *in, *out;
	int rc;

	in_len = d * CXL_SWCCI_TUNNEL_OVERHEAD + cmd->size_in;
	if (cmd->size_in > mbox->payload_size || in_len > max)
		return -EMSGSIZE;
	in = kvzalloc(in_len, GFP_KERNEL);
	out = kvzalloc(max, GFP_KERNEL);
	if (!in || !out) {
		rc = -ENOMEM;
		goto out_free;
	}

	for (k = 0; k < d; k++) {
		u8 *t = in + k * CXL_SWCCI_TUNNEL_OVERHEAD;
		u8 *cci = t + CXL_SWCCI_TUNNEL_HDR;
		struct cxl_swcci_level *lvl = &req.level[k];

		lvl->opcode = k == d - 1 ? cmd->opcode : CXL_SWCCI_OP_TUNNEL;
		lvl->tag = atomic_inc_return(&sw->tag);
		lvl->payload = (d - 1 - k) * CXL_SWCCI_TUNNEL_OVERHEAD +
			       cmd->size_in;
		t[0] = tm->path.hop[k].id;
		t[1] = tm->path.hop[k].type;
		put_unaligned_le16(CXL_SWCCI_CCI_HDR + lvl->payload, t + 2);
		cci[0] = CXL_SWCCI_CAT_REQUEST;
		cci[1] = lvl->tag;
		cci[3] = lvl->opcode & 0xff;
		cci[4] = lvl->opcode >> 8;
		put_le24(lvl->payload, cci + 5);
	}
	if (cmd->size_in)
		memcpy(in + d * CXL_SWCCI_TUNNEL_OVERHEAD, cmd->payload_in,
		       cmd->size_in);

	rc = cxl_fwctl_mbox_send(&sw->mbox, CXL_SWCCI_OP_TUNNEL, in, in_len,
				 out, max, &got, &rc_dev);
	if (rc)
		goto out_err;
	if (rc_dev != CXL_SWCCI_RC_SUCCESS) {
		tm->refused = true;
		tm->refused_rc = rc_dev;
		rc = -ENXIO;
		goto out_err;
	}
	rc = cxl_swcci_tunnel_unwrap(out, got, &req, &resp);
	if (rc) {
		dev_warn_ratelimited(sw->dev,
				     "cxl_switch_fwctl: malformed tunnel response to port %u\n",
				     tm->path.hop[0].id);
		goto out_err;
	}
	if (resp.level < d - 1) {
		tm->hop_refused = true;
		rc = -ENXIO;
		goto out_err;
	}

	cmd->return_code = resp.rc;
	if (resp.rc == CXL_SWCCI_RC_SUCCESS) {
		cmd->size_out = min(resp.len, cmd->size_out);
		if (cmd->size_out)
			memcpy(cmd->payload_out, resp.payload, cmd->size_out);
	} else {
		tm->errors++;
	}
	goto out_free;

out_err:
	tm->errors++;
out_free:
	kvfree(out);
	kvfree(in);
	return rc;
}

static bool path_prefix_equal(const struct cxl_swcci_path *a,
			      const struct cxl_swcci_path *b,
			      unsigned int depth)
{
	unsigned int k;

	if (a->depth != depth)
		return false;
	for (k = 0; k < depth; k++)
		if (a->hop[k].id != b->hop[k].id ||
		    a->hop[k].type != b->hop[k].type)
			return false;
	return true;
}

/* Caller holds sw->cache_lock. */
static struct cxl_swcci_dest *dest_find(struct cxl_swcci *sw,
					const struct cxl_swcci_path *path,
					unsigned int depth)
{
	struct cxl_swcci_dest *d;

	list_for_each_entry(d, &sw->dests, node)
		if (path_prefix_equal(&d->path, path, depth))
			return d;
	return NULL;
}

/* Caller holds sw->cache_lock. */
static void drop_port_locked(struct cxl_swcci *sw, u8 port)
{
	struct cxl_swcci_dest *d, *next;

	list_for_each_entry_safe(d, next, &sw->dests, node) {
		if (d->path.hop[0].id != port)
			continue;
		list_del(&d->node);
		sw->ndests--;
		dest_free(d);
	}
}

/* Is @path's first @depth hops a prefix of @d's path (or the path itself)? */
static bool dest_behind(const struct cxl_swcci_dest *d,
			const struct cxl_swcci_path *path, unsigned int depth)
{
	unsigned int k;

	if (d->path.depth < depth)
		return false;
	for (k = 0; k < depth; k++)
		if (d->path.hop[k].id != path->hop[k].id ||
		    d->path.hop[k].type != path->hop[k].type)
			return false;
	return true;
}

/* Caller holds sw->cache_lock. */
static void drop_path_locked(struct cxl_swcci *sw,
			     const struct cxl_swcci_path *path,
			     unsigned int depth)
{
	struct cxl_swcci_dest *d, *next;

	list_for_each_entry_safe(d, next, &sw->dests, node) {
		if (!dest_behind(d, path, depth))
			continue;
		list_del(&d->node);
		sw->ndests--;
		dest_free(d);
	}
}

/**
 * cxl_swcci_dest_drop_path - forget a destination and everything behind it
 * @sw: the switch CCI
 * @path: the destination's path ...
 * @depth: ... its first @depth hops
 *
 * Context: process context; takes the cache lock.
 */
void cxl_swcci_dest_drop_path(struct cxl_swcci *sw,
			      const struct cxl_swcci_path *path,
			      unsigned int depth)
{
	guard(mutex)(&sw->cache_lock);
	drop_path_locked(sw, path, depth);
}

/**
 * cxl_swcci_dest_drop_port - forget every destination behind a port
 * @sw: the switch CCI
 * @port: the switch port
 *
 * Context: process context; takes the cache lock.
 */
void cxl_swcci_dest_drop_port(struct cxl_swcci *sw, u8 port)
{
	guard(mutex)(&sw->cache_lock);
	drop_port_locked(sw, port);
}

/**
 * cxl_swcci_dest_drop_all - forget every destination
 * @sw: the switch CCI
 *
 * Context: process context; takes the cache lock.
 */
void cxl_swcci_dest_drop_all(struct cxl_swcci *sw)
{
	struct cxl_swcci_dest *d, *next;

	guard(mutex)(&sw->cache_lock);
	list_for_each_entry_safe(d, next, &sw->dests, node) {
		list_del(&d->node);
		dest_free(d);
	}
	sw->ndests = 0;
	memset(sw->ports, 0, sizeof(sw->ports));
}

/*
 * Ask the switch for @port's state and drop what is cached behind it if
 * the state changed or cannot be read. Returns true when what is read
 * behind the port now may be cached: the state was read. A switch that
 * cannot report port state gets nothing cached behind its ports.
 *
 * Caller holds sw->cache_lock.
 */
static bool port_check(struct cxl_swcci *sw, u8 port)
{
	struct cxl_swcci_port *ps = &sw->ports[port];
	u8 in[2] = { 1, port }, out[64];
	const u8 *block = out + 4;
	size_t got;
	u16 rc_dev;
	int rc;

	if (!cxl_fwctl_cel_find(&sw->cel, CXL_SWCCI_OP_GET_PORT_STATE))
		return false;
	rc = cxl_fwctl_mbox_send(&sw->mbox, CXL_SWCCI_OP_GET_PORT_STATE, in,
				 sizeof(in), out, sizeof(out), &got, &rc_dev);
	if (rc || rc_dev || got < 4 + CXL_SWCCI_PORT_BLOCK || out[0] != 1 ||
	    block[0] != port) {
		if (ps->valid)
			drop_port_locked(sw, port);
		ps->valid = false;
		return false;
	}
	if (ps->valid && !memcmp(ps->block, block, CXL_SWCCI_PORT_BLOCK))
		return true;
	if (ps->valid)
		dev_dbg(sw->dev, "cxl_switch_fwctl: port %u changed state\n",
			port);
	drop_port_locked(sw, port);
	memcpy(ps->block, block, CXL_SWCCI_PORT_BLOCK);
	ps->valid = true;
	return true;
}

/* The command was not answered: no use trying more. */
static bool not_answered(int rc)
{
	return rc == -EINTR || rc == -ENOMEM || rc == -ETIMEDOUT ||
	       rc == -ENODEV || rc == -EBUSY;
}

/*
 * Read what a request needs of the destination at @path's first @depth
 * hops: the payload it takes (Identify) and its CEL. A CEL that cannot be
 * read leaves an empty table, which refuses every opcode.
 *
 * Returns 0 with *@dp set and *@clean true when nothing failed; 1 when the
 * switch refused the tunnel (*@refused_rc); -ENXIO when a device along the
 * path refused it; another negative errno when a command was not answered.
 * A malformed answer is not an error here: it leaves the CEL empty.
 *
 * Caller holds sw->cache_lock.
 */
static int dest_fill(struct cxl_swcci *sw, const struct cxl_swcci_path *path,
		     unsigned int depth, size_t avail,
		     struct cxl_swcci_dest **dp, bool *clean, u16 *refused_rc)
{
	struct tunnel_mbox tm = {
		.mbox.payload_size = min_t(size_t, avail, CXL_SWCCI_MIN_PAYLOAD),
		.mbox.mbox_send = tunnel_send,
		.sw = sw,
		.path = *path,
	};
	struct cxl_swcci_dest *d;
	u8 id[IDENTIFY_OUT_MIN + 1] = {};
	size_t got, limit = CXL_SWCCI_MIN_PAYLOAD;
	u16 rc_dev;
	int rc;

	tm.path.depth = depth;
	rc = cxl_fwctl_mbox_send(&tm.mbox, CXL_SWCCI_OP_IDENTIFY, NULL, 0, id,
				 sizeof(id), &got, &rc_dev);
	if (tm.refused) {
		*refused_rc = tm.refused_rc;
		return 1;
	}
	if (tm.hop_refused)
		return -ENXIO;
	if (not_answered(rc))
		return rc;
	if (!rc && !rc_dev && got >= IDENTIFY_OUT_MIN &&
	    id[IDENTIFY_MSG_SHIFT] >= MSG_SHIFT_MIN &&
	    id[IDENTIFY_MSG_SHIFT] <= MSG_SHIFT_MAX)
		limit = 1UL << id[IDENTIFY_MSG_SHIFT];
	else
		tm.errors++;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->path = tm.path;
	d->payload = min(limit, avail);
	memcpy(d->ident, id, CXL_SWCCI_IDENT_LEN);
	tm.mbox.payload_size = d->payload;
	rc = cxl_fwctl_cel_read(&d->cel, &tm.mbox, sw->dev);
	sw->fills++;
	if (tm.refused || tm.hop_refused || not_answered(rc)) {
		dest_free(d);
		if (tm.refused) {
			*refused_rc = tm.refused_rc;
			return 1;
		}
		return tm.hop_refused ? -ENXIO : rc;
	}
	/* A CEL cut short may lack opcodes: use it once, never cache it. */
	if (rc || d->cel.partial)
		tm.errors++;
	*dp = d;
	*clean = !tm.errors;
	return 0;
}

/*
 * Is the device at @d's path still the one whose CEL @d holds? The port
 * state does not say (a device swapped for one of the same kind reports
 * the same state, and some switches cannot report it): ask its Identify.
 * Anything but the same identity answered in full is a no.
 *
 * Caller holds sw->cache_lock.
 */
static bool dest_still_there(struct cxl_swcci *sw,
			     const struct cxl_swcci_dest *d, size_t avail)
{
	struct tunnel_mbox tm = {
		.mbox.payload_size = min_t(size_t, avail, CXL_SWCCI_MIN_PAYLOAD),
		.mbox.mbox_send = tunnel_send,
		.sw = sw,
		.path = d->path,
	};
	u8 id[IDENTIFY_OUT_MIN + 1];
	size_t got;
	u16 rc_dev;
	int rc;

	rc = cxl_fwctl_mbox_send(&tm.mbox, CXL_SWCCI_OP_IDENTIFY, NULL, 0, id,
				 sizeof(id), &got, &rc_dev);
	if (rc || rc_dev || got < IDENTIFY_OUT_MIN)
		return false;
	return !memcmp(id, d->ident, CXL_SWCCI_IDENT_LEN);
}

/* Caller holds sw->cache_lock. */
static void dest_insert(struct cxl_swcci *sw, struct cxl_swcci_dest *d)
{
	if (sw->ndests == CXL_SWCCI_MAX_DESTS) {
		struct cxl_swcci_dest *old =
			list_last_entry(&sw->dests, struct cxl_swcci_dest, node);

		list_del(&old->node);
		sw->ndests--;
		dest_free(old);
	}
	list_add(&d->node, &sw->dests);
	sw->ndests++;
}

/**
 * cxl_swcci_dest_lookup - judge every level of a tunnel request against
 *	the destination that runs it
 * @sw: the switch CCI
 * @req: a request cxl_swcci_tunnel_parse() accepted
 * @check: called for each level, outermost first, with what is known of
 *	its destination; a non-zero return ends the lookup with that value
 * @ctx: for @check
 * @refused_rc: set when the function returns 1
 *
 * Destinations are read through the tunnel when they are not cached, and
 * cached when nothing failed, the CEL was read whole and the port's state
 * could be read. A cached destination is used only after its Identify
 * names the same device again. A level is checked before anything is sent
 * through it, so a device is never asked to tunnel for the kernel unless
 * the user's own request may pass it. The state of the port in front of
 * the path is checked first, and what is cached behind a port that
 * changed is dropped.
 *
 * Context: process context; sends mailbox commands; takes the cache lock.
 * Return: 0 when every level passed @check; what @check returned; 1 when
 * the switch refused the tunnel with *@refused_rc; -ENXIO when a device
 * along the path refused to tunnel; -EMSGSIZE when the tunnels leave no
 * room for a destination's messages; another negative errno when a command
 * was not answered.
 */
int cxl_swcci_dest_lookup(struct cxl_swcci *sw,
			  const struct cxl_swcci_tunnel_req *req,
			  cxl_swcci_check_fn check, void *ctx,
			  u16 *refused_rc)
{
	struct cxl_swcci_dest *tmp[CXL_SWCCI_MAX_DEPTH] = {};
	size_t avail = sw->mbox.payload_size;
	unsigned int j;
	bool cacheable;
	int rc = 0;

	if (mutex_lock_killable(&sw->cache_lock))
		return -EINTR;
	cacheable = port_check(sw, req->path.hop[0].id);

	for (j = 0; j < req->path.depth; j++) {
		const struct cxl_fwctl_cel_entry *e;
		struct cxl_swcci_dest_info info;
		struct cxl_swcci_dest *d;
		bool clean = false;

		if (avail <= CXL_SWCCI_TUNNEL_OVERHEAD) {
			rc = -EMSGSIZE;
			break;
		}
		avail -= CXL_SWCCI_TUNNEL_OVERHEAD;
		avail = min_t(size_t, avail, CXL_SWCCI_MAX_TUNNEL_PAYLOAD);
		d = dest_find(sw, &req->path, j + 1);
		if (d && !dest_still_there(sw, d, avail)) {
			/* Another device, or none: read it again. */
			drop_path_locked(sw, &req->path, j + 1);
			d = NULL;
		}
		if (d) {
			list_move(&d->node, &sw->dests);
		} else {
			rc = dest_fill(sw, &req->path, j + 1, avail, &d, &clean,
				       refused_rc);
			if (rc)
				break;
			if (cacheable && clean)
				dest_insert(sw, d);
			else
				tmp[j] = d;
		}
		e = cxl_fwctl_cel_find(&d->cel, req->level[j].opcode);
		info.in_cel = !!e;
		info.effects = e ? e->effects : 0;
		info.payload = d->payload;
		rc = check(ctx, j, &info);
		if (rc)
			break;
		avail = d->payload;
	}
	if (rc == -ENXIO || not_answered(rc))
		drop_port_locked(sw, req->path.hop[0].id);
	mutex_unlock(&sw->cache_lock);

	for (j = 0; j < CXL_SWCCI_MAX_DEPTH; j++)
		dest_free(tmp[j]);
	return rc;
}
