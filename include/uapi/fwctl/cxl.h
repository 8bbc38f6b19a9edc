/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * fwctl payloads for CXL devices (FWCTL_DEVICE_TYPE_CXL).
 *
 * Byte-compatible with mainline's <fwctl/cxl.h>. All fields little-endian.
 */
#ifndef _UAPI_FWCTL_CXL_H_
#define _UAPI_FWCTL_CXL_H_

#include <linux/types.h>

/**
 * struct fwctl_info_cxl - driver data of FWCTL_INFO for a CXL device
 * @reserved: zero
 */
struct fwctl_info_cxl {
	__u32 reserved;
};

/**
 * struct fwctl_rpc_cxl - request carried in fwctl_rpc.in
 * @opcode: CXL mailbox opcode; bits 31:16 must be zero
 * @flags: must be zero
 * @op_size: bytes of mailbox input payload in @payload
 * @reserved1: must be zero
 * @payload: the mailbox input payload
 */
struct fwctl_rpc_cxl {
	__u32 opcode;
	__u32 flags;
	__u32 op_size;
	__u32 reserved1;
	__u8 payload[];
};

/**
 * struct fwctl_rpc_cxl_out - response returned in fwctl_rpc.out
 * @size: bytes of mailbox output payload in @payload
 * @retval: the CXL mailbox return code; 0 is success
 * @payload: the mailbox output payload
 */
struct fwctl_rpc_cxl_out {
	__u32 size;
	__u32 retval;
	__u8 payload[];
};

#endif
