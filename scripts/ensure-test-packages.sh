#!/usr/bin/env bash
# `npm test` runs against real peers from Debian's packages: Chromium (the explorer's browser test,
# driven by playwright-core: Playwright's own browser download cannot work on closed networks),
# PgBouncer (the transaction-pooling test), pg_auto_failover (the failover test), HAProxy (gateway
# replicas behind a load balancer, in a test and in the bench) and kubectl (`kubectl kustomize` of
# deploy/kubernetes). Installs the
# missing ones when this user can (one `apt-get update` first); otherwise says what to do.
set -euo pipefail
declare -A PACKAGES=([/usr/bin/chromium]=chromium [/usr/sbin/pgbouncer]=pgbouncer [/usr/bin/pg_autoctl]=postgresql-15-auto-failover [/usr/sbin/haproxy]=haproxy [/usr/bin/kubectl]=kubernetes-client)
missing=()
for binary in "${!PACKAGES[@]}"; do
  [ -x "$binary" ] || missing+=("${PACKAGES[$binary]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "pretest: installing Debian's ${missing[*]} for the tests" >&2
  apt-get update -qq
  # The tests run instances of their own, on free loopback ports.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "pretest: ${missing[*]} missing; install them (sudo apt-get install ${missing[*]}) — the tests need them" >&2
exit 1
