#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Rig self-test of the debug lane: lose 64 allocations. The test itself
# passes; on a kmemleak kernel the run must fail at the final scan.
insmod /modules/rig_sanitize.ko bug=leak
