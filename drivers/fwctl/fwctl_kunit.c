// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the pure parts of the fwctl core: the user ABI's layout
 * (which must match mainline byte for byte) and the scope rules table.
 */
#include <kunit/test.h>
#include <linux/stddef.h>
#include <uapi/fwctl/fwctl.h>

#include "scope.h"

static void fwctl_abi_info_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct fwctl_info), 24);
	KUNIT_EXPECT_EQ(test, offsetof(struct fwctl_info, size), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct fwctl_info, flags), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct fwctl_info, out_device_type), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct fwctl_info, device_data_len), 12);
	KUNIT_EXPECT_EQ(test, offsetof(struct fwctl_info, out_device_data), 16);
	KUNIT_EXPECT_EQ(test, offsetofend(struct fwctl_info, out_device_data),
			24);
}

static void fwctl_abi_rpc_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct fwctl_rpc), 32);
	KUNIT_EXPECT_EQ(test, offsetof(struct fwctl_rpc, size), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct fwctl_rpc, scope), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct fwctl_rpc, in_len), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct fwctl_rpc, out_len), 12);
	KUNIT_EXPECT_EQ(test, offsetof(struct fwctl_rpc, in), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct fwctl_rpc, out), 24);
	KUNIT_EXPECT_EQ(test, offsetofend(struct fwctl_rpc, out), 32);
}

static void fwctl_abi_numbers(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, FWCTL_INFO, 0x9A00);
	KUNIT_EXPECT_EQ(test, FWCTL_RPC, 0x9A01);

	KUNIT_EXPECT_EQ(test, FWCTL_DEVICE_TYPE_ERROR, 0);
	KUNIT_EXPECT_EQ(test, FWCTL_DEVICE_TYPE_MLX5, 1);
	KUNIT_EXPECT_EQ(test, FWCTL_DEVICE_TYPE_CXL, 2);
	KUNIT_EXPECT_EQ(test, FWCTL_DEVICE_TYPE_BNXT, 3);
	KUNIT_EXPECT_EQ(test, FWCTL_DEVICE_TYPE_PDS, 4);

	KUNIT_EXPECT_EQ(test, FWCTL_RPC_CONFIGURATION, 0);
	KUNIT_EXPECT_EQ(test, FWCTL_RPC_DEBUG_READ_ONLY, 1);
	KUNIT_EXPECT_EQ(test, FWCTL_RPC_DEBUG_WRITE, 2);
	KUNIT_EXPECT_EQ(test, FWCTL_RPC_DEBUG_WRITE_FULL, 3);
}

struct fwctl_scope_case {
	const char *desc;
	u32 scope;
	bool known;
	unsigned int needs;
};

static const struct fwctl_scope_case fwctl_scope_cases[] = {
	{ "configuration", FWCTL_RPC_CONFIGURATION, true, 0 },
	{ "debug_read_only", FWCTL_RPC_DEBUG_READ_ONLY, true, 0 },
	{ "debug_write", FWCTL_RPC_DEBUG_WRITE, true, FWCTL_SCOPE_MUTATES },
	{ "debug_write_full", FWCTL_RPC_DEBUG_WRITE_FULL, true,
	  FWCTL_SCOPE_MUTATES | FWCTL_SCOPE_NEEDS_RAWIO },
	{ "first unknown", FWCTL_RPC_DEBUG_WRITE_FULL + 1, false, 0 },
	{ "sign bit", 0x80000000, false, 0 },
	{ "all ones", U32_MAX, false, 0 },
};

static void fwctl_scope_case_desc(const struct fwctl_scope_case *c,
				  char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fwctl_scope, fwctl_scope_cases, fwctl_scope_case_desc);

static void fwctl_scope_rules(struct kunit *test)
{
	const struct fwctl_scope_case *c = test->param_value;
	const struct fwctl_scope_rule *rule = fwctl_scope_rule(c->scope);

	if (!c->known) {
		KUNIT_EXPECT_NULL(test, rule);
		return;
	}
	KUNIT_ASSERT_NOT_NULL(test, rule);
	KUNIT_EXPECT_EQ(test, rule->needs, c->needs);
	KUNIT_EXPECT_STREQ(test, rule->name, c->desc);
}

static struct kunit_case fwctl_core_cases[] = {
	KUNIT_CASE(fwctl_abi_info_layout),
	KUNIT_CASE(fwctl_abi_rpc_layout),
	KUNIT_CASE(fwctl_abi_numbers),
	KUNIT_CASE_PARAM(fwctl_scope_rules, fwctl_scope_gen_params),
	{}
};

static struct kunit_suite fwctl_core_suite = {
	.name = "fwctl_core",
	.test_cases = fwctl_core_cases,
};

kunit_test_suite(fwctl_core_suite);

MODULE_DESCRIPTION("KUnit tests for the fwctl core");
MODULE_LICENSE("GPL");
