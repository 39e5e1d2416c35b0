#!/usr/bin/env bash
# Runs every test of every module: `mvn -B verify` with Java 25. Before that it fetches kubectl 1.20
# (Debian's kubernetes-client) into tools/kubectl-1.20 for the tests that drive an old client; it is
# unpacked there, never installed, so the machine's own /usr/bin/kubectl stays as it is.
# As root it also installs the Debian packages a node needs (scripts/lib/packages.sh). Tests that
# need something missing skip with a message, except with CI=true, where they fail.
# The last line says whether everything passed. BELUGA_TEST_TIMEOUT bounds the run (default 18m).
set -uo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=lib/packages.sh
source "$ROOT/scripts/lib/packages.sh"

KUBECTL_120_DIR=$ROOT/tools/kubectl-1.20
KUBECTL_120=$KUBECTL_120_DIR/usr/bin/kubectl

fetch_kubectl_120() {
  [[ -x $KUBECTL_120 ]] && return 0
  if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
    echo "test.sh: no apt-get here; tests needing kubectl 1.20 will skip (or fail with CI=true)"
    return 0
  fi
  local work deb
  work=$(mktemp -d)
  # apt-get download needs package lists; refresh them once if the first try finds none.
  if ! (cd "$work" && apt-get download -q kubernetes-client >/dev/null 2>&1); then
    if ((EUID == 0)); then apt-get update -q >/dev/null 2>&1; fi
    (cd "$work" && apt-get download -q kubernetes-client >/dev/null 2>&1)
  fi
  deb=$(find "$work" -maxdepth 1 -name 'kubernetes-client_*.deb' -print -quit)
  if [[ -n $deb ]]; then
    mkdir -p "$KUBECTL_120_DIR"
    dpkg -x "$deb" "$KUBECTL_120_DIR"
    ln -sfn usr/bin/kubectl "$KUBECTL_120_DIR/kubectl"
    echo "test.sh: kubectl 1.20 unpacked at $KUBECTL_120"
  else
    echo "test.sh: could not download kubernetes-client; tests needing kubectl 1.20 will skip (or fail with CI=true)"
  fi
  rm -rf "$work"
}

if ! JAVA_HOME=$(beluga_java_home); then
  echo "test.sh: $(beluga_no_java_message)"
  echo "test.sh: FAILED (no Java 25)"
  exit 1
fi
export JAVA_HOME

fetch_kubectl_120
# The container tests need containerd, runc, CNI and the image sources; as root they are installed
# here (CI may start on a fresh machine), otherwise those tests skip (or fail with CI=true).
if ! beluga_install_packages test.sh; then
  echo "test.sh: tests that need the missing packages will skip (or fail with CI=true)"
fi

echo "test.sh: mvn -B verify with $JAVA_HOME${CI:+ (CI=$CI)}"
timeout --foreground "${BELUGA_TEST_TIMEOUT:-18m}" mvn -B -f "$ROOT/pom.xml" verify
rc=$?
if ((rc == 0)); then
  echo "test.sh: all tests passed"
elif ((rc == 124)); then
  echo "test.sh: FAILED (timed out after ${BELUGA_TEST_TIMEOUT:-18m})"
else
  echo "test.sh: FAILED (mvn verify exited $rc)"
fi
exit "$rc"
