#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser test
# (tests/web/test_widget_browser.py drives /usr/bin/chromium with playwright-core).
exec "$(dirname "$0")/ensure-apt-package.sh" chromium "${CHROMIUM_PATH:-/usr/bin/chromium}" CHROMIUM_PATH
