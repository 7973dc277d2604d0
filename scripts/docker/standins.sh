#!/usr/bin/env bash
# Creates local stand-ins for the base images the Dockerfile names, for a
# machine that can reach Debian's apt mirror and the Go module proxy but no
# image registry. With a registry, skip this: podman/docker pull the real ones.
#
# Only the build stage has a base image (the runtime stage is FROM scratch):
# docker.io/library/golang:$GO_VERSION-bookworm is rebuilt here from a
# debootstrap'ed Debian bookworm (minbase + ca-certificates) and this machine's
# Go toolchain, laid out like the official image (GOPATH=/go, GOTOOLCHAIN=local).
# Idempotent: an image that already exists under that name is left alone
# (FORCE=1 recreates it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

podman_setup

go_version="$(dockerfile_arg GO_VERSION)"
[ -n "$go_version" ] || die "no 'ARG GO_VERSION=' in $REPO_ROOT/Dockerfile"
image="docker.io/library/golang:${go_version}-bookworm"

if [ "${FORCE:-0}" != 1 ] && podman image exists "$image"; then
	log "stand-in $image exists"
	exit 0
fi

goroot="${GOROOT_HOST:-$(command -v go >/dev/null && go env GOROOT || echo /usr/local/go)}"
[ -x "$goroot/bin/go" ] || die "no Go toolchain at $goroot (set GOROOT_HOST)"
host_version="$(head -n1 "$goroot/VERSION")"
if [ "$host_version" != "go$go_version" ]; then
	log "warning: the Dockerfile wants Go $go_version, this machine has $host_version; the stand-in carries $host_version"
fi

apt_install debootstrap
work="$(mktemp -d /var/tmp/shuttle-standin.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

log "debootstrap bookworm (minbase) from $mirror"
start=$SECONDS
debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$work/debootstrap.log"; die "debootstrap failed"; }
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

log "adding $host_version from $goroot"
cp -a "$goroot" "$rootfs/usr/local/go"
mkdir -p "$rootfs/go/src" "$rootfs/go/bin"
chmod -R 1777 "$rootfs/go"
# Trust what this machine trusts (e.g. a TLS-intercepting egress proxy in
# front of the module proxy); the real image trusts Debian's bundle.
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
	cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
fi

log "podman import $image"
tar -C "$rootfs" -c . | podman import --quiet \
	--change 'ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change 'ENV GOLANG_VERSION='"${host_version#go}" \
	--change 'ENV GOTOOLCHAIN=local' \
	--change 'ENV GOPATH=/go' \
	--change 'WORKDIR /go' \
	--change 'CMD ["bash"]' \
	--change 'LABEL org.opencontainers.image.description="local stand-in for golang:'"$go_version"'-bookworm (scripts/docker/standins.sh)"' \
	- "$image" >/dev/null
log "stand-in $image ready in $((SECONDS - start))s"
