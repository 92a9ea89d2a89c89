#!/usr/bin/env bash
# Installs the Debian packages the store builds against, when they are missing.
set -euo pipefail
needed=()
[ -f /usr/include/lmdb.h ] || needed+=(liblmdb-dev)
[ -f /usr/include/sqlite3.h ] || needed+=(libsqlite3-dev)
[ -f /usr/include/nats/nats.h ] || needed+=(libnats-dev)
[ -x /usr/sbin/nats-server ] || command -v nats-server >/dev/null || needed+=(nats-server)
command -v curl >/dev/null || needed+=(curl)
# The desk's browser tests drive a headless Chromium over WebDriver.
command -v chromium >/dev/null || needed+=(chromium)
command -v chromedriver >/dev/null || needed+=(chromium-driver)
if [ ${#needed[@]} -gt 0 ]; then
  echo "installing: ${needed[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}"
fi
