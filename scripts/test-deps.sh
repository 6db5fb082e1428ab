#!/usr/bin/env bash
# Installs the Debian packages the test suites need beyond Node and npm:
#   - docker-registry: the CNCF distribution registry (2.8) that the digest-pinning tests push to and read from on 127.0.0.1
#   - apache2-utils: htpasswd, for the registry's Basic-auth mode
#   - openssl: the self-signed certificate of the test token issuer
# A second run is a no-op. (The real-VS-Code tests install their own: scripts/vscode/setup.sh.)
set -euo pipefail
need=()
[ -x /usr/bin/docker-registry ] || need+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  echo "test-deps: installing Debian packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The package installs a service definition; the tests start their own registries on free ports.
