#!/usr/bin/env bash
# Usage: scripts/ensure-apt-package.sh PACKAGE BINARY [PATH_VARIABLE]
# Make sure BINARY exists; if not, install Debian's PACKAGE with apt-get (as
# root, or with passwordless sudo). Test tools never download these binaries
# themselves: they come from the system's package manager only.
# PATH_VARIABLE names the environment variable that points elsewhere, for the
# error message. scripts/ensure-nginx.sh and scripts/ensure-chromium.sh call it.
set -euo pipefail

if [ "$#" -lt 2 ]; then
  echo "usage: $0 PACKAGE BINARY [PATH_VARIABLE]" >&2
  exit 2
fi
PACKAGE="$1"
BINARY="$2"
PATH_VARIABLE="${3:-}"
NAME="ensure-$PACKAGE"

if [ -x "$BINARY" ]; then
  exit 0
fi

echo "$NAME: $BINARY is missing; installing Debian's $PACKAGE package with apt-get"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "$NAME: error: not root and no sudo; install it yourself: apt-get install -y $PACKAGE" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "$PACKAGE"; }; then
  echo "$NAME: error: 'apt-get install $PACKAGE' failed." >&2
  echo "  The tests need Debian's $PACKAGE at $BINARY${PATH_VARIABLE:+ (or set $PATH_VARIABLE)}." >&2
  echo "  Install it with: sudo apt-get install -y $PACKAGE" >&2
  exit 1
fi

if [ ! -x "$BINARY" ]; then
  echo "$NAME: error: $PACKAGE was installed but $BINARY does not exist" >&2
  exit 1
fi
echo "$NAME: $PACKAGE installed at $BINARY"
