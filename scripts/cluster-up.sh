#!/usr/bin/env bash
# Sets up and starts a single-node Beluga cluster on this machine, in the foreground:
# installs the Debian packages it needs (as root), builds Beluga, and runs `beluga server`.
# Arguments go to `beluga server` (see `bin/beluga server --help`). Stop it with Ctrl-C.
#
#   sudo scripts/cluster-up.sh
#   export KUBECONFIG=/var/lib/beluga/kubeconfig.yaml; kubectl get ns
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=lib/java.sh
source "$ROOT/scripts/lib/java.sh"
# shellcheck source=lib/packages.sh
source "$ROOT/scripts/lib/packages.sh"

beluga_install_packages cluster-up.sh || exit 1

if ! JAVA_HOME=$(beluga_java_home); then
  echo "cluster-up.sh: $(beluga_no_java_message)" >&2
  exit 1
fi
export JAVA_HOME

echo "cluster-up.sh: building Beluga with $JAVA_HOME"
mvn -B -q -f "$ROOT/pom.xml" -pl server -am package -DskipTests

exec "$ROOT/bin/beluga" server "$@"
