# Sourced by the scripts in scripts/docker: podman set-up shared by them.
# shellcheck shell=bash

DOCKER_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$DOCKER_SCRIPTS_DIR/../.." && pwd)"

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# apt_install PKG... installs the Debian packages that are missing, running
# apt-get update only when the first attempt cannot find them.
apt_install() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages ${missing[*]}: run as root or install them"
	log "apt-get install ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
		apt-get update -qq >/dev/null
		apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
	fi
}

# podman_setup installs podman and its runtime and points podman at our
# containers.conf.
podman_setup() {
	apt_install podman runc
	export CONTAINERS_CONF="$DOCKER_SCRIPTS_DIR/containers.conf"
	podman info >/dev/null 2>&1 || { podman info; die "podman does not work on this machine"; }
}

# dockerfile_arg NAME prints the default of "ARG NAME=..." in the Dockerfile.
dockerfile_arg() {
	sed -n "s/^ARG $1=\(.*\)$/\1/p" "$REPO_ROOT/Dockerfile" | head -n1
}
