#!/usr/bin/env bash
# Installs the system programs the test suite drives for real: headless Chromium (browser tests),
# two independent RDF parsers (serdi, rapper) and Virtuoso (tests/test_virtuoso.py starts a private
# instance). Idempotent; needs root or sudo the first time.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v serdi >/dev/null 2>&1 || need+=(serdi)
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)  # tests/test_virtuoso.py
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
