/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * CXL Feature commands (CXL r3.2, 8.2.9.6) as carried by fwctl: Get
 * Supported Features (0x0500), Get Feature (0x0501) and Set Feature
 * (0x0502). All multi-byte fields are little-endian; every structure is
 * packed, as the mailbox lays it out.
 *
 * Names, sizes and offsets are those of mainline's <cxl/features.h> (Linux
 * 6.15 and later), so a program written against mainline builds and
 * behaves the same against this header.
 */
#ifndef _UAPI_CXL_FEATURES_H_
#define _UAPI_CXL_FEATURES_H_

#include <linux/const.h>
#include <linux/types.h>

/* A Feature's UUID as 16 bytes, in the order the mailbox carries them. */
typedef __u8 __uapi_uuid_t[16];

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/uuid.h>
/*
 * Inside the kernel the field is a uuid_t, so uuid_equal() and friends
 * apply; both are 16 bytes with no alignment of their own.
 */
static_assert(sizeof(__uapi_uuid_t) == sizeof(uuid_t));
#define __uapi_uuid_t uuid_t
#endif

/**
 * struct cxl_mbox_get_sup_feats_in - Get Supported Features input
 * @count: bytes of output wanted: the 8-byte header, then whole entries
 * @start_idx: index of the first entry wanted, 0-based
 * @reserved: zero
 */
struct cxl_mbox_get_sup_feats_in {
	__le32 count;
	__le16 start_idx;
	__u8 reserved[2];
} __attribute__((__packed__));

/*
 * Command effects (CXL r3.2, table 8-87), as a Feature entry's @effects
 * reports those of setting it.
 */
#define CXL_CMD_CONFIG_CHANGE_COLD_RESET	_BITUL(0)
#define CXL_CMD_CONFIG_CHANGE_IMMEDIATE		_BITUL(1)
#define CXL_CMD_DATA_CHANGE_IMMEDIATE		_BITUL(2)
#define CXL_CMD_POLICY_CHANGE_IMMEDIATE		_BITUL(3)
#define CXL_CMD_LOG_CHANGE_IMMEDIATE		_BITUL(4)
#define CXL_CMD_SECURITY_STATE_CHANGE		_BITUL(5)
#define CXL_CMD_BACKGROUND			_BITUL(6)
#define CXL_CMD_BGCMD_ABORT_SUPPORTED		_BITUL(7)
#define CXL_CMD_EFFECTS_VALID			_BITUL(9)
#define CXL_CMD_CONFIG_CHANGE_CONV_RESET	_BITUL(10)
#define CXL_CMD_CONFIG_CHANGE_CXL_RESET		_BITUL(11)
/* Bits 15:12. */
#define CXL_CMD_EFFECTS_RESERVED		(_BITUL(16) - _BITUL(12))

/**
 * struct cxl_feat_entry - one Supported Feature Entry (48 bytes)
 * @uuid: the Feature
 * @id: the entry's index in the device's list
 * @get_feat_size: bytes Get Feature returns for the whole Feature
 * @set_feat_size: bytes Set Feature takes for the whole Feature; 0 when
 *	the Feature cannot be set (through fwctl: also when the kernel owns it)
 * @flags: CXL_FEATURE_F_*
 * @get_feat_ver: version of the data Get Feature returns
 * @set_feat_ver: version of the data Set Feature takes
 * @effects: the effects of setting the Feature (CXL_CMD_*)
 * @reserved: zero
 */
struct cxl_feat_entry {
	__uapi_uuid_t uuid;
	__le16 id;
	__le16 get_feat_size;
	__le16 set_feat_size;
	__le32 flags;
	__u8 get_feat_ver;
	__u8 set_feat_ver;
	__le16 effects;
	__u8 reserved[18];
} __attribute__((__packed__));

/* struct cxl_feat_entry @flags */
#define CXL_FEATURE_F_CHANGEABLE		_BITUL(0)
#define CXL_FEATURE_F_PERSIST_FW_UPDATE		_BITUL(4)
#define CXL_FEATURE_F_DEFAULT_SEL		_BITUL(5)
#define CXL_FEATURE_F_SAVED_SEL			_BITUL(6)

/**
 * struct cxl_mbox_get_sup_feats_out - Get Supported Features output
 * @hdr: the 8 bytes before the entries, also as a named struct
 * @num_entries: entries in @ents
 * @supported_feats: Features the device supports in all
 * @reserved: zero
 * @ents: the entries, from the input's start_idx on
 */
struct cxl_mbox_get_sup_feats_out {
	union {
		struct {
			__le16 num_entries;
			__le16 supported_feats;
			__u8 reserved[4];
		};
		struct cxl_mbox_get_sup_feats_out_hdr {
			__le16 num_entries;
			__le16 supported_feats;
			__u8 reserved[4];
		} hdr;
	};
	struct cxl_feat_entry ents[];
} __attribute__((__packed__));

/**
 * struct cxl_mbox_get_feat_in - Get Feature input (21 bytes)
 * @uuid: the Feature
 * @offset: first byte of the Feature's data wanted
 * @count: bytes wanted
 * @selection: which value: enum cxl_get_feat_selection
 */
struct cxl_mbox_get_feat_in {
	__uapi_uuid_t uuid;
	__le16 offset;
	__le16 count;
	__u8 selection;
} __attribute__((__packed__));

/**
 * enum cxl_get_feat_selection - the value Get Feature reads
 * @CXL_GET_FEAT_SEL_CURRENT_VALUE: the value in effect
 * @CXL_GET_FEAT_SEL_DEFAULT_VALUE: the default
 * @CXL_GET_FEAT_SEL_SAVED_VALUE: the value saved across reset
 * @CXL_GET_FEAT_SEL_MAX: one past the last
 */
enum cxl_get_feat_selection {
	CXL_GET_FEAT_SEL_CURRENT_VALUE,
	CXL_GET_FEAT_SEL_DEFAULT_VALUE,
	CXL_GET_FEAT_SEL_SAVED_VALUE,
	CXL_GET_FEAT_SEL_MAX
};

/**
 * struct cxl_mbox_set_feat_in - Set Feature input: a 32-byte header, then
 *	the data
 * @hdr: the header, also as a named struct
 * @uuid: the Feature
 * @flags: the transfer action (bits 2:0, enum
 *	cxl_set_feat_flag_data_transfer) and
 *	CXL_SET_FEAT_FLAG_DATA_SAVED_ACROSS_RESET
 * @offset: first byte of the Feature's data to write
 * @version: version of the data (the entry's set_feat_ver)
 * @rsvd: zero
 * @feat_data: the data
 */
struct cxl_mbox_set_feat_in {
	union {
		struct {
			__uapi_uuid_t uuid;
			__le32 flags;
			__le16 offset;
			__u8 version;
			__u8 rsvd[9];
		};
		struct cxl_mbox_set_feat_hdr {
			__uapi_uuid_t uuid;
			__le32 flags;
			__le16 offset;
			__u8 version;
			__u8 rsvd[9];
		} hdr;
	};
	__u8 feat_data[];
} __attribute__((__packed__));

/**
 * enum cxl_set_feat_flag_data_transfer - Set Feature transfer actions
 * @CXL_SET_FEAT_FLAG_FULL_DATA_TRANSFER: all the data in one command
 * @CXL_SET_FEAT_FLAG_INITIATE_DATA_TRANSFER: the first part
 * @CXL_SET_FEAT_FLAG_CONTINUE_DATA_TRANSFER: a middle part
 * @CXL_SET_FEAT_FLAG_FINISH_DATA_TRANSFER: the last part
 * @CXL_SET_FEAT_FLAG_ABORT_DATA_TRANSFER: drop a transfer in progress
 * @CXL_SET_FEAT_FLAG_DATA_TRANSFER_MAX: one past the last
 */
enum cxl_set_feat_flag_data_transfer {
	CXL_SET_FEAT_FLAG_FULL_DATA_TRANSFER = 0,
	CXL_SET_FEAT_FLAG_INITIATE_DATA_TRANSFER,
	CXL_SET_FEAT_FLAG_CONTINUE_DATA_TRANSFER,
	CXL_SET_FEAT_FLAG_FINISH_DATA_TRANSFER,
	CXL_SET_FEAT_FLAG_ABORT_DATA_TRANSFER,
	CXL_SET_FEAT_FLAG_DATA_TRANSFER_MAX
};

/* struct cxl_mbox_set_feat_in @flags */
#define CXL_SET_FEAT_FLAG_DATA_TRANSFER_MASK		(_BITUL(3) - 1)
#define CXL_SET_FEAT_FLAG_DATA_SAVED_ACROSS_RESET	_BITUL(3)

#endif
