// SPDX-License-Identifier: GPL-2.0
/*
 * cxl_switch_fwctl against QEMU's switch topology (run.sh --topology
 * switch): the switch mailbox CCI at 0000:0d:00.1, a persistent type-3
 * (sn 0x1) behind downstream port 0 and a volatile one (sn
 * 0xfedcba9876543210, all 64 bits) behind port 1, upstream port 2.
 *
 * Never sends Get Timestamp (0x0300) or Set Timestamp (0x0301) to the
 * switch CCI itself: QEMU 10.0.2 aborts on them. Set Timestamp appears
 * below only where the kernel must refuse it before sending anything.
 */
#include <glob.h>

#include "kselftest_harness.h"
#include "cxl_util.h"

#define OP_IDENTIFY		0x0001
#define OP_BG_STATUS		0x0002
#define OP_GET_SUP_LOGS		0x0400
#define OP_GET_LOG		0x0401
#define OP_IDENTIFY_SWITCH	0x5100
#define OP_PORT_STATE		0x5101
#define OP_TUNNEL		0x5300

#define RC_INVALID_INPUT	0x0002

#define SWITCH_MOD		MODDIR "/cxl_switch_fwctl.ko"
#define SWITCH_DRV		"/sys/bus/pci/drivers/cxl_switch_fwctl"
#define DEBUGFS			"/sys/kernel/debug/cxl_switch_fwctl"

static const uint8_t cel_uuid[16] = {
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
};

/* The switch CCI's PCI address, found by its class code. */
static int find_cci(char *bdf, size_t len)
{
	glob_t g;
	size_t i;
	int found = -1;

	if (glob("/sys/bus/pci/devices/*/class", 0, NULL, &g))
		return -1;
	for (i = 0; i < g.gl_pathc && found; i++) {
		char cls[32], *p;

		if (read_file(g.gl_pathv[i], cls, sizeof(cls)) ||
		    strcmp(cls, "0x0c0b00"))
			continue;
		p = strrchr(g.gl_pathv[i], '/');
		*p = 0;
		snprintf(bdf, len, "%s", strrchr(g.gl_pathv[i], '/') + 1);
		found = 0;
	}
	globfree(&g);
	return found;
}

/* Open the fwctl device whose parent is the PCI function @bdf. */
static int open_cci_fwctl(const char *bdf, char *name, size_t len)
{
	char path[300];
	struct dirent *e;
	DIR *d;
	int fd = -1;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/fwctl", bdf);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "fwctl", 5))
			continue;
		if (name)
			snprintf(name, len, "%s", e->d_name);
		snprintf(path, sizeof(path), "/dev/fwctl/%.255s", e->d_name);
		fd = open(path, O_RDWR);
		break;
	}
	closedir(d);
	return fd;
}

static int load_module(void)
{
	/* Already loaded is fine: the tests share one module instance. */
	run_cmd("insmod " SWITCH_MOD " 2>/dev/null");
	return access(SWITCH_DRV, F_OK);
}

/*
 * Wrap a command in a tunnel to @port: the Tunnel Management Command
 * request (4 bytes) and a CCI request message (12 bytes) in front of it.
 */
static size_t tunnel(uint8_t *buf, uint8_t port, uint16_t opcode,
		     const void *payload, size_t len, uint8_t tag)
{
	memmove(buf + 16, payload, len);
	buf[0] = port;
	buf[1] = 0;
	buf[2] = (12 + len) & 0xff;
	buf[3] = (12 + len) >> 8;
	memset(buf + 4, 0, 12);
	buf[5] = tag;
	buf[7] = opcode & 0xff;
	buf[8] = opcode >> 8;
	buf[9] = len & 0xff;
	buf[10] = (len >> 8) & 0xff;
	buf[11] = len >> 16;
	return 16 + len;
}

static uint16_t le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/*
 * The message inside a tunnel response: its return code, payload and
 * length; the response must be well formed.
 */
struct inner {
	int ok;
	uint8_t category;
	uint8_t tag;
	uint16_t opcode;
	uint16_t rc;
	const uint8_t *payload;
	uint32_t len;
};

static struct inner unwrap(const uint8_t *out, uint32_t size)
{
	struct inner in = { 0 };
	uint32_t rlen;

	if (size < 16)
		return in;
	rlen = le16(out);
	if (rlen < 12 || rlen > size - 4)
		return in;
	in.category = out[4];
	in.tag = out[5];
	in.opcode = out[7] | out[8] << 8;
	in.len = out[9] | out[10] << 8 | out[11] << 16;
	in.rc = le16(out + 12);
	in.payload = out + 16;
	in.ok = in.len == rlen - 12;
	return in;
}

/* The memdev serial numbers sysfs lists; returns how many. */
static int memdev_serials(uint64_t *serials, int max)
{
	char names[8][32], path[300], buf[64];
	int n = list_memdevs(names, 8), i, got = 0;

	for (i = 0; i < n && got < max; i++) {
		snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/serial",
			 names[i]);
		if (read_file(path, buf, sizeof(buf)))
			continue;
		serials[got++] = strtoull(buf, NULL, 0);
	}
	return got;
}

static int have_serial(uint64_t serial)
{
	uint64_t s[8];
	int n = memdev_serials(s, 8), i;

	for (i = 0; i < n; i++)
		if (s[i] == serial)
			return 1;
	return 0;
}

FIXTURE(sw) {
	char bdf[64];
	int fd;
	struct cxl_reply reply;
	uint8_t buf[PAYLOAD_MAX + 64];
};

FIXTURE_SETUP(sw)
{
	ASSERT_EQ(0, find_cci(self->bdf, sizeof(self->bdf)));
	ASSERT_EQ(0, load_module());
	self->fd = open_cci_fwctl(self->bdf, NULL, 0);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(sw)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* Send @len bytes at @buf as a tunnel request at configuration scope. */
static int tunnel_rpc(int fd, const uint8_t *buf, size_t len,
		      struct cxl_reply *reply)
{
	return rpc(fd, FWCTL_RPC_CONFIGURATION, OP_TUNNEL, buf, len, reply);
}

TEST_F(sw, identify)
{
	struct cxl_reply *r = &self->reply;

	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY, NULL,
			 0, r));
	ASSERT_EQ(0, r->retval);
	ASSERT_EQ(18, r->size);
	/*
	 * QEMU's switch: vendor 0x19e5, device 0xa128, no subsystem ids,
	 * the upstream port's serial number, messages of 2^9 bytes,
	 * component type 0 (switch).
	 */
	ASSERT_EQ(0x19e5, le16(r->payload));
	ASSERT_EQ(0xa128, le16(r->payload + 2));
	ASSERT_EQ(0, le16(r->payload + 4));
	ASSERT_EQ(0, le16(r->payload + 6));
	ASSERT_EQ(0x1234, le64(r->payload + 8));
	ASSERT_EQ(9, r->payload[16]);
	ASSERT_EQ(0, r->payload[17]);
}

/* The switch's CEL as the kernel read it, with its verdicts. */
TEST_F(sw, switch_cel)
{
	char path[256], dump[4096];

	snprintf(path, sizeof(path), DEBUGFS "/%s/cel", self->bdf);
	ASSERT_EQ(0, read_file(path, dump, sizeof(dump)));
	ASSERT_NE(NULL, strstr(dump, "0x0001 0x0000  configuration"));
	ASSERT_NE(NULL, strstr(dump, "0x5100 0x0000  configuration"));
	ASSERT_NE(NULL, strstr(dump, "0x5101 0x0000  configuration"));
	ASSERT_NE(NULL, strstr(dump, "0x5300 0x0000  configuration"));
	ASSERT_NE(NULL, strstr(dump, "0x0301 0x0008  -"));
	ASSERT_NE(NULL, strstr(dump, "kernel-coordinated"));
}

TEST_F(sw, identify_switch_device)
{
	struct cxl_reply *r = &self->reply;

	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY_SWITCH,
			 NULL, 0, r));
	ASSERT_EQ(0, r->retval);
	/*
	 * 73 bytes: ingress port 0, 3 physical ports, 1 VCS, ports 0-2
	 * active.
	 */
	ASSERT_EQ(73, r->size);
	ASSERT_EQ(0, r->payload[0]);
	ASSERT_EQ(3, r->payload[2]);
	ASSERT_EQ(1, r->payload[3]);
	ASSERT_EQ(0x07, r->payload[4]);
}

TEST_F(sw, physical_port_state)
{
	struct cxl_reply *r = &self->reply;
	uint8_t in[4] = { 3, 0, 1, 2 };
	int i;

	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_PORT_STATE, in,
			 sizeof(in), r));
	ASSERT_EQ(0, r->retval);
	ASSERT_EQ(4 + 3 * 16, r->size);
	ASSERT_EQ(3, r->payload[0]);
	for (i = 0; i < 3; i++) {
		const uint8_t *b = r->payload + 4 + 16 * i;

		ASSERT_EQ(i, b[0]);
	}
	/*
	 * Ports 0 and 1: downstream (config state 3), a type-3 device as
	 * QEMU reports it (type 5, 3 LDs). Port 2: upstream (4), nothing.
	 */
	ASSERT_EQ(3, r->payload[4 + 1]);
	ASSERT_EQ(5, r->payload[4 + 4]);
	ASSERT_EQ(3, r->payload[4 + 15]);
	ASSERT_EQ(3, r->payload[20 + 1]);
	ASSERT_EQ(5, r->payload[20 + 4]);
	ASSERT_EQ(3, r->payload[20 + 15]);
	ASSERT_EQ(4, r->payload[36 + 1]);
	ASSERT_EQ(0, r->payload[36 + 4]);
}

/* A tunnelled Identify returns the serial number of the memdev behind. */
TEST_F(sw, tunnel_identify_serials)
{
	uint64_t want[2] = { 0x1, 0xfedcba9876543210ULL };
	int port;

	for (port = 0; port < 2; port++) {
		struct inner in;
		size_t len = tunnel(self->buf, port, OP_IDENTIFY, NULL, 0, 7);

		ASSERT_EQ(0, tunnel_rpc(self->fd, self->buf, len, &self->reply));
		ASSERT_EQ(0, self->reply.retval);
		in = unwrap(self->reply.payload, self->reply.size);
		ASSERT_TRUE(in.ok);
		ASSERT_EQ(1, in.category);
		ASSERT_EQ(7, in.tag);
		ASSERT_EQ(OP_IDENTIFY, in.opcode);
		ASSERT_EQ(0, in.rc);
		ASSERT_EQ(18, in.len);
		ASSERT_EQ(want[port], le64(in.payload + 8));
		/* The same device the CXL stack enumerated. */
		ASSERT_TRUE(have_serial(le64(in.payload + 8)));
	}
}

/* Read port @port's CEL through the tunnel, as a tool would. */
struct cel_ctx {
	int fd;
	uint8_t *buf;
	struct cxl_reply *reply;
};

static int tunnel_cel(const struct cel_ctx *self, int port, uint8_t *cel,
		      uint32_t *cel_len)
{
	uint8_t req[24];
	struct inner in;
	uint32_t size = 0, i;
	size_t len;

	len = tunnel(self->buf, port, OP_GET_SUP_LOGS, NULL, 0, 1);
	if (tunnel_rpc(self->fd, self->buf, len, self->reply) || self->reply->retval)
		return -1;
	in = unwrap(self->reply->payload, self->reply->size);
	if (!in.ok || in.rc || in.len < 8)
		return -1;
	for (i = 0; i < le16(in.payload) && 8 + 20 * (i + 1) <= in.len; i++)
		if (!memcmp(in.payload + 8 + 20 * i, cel_uuid, 16))
			size = le32(in.payload + 8 + 20 * i + 16);
	if (!size || size > 1024)
		return -1;

	memcpy(req, cel_uuid, 16);
	memset(req + 16, 0, 4);
	memcpy(req + 20, &size, 4);
	len = tunnel(self->buf, port, OP_GET_LOG, req, sizeof(req), 2);
	if (tunnel_rpc(self->fd, self->buf, len, self->reply) || self->reply->retval)
		return -1;
	in = unwrap(self->reply->payload, self->reply->size);
	if (!in.ok || in.rc || in.len != size)
		return -1;
	memcpy(cel, in.payload, size);
	*cel_len = size;
	return 0;
}

TEST_F(sw, tunnel_destination_cel)
{
	/* The FM-owned LD command set of QEMU's type-3, all effects 0. */
	static const uint16_t want[] = { 0x0001, 0x0300, 0x0400, 0x0401,
					 0x5300 };
	struct cel_ctx ctx = { self->fd, self->buf, &self->reply };
	char path[256], dump[4096];
	uint8_t cel[1024];
	uint32_t len, i;
	int port;

	for (port = 0; port < 2; port++) {
		ASSERT_EQ(0, tunnel_cel(&ctx, port, cel, &len));
		ASSERT_EQ(4 * ARRAY_SIZE(want), len);
		for (i = 0; i < len / 4; i++) {
			ASSERT_EQ(want[i], le16(cel + 4 * i));
			ASSERT_EQ(0, le16(cel + 4 * i + 2));
		}
	}
	/* The kernel cached the same table for both ports. */
	snprintf(path, sizeof(path), DEBUGFS "/%s/destinations", self->bdf);
	ASSERT_EQ(0, read_file(path, dump, sizeof(dump)));
	ASSERT_NE(NULL, strstr(dump, "destination 0 payload 512 entries 5"));
	ASSERT_NE(NULL, strstr(dump, "destination 1 payload 512 entries 5"));
	ASSERT_NE(NULL, strstr(dump, "0x5300 0x0000  configuration"));
}

/* Opcodes the destination does not list are refused before sending. */
TEST_F(sw, tunnel_opcode_not_in_destination_cel)
{
	static const uint16_t ops[] = { OP_IDENTIFY_MEMDEV, OP_GET_SUP_FEATS,
					OP_BG_STATUS, OP_PORT_STATE };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		size_t len = tunnel(self->buf, 0, ops[i], NULL, 0, 3);

		ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
		ASSERT_EQ(EOPNOTSUPP, errno);
	}
}

/* Kernel-coordinated commands stay refused through a tunnel. */
TEST_F(sw, tunnel_deny_list)
{
	uint8_t ts[8] = { 0 };
	size_t len = tunnel(self->buf, 1, OP_SET_TIMESTAMP, ts, sizeof(ts), 3);

	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(EPERM, errno);
	/* And directly: refused before anything reaches the switch. */
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
			  OP_SET_TIMESTAMP, ts, sizeof(ts), &self->reply));
	ASSERT_EQ(EPERM, errno);
}

/*
 * Fabric management that acts on other hosts, or hides the command it
 * really sends, is refused on a host (EPERM, kernel-coordinated) whether
 * or not the device lists it, directly and through a tunnel.
 */
TEST_F(sw, fabric_management_refused)
{
	static const uint16_t ops[] = {
		0x5102, 0x5103, 0x5201, 0x5202, 0x5301, 0x5302, 0x5402,
		0x5600, 0x5602, 0x5604, 0x5605, 0x56ff,
	};
	uint8_t in[16] = { 0 };

	for (unsigned int i = 0; i < ARRAY_SIZE(ops); i++) {
		size_t len = tunnel(self->buf, 0, ops[i], in, sizeof(in), 7);

		ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, ops[i],
				  in, sizeof(in), &self->reply))
			TH_LOG("opcode 0x%04x", ops[i]);
		ASSERT_EQ(EPERM, errno) TH_LOG("opcode 0x%04x", ops[i]);
		ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len,
					 &self->reply))
			TH_LOG("tunnelled opcode 0x%04x", ops[i]);
		ASSERT_EQ(EPERM, errno) TH_LOG("tunnelled opcode 0x%04x", ops[i]);
	}
}

/*
 * The doorbell wait is bounded: timeout_ms takes 1 to 60000 only (0 would
 * make the kernel wait forever with the mailbox lock held).
 */
TEST_F(sw, timeout_ms_bounded)
{
	const char *p = "/sys/module/cxl_switch_fwctl/parameters/timeout_ms";
	char buf[32];
	int fd, ret;

	fd = open(p, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ret = write(fd, "0", 1);
	ASSERT_EQ(-1, ret);
	ASSERT_EQ(EINVAL, errno);
	ret = write(fd, "60001", 5);
	ASSERT_EQ(-1, ret);
	ASSERT_EQ(EINVAL, errno);
	close(fd);
	ASSERT_EQ(0, read_file(p, buf, sizeof(buf)));
	ASSERT_STREQ("2000", buf);
	/* In range: taken, and commands still run. */
	fd = open(p, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(2, write(fd, "50", 2));
	close(fd);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY, NULL,
			 0, &self->reply));
	fd = open(p, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(4, write(fd, "2000", 4));
	close(fd);
}

/* Malformed tunnels, each refused with its documented errno. */
TEST_F(sw, tunnel_malformed)
{
	uint8_t *b = self->buf;
	size_t len;

	/* Shorter than the tunnel and CCI headers. */
	len = tunnel(b, 0, OP_IDENTIFY, NULL, 0, 1);
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, 15, &self->reply));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, 0, &self->reply));
	ASSERT_EQ(EINVAL, errno);

	/* Command size disagreeing with the bytes that follow. */
	len = tunnel(b, 0, OP_IDENTIFY, NULL, 0, 1);
	b[2] = 13;
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(EINVAL, errno);
	len = tunnel(b, 0, OP_IDENTIFY, NULL, 0, 1);
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len + 4, &self->reply));
	ASSERT_EQ(EINVAL, errno);

	/* A reserved target type; the LD-Pool CCI type is not supported. */
	len = tunnel(b, 0, OP_IDENTIFY, NULL, 0, 1);
	b[1] = 2;
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(EINVAL, errno);
	b[1] = 1;
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(EOPNOTSUPP, errno);

	/* Not a request message; reserved byte set. */
	len = tunnel(b, 0, OP_IDENTIFY, NULL, 0, 1);
	b[4] = 1;
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(EINVAL, errno);
	len = tunnel(b, 0, OP_IDENTIFY, NULL, 0, 1);
	b[6] = 1;
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(EINVAL, errno);

	/* The 24-bit payload length disagreeing with what was supplied. */
	len = tunnel(b, 0, OP_IDENTIFY, "abcd", 4, 1);
	b[9] = 3;
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(EINVAL, errno);
	b[9] = 4;
	b[11] = 1;
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(EINVAL, errno);

	/* A payload larger than the destination's 512 bytes. */
	memset(b + 100, 0, 600);
	len = tunnel(b, 0, OP_GET_LOG, b + 100, 513, 1);
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(EMSGSIZE, errno);

	/* Larger than the switch's own payload. */
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, PAYLOAD_MAX + 1, &self->reply));
	ASSERT_EQ(EMSGSIZE, errno);

	/* Three nested tunnels: deeper than the driver follows. */
	len = tunnel(b, 0, OP_IDENTIFY, NULL, 0, 1);
	len = tunnel(b, 0, OP_TUNNEL, b, len, 2);
	len = tunnel(b, 0, OP_TUNNEL, b, len, 3);
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(ELOOP, errno);
}

/* Where the switch is the judge, its return code comes back. */
TEST_F(sw, tunnel_bad_port)
{
	static const int ports[] = { 2, 7, 255 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ports); i++) {
		size_t len = tunnel(self->buf, ports[i], OP_IDENTIFY, NULL, 0,
				    1);

		ASSERT_EQ(0, tunnel_rpc(self->fd, self->buf, len, &self->reply));
		ASSERT_EQ(RC_INVALID_INPUT, self->reply.retval);
		ASSERT_EQ(0, self->reply.size);
	}
}

/* Switch -> port 0 -> LD 0 of the type-3: two levels, both checked. */
TEST_F(sw, tunnel_nested)
{
	struct inner outer, in;
	size_t len;

	len = tunnel(self->buf, 0, OP_IDENTIFY, NULL, 0, 0x21);
	len = tunnel(self->buf, 0, OP_TUNNEL, self->buf, len, 0x12);
	ASSERT_EQ(0, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	outer = unwrap(self->reply.payload, self->reply.size);
	ASSERT_TRUE(outer.ok);
	ASSERT_EQ(0x12, outer.tag);
	ASSERT_EQ(OP_TUNNEL, outer.opcode);
	ASSERT_EQ(0, outer.rc);
	in = unwrap(outer.payload, outer.len);
	ASSERT_TRUE(in.ok);
	ASSERT_EQ(0x21, in.tag);
	ASSERT_EQ(0, in.rc);
	ASSERT_EQ(18, in.len);
	ASSERT_EQ(0x1, le64(in.payload + 8));

	/* An opcode the LD's CEL lacks, two levels down. */
	len = tunnel(self->buf, 0, OP_IDENTIFY_MEMDEV, NULL, 0, 0x21);
	len = tunnel(self->buf, 0, OP_TUNNEL, self->buf, len, 0x12);
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(EOPNOTSUPP, errno);

	/* A malformed inner level. */
	len = tunnel(self->buf, 0, OP_IDENTIFY, NULL, 0, 0x21);
	len = tunnel(self->buf, 0, OP_TUNNEL, self->buf, len, 0x12);
	self->buf[16 + 4] = 1;
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(EINVAL, errno);
}

TEST_F(sw, no_taint)
{
	/* Every command above needs configuration scope only. */
	ASSERT_EQ(0, taint_mask() & (1UL << TAINT_FWCTL_BIT));
}

/* Unbind the CCI with the fd open: the fd goes dead, rebind gives a new one. */
TEST_F(sw, unbind_rebind)
{
	char cmd[256];
	int fd2;

	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY, NULL,
			 0, &self->reply));
	snprintf(cmd, sizeof(cmd), "echo %s > " SWITCH_DRV "/unbind",
		 self->bdf);
	ASSERT_EQ(0, run_cmd(cmd));
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY, NULL,
			  0, &self->reply));
	ASSERT_EQ(ENODEV, errno);

	snprintf(cmd, sizeof(cmd), "echo %s > " SWITCH_DRV "/bind", self->bdf);
	ASSERT_EQ(0, run_cmd(cmd));
	fd2 = open_cci_fwctl(self->bdf, NULL, 0);
	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, rpc(fd2, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY, NULL, 0,
			 &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	/* The old fd stays dead. */
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY, NULL,
			  0, &self->reply));
	ASSERT_EQ(ENODEV, errno);
	close(fd2);
}

/* Unload the module with fds open, tunnelled traffic done; load it again. */
TEST_F(sw, module_reload)
{
	size_t len = tunnel(self->buf, 1, OP_IDENTIFY, NULL, 0, 9);
	int fd2;

	ASSERT_EQ(0, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(0, run_cmd("rmmod cxl_switch_fwctl"));
	ASSERT_EQ(-1, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(ENODEV, errno);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY, NULL,
			  0, &self->reply));
	ASSERT_EQ(ENODEV, errno);

	ASSERT_EQ(0, run_cmd("insmod " SWITCH_MOD));
	fd2 = open_cci_fwctl(self->bdf, NULL, 0);
	ASSERT_LE(0, fd2);
	self->fd = fd2 == self->fd ? self->fd : (close(self->fd), fd2);
	ASSERT_EQ(0, tunnel_rpc(self->fd, self->buf, len, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(0xfedcba9876543210ULL,
		  le64(unwrap(self->reply.payload, self->reply.size).payload + 8));
}

TEST_HARNESS_MAIN
