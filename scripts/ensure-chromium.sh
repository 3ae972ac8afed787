#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser test
# (tests/web/test_widget_browser.py drives /usr/bin/chromium with playwright-core).
# Nothing is downloaded by the test tools themselves: Chromium comes from the
# system's package manager only.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

echo "ensure-chromium: $CHROMIUM is missing; installing Debian's chromium package with apt-get"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "ensure-chromium: error: not root and no sudo; install it yourself: apt-get install -y chromium" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium; }; then
  echo "ensure-chromium: error: 'apt-get install chromium' failed." >&2
  echo "  The browser test needs Debian's Chromium at $CHROMIUM (or set CHROMIUM_PATH)." >&2
  echo "  Install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: error: chromium was installed but $CHROMIUM does not exist" >&2
  exit 1
fi
echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed"
