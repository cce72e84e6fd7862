#!/usr/bin/env bash
# Installs the benchmark's Debian packages: wrk (load generator) and FastAPI + uvicorn (the Python peer).
# Idempotent; `node bench/run.mjs` calls it when something is missing. Needs root (or sudo) and apt.
set -euo pipefail
PKGS=(wrk python3-fastapi python3-uvicorn)
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
/usr/bin/python3 -c 'import fastapi' >/dev/null 2>&1 || missing+=(python3-fastapi)
/usr/bin/python3 -c 'import uvicorn' >/dev/null 2>&1 || missing+=(python3-uvicorn)
if [ ${#missing[@]} -eq 0 ]; then echo "bench setup: ${PKGS[*]} present"; exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "bench setup: missing ${missing[*]}; run as root: apt-get update && apt-get install -y ${missing[*]}" >&2; exit 1; fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "bench setup: missing ${missing[*]} and no apt-get on this machine" >&2; exit 1
fi
echo "bench setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
