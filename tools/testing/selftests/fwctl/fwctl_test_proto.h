/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The protocol of the fwctl_test mock device, shared by the test driver
 * (drivers/fwctl/test/fwctl_test.c) and the fwctl selftests.
 *
 * Control, in debugfs (FWCTL_TEST_DEBUGFS):
 *   add       write anything: register one more test device
 *   devices   read: the names (fwctlN) of the registered test devices, one
 *             per line, oldest first
 *   remove    write "fwctlN": wake that device's sleepers, then unregister it
 *             while its files may still be open
 *   release   write "fwctlN": wake that device's sleepers normally
 *   sleepers  read: RPCs currently blocked in FWCTL_TEST_OP_SLEEP, all devices
 *   contexts  read: open contexts (open_uctx minus close_uctx), all devices
 *
 * Every test device is a child of the root device FWCTL_TEST_PARENT, so
 * /sys/class/fwctl/fwctlN/device points at /sys/devices/fwctl_test.
 *
 * FWCTL_INFO reports FWCTL_TEST_DEVICE_TYPE and a struct fwctl_test_info.
 * FWCTL_RPC takes a struct fwctl_test_req (and for ECHO anything after it).
 * A malformed request fails with EINVAL, an unknown opcode with EOPNOTSUPP,
 * and a command whose scope is above the caller's with EPERM; nothing is
 * delivered then. Otherwise the response is a struct fwctl_test_resp,
 * except for ECHO and INPLACE.
 */
#ifndef __FWCTL_TEST_PROTO_H
#define __FWCTL_TEST_PROTO_H

#include <linux/types.h>

#define FWCTL_TEST_DEBUGFS	"/sys/kernel/debug/fwctl_test"
#define FWCTL_TEST_PARENT	"fwctl_test"

/*
 * Mainline has no test device type and allocates its types densely from 0,
 * so a value far above them can never mean a real device family.
 */
#define FWCTL_TEST_DEVICE_TYPE	0x7e57u

/**
 * enum fwctl_test_opcode - commands of the mock device
 * @FWCTL_TEST_OP_READ: scope CONFIGURATION or higher. Response value: the
 *	device's register.
 * @FWCTL_TEST_OP_WRITE: scope DEBUG_WRITE or higher. Sets the register to
 *	arg and reports a mutating command; response value: the old register.
 * @FWCTL_TEST_OP_WRITE_FULL: scope DEBUG_WRITE_FULL. As WRITE.
 * @FWCTL_TEST_OP_ECHO: scope CONFIGURATION or higher. The response is the
 *	request itself, all in_len bytes.
 * @FWCTL_TEST_OP_SLEEP: scope CONFIGURATION or higher. Blocks until the
 *	device's sleepers are released (status OK) or the device is removed
 *	(status ABORTED); a signal ends it with EINTR.
 * @FWCTL_TEST_OP_INPLACE: scope CONFIGURATION or higher. The response is
 *	built in place and claims to be arg bytes long: the request, then the
 *	rest of the room the core gives a driver. Claiming more than that room
 *	is a driver bug the core answers with EIO.
 */
enum fwctl_test_opcode {
	FWCTL_TEST_OP_READ = 1,
	FWCTL_TEST_OP_WRITE = 2,
	FWCTL_TEST_OP_WRITE_FULL = 3,
	FWCTL_TEST_OP_ECHO = 4,
	FWCTL_TEST_OP_SLEEP = 5,
	FWCTL_TEST_OP_INPLACE = 6,
};

/**
 * struct fwctl_test_req - request, in fwctl_rpc.in (host byte order)
 * @opcode: enum fwctl_test_opcode
 * @reserved: must be 0
 * @arg: the value for WRITE and WRITE_FULL, the response length for
 *	INPLACE; ignored otherwise
 */
struct fwctl_test_req {
	__u32 opcode;
	__u32 reserved;
	__u64 arg;
};

/**
 * enum fwctl_test_status - how a delivered command ended
 * @FWCTL_TEST_STATUS_OK: done
 * @FWCTL_TEST_STATUS_ABORTED: SLEEP ended because the device was removed
 */
enum fwctl_test_status {
	FWCTL_TEST_STATUS_OK = 0,
	FWCTL_TEST_STATUS_ABORTED = 1,
};

/**
 * struct fwctl_test_resp - response, in fwctl_rpc.out
 * @opcode: the request's opcode
 * @status: enum fwctl_test_status
 * @value: see enum fwctl_test_opcode
 */
struct fwctl_test_resp {
	__u32 opcode;
	__u32 status;
	__u64 value;
};

#define FWCTL_TEST_INFO_MAGIC	"FWCTLTST"
#define FWCTL_TEST_INFO_VERSION	1

/**
 * struct fwctl_test_info - driver data of FWCTL_INFO, the same for every
 * test device
 * @magic: FWCTL_TEST_INFO_MAGIC, without its NUL
 * @version: FWCTL_TEST_INFO_VERSION
 * @pattern: 0xa5c3f00f, so that truncation shows in the bytes
 */
struct fwctl_test_info {
	__u8 magic[8];
	__u32 version;
	__u32 pattern;
};

#define FWCTL_TEST_INFO_PATTERN	0xa5c3f00f

#endif
