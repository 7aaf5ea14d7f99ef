#!/usr/bin/env bash
# Runs every test of bedrock-kit on a fresh Debian 12 machine.
# Installs what the tests need (redis-server for the shared cache, chromium + chromium-driver
# for the chat page test, openssl for the Redis TLS test's certificates) when it runs as root
# and they are missing, then runs `mvn -B verify`.
# Extra arguments go to Maven, e.g. ./test.sh -pl bedrock-kit-core -am
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "test.sh: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || apt-get update
    apt-get install -y -qq --no-install-recommends "${need[@]}"
  else
    echo "test.sh: missing ${need[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
fi
# redis-server from Debian starts a system instance on 6379; our tests start their own on free ports.

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
exec mvn -B verify "$@"
