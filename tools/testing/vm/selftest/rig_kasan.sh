#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Rig self-test of the debug lane: read past an allocation. The test itself
# passes; on a KASAN kernel the run must fail on the kernel log.
insmod /modules/rig_sanitize.ko bug=kasan
