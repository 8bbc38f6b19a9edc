// SPDX-License-Identifier: GPL-2.0
/*
 * The uAPI headers against mainline's layout: a program written with
 * mainline's names (Linux 6.15 - 7.3: <fwctl/fwctl.h>, <fwctl/cxl.h>,
 * <cxl/features.h>) must build against ours and see every struct and
 * member at the size and offset mainline gives it. The numbers below are
 * mainline's; the checks are made by the compiler, so building this file
 * is the test ("make uapi-check" builds it against the installed headers).
 */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>

#include <fwctl/fwctl.h>
#include <fwctl/cxl.h>
#include <cxl/features.h>

#define SIZE(type, n)		static_assert(sizeof(type) == (n), #type)
#define AT(type, member, n)						\
	static_assert(offsetof(type, member) == (n), #type "." #member)
#define VALUE(name, n)		static_assert((name) == (n), #name)

/* <fwctl/fwctl.h> */
SIZE(struct fwctl_info, 24);
AT(struct fwctl_info, size, 0);
AT(struct fwctl_info, flags, 4);
AT(struct fwctl_info, out_device_type, 8);
AT(struct fwctl_info, device_data_len, 12);
AT(struct fwctl_info, out_device_data, 16);
SIZE(struct fwctl_rpc, 32);
AT(struct fwctl_rpc, size, 0);
AT(struct fwctl_rpc, scope, 4);
AT(struct fwctl_rpc, in_len, 8);
AT(struct fwctl_rpc, out_len, 12);
AT(struct fwctl_rpc, in, 16);
AT(struct fwctl_rpc, out, 24);
VALUE(FWCTL_INFO, 0x9a00);
VALUE(FWCTL_RPC, 0x9a01);
VALUE(FWCTL_DEVICE_TYPE_ERROR, 0);
VALUE(FWCTL_DEVICE_TYPE_MLX5, 1);
VALUE(FWCTL_DEVICE_TYPE_CXL, 2);
VALUE(FWCTL_DEVICE_TYPE_BNXT, 3);
VALUE(FWCTL_DEVICE_TYPE_PDS, 4);
VALUE(FWCTL_RPC_CONFIGURATION, 0);
VALUE(FWCTL_RPC_DEBUG_READ_ONLY, 1);
VALUE(FWCTL_RPC_DEBUG_WRITE, 2);
VALUE(FWCTL_RPC_DEBUG_WRITE_FULL, 3);

/* <fwctl/cxl.h> */
SIZE(struct fwctl_rpc_cxl, 48);
SIZE(struct fwctl_rpc_cxl_hdr, 16);
AT(struct fwctl_rpc_cxl, hdr, 0);
static_assert(sizeof(((struct fwctl_rpc_cxl *)0)->hdr) == 16,
	      "struct fwctl_rpc_cxl.hdr size");
AT(struct fwctl_rpc_cxl, opcode, 0);
AT(struct fwctl_rpc_cxl, flags, 4);
AT(struct fwctl_rpc_cxl, op_size, 8);
AT(struct fwctl_rpc_cxl, reserved1, 12);
AT(struct fwctl_rpc_cxl, hdr.opcode, 0);
AT(struct fwctl_rpc_cxl, hdr.flags, 4);
AT(struct fwctl_rpc_cxl, hdr.op_size, 8);
AT(struct fwctl_rpc_cxl, hdr.reserved1, 12);
AT(struct fwctl_rpc_cxl, get_sup_feats_in, 16);
static_assert(sizeof(((struct fwctl_rpc_cxl *)0)->get_sup_feats_in) == 8,
	      "struct fwctl_rpc_cxl.get_sup_feats_in size");
AT(struct fwctl_rpc_cxl, get_feat_in, 16);
static_assert(sizeof(((struct fwctl_rpc_cxl *)0)->get_feat_in) == 21,
	      "struct fwctl_rpc_cxl.get_feat_in size");
AT(struct fwctl_rpc_cxl, set_feat_in, 16);
static_assert(sizeof(((struct fwctl_rpc_cxl *)0)->set_feat_in) == 32,
	      "struct fwctl_rpc_cxl.set_feat_in size");
AT(struct fwctl_rpc_cxl, set_feat_in.feat_data, 48);
AT(struct fwctl_rpc_cxl, get_feat_in.count, 34);

SIZE(struct fwctl_rpc_cxl_out, 16);
SIZE(struct fwctl_rpc_cxl_out_hdr, 8);
AT(struct fwctl_rpc_cxl_out, hdr, 0);
static_assert(sizeof(((struct fwctl_rpc_cxl_out *)0)->hdr) == 8,
	      "struct fwctl_rpc_cxl_out.hdr size");
AT(struct fwctl_rpc_cxl_out, size, 0);
AT(struct fwctl_rpc_cxl_out, retval, 4);
AT(struct fwctl_rpc_cxl_out, hdr.size, 0);
AT(struct fwctl_rpc_cxl_out, hdr.retval, 4);
AT(struct fwctl_rpc_cxl_out, get_sup_feats_out, 8);
static_assert(sizeof(((struct fwctl_rpc_cxl_out *)0)->get_sup_feats_out) == 8,
	      "struct fwctl_rpc_cxl_out.get_sup_feats_out size");
AT(struct fwctl_rpc_cxl_out, payload, 8);
AT(struct fwctl_rpc_cxl_out, get_sup_feats_out.ents, 16);

/* <cxl/features.h> */
SIZE(__uapi_uuid_t, 16);
SIZE(struct cxl_mbox_get_sup_feats_in, 8);
AT(struct cxl_mbox_get_sup_feats_in, count, 0);
AT(struct cxl_mbox_get_sup_feats_in, start_idx, 4);
AT(struct cxl_mbox_get_sup_feats_in, reserved, 6);
static_assert(sizeof(((struct cxl_mbox_get_sup_feats_in *)0)->reserved) == 2,
	      "struct cxl_mbox_get_sup_feats_in.reserved size");

SIZE(struct cxl_feat_entry, 48);
AT(struct cxl_feat_entry, uuid, 0);
static_assert(sizeof(((struct cxl_feat_entry *)0)->uuid) == 16,
	      "struct cxl_feat_entry.uuid size");
AT(struct cxl_feat_entry, id, 16);
AT(struct cxl_feat_entry, get_feat_size, 18);
AT(struct cxl_feat_entry, set_feat_size, 20);
AT(struct cxl_feat_entry, flags, 22);
AT(struct cxl_feat_entry, get_feat_ver, 26);
AT(struct cxl_feat_entry, set_feat_ver, 27);
AT(struct cxl_feat_entry, effects, 28);
AT(struct cxl_feat_entry, reserved, 30);
static_assert(sizeof(((struct cxl_feat_entry *)0)->reserved) == 18,
	      "struct cxl_feat_entry.reserved size");

SIZE(struct cxl_mbox_get_sup_feats_out, 8);
SIZE(struct cxl_mbox_get_sup_feats_out_hdr, 8);
AT(struct cxl_mbox_get_sup_feats_out, hdr, 0);
AT(struct cxl_mbox_get_sup_feats_out, num_entries, 0);
AT(struct cxl_mbox_get_sup_feats_out, supported_feats, 2);
AT(struct cxl_mbox_get_sup_feats_out, reserved, 4);
static_assert(sizeof(((struct cxl_mbox_get_sup_feats_out *)0)->reserved) == 4,
	      "struct cxl_mbox_get_sup_feats_out.reserved size");
AT(struct cxl_mbox_get_sup_feats_out, hdr.num_entries, 0);
AT(struct cxl_mbox_get_sup_feats_out, hdr.supported_feats, 2);
AT(struct cxl_mbox_get_sup_feats_out, hdr.reserved, 4);
AT(struct cxl_mbox_get_sup_feats_out, ents, 8);
static_assert(sizeof(((struct cxl_mbox_get_sup_feats_out *)0)->ents[0]) == 48,
	      "struct cxl_mbox_get_sup_feats_out.ents[0] size");

SIZE(struct cxl_mbox_get_feat_in, 21);
AT(struct cxl_mbox_get_feat_in, uuid, 0);
AT(struct cxl_mbox_get_feat_in, offset, 16);
AT(struct cxl_mbox_get_feat_in, count, 18);
AT(struct cxl_mbox_get_feat_in, selection, 20);

SIZE(struct cxl_mbox_set_feat_in, 32);
SIZE(struct cxl_mbox_set_feat_hdr, 32);
AT(struct cxl_mbox_set_feat_in, hdr, 0);
AT(struct cxl_mbox_set_feat_in, uuid, 0);
AT(struct cxl_mbox_set_feat_in, flags, 16);
AT(struct cxl_mbox_set_feat_in, offset, 20);
AT(struct cxl_mbox_set_feat_in, version, 22);
AT(struct cxl_mbox_set_feat_in, rsvd, 23);
static_assert(sizeof(((struct cxl_mbox_set_feat_in *)0)->rsvd) == 9,
	      "struct cxl_mbox_set_feat_in.rsvd size");
AT(struct cxl_mbox_set_feat_in, hdr.uuid, 0);
AT(struct cxl_mbox_set_feat_in, hdr.flags, 16);
AT(struct cxl_mbox_set_feat_in, hdr.offset, 20);
AT(struct cxl_mbox_set_feat_in, hdr.version, 22);
AT(struct cxl_mbox_set_feat_in, hdr.rsvd, 23);
AT(struct cxl_mbox_set_feat_in, feat_data, 32);

VALUE(CXL_GET_FEAT_SEL_CURRENT_VALUE, 0);
VALUE(CXL_GET_FEAT_SEL_DEFAULT_VALUE, 1);
VALUE(CXL_GET_FEAT_SEL_SAVED_VALUE, 2);
VALUE(CXL_GET_FEAT_SEL_MAX, 3);
VALUE(CXL_SET_FEAT_FLAG_FULL_DATA_TRANSFER, 0);
VALUE(CXL_SET_FEAT_FLAG_INITIATE_DATA_TRANSFER, 1);
VALUE(CXL_SET_FEAT_FLAG_CONTINUE_DATA_TRANSFER, 2);
VALUE(CXL_SET_FEAT_FLAG_FINISH_DATA_TRANSFER, 3);
VALUE(CXL_SET_FEAT_FLAG_ABORT_DATA_TRANSFER, 4);
VALUE(CXL_SET_FEAT_FLAG_DATA_TRANSFER_MAX, 5);
VALUE(CXL_SET_FEAT_FLAG_DATA_TRANSFER_MASK, 0x7);
VALUE(CXL_SET_FEAT_FLAG_DATA_SAVED_ACROSS_RESET, 0x8);
VALUE(CXL_FEATURE_F_CHANGEABLE, 0x1);
VALUE(CXL_FEATURE_F_PERSIST_FW_UPDATE, 0x10);
VALUE(CXL_FEATURE_F_DEFAULT_SEL, 0x20);
VALUE(CXL_FEATURE_F_SAVED_SEL, 0x40);
VALUE(CXL_CMD_CONFIG_CHANGE_COLD_RESET, 0x1);
VALUE(CXL_CMD_CONFIG_CHANGE_IMMEDIATE, 0x2);
VALUE(CXL_CMD_DATA_CHANGE_IMMEDIATE, 0x4);
VALUE(CXL_CMD_POLICY_CHANGE_IMMEDIATE, 0x8);
VALUE(CXL_CMD_LOG_CHANGE_IMMEDIATE, 0x10);
VALUE(CXL_CMD_SECURITY_STATE_CHANGE, 0x20);
VALUE(CXL_CMD_BACKGROUND, 0x40);
VALUE(CXL_CMD_BGCMD_ABORT_SUPPORTED, 0x80);
VALUE(CXL_CMD_EFFECTS_VALID, 0x200);
VALUE(CXL_CMD_CONFIG_CHANGE_CONV_RESET, 0x400);
VALUE(CXL_CMD_CONFIG_CHANGE_CXL_RESET, 0x800);
VALUE(CXL_CMD_EFFECTS_RESERVED, 0xf000);

/* Code as mainline's reference client writes it compiles. */
int main(void)
{
	struct {
		struct fwctl_rpc_cxl in;
		unsigned char data[4];
	} req = { 0 };
	struct fwctl_rpc_cxl_out out = { 0 };
	struct cxl_mbox_set_feat_in *set = &req.in.set_feat_in;
	struct cxl_mbox_get_sup_feats_out *list = &out.get_sup_feats_out;

	req.in.hdr.op_size = sizeof(*set) + sizeof(req.data);
	set->flags = CXL_SET_FEAT_FLAG_FULL_DATA_TRANSFER;
	set->feat_data[0] = list->hdr.supported_feats;
	printf("1..1\nok 1 mainline's CXL fwctl uAPI layout\n");
	return 0;
}
