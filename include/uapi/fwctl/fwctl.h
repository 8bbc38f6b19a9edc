/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * fwctl: access to device firmware for configuration and debug.
 *
 * This is the user ABI of the fwctl core. It is byte-compatible with the
 * fwctl subsystem of mainline Linux (6.15 and later): the same ioctl numbers,
 * structure layouts and enumeration values.
 */
#ifndef _UAPI_FWCTL_H
#define _UAPI_FWCTL_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define FWCTL_TYPE 0x9A

/**
 * DOC: General ioctl format
 *
 * Every ioctl takes a pointer to a structure whose first member, a __u32
 * @size, holds the size of the structure as the caller knows it. The kernel
 * accepts any size from the end of the last member of the first version of
 * the structure upwards. Bytes beyond the members the kernel knows must be
 * zero (else E2BIG); members the caller does not know read as zero. The
 * kernel writes back at most @size bytes.
 *
 * The ioctl numbers carry no size or direction bits.
 */
enum {
	FWCTL_CMD_BASE = 0,
	FWCTL_CMD_INFO = 0,
	FWCTL_CMD_RPC = 1,
};

/**
 * enum fwctl_device_type - the family of the device behind a fwctl node
 * @FWCTL_DEVICE_TYPE_ERROR: not used by a registered device
 * @FWCTL_DEVICE_TYPE_MLX5: NVIDIA/Mellanox ConnectX
 * @FWCTL_DEVICE_TYPE_CXL: a CXL device mailbox; see <fwctl/cxl.h>
 * @FWCTL_DEVICE_TYPE_BNXT: Broadcom NetXtreme
 * @FWCTL_DEVICE_TYPE_PDS: AMD/Pensando distributed services card
 *
 * The type tells userspace how to read the driver data of FWCTL_INFO and how
 * to build the RPC payloads of FWCTL_RPC.
 */
enum fwctl_device_type {
	FWCTL_DEVICE_TYPE_ERROR = 0,
	FWCTL_DEVICE_TYPE_MLX5 = 1,
	FWCTL_DEVICE_TYPE_CXL = 2,
	FWCTL_DEVICE_TYPE_BNXT = 3,
	FWCTL_DEVICE_TYPE_PDS = 4,
};

/**
 * struct fwctl_info - argument of FWCTL_INFO
 * @size: sizeof(struct fwctl_info) as the caller knows it
 * @flags: must be 0, else EOPNOTSUPP
 * @out_device_type: set by the kernel to an enum fwctl_device_type value
 * @device_data_len: in: length of the buffer at @out_device_data;
 *	out: length of the driver data, even when the buffer was shorter
 * @out_device_data: user pointer to a buffer for the driver data
 *
 * Reports the kind of device and its driver-specific data. The data is
 * truncated to the buffer given, and the rest of the buffer is zeroed, so
 * all @device_data_len bytes are written; a zero-length buffer asks only
 * for the length.
 */
struct fwctl_info {
	__u32 size;
	__u32 flags;
	__u32 out_device_type;
	__u32 device_data_len;
	__aligned_u64 out_device_data;
};

#define FWCTL_INFO _IO(FWCTL_TYPE, FWCTL_CMD_INFO)

/**
 * enum fwctl_rpc_scope - what an RPC may do to the device
 * @FWCTL_RPC_CONFIGURATION: read or change device configuration; the device
 *	stays in a fully supported state
 * @FWCTL_RPC_DEBUG_READ_ONLY: read-only debug access with no side effects;
 *	permitted on a locked-down kernel
 * @FWCTL_RPC_DEBUG_WRITE: debug access that may change device state and may
 *	leave the device unsupported; taints the kernel when delivered
 * @FWCTL_RPC_DEBUG_WRITE_FULL: anything the device can do; needs
 *	CAP_SYS_RAWIO; taints the kernel when delivered
 *
 * The caller names the highest scope it accepts. The driver refuses a
 * command whose effects need more than that.
 */
enum fwctl_rpc_scope {
	FWCTL_RPC_CONFIGURATION = 0,
	FWCTL_RPC_DEBUG_READ_ONLY = 1,
	FWCTL_RPC_DEBUG_WRITE = 2,
	FWCTL_RPC_DEBUG_WRITE_FULL = 3,
};

/**
 * struct fwctl_rpc - argument of FWCTL_RPC
 * @size: sizeof(struct fwctl_rpc) as the caller knows it
 * @scope: an enum fwctl_rpc_scope value
 * @in_len: length of the request at @in, at most 2 MiB
 * @out_len: in: length of the buffer at @out, at most 2 MiB;
 *	out: length of the whole response, even when the buffer was shorter
 * @in: user pointer to the request, in the device type's format
 * @out: user pointer to the response buffer
 *
 * Delivers one request to the device and returns its response. An errno
 * means the request was not delivered or not answered; a failure reported by
 * the device is carried inside the response.
 */
struct fwctl_rpc {
	__u32 size;
	__u32 scope;
	__u32 in_len;
	__u32 out_len;
	__aligned_u64 in;
	__aligned_u64 out;
};

#define FWCTL_RPC _IO(FWCTL_TYPE, FWCTL_CMD_RPC)

#endif
