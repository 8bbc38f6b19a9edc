#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Rig self-test: a test program that starts its TAP and then crashes. It must
# be counted as a failure, not as a pass or a skip.
echo "TAP version 13"
echo "1..2"
echo "ok 1 # SKIP before the crash"
kill -SEGV $$
