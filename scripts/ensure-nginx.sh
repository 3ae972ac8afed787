#!/usr/bin/env bash
# Make sure Debian's nginx is installed for the load-balancer test
# (tests/processes/test_scaleout_nginx.py runs it as a foreground child process with its
# own configuration and prefix in a temporary directory; the system service is
# never used). nginx comes from the system's package manager only.
set -euo pipefail

NGINX="${NGINX_PATH:-/usr/sbin/nginx}"

if [ -x "$NGINX" ]; then
  exit 0
fi

echo "ensure-nginx: $NGINX is missing; installing Debian's nginx package with apt-get"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "ensure-nginx: error: not root and no sudo; install it yourself: apt-get install -y nginx" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends nginx; }; then
  echo "ensure-nginx: error: 'apt-get install nginx' failed." >&2
  echo "  The load-balancer test needs Debian's nginx at $NGINX (or set NGINX_PATH)." >&2
  echo "  Install it with: sudo apt-get install -y nginx" >&2
  exit 1
fi

if [ ! -x "$NGINX" ]; then
  echo "ensure-nginx: error: nginx was installed but $NGINX does not exist" >&2
  exit 1
fi
echo "ensure-nginx: $("$NGINX" -v 2>&1 || echo nginx) installed"
