#!/usr/bin/env bash
# Installs what the tests and jobs need on a fresh Debian machine, skipping whatever is already there:
# - python3-sklearn (scikit-learn cross-checks, run with /usr/bin/python3)
# - fonts-dejavu-core (chart text; without fonts ScottPlot draws no text and reports nothing)
# - chromium (headless dashboard and report checks) and postgresql (Hangfire storage shared by several hosts)
# - prometheus (promtool checks the alerting rules in docs/operations.md)
# - the embedded ClickHouse engine (npm package, cached under ~/.cache/mevanalytics/engine)
set -euo pipefail
packages=(python3-sklearn fonts-dejavu-core chromium postgresql prometheus)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

version="26.7.3-stable.1"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/mevanalytics/engine"
if [[ ! -f "$cache/$version/node_modules/@chdb/lib-linux-x64-gnu/libchdb.so" ]]; then
  echo "installing the embedded ClickHouse engine $version" >&2
  mkdir -p "$cache"
  tmp="$cache/$version.tmp-$$"
  rm -rf "$tmp"
  npm install --prefix "$tmp" --no-audit --no-fund --no-save "@chdb/lib-linux-x64-gnu@$version" >&2
  rm -rf "$cache/$version"
  mv "$tmp" "$cache/$version"
fi
