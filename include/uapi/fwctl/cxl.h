/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * fwctl payloads for CXL devices (FWCTL_DEVICE_TYPE_CXL), carried in
 * struct fwctl_rpc's in and out buffers. All fields little-endian.
 *
 * Names, sizes and offsets are those of mainline's <fwctl/cxl.h> (Linux
 * 6.15 and later); the members marked "not in mainline" are this
 * project's additions and change no size or offset.
 */
#ifndef _UAPI_FWCTL_CXL_H_
#define _UAPI_FWCTL_CXL_H_

#include <linux/stddef.h>
#include <linux/types.h>
#include <cxl/features.h>

/**
 * struct fwctl_info_cxl - driver data of FWCTL_INFO for a CXL device (not
 *	in mainline, which returns no driver data)
 * @reserved: zero
 */
struct fwctl_info_cxl {
	__u32 reserved;
};

/**
 * struct fwctl_rpc_cxl - request carried in fwctl_rpc.in
 * @hdr: the 16-byte header, also as a named struct
 * @opcode: CXL mailbox opcode; bits 31:16 must be zero
 * @flags: must be zero
 * @op_size: bytes of mailbox input payload after the header; fwctl_rpc's
 *	in_len must be at least 16 + @op_size, and bytes past them are ignored
 * @reserved1: must be zero
 * @get_sup_feats_in: the input of Get Supported Features
 * @get_feat_in: the input of Get Feature
 * @set_feat_in: the input of Set Feature
 * @payload: the mailbox input payload of any opcode, as bytes (not in
 *	mainline)
 *
 * sizeof() is 48: the header and the largest Feature input header.
 * Mainline's clients send in_len = sizeof(struct fwctl_rpc_cxl) + the
 * input's size, which is accepted.
 */
struct fwctl_rpc_cxl {
	union {
		struct {
			__u32 opcode;
			__u32 flags;
			__u32 op_size;
			__u32 reserved1;
		};
		struct fwctl_rpc_cxl_hdr {
			__u32 opcode;
			__u32 flags;
			__u32 op_size;
			__u32 reserved1;
		} hdr;
	};
	union {
		struct cxl_mbox_get_sup_feats_in get_sup_feats_in;
		struct cxl_mbox_get_feat_in get_feat_in;
		struct cxl_mbox_set_feat_in set_feat_in;
		__DECLARE_FLEX_ARRAY(__u8, payload);
	};
};

/**
 * struct fwctl_rpc_cxl_out - response returned in fwctl_rpc.out
 * @hdr: the 8-byte header, also as a named struct
 * @size: bytes of mailbox output payload after the header
 * @retval: the CXL mailbox return code; 0 is success
 * @get_sup_feats_out: the output of Get Supported Features
 * @payload: the mailbox output payload, as bytes
 *
 * The payload starts at offset 8, but sizeof() is 16 (the union holds the
 * 8-byte Get Supported Features header); use sizeof(struct
 * fwctl_rpc_cxl_out_hdr) or offsetof(..., payload) for the header's size.
 */
struct fwctl_rpc_cxl_out {
	union {
		struct {
			__u32 size;
			__u32 retval;
		};
		struct fwctl_rpc_cxl_out_hdr {
			__u32 size;
			__u32 retval;
		} hdr;
	};
	union {
		struct cxl_mbox_get_sup_feats_out get_sup_feats_out;
		__DECLARE_FLEX_ARRAY(__u8, payload);
	};
};

#endif
