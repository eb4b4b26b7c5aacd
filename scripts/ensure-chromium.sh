#!/usr/bin/env bash
# `npm test` includes a real-browser test of the GraphQL explorer, driven by playwright-core in
# Debian's Chromium (Playwright's own browser download cannot work on closed networks). Installs it
# when missing and this user can; otherwise says what to do.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "pretest: installing Debian's chromium for the explorer's browser test" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "pretest: /usr/bin/chromium is missing; install it (sudo apt-get install chromium) — the explorer's browser test needs it" >&2
exit 1
