// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the CXL fwctl command policy (policy.c).
 *
 * Every expected verdict below is written out by hand from the rules of
 * the fwctl CXL issue and CXL r3.1; none is derived from policy_table.h, so
 * a wrong row in the table makes a test fail instead of moving the
 * expectation along with it.
 */
#include <kunit/test.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "policy.h"
#include "policy_table.h"

#define N_SCOPES 4

static const char * const scope_name[N_SCOPES] = {
	[FWCTL_RPC_CONFIGURATION] = "configuration",
	[FWCTL_RPC_DEBUG_READ_ONLY] = "debug_read_only",
	[FWCTL_RPC_DEBUG_WRITE] = "debug_write",
	[FWCTL_RPC_DEBUG_WRITE_FULL] = "debug_write_full",
};

/* An opcode no rule names: decided by its CEL effects alone. */
#define PLAIN_OPCODE 0xc000

/* The verdicts a test expects, in short. */
enum expect {
	ALLOW,	/* allowed, because the effects fit the scope */
	LOW,	/* EPERM: scope too low */
	SEC,	/* EPERM: security state change */
	BGND,	/* EOPNOTSUPP: Set Feature in the background */
	RSVD,	/* EOPNOTSUPP: reserved effects bits */
	UNK,	/* ENOENT: unknown Feature */
	NCHG,	/* EPERM: Feature not changeable */
	OWND,	/* EPERM: Feature owned by the kernel */
	NOFX,	/* EOPNOTSUPP: Feature set-effects name no change */
};

static const struct {
	int err;
	enum cxl_fwctl_reason reason;
} expect_verdict[] = {
	[ALLOW] = { 0, CXL_FWCTL_R_ALLOWED },
	[LOW] = { -EPERM, CXL_FWCTL_R_SCOPE_TOO_LOW },
	[SEC] = { -EPERM, CXL_FWCTL_R_SECURITY_CHANGE },
	[BGND] = { -EOPNOTSUPP, CXL_FWCTL_R_BACKGROUND },
	[RSVD] = { -EOPNOTSUPP, CXL_FWCTL_R_RESERVED_EFFECTS },
	[UNK] = { -ENOENT, CXL_FWCTL_R_FEATURE_UNKNOWN },
	[NCHG] = { -EPERM, CXL_FWCTL_R_FEATURE_NOT_CHANGEABLE },
	[OWND] = { -EPERM, CXL_FWCTL_R_FEATURE_OWNED },
	[NOFX] = { -EOPNOTSUPP, CXL_FWCTL_R_FEATURE_NO_EFFECTS },
};

static void check_verdict(struct kunit *test, const char *what,
			  enum fwctl_rpc_scope scope,
			  const struct cxl_fwctl_verdict *v, enum expect e,
			  bool mutating)
{
	bool want_mutating = e == ALLOW && mutating;

	KUNIT_EXPECT_EQ_MSG(test, v->err, expect_verdict[e].err,
			    "%s at %s", what, scope_name[scope]);
	KUNIT_EXPECT_EQ_MSG(test, v->reason, expect_verdict[e].reason,
			    "%s at %s: reason %s", what, scope_name[scope],
			    cxl_fwctl_reason_name(v->reason));
	KUNIT_EXPECT_EQ_MSG(test, v->mutating, want_mutating,
			    "%s at %s: mutating", what, scope_name[scope]);
	KUNIT_EXPECT_NOT_NULL_MSG(test, v->detail, "%s", what);
}

/* Effects bits, one by one and in combinations, at every scope. */

struct effects_case {
	u16 effects;
	const char *name;
	enum expect at[N_SCOPES];	/* configuration .. debug_write_full */
	bool mutating;			/* when allowed */
	bool sf_bgnd;			/* Set Feature: BGND at every scope */
	bool sf_nofx;			/* Set Feature: NOFX at every scope */
};

static const struct effects_case effects_cases[] = {
	{ 0x0000, "no effects", { ALLOW, ALLOW, ALLOW, ALLOW }, false, false,
	  true },
	/* each bit alone */
	{ 0x0001, "bit 0 config change after cold reset",
	  { LOW, LOW, ALLOW, ALLOW }, true },
	{ 0x0002, "bit 1 immediate config change",
	  { LOW, LOW, LOW, ALLOW }, true },
	{ 0x0004, "bit 2 immediate data change",
	  { LOW, LOW, LOW, ALLOW }, true },
	{ 0x0008, "bit 3 immediate policy change",
	  { LOW, LOW, LOW, ALLOW }, true },
	{ 0x0010, "bit 4 immediate log change",
	  { LOW, LOW, LOW, ALLOW }, true },
	{ 0x0020, "bit 5 security state change", { SEC, SEC, SEC, SEC } },
	{ 0x0040, "bit 6 background operation",
	  { LOW, LOW, LOW, ALLOW }, true, true },
	{ 0x0080, "bit 7 secondary mailbox supported",
	  { ALLOW, ALLOW, ALLOW, ALLOW }, false, false, true },
	{ 0x0100, "bit 8 abort supported",
	  { ALLOW, ALLOW, ALLOW, ALLOW }, false, false, true },
	{ 0x0200, "bit 9 bits 11:10 valid",
	  { ALLOW, ALLOW, ALLOW, ALLOW }, false, false, true },
	{ 0x0400, "bit 10 without bit 9 (not valid)",
	  { ALLOW, ALLOW, ALLOW, ALLOW }, false, false, true },
	{ 0x0800, "bit 11 without bit 9 (not valid)",
	  { ALLOW, ALLOW, ALLOW, ALLOW }, false, false, true },
	{ 0x1000, "bit 12 reserved", { RSVD, RSVD, RSVD, RSVD } },
	{ 0x2000, "bit 13 reserved", { RSVD, RSVD, RSVD, RSVD } },
	{ 0x4000, "bit 14 reserved", { RSVD, RSVD, RSVD, RSVD } },
	{ 0x8000, "bit 15 reserved", { RSVD, RSVD, RSVD, RSVD } },
	/* bits 10 and 11 count only with bit 9 */
	{ 0x0600, "bits 9+10 conventional reset",
	  { LOW, LOW, ALLOW, ALLOW }, true },
	{ 0x0a00, "bits 9+11 CXL reset", { LOW, LOW, ALLOW, ALLOW }, true },
	{ 0x0e00, "bits 9+10+11", { LOW, LOW, ALLOW, ALLOW }, true },
	{ 0x0c00, "bits 10+11 without bit 9",
	  { ALLOW, ALLOW, ALLOW, ALLOW }, false, false, true },
	{ 0x0201, "bits 0+9", { LOW, LOW, ALLOW, ALLOW }, true },
	{ 0x0601, "bits 0+9+10", { LOW, LOW, ALLOW, ALLOW }, true },
	/* the highest demand wins */
	{ 0x0003, "bits 0+1", { LOW, LOW, LOW, ALLOW }, true },
	{ 0x0602, "bits 1+9+10", { LOW, LOW, LOW, ALLOW }, true },
	{ 0x001f, "bits 0-4", { LOW, LOW, LOW, ALLOW }, true },
	{ 0x0202, "bits 1+9 (QEMU Feature set-effects)",
	  { LOW, LOW, LOW, ALLOW }, true },
	{ 0x0380, "bits 7+8+9 only", { ALLOW, ALLOW, ALLOW, ALLOW }, false,
	  false, true },
	{ 0x0180, "bits 7+8", { ALLOW, ALLOW, ALLOW, ALLOW }, false,
	  false, true },
	/* refusals beat scope demands; reserved beats security */
	{ 0x0021, "bits 0+5", { SEC, SEC, SEC, SEC } },
	{ 0x0022, "bits 1+5", { SEC, SEC, SEC, SEC } },
	{ 0x0042, "bits 1+6", { LOW, LOW, LOW, ALLOW }, true, true },
	{ 0x0140, "bits 6+8 abortable background",
	  { LOW, LOW, LOW, ALLOW }, true, true },
	{ 0x0041, "bits 0+6", { LOW, LOW, LOW, ALLOW }, true, true },
	{ 0x0060, "bits 5+6", { SEC, SEC, SEC, SEC } },
	{ 0x0064, "bits 2+5+6 (QEMU Sanitize)", { SEC, SEC, SEC, SEC } },
	{ 0x003e, "bits 1-5 (QEMU Set Feature CEL entry)",
	  { SEC, SEC, SEC, SEC } },
	{ 0x1001, "bits 0+12", { RSVD, RSVD, RSVD, RSVD } },
	{ 0x8020, "bits 5+15", { RSVD, RSVD, RSVD, RSVD } },
	{ 0x4040, "bits 6+14", { RSVD, RSVD, RSVD, RSVD } },
	{ 0x0fff, "bits 0-11", { SEC, SEC, SEC, SEC } },
	{ 0x0f9f, "bits 0-11 but 5 and 6", { LOW, LOW, LOW, ALLOW }, true },
	{ 0xffff, "all bits", { RSVD, RSVD, RSVD, RSVD } },
};

static void effects_case_desc(const struct effects_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "0x%04x %s", c->effects,
		 c->name);
}

KUNIT_ARRAY_PARAM(effects, effects_cases, effects_case_desc);

/* The CEL effects of an opcode no rule names decide its verdict. */
static void policy_cel_effects(struct kunit *test)
{
	const struct effects_case *c = test->param_value;
	int s;

	for (s = 0; s < N_SCOPES; s++) {
		struct cxl_fwctl_request_facts f = {
			.opcode = PLAIN_OPCODE,
			.in_cel = true,
			.effects = c->effects,
			.scope = s,
		};
		struct cxl_fwctl_verdict v = cxl_fwctl_policy(&f);

		check_verdict(test, c->name, s, &v, c->at[s], c->mutating);
	}
}

/*
 * Set Feature: the Feature's set-effects decide, with the same meanings;
 * the CEL entry of Set Feature itself does not count, so it is given the
 * effects QEMU reports for it, which alone would refuse every request.
 * The differences: set-effects with the background bit that the rules
 * would allow at some scope are refused as "background" at every scope,
 * and set-effects that name no change (no bit 0-5, and bit 10/11 only
 * without bit 9) as "feature-no-effects" at every scope.
 */
static void policy_set_feature_effects(struct kunit *test)
{
	const struct effects_case *c = test->param_value;
	int s;

	for (s = 0; s < N_SCOPES; s++) {
		struct cxl_fwctl_request_facts f = {
			.opcode = CXL_FWCTL_OP_SET_FEATURE,
			.in_cel = true,
			.effects = 0x003e,
			.scope = s,
			.feature = {
				.known = true,
				.changeable = true,
				.set_effects = c->effects,
			},
		};
		struct cxl_fwctl_verdict v = cxl_fwctl_policy(&f);

		check_verdict(test, c->name, s, &v,
			      c->sf_bgnd ? BGND : c->sf_nofx ? NOFX : c->at[s],
			      c->mutating);
	}
}

/* Kernel-coordinated opcodes, listed here from the issue and CXL r3.1. */

struct deny_case {
	u16 opcode;
	const char *name;
	u16 qemu_effects;	/* what QEMU's CEL says, if it lists it */
};

static const struct deny_case deny_cases[] = {
	{ 0x0101, "Clear Event Records", 0x0010 },
	{ 0x0103, "Set Event Interrupt Policy", 0x0002 },
	{ 0x0201, "Transfer FW", 0x0040 },
	{ 0x0202, "Activate FW", 0x0040 },
	{ 0x0301, "Set Timestamp", 0x0008 },
	{ 0x4101, "Set Partition Info", 0x0000 },
	{ 0x4103, "Set LSA", 0x0006 },
	{ 0x4204, "Set Shutdown State", 0x0000 },
	{ 0x4301, "Inject Poison", 0x0000 },
	{ 0x4302, "Clear Poison", 0x0000 },
	/* Linux 6.12 refuses the command sets 0x44, 0x45, 0x46 on RAW */
	{ 0x4400, "Sanitize", 0x0064 },
	{ 0x4401, "Secure Erase", 0x0000 },
	{ 0x4402, "Media Operations", 0x0000 },
	{ 0x44ff, "last of the Sanitize set", 0x0000 },
	{ 0x4500, "Get Security State", 0x0000 },
	{ 0x4501, "Set Passphrase", 0x0000 },
	{ 0x4502, "Disable Passphrase", 0x0000 },
	{ 0x4503, "Unlock", 0x0000 },
	{ 0x4504, "Freeze Security State", 0x0000 },
	{ 0x4505, "Passphrase Secure Erase", 0x0000 },
	{ 0x45ff, "last of the Security set", 0x0000 },
	{ 0x4600, "Security Send", 0x0000 },
	{ 0x4601, "Security Receive", 0x0000 },
	{ 0x46ff, "last of the Security Passthrough set", 0x0000 },
	{ 0x4802, "Add Dynamic Capacity Response", 0x0000 },
	{ 0x4803, "Release Dynamic Capacity", 0x0000 },
	/* fabric management that reaches other hosts */
	{ 0x5102, "Physical Port Control", 0x0000 },
	{ 0x5103, "Send PPB CXL.io Configuration Request", 0x0000 },
	{ 0x5201, "Bind vPPB", 0x0000 },
	{ 0x5202, "Unbind vPPB", 0x0000 },
	{ 0x5301, "Send LD CXL.io Configuration Request", 0x0000 },
	{ 0x5302, "Send LD CXL.io Memory Request", 0x0000 },
	{ 0x5402, "Set LD Allocations", 0x0000 },
	{ 0x5600, "Get DCD Info", 0x0000 },
	{ 0x5602, "Set Host DC Region Config", 0x0000 },
	{ 0x5604, "Initiate Dynamic Capacity Add", 0x0000 },
	{ 0x5605, "Initiate Dynamic Capacity Release", 0x0000 },
	{ 0x56ff, "last of the DCD Management set", 0x0000 },
};

/* Every refused opcode, as inclusive ranges, written out by hand. */
static const struct {
	u16 first;
	u16 last;
} deny_ranges[] = {
	{ 0x0101, 0x0101 }, { 0x0103, 0x0103 }, { 0x0201, 0x0202 },
	{ 0x0301, 0x0301 }, { 0x4101, 0x4101 }, { 0x4103, 0x4103 },
	{ 0x4204, 0x4204 }, { 0x4301, 0x4302 }, { 0x4400, 0x46ff },
	{ 0x4802, 0x4803 }, { 0x5102, 0x5103 }, { 0x5201, 0x5202 },
	{ 0x5301, 0x5302 }, { 0x5402, 0x5402 }, { 0x5600, 0x56ff },
};

static void deny_case_desc(const struct deny_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "0x%04x %s", c->opcode, c->name);
}

KUNIT_ARRAY_PARAM(deny, deny_cases, deny_case_desc);

static void expect_denied(struct kunit *test, const struct deny_case *c,
			  bool in_cel, u16 effects, const char *how)
{
	int s;

	for (s = 0; s < N_SCOPES; s++) {
		struct cxl_fwctl_request_facts f = {
			.opcode = c->opcode,
			.in_cel = in_cel,
			.effects = effects,
			.scope = s,
		};
		struct cxl_fwctl_verdict v = cxl_fwctl_policy(&f);

		KUNIT_EXPECT_EQ_MSG(test, v.err, -EPERM, "%s at %s", how,
				    scope_name[s]);
		KUNIT_EXPECT_EQ_MSG(test, v.reason,
				    CXL_FWCTL_R_KERNEL_COORDINATED,
				    "%s at %s", how, scope_name[s]);
		KUNIT_EXPECT_FALSE(test, v.mutating);
		KUNIT_EXPECT_NOT_NULL(test, v.detail);
	}
}

static void policy_kernel_coordinated(struct kunit *test)
{
	const struct deny_case *c = test->param_value;

	expect_denied(test, c, true, 0x0000, "in CEL, no effects");
	expect_denied(test, c, true, c->qemu_effects, "QEMU's effects");
	expect_denied(test, c, true, 0x0001, "in CEL, reset effect only");
	expect_denied(test, c, false, 0x0000, "absent from CEL");
}

/*
 * Every opcode, with no effects and the widest scope: exactly the opcodes
 * of deny_ranges are refused, so the table has no extra row and no range
 * mistake, and neighbours such as Get Partition Info (0x4100), Get Scan
 * Media Capabilities (0x4303), Get Dynamic Capacity Configuration
 * (0x4800), Get LD Allocations (0x5401) or Tunnel Management (0x5300)
 * stay allowed.
 */
static void policy_deny_list_exact(struct kunit *test)
{
	unsigned int op, denied = 0, want = 0, i;

	for (op = 0; op <= 0xffff; op++) {
		struct cxl_fwctl_request_facts f = {
			.opcode = op,
			.in_cel = true,
			.scope = FWCTL_RPC_DEBUG_WRITE_FULL,
			.feature = { .known = true, .changeable = true,
				     .set_effects = 0x0001 },
		};
		struct cxl_fwctl_verdict v = cxl_fwctl_policy(&f);
		bool listed = false;

		for (i = 0; i < ARRAY_SIZE(deny_ranges); i++)
			if (op >= deny_ranges[i].first && op <= deny_ranges[i].last)
				listed = true;
		if (listed && v.err == -EPERM &&
		    v.reason == CXL_FWCTL_R_KERNEL_COORDINATED) {
			denied++;
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, v.err, listed ? -EPERM : 0,
				    "opcode 0x%04x", op);
		if (!listed && v.err)
			return;
	}
	for (i = 0; i < ARRAY_SIZE(deny_ranges); i++)
		want += deny_ranges[i].last - deny_ranges[i].first + 1;
	KUNIT_EXPECT_EQ(test, denied, want);
	KUNIT_EXPECT_EQ(test, want, 3 * 256 + 256 + 19);
}

/* An opcode the CEL does not list is refused, whatever else is true. */

struct absent_case {
	u16 opcode;
	u16 effects;
	const char *name;
};

static const struct absent_case absent_cases[] = {
	{ 0x4000, 0x0000, "Identify Memory Device" },
	{ 0x4200, 0x0000, "Get Health Info" },
	{ 0xc000, 0x0002, "vendor opcode" },
	{ 0x0500, 0x0000, "Get Supported Features" },
	{ 0x0501, 0x0000, "Get Feature" },
	{ 0x0502, 0x0000, "Set Feature of a known Feature" },
	{ 0xffff, 0x0000, "opcode 0xffff" },
};

static void absent_case_desc(const struct absent_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "0x%04x %s", c->opcode, c->name);
}

KUNIT_ARRAY_PARAM(absent, absent_cases, absent_case_desc);

static void policy_not_in_cel(struct kunit *test)
{
	const struct absent_case *c = test->param_value;
	int s;

	for (s = 0; s < N_SCOPES; s++) {
		struct cxl_fwctl_request_facts f = {
			.opcode = c->opcode,
			.in_cel = false,
			.effects = c->effects,
			.scope = s,
			.feature = { .known = true, .changeable = true },
		};
		struct cxl_fwctl_verdict v = cxl_fwctl_policy(&f);

		KUNIT_EXPECT_EQ_MSG(test, v.err, -EOPNOTSUPP, "at %s",
				    scope_name[s]);
		KUNIT_EXPECT_EQ_MSG(test, v.reason, CXL_FWCTL_R_NOT_IN_CEL,
				    "at %s", scope_name[s]);
		KUNIT_EXPECT_FALSE(test, v.mutating);
	}
}

/* Feature reads: allowed at every scope whatever effects the CEL claims. */

static const struct absent_case read_cases[] = {
	{ 0x0500, 0x0000, "Get Supported Features" },
	{ 0x0501, 0x0000, "Get Feature" },
	{ 0x0500, 0x0002, "Get Supported Features claiming bit 1" },
	{ 0x0501, 0x0020, "Get Feature claiming bit 5" },
	{ 0x0501, 0x0040, "Get Feature claiming bit 6" },
	{ 0x0500, 0xf000, "Get Supported Features claiming reserved" },
};

KUNIT_ARRAY_PARAM(feature_read, read_cases, absent_case_desc);

static void policy_feature_read(struct kunit *test)
{
	const struct absent_case *c = test->param_value;
	int s;

	for (s = 0; s < N_SCOPES; s++) {
		struct cxl_fwctl_request_facts f = {
			.opcode = c->opcode,
			.in_cel = true,
			.effects = c->effects,
			.scope = s,
		};
		struct cxl_fwctl_verdict v = cxl_fwctl_policy(&f);

		KUNIT_EXPECT_EQ_MSG(test, v.err, 0, "at %s", scope_name[s]);
		KUNIT_EXPECT_EQ_MSG(test, v.reason, CXL_FWCTL_R_READ_ONLY,
				    "at %s", scope_name[s]);
		KUNIT_EXPECT_FALSE(test, v.mutating);
		KUNIT_EXPECT_EQ(test, v.needed, FWCTL_RPC_CONFIGURATION);
	}
}

/* Set Feature: the Feature's identity, changeability and ownership. */

struct feature_case {
	const char *name;
	struct cxl_fwctl_feature_facts feat;
	u16 cel_effects;	/* of Set Feature (0x0502); must not matter */
	enum expect at[N_SCOPES];
	bool mutating;
};

static const struct feature_case feature_cases[] = {
	{ "unknown Feature", { false, true, false, 0x0000 }, 0x003e,
	  { UNK, UNK, UNK, UNK } },
	{ "unknown Feature, flags set", { false, true, true, 0x0202 }, 0x0000,
	  { UNK, UNK, UNK, UNK } },
	{ "not changeable", { true, false, false, 0x0000 }, 0x003e,
	  { NCHG, NCHG, NCHG, NCHG } },
	{ "not changeable, owned", { true, false, true, 0x0202 }, 0x003e,
	  { NCHG, NCHG, NCHG, NCHG } },
	{ "owned by the kernel", { true, true, true, 0x0000 }, 0x003e,
	  { OWND, OWND, OWND, OWND } },
	{ "owned by the kernel, set-effects 0x0202",
	  { true, true, true, 0x0202 }, 0x0000,
	  { OWND, OWND, OWND, OWND } },
	{ "QEMU patrol scrub, set-effects 0x0202",
	  { true, true, false, 0x0202 }, 0x003e,
	  { LOW, LOW, LOW, ALLOW }, true },
	{ "set-effects none", { true, true, false, 0x0000 }, 0x003e,
	  { NOFX, NOFX, NOFX, NOFX } },
	{ "set-effects 0x0380 (only bits 7-9)", { true, true, false, 0x0380 },
	  0x0000, { NOFX, NOFX, NOFX, NOFX } },
	{ "set-effects 0x0c00 (bits 10+11 without 9)",
	  { true, true, false, 0x0c00 }, 0x0000, { NOFX, NOFX, NOFX, NOFX } },
	{ "set-effects 0x0a00 (CXL reset, bit 9 valid)",
	  { true, true, false, 0x0a00 }, 0x0000,
	  { LOW, LOW, ALLOW, ALLOW }, true },
	{ "set-effects 0x0010 (immediate log)", { true, true, false, 0x0010 },
	  0x0000, { LOW, LOW, LOW, ALLOW }, true },
	{ "set-effects 0x0002, CEL entry none",
	  { true, true, false, 0x0002 }, 0x0000,
	  { LOW, LOW, LOW, ALLOW }, true },
	{ "set-effects 0x0001 (cold reset)", { true, true, false, 0x0001 },
	  0x003e, { LOW, LOW, ALLOW, ALLOW }, true },
	{ "set-effects 0x0600 (conventional reset)",
	  { true, true, false, 0x0600 }, 0x003e,
	  { LOW, LOW, ALLOW, ALLOW }, true },
	{ "set-effects 0x0400 (bit 10 not valid)",
	  { true, true, false, 0x0400 }, 0x003e,
	  { NOFX, NOFX, NOFX, NOFX } },
	{ "set-effects 0x0020 (security)", { true, true, false, 0x0020 },
	  0x0000, { SEC, SEC, SEC, SEC } },
	{ "set-effects 0x0040 (background)", { true, true, false, 0x0040 },
	  0x0000, { BGND, BGND, BGND, BGND } },
	{ "set-effects 0x2000 (reserved)", { true, true, false, 0x2000 },
	  0x0000, { RSVD, RSVD, RSVD, RSVD } },
	{ "CEL entry with reserved bits, set-effects 0x0001",
	  { true, true, false, 0x0001 }, 0xf000,
	  { LOW, LOW, ALLOW, ALLOW }, true },
};

static void feature_case_desc(const struct feature_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(feature, feature_cases, feature_case_desc);

static void policy_set_feature(struct kunit *test)
{
	const struct feature_case *c = test->param_value;
	int s;

	for (s = 0; s < N_SCOPES; s++) {
		struct cxl_fwctl_request_facts f = {
			.opcode = CXL_FWCTL_OP_SET_FEATURE,
			.in_cel = true,
			.effects = c->cel_effects,
			.scope = s,
			.feature = c->feat,
		};
		struct cxl_fwctl_verdict v = cxl_fwctl_policy(&f);

		check_verdict(test, c->name, s, &v, c->at[s], c->mutating);
	}
}

/* The lowest sufficient scope and the deciding row, for a few cases. */
static void policy_needed_and_detail(struct kunit *test)
{
	static const struct {
		u16 effects;
		enum fwctl_rpc_scope scope;
		enum fwctl_rpc_scope needed;
		const char *detail;
	} cases[] = {
		{ 0x0000, FWCTL_RPC_CONFIGURATION, FWCTL_RPC_CONFIGURATION,
		  "no effects" },
		{ 0x0001, FWCTL_RPC_CONFIGURATION, FWCTL_RPC_DEBUG_WRITE,
		  "configuration change after cold reset" },
		{ 0x0001, FWCTL_RPC_DEBUG_WRITE_FULL, FWCTL_RPC_DEBUG_WRITE,
		  "configuration change after cold reset" },
		{ 0x0003, FWCTL_RPC_DEBUG_WRITE, FWCTL_RPC_DEBUG_WRITE_FULL,
		  "immediate configuration change" },
		{ 0x0a00, FWCTL_RPC_DEBUG_READ_ONLY, FWCTL_RPC_DEBUG_WRITE,
		  "configuration change after CXL reset" },
		{ 0x0014, FWCTL_RPC_DEBUG_WRITE_FULL,
		  FWCTL_RPC_DEBUG_WRITE_FULL, "immediate data change" },
		{ 0x0040, FWCTL_RPC_DEBUG_WRITE, FWCTL_RPC_DEBUG_WRITE_FULL,
		  "background operation" },
		{ 0x0042, FWCTL_RPC_DEBUG_WRITE_FULL,
		  FWCTL_RPC_DEBUG_WRITE_FULL, "background operation" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct cxl_fwctl_request_facts f = {
			.opcode = PLAIN_OPCODE,
			.in_cel = true,
			.effects = cases[i].effects,
			.scope = cases[i].scope,
		};
		struct cxl_fwctl_verdict v = cxl_fwctl_policy(&f);

		KUNIT_EXPECT_EQ_MSG(test, v.needed, cases[i].needed,
				    "effects 0x%04x", cases[i].effects);
		KUNIT_EXPECT_STREQ_MSG(test, v.detail, cases[i].detail,
				       "effects 0x%04x", cases[i].effects);
	}
}

/* A scope the core should never pass is refused, before anything else. */
static void policy_bad_scope(struct kunit *test)
{
	static const u16 opcodes[] = { PLAIN_OPCODE, 0x4400, 0x0500, 0x0502 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(opcodes); i++) {
		struct cxl_fwctl_request_facts f = {
			.opcode = opcodes[i],
			.in_cel = true,
			.scope = (enum fwctl_rpc_scope)4,
			.feature = { .known = true, .changeable = true },
		};
		struct cxl_fwctl_verdict v = cxl_fwctl_policy(&f);

		KUNIT_EXPECT_EQ(test, v.err, -EINVAL);
		KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_BAD_SCOPE);
		KUNIT_EXPECT_FALSE(test, v.mutating);
	}
}

/*
 * Properties over every effects value, for the CEL and the Set Feature
 * paths. They are why Kernel Lockdown need not be a policy input: the core
 * refuses debug_write and up under lockdown, and nothing mutating is
 * allowed at a lower scope.
 *  - an allowed command never needs more than the requested scope;
 *  - it is mutating exactly when it needs debug_write or higher;
 *  - nothing mutating is allowed at configuration or debug_read_only;
 *  - a command allowed at one scope is allowed at every higher one;
 *  - a refusal other than "scope too low" is the same at every scope.
 */
static void policy_properties(struct kunit *test)
{
	unsigned int effects, path, fails = 0;

	for (path = 0; path < 2; path++) {
		for (effects = 0; effects <= 0xffff; effects++) {
			struct cxl_fwctl_verdict v[N_SCOPES];
			int s;

			for (s = 0; s < N_SCOPES; s++) {
				struct cxl_fwctl_request_facts f = {
					.opcode = path ? CXL_FWCTL_OP_SET_FEATURE :
							 PLAIN_OPCODE,
					.in_cel = true,
					.effects = path ? 0x003e : effects,
					.scope = s,
					.feature = {
						.known = true,
						.changeable = true,
						.set_effects = effects,
					},
				};

				v[s] = cxl_fwctl_policy(&f);
			}
			for (s = 0; s < N_SCOPES; s++) {
				bool ok = true;

				if (!v[s].err)
					ok = v[s].needed <= s &&
					     v[s].mutating ==
					     (v[s].needed >= FWCTL_RPC_DEBUG_WRITE) &&
					     !(v[s].mutating &&
					       s < FWCTL_RPC_DEBUG_WRITE);
				else if (v[s].reason != CXL_FWCTL_R_SCOPE_TOO_LOW)
					ok = v[s].err == v[0].err &&
					     v[s].reason == v[0].reason &&
					     !v[s].mutating;
				else
					ok = v[s].needed > s && !v[s].mutating;
				if (s > 0 && !v[s - 1].err && v[s].err)
					ok = false;
				if (!v[s].detail)
					ok = false;
				if (!ok && fails++ < 5)
					KUNIT_FAIL(test,
						   "%s effects 0x%04x at %s: err %d reason %s needed %d mutating %d",
						   path ? "set-feature" : "cel",
						   effects, scope_name[s],
						   v[s].err,
						   cxl_fwctl_reason_name(v[s].reason),
						   v[s].needed, v[s].mutating);
			}
		}
	}
	KUNIT_EXPECT_EQ(test, fails, 0);
}

/*
 * A BMC build (facts.bmc): kernel-coordinated opcodes and security-state
 * changes need debug_write_full instead of being refused, and nothing
 * else moves. Expectations written out by hand, as everywhere here.
 */
static struct cxl_fwctl_verdict judge(u16 opcode, bool in_cel, u16 effects,
				      enum fwctl_rpc_scope scope, bool bmc)
{
	struct cxl_fwctl_request_facts f = {
		.opcode = opcode,
		.in_cel = in_cel,
		.effects = effects,
		.scope = scope,
		.bmc = bmc,
	};

	return cxl_fwctl_policy(&f);
}

static void expect_bmc_unlocked(struct kunit *test, u16 opcode, u16 effects,
				const char *what)
{
	struct cxl_fwctl_verdict v;
	int s;

	for (s = 0; s < FWCTL_RPC_DEBUG_WRITE_FULL; s++) {
		v = judge(opcode, true, effects, s, true);
		KUNIT_EXPECT_EQ_MSG(test, v.err, -EPERM, "%s at %s", what,
				    scope_name[s]);
		KUNIT_EXPECT_EQ_MSG(test, v.reason, CXL_FWCTL_R_SCOPE_TOO_LOW,
				    "%s at %s", what, scope_name[s]);
		KUNIT_EXPECT_EQ(test, v.needed, FWCTL_RPC_DEBUG_WRITE_FULL);
		KUNIT_EXPECT_FALSE(test, v.mutating);
	}
	v = judge(opcode, true, effects, FWCTL_RPC_DEBUG_WRITE_FULL, true);
	KUNIT_EXPECT_EQ_MSG(test, v.err, 0, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, v.reason, CXL_FWCTL_R_BMC_BUILD, "%s", what);
	KUNIT_EXPECT_EQ(test, v.needed, FWCTL_RPC_DEBUG_WRITE_FULL);
	KUNIT_EXPECT_TRUE(test, v.mutating);
	KUNIT_EXPECT_NOT_NULL(test, v.detail);
}

static void policy_bmc_kernel_coordinated(struct kunit *test)
{
	const struct deny_case *c = test->param_value;
	struct cxl_fwctl_verdict v;

	expect_bmc_unlocked(test, c->opcode, 0x0000, "no effects");
	expect_bmc_unlocked(test, c->opcode, c->qemu_effects, "QEMU's effects");
	expect_bmc_unlocked(test, c->opcode, 0x0020, "security change");
	/* What a BMC build keeps: the CEL gate and reserved bits. */
	v = judge(c->opcode, false, 0, FWCTL_RPC_DEBUG_WRITE_FULL, true);
	KUNIT_EXPECT_EQ(test, v.err, -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_NOT_IN_CEL);
	v = judge(c->opcode, true, 0x1000, FWCTL_RPC_DEBUG_WRITE_FULL, true);
	KUNIT_EXPECT_EQ(test, v.err, -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_RESERVED_EFFECTS);
	/* The same opcode on a host: refused everywhere. */
	v = judge(c->opcode, true, 0, FWCTL_RPC_DEBUG_WRITE_FULL, false);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_KERNEL_COORDINATED);
}

static void policy_bmc_security_and_features(struct kunit *test)
{
	struct cxl_fwctl_request_facts f = {
		.opcode = CXL_FWCTL_OP_SET_FEATURE,
		.in_cel = true,
		.scope = FWCTL_RPC_DEBUG_WRITE_FULL,
		.feature = { .known = true, .changeable = true,
			     .set_effects = 0x0020 },
		.bmc = true,
	};
	struct cxl_fwctl_verdict v;

	expect_bmc_unlocked(test, PLAIN_OPCODE, 0x0020, "security change");
	expect_bmc_unlocked(test, PLAIN_OPCODE, 0x0062,
			    "security, background, configuration");
	v = judge(PLAIN_OPCODE, true, 0x0020, FWCTL_RPC_DEBUG_WRITE_FULL, false);
	KUNIT_EXPECT_EQ(test, v.err, -EPERM);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_SECURITY_CHANGE);
	v = judge(PLAIN_OPCODE, true, 0x8020, FWCTL_RPC_DEBUG_WRITE_FULL, true);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_RESERVED_EFFECTS);
	/* Plain commands: the same verdict as on a host. */
	v = judge(PLAIN_OPCODE, true, 0x0002, FWCTL_RPC_DEBUG_WRITE, true);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_SCOPE_TOO_LOW);
	v = judge(PLAIN_OPCODE, true, 0x0000, FWCTL_RPC_CONFIGURATION, true);
	KUNIT_EXPECT_EQ(test, v.err, 0);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_ALLOWED);
	KUNIT_EXPECT_FALSE(test, v.mutating);

	/* Set Feature: its security set-effect is lifted, ownership is not. */
	v = cxl_fwctl_policy(&f);
	KUNIT_EXPECT_EQ(test, v.err, 0);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_BMC_BUILD);
	f.feature.kernel_owned = true;
	v = cxl_fwctl_policy(&f);
	KUNIT_EXPECT_EQ(test, v.err, -EPERM);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_FEATURE_OWNED);
	f.feature.kernel_owned = false;
	f.feature.known = false;
	v = cxl_fwctl_policy(&f);
	KUNIT_EXPECT_EQ(test, v.err, -ENOENT);
}

/*
 * Over every effects value, for a plain opcode and a kernel-coordinated
 * one: a BMC build decides exactly as a host except where the host
 * refused for a reason the BMC build lifts, and even there it never
 * allows anything below debug_write_full.
 */
static void policy_bmc_moves_nothing_else(struct kunit *test)
{
	static const u16 opcodes[] = { PLAIN_OPCODE, 0x4103 };
	unsigned int effects, i, fails = 0;

	for (i = 0; i < ARRAY_SIZE(opcodes); i++) {
		for (effects = 0; effects <= 0xffff; effects++) {
			int s;

			for (s = 0; s < N_SCOPES; s++) {
				struct cxl_fwctl_verdict h, b;
				bool lifted, ok;

				h = judge(opcodes[i], true, effects, s, false);
				b = judge(opcodes[i], true, effects, s, true);
				lifted = h.reason == CXL_FWCTL_R_KERNEL_COORDINATED ||
					 h.reason == CXL_FWCTL_R_SECURITY_CHANGE;
				if (!lifted)
					ok = h.err == b.err && h.reason == b.reason &&
					     h.mutating == b.mutating;
				else if (s < FWCTL_RPC_DEBUG_WRITE_FULL)
					ok = b.err && !b.mutating;
				else
					ok = b.err ? !b.mutating :
					     b.reason == CXL_FWCTL_R_BMC_BUILD &&
					     b.mutating;
				if (!ok && fails++ < 5)
					KUNIT_FAIL(test,
						   "0x%04x effects 0x%04x at %s: host %s, bmc %d %s",
						   opcodes[i], effects,
						   scope_name[s],
						   cxl_fwctl_reason_name(h.reason),
						   b.err,
						   cxl_fwctl_reason_name(b.reason));
			}
		}
	}
	KUNIT_EXPECT_EQ(test, fails, 0);
}

/* Where no background slot exists (a switch CCI), background is refused. */
static void policy_no_background_slot(struct kunit *test)
{
	struct cxl_fwctl_request_facts f = {
		.opcode = PLAIN_OPCODE,
		.in_cel = true,
		.effects = 0x0040,
		.scope = FWCTL_RPC_DEBUG_WRITE_FULL,
	};
	struct cxl_fwctl_verdict v;
	int s;

	v = cxl_fwctl_policy(&f);
	KUNIT_EXPECT_EQ(test, v.err, 0);
	KUNIT_EXPECT_TRUE(test, v.mutating);

	f.no_background = true;
	for (s = 0; s < N_SCOPES; s++) {
		f.scope = s;
		v = cxl_fwctl_policy(&f);
		KUNIT_EXPECT_EQ_MSG(test, v.err, -EOPNOTSUPP, "at %s",
				    scope_name[s]);
		KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_BACKGROUND);
		KUNIT_EXPECT_FALSE(test, v.mutating);
	}
	/* Other refusals and plain commands are untouched. */
	f.effects = 0x1040;
	v = cxl_fwctl_policy(&f);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_RESERVED_EFFECTS);
	f.effects = 0x0002;
	v = cxl_fwctl_policy(&f);
	KUNIT_EXPECT_EQ(test, v.err, 0);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_ALLOWED);
	/* A kernel-coordinated one stays refused as such. */
	f.opcode = 0x4400;
	f.effects = 0x0064;
	v = cxl_fwctl_policy(&f);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_KERNEL_COORDINATED);
	/* A BMC build lifts that, but still has no slot for it. */
	f.bmc = true;
	v = cxl_fwctl_policy(&f);
	KUNIT_EXPECT_EQ(test, v.err, -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, v.reason, CXL_FWCTL_R_BACKGROUND);
}

/* The reason names are part of what logs and tools see: keep them. */
/*
 * The opcode rows strictly ascend and do not overlap: the policy finds
 * them by binary search.
 */
static void policy_opcode_rows_sorted(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cxl_fwctl_opcode_rules); i++)
		KUNIT_EXPECT_LE_MSG(test, cxl_fwctl_opcode_rules[i].opcode,
				    cxl_fwctl_rule_last(&cxl_fwctl_opcode_rules[i]),
				    "row %u", i);
	for (i = 1; i < ARRAY_SIZE(cxl_fwctl_opcode_rules); i++)
		KUNIT_EXPECT_LT_MSG(test,
				    cxl_fwctl_rule_last(&cxl_fwctl_opcode_rules[i - 1]),
				    cxl_fwctl_opcode_rules[i].opcode, "row %u", i);
}

static void policy_reason_names(struct kunit *test)
{
	static const struct {
		enum cxl_fwctl_reason reason;
		const char *name;
	} names[] = {
		{ CXL_FWCTL_R_ALLOWED, "allowed" },
		{ CXL_FWCTL_R_READ_ONLY, "read-only" },
		{ CXL_FWCTL_R_BAD_SCOPE, "bad-scope" },
		{ CXL_FWCTL_R_KERNEL_COORDINATED, "kernel-coordinated" },
		{ CXL_FWCTL_R_NOT_IN_CEL, "not-in-cel" },
		{ CXL_FWCTL_R_RESERVED_EFFECTS, "reserved-effects" },
		{ CXL_FWCTL_R_SECURITY_CHANGE, "security-change" },
		{ CXL_FWCTL_R_BACKGROUND, "background" },
		{ CXL_FWCTL_R_SCOPE_TOO_LOW, "scope-too-low" },
		{ CXL_FWCTL_R_FEATURE_UNKNOWN, "feature-unknown" },
		{ CXL_FWCTL_R_FEATURE_NOT_CHANGEABLE, "feature-not-changeable" },
		{ CXL_FWCTL_R_FEATURE_OWNED, "feature-owned" },
		{ CXL_FWCTL_R_BMC_BUILD, "bmc-build" },
		{ CXL_FWCTL_R_FEATURE_NO_EFFECTS, "feature-no-effects" },
		{ CXL_FWCTL_R_COUNT, "unknown" },
	};
	unsigned int i;

	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(names), CXL_FWCTL_R_COUNT + 1);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_STREQ(test, cxl_fwctl_reason_name(names[i].reason),
				   names[i].name);
}

static struct kunit_case cxl_fwctl_policy_cases[] = {
	KUNIT_CASE_PARAM(policy_cel_effects, effects_gen_params),
	KUNIT_CASE_PARAM(policy_set_feature_effects, effects_gen_params),
	KUNIT_CASE_PARAM(policy_kernel_coordinated, deny_gen_params),
	KUNIT_CASE(policy_deny_list_exact),
	KUNIT_CASE_PARAM(policy_not_in_cel, absent_gen_params),
	KUNIT_CASE_PARAM(policy_feature_read, feature_read_gen_params),
	KUNIT_CASE_PARAM(policy_set_feature, feature_gen_params),
	KUNIT_CASE(policy_needed_and_detail),
	KUNIT_CASE(policy_bad_scope),
	KUNIT_CASE(policy_properties),
	KUNIT_CASE_PARAM(policy_bmc_kernel_coordinated, deny_gen_params),
	KUNIT_CASE(policy_bmc_security_and_features),
	KUNIT_CASE(policy_bmc_moves_nothing_else),
	KUNIT_CASE(policy_no_background_slot),
	KUNIT_CASE(policy_opcode_rows_sorted),
	KUNIT_CASE(policy_reason_names),
	{}
};

static struct kunit_suite cxl_fwctl_policy_suite = {
	.name = "cxl_fwctl_policy",
	.test_cases = cxl_fwctl_policy_cases,
};

kunit_test_suite(cxl_fwctl_policy_suite);
