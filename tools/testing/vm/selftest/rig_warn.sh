#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Rig self-test: load a module that WARNs. The test itself passes; the run
# must still fail because the kernel log shows the warning.
insmod /modules/rig_warn.ko
