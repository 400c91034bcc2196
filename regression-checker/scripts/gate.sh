#!/usr/bin/env bash
# The PR gate is part of the Java CLI now (`redline gate`, regression-checker's harness package);
# this wrapper keeps old invocations working.
exec "$(dirname "${BASH_SOURCE[0]}")/../../redline" gate "$@"
