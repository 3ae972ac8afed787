#!/usr/bin/env bash
# Make sure Debian's nginx is installed for the load-balancer test
# (tests/processes/test_scaleout_nginx.py runs it as a foreground child process with its
# own configuration and prefix in a temporary directory; the system service is
# never used).
exec "$(dirname "$0")/ensure-apt-package.sh" nginx "${NGINX_PATH:-/usr/sbin/nginx}" NGINX_PATH
