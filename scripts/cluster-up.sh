#!/usr/bin/env bash
# Sets up and starts a single-node Beluga cluster on this machine, in the foreground:
# installs the Debian packages it needs (as root), builds Beluga, and runs `beluga server`.
# Arguments go to `beluga server` (see `bin/beluga server --help`). Stop it with Ctrl-C.
#
#   sudo scripts/cluster-up.sh
#   export KUBECONFIG=/var/lib/beluga/kubeconfig.yaml; kubectl get ns
set -euo pipefail

# ---- Debian packages the cluster needs; the one place to add more (containerd, runc, CNI, ...) ----
PACKAGES=(
  maven # builds Beluga
)
# -----------------------------------------------------------------------------------------------------

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=lib/java.sh
source "$ROOT/scripts/lib/java.sh"

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  if ((EUID != 0)); then
    echo "cluster-up.sh: missing Debian packages: ${missing[*]}; run as root to install them" >&2
    exit 1
  fi
  echo "cluster-up.sh: installing ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! JAVA_HOME=$(beluga_java_home); then
  echo "cluster-up.sh: $(beluga_no_java_message)" >&2
  exit 1
fi
export JAVA_HOME

echo "cluster-up.sh: building Beluga with $JAVA_HOME"
mvn -B -q -f "$ROOT/pom.xml" -pl server -am package -DskipTests

exec "$ROOT/bin/beluga" server "$@"
