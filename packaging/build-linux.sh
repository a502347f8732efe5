#!/usr/bin/env bash
# Build the standalone Linux app: dist/VisitDesk/ and dist/VisitDesk-VERSION-linux-x86_64.tar.gz.
# Needs Python 3.11 or newer (set PYTHON to choose one) and binutils; everything else is
# installed into build/. Check the result with: bash packaging/check-linux-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "build-linux.sh: VisitDesk is built with Python 3.11 or newer; set PYTHON to one" >&2
  exit 2
fi
exec "$PYTHON" packaging/build.py "$@"
