# shellcheck shell=bash
# The Debian packages a Beluga node needs, and their installation; sourced by cluster-up.sh and test.sh.

# The one place to add more.
BELUGA_PACKAGES=(
  maven                      # builds Beluga
  containerd                 # the container runtime the kubelet drives over CRI (beluga server starts its own)
  runc                       # the OCI runtime containerd runs containers with
  containernetworking-plugins # CNI: bridge, host-local, portmap, loopback
  iptables                   # the bridge and portmap plugins' NAT rules
  catatonit                  # the pause process of the project's own pause image
  busybox-static             # the project's own busybox image
  etcd-server                # the etcd the storage-etcd tests start on loopback ports (the etcd backend's conformance and fault tests)
)

# Prints the packages of BELUGA_PACKAGES that are not installed, one line.
beluga_missing_packages() {
  local missing=() package
  for package in "${BELUGA_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  echo "${missing[*]}"
}

# Installs what is missing when root. Returns 1 (saying why on stderr) when something is missing and
# this is not root. $1 names the calling script for messages.
beluga_install_packages() {
  local who=$1 missing
  missing=$(beluga_missing_packages)
  [[ -z $missing ]] && return 0
  if ((EUID != 0)); then
    echo "$who: missing Debian packages: $missing; run as root to install them" >&2
    return 1
  fi
  echo "$who: installing $missing"
  apt-get update -q
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}
