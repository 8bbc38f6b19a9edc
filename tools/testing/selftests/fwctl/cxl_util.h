/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the CXL fwctl selftests: building CXL requests, finding
 * a memdev's fwctl device, the QEMU device's known Feature values.
 */
#ifndef __CXL_UTIL_H
#define __CXL_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

#include <fwctl/fwctl.h>
#include <fwctl/cxl.h>

#define OP_GET_TIMESTAMP	0x0300
#define OP_SET_TIMESTAMP	0x0301
#define OP_CLEAR_EVENTS		0x0101
#define OP_GET_SUP_FEATS	0x0500
#define OP_GET_FEATURE		0x0501
#define OP_SET_FEATURE		0x0502
#define OP_IDENTIFY_MEMDEV	0x4000
#define OP_GET_LSA		0x4102
#define OP_SET_LSA		0x4103
#define OP_GET_POISON		0x4300
#define OP_INJECT_POISON	0x4301
#define OP_SCAN_MEDIA		0x4304
#define OP_SANITIZE		0x4400
#define OP_VENDOR		0xc000

#define PAYLOAD_MAX		2048
/* QEMU's return code for Get Feature of a UUID it does not know. */
#define QEMU_RC_UNKNOWN_FEATURE	0x0003
#define TAINT_FWCTL_BIT		19
#define MODDIR			"/modules"

static const uint8_t patrol_scrub_uuid[16] = {
	0x96, 0xda, 0xd7, 0xd6, 0xfd, 0xe8, 0x48, 0x2b,
	0xa7, 0x33, 0x75, 0x77, 0x4e, 0x06, 0xdb, 0x8a,
};

static const uint8_t ecs_uuid[16] = {
	0xe5, 0xb1, 0x3f, 0x22, 0x23, 0x28, 0x4a, 0x14,
	0xb8, 0xba, 0xb9, 0x69, 0x1e, 0x89, 0x33, 0x86,
};

/*
 * Patrol scrub, read: capabilities, cycle (hours), minimum cycle, flags
 * (bit 0 enabled); written: cycle, flags.
 */
static const uint8_t patrol_scrub_value[4] = { 0x03, 0x0c, 0x01, 0x00 };
static const uint8_t patrol_scrub_set_orig[2] = { 0x0c, 0x00 };
static const uint8_t patrol_scrub_set_new[2] = { 0x0d, 0x01 };
static const uint8_t patrol_scrub_value_new[4] = { 0x03, 0x0d, 0x01, 0x01 };
static const uint8_t ecs_value[13] = {
	0x01, 0x01, 0x03, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x01, 0x03,
	0x00, 0x00,
};

/* A response: the 8-byte header, then the mailbox output. */
struct cxl_reply {
	uint32_t size;
	uint32_t retval;
	uint8_t payload[PAYLOAD_MAX + 64];
};

/*
 * Send one raw request: header fields as given, payload as given, in_len
 * exactly the 16-byte header and the payload (the conformance test,
 * cxl_mainline.c, sends requests sized as mainline's clients do). Returns
 * the ioctl's result; the response lands in @reply, its full length in
 * *@out_len.
 */
static inline int rpc_raw(int fd, uint32_t scope, uint32_t opcode, uint32_t flags,
			  uint32_t op_size, uint32_t reserved1, const void *payload,
			  size_t payload_len, struct cxl_reply *reply,
			  uint32_t *out_len)
{
	size_t in_len = sizeof(struct fwctl_rpc_cxl_hdr) + payload_len;
	struct fwctl_rpc_cxl *req = calloc(1, sizeof(*req) + payload_len);
	struct fwctl_rpc rpc = {
		.size = sizeof(rpc),
		.scope = scope,
		.in_len = in_len,
		.out_len = sizeof(*reply),
		.in = (uintptr_t)req,
		.out = (uintptr_t)reply,
	};
	int ret;

	if (!req)
		return -1;
	req->opcode = opcode;
	req->flags = flags;
	req->op_size = op_size;
	req->reserved1 = reserved1;
	if (payload_len)
		memcpy(req->payload, payload, payload_len);
	memset(reply, 0xa5, sizeof(*reply));
	ret = ioctl(fd, FWCTL_RPC, &rpc);
	if (out_len)
		*out_len = rpc.out_len;
	free(req);
	return ret;
}

static inline int rpc(int fd, uint32_t scope, uint16_t opcode, const void *in,
		      size_t in_len, struct cxl_reply *reply)
{
	return rpc_raw(fd, scope, opcode, 0, in_len, 0, in, in_len, reply,
		       NULL);
}

static inline int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

static inline int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The memdevs, sorted by name (mem0, mem1). Returns how many. */
static inline int list_memdevs(char names[][32], int max)
{
	DIR *d = opendir("/sys/bus/cxl/devices");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max) {
		if (strncmp(e->d_name, "mem", 3) || !e->d_name[3])
			continue;
		snprintf(names[n++], 32, "%.31s", e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	return n;
}

/* Open the fwctl device that sysfs lists under a memdev. */
static inline int open_memdev_fwctl(const char *memdev)
{
	char path[300];
	struct dirent *e;
	DIR *d;
	int fd = -1;

	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/fwctl", memdev);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "fwctl", 5))
			continue;
		snprintf(path, sizeof(path), "/dev/fwctl/%.255s", e->d_name);
		fd = open(path, O_RDWR);
		break;
	}
	closedir(d);
	return fd;
}

static inline unsigned long taint_mask(void)
{
	char buf[64];

	static const char path[] = "/proc/sys/kernel/tainted";

	if (read_file(path, buf, sizeof(buf)))
		return 0;
	return strtoul(buf, NULL, 10);
}

/* Clear CAP_SYS_RAWIO from the effective set of this process. */
/*
 * Clears CAP_SYS_RAWIO from the effective set; with @for_good from the
 * permitted and inheritable sets too, so it cannot come back.
 */
static inline int clear_rawio(bool for_good)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	int i = CAP_TO_INDEX(CAP_SYS_RAWIO);

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[i].effective &= ~CAP_TO_MASK(CAP_SYS_RAWIO);
	if (for_good) {
		data[i].permitted &= ~CAP_TO_MASK(CAP_SYS_RAWIO);
		data[i].inheritable &= ~CAP_TO_MASK(CAP_SYS_RAWIO);
	}
	return syscall(SYS_capset, &hdr, data);
}

static inline int drop_rawio(void)
{
	return clear_rawio(false);
}

static inline void get_feature_in(uint8_t in[21], const uint8_t uuid[16],
				  uint16_t offset, uint16_t count, uint8_t selection)
{
	memcpy(in, uuid, 16);
	in[16] = offset & 0xff;
	in[17] = offset >> 8;
	in[18] = count & 0xff;
	in[19] = count >> 8;
	in[20] = selection;
}

/* A Set Feature request payload: 32-byte header, then @len bytes. */
static inline size_t set_feature_in(uint8_t *in, const uint8_t uuid[16],
				    uint32_t flags, const void *data, size_t len)
{
	memset(in, 0, 32);
	memcpy(in, uuid, 16);
	memcpy(in + 16, &flags, 4);
	in[22] = 1; /* version */
	memcpy(in + 32, data, len);
	return 32 + len;
}

static inline int run_cmd(const char *cmd)
{
	int rc = system(cmd);

	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

#endif
