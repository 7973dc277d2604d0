#!/usr/bin/env bash
# Smoke test of the Docker image, with podman: builds the real Dockerfile and
# checks what a self-hoster relies on. Run as root on Debian (it installs
# podman, runc and debootstrap when missing, and creates local stand-ins for
# the base images when no registry is reachable). Exits non-zero on failure.
#
#   scripts/docker/smoke.sh            # build localhost/shuttle:dev and check it
#   IMAGE=localhost/shuttle:x scripts/docker/smoke.sh
#
# Checks: image size < 40 MB; runs as a non-root user; OCI labels and the
# HEALTHCHECK are set; `bot ask --json` answers the seed question with
# citations, with no network; a mounted corpus folder replaces the bundled
# one; the index lives in a named volume the non-root user can write;
# `bot healthcheck` passes (and fails, exit 1, without a corpus); `bot run`
# without a token says what to set; `bot serve` answers /healthz on a
# published loopback port and the container's HEALTHCHECK passes; compose.yaml
# parses and has the services the docs describe.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IMAGE="${IMAGE:-localhost/shuttle:dev}"
MAX_BYTES=$((40 * 1000 * 1000))
QUESTION="Where did Lee and Takaichi meet in January 2026?"
prefix="shuttle-smoke-$$"
serve_ctr="$prefix-serve"
volume="$prefix-data"
tmp="$(mktemp -d /tmp/shuttle-smoke.XXXXXX)"

failures=0
# fail MESSAGE records a failed check; the remaining checks still run.
fail() {
	printf 'FAIL: %s\n' "$*" >&2
	failures=$((failures + 1))
}

cleanup() {
	podman rm -f -t 0 "$serve_ctr" >/dev/null 2>&1 || true
	podman volume rm -f "$volume" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

cd "$REPO_ROOT"
podman_setup
apt_install jq curl
"$DOCKER_SCRIPTS_DIR/standins.sh"

# run_bot ARGS... runs the image once, without network or health timers.
run_bot() { podman run --rm --network none --no-healthcheck "$@"; }

# ---- build ----
version="$(git describe --tags --always --dirty 2>/dev/null || echo dev)"
revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
log "podman build $IMAGE (version $version)"
start=$SECONDS
podman build --network host --format docker --layers \
	--build-arg VERSION="$version" \
	--build-arg REVISION="$revision" \
	--build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
	-t "$IMAGE" . >"$tmp/build.log" 2>&1 || { tail -n 40 "$tmp/build.log"; die "podman build failed"; }
build_secs=$((SECONDS - start))

# ---- image metadata ----
size="$(podman image inspect --format '{{.Size}}' "$IMAGE")"
user="$(podman image inspect --format '{{.Config.User}}' "$IMAGE")"
health="$(podman image inspect --format '{{json .Config.Healthcheck}}' "$IMAGE")"
label_version="$(podman image inspect --format '{{index .Config.Labels "org.opencontainers.image.version"}}' "$IMAGE")"
log "built in ${build_secs}s; image $(awk -v b="$size" 'BEGIN{printf "%.1f MB", b/1e6}') ($size bytes); user $user"
[ "$size" -lt "$MAX_BYTES" ] || fail "image is $size bytes, the limit is $MAX_BYTES"
case "${user%%:*}" in
"" | 0 | root) fail "image runs as '$user', want a non-root user" ;;
esac
jq -e '.Test | index("healthcheck")' <<<"$health" >/dev/null || fail "no HEALTHCHECK running bot healthcheck: $health"
[ "$label_version" = "$version" ] || fail "label org.opencontainers.image.version is '$label_version', want '$version'"
run_bot "$IMAGE" version | grep -qxF "shuttle $version" || fail "bot version does not print the stamped version $version"

# ---- bot ask, bundled corpus, no network ----
log "bot ask --json \"$QUESTION\""
run_bot "$IMAGE" ask --json "$QUESTION" >"$tmp/ask.json" 2>"$tmp/ask.err" ||
	{ cat "$tmp/ask.err"; fail "bot ask failed"; }
# Cited, not abstained, about Nara; every [n] in the answer is a citation
# whose doc is a bundled article.
bundled="$(cd corpus && ls | jq -R . | jq -s .)"
jq -e --argjson docs "$bundled" '
	(.abstained == false)
	and (.citations | length) >= 1
	and (.answer | test("Nara"; "i"))
	and ([.answer | scan("\\[([0-9]+)\\]") | .[0] | tonumber] | unique) as $ns
	| ($ns | length) >= 1
	and ([.citations[].n] as $have | all($ns[]; . as $n | $have | index($n) != null))
	and all(.citations[]; .doc as $d | $docs | index($d) != null)
' "$tmp/ask.json" >/dev/null || { cat "$tmp/ask.json"; fail "the answer is not a cited answer about Nara"; }
log "cited answer: $(jq -r '[.citations[].doc] | join(", ")' "$tmp/ask.json")"

# ---- a mounted corpus folder, and the index in a named volume ----
mkdir -p "$tmp/corpus"
cat >"$tmp/corpus/lighthouse.txt" <<'EOF'
Menu | Subscribe | Sign in

Volunteers relight the Kestrel Point lighthouse

The Kestrel Point lighthouse shone again on Saturday after volunteers spent
three winters repairing its lamp room, the harbour trust said.

Advertisement   Share on Facebook
EOF
chmod -R a+rX "$tmp/corpus"
podman volume create "$volume" >/dev/null
log "bot ask with a mounted corpus and a named index volume"
run_bot -v "$tmp/corpus:/app/corpus:ro" -v "$volume:/data" "$IMAGE" \
	ask --json "Who repaired the Kestrel Point lighthouse?" >"$tmp/ask2.json" 2>"$tmp/ask2.err" ||
	{ cat "$tmp/ask2.err"; fail "bot ask with a mounted corpus failed"; }
jq -e '.abstained == false and (.citations | length) >= 1 and all(.citations[]; .doc == "lighthouse.txt")' \
	"$tmp/ask2.json" >/dev/null || { cat "$tmp/ask2.json"; fail "the mounted corpus did not replace the bundled one"; }
# The index went to the volume, written by the image's user.
run_bot -v "$volume:/data" "$IMAGE" healthcheck >/dev/null || fail "healthcheck fails on the named volume"
mountpoint="$(podman volume inspect --format '{{.Mountpoint}}' "$volume")"
[ -n "$(ls -A "$mountpoint/index" 2>/dev/null)" ] || fail "no index written to the volume (at $mountpoint/index)"
owner="$(stat -c %u "$mountpoint/index")"
[ "$owner" = "${user%%:*}" ] || fail "the index folder belongs to uid $owner, want ${user%%:*}"

# ---- bot healthcheck, local mode ----
log "bot healthcheck"
run_bot "$IMAGE" healthcheck >"$tmp/hc.out" 2>&1 || { cat "$tmp/hc.out"; fail "healthcheck failed on a fresh container"; }
grep -q '^healthy: ' "$tmp/hc.out" || fail "healthcheck said: $(cat "$tmp/hc.out")"
rc=0
run_bot -e CORPUS_DIR=/nowhere "$IMAGE" healthcheck >"$tmp/hc-bad.out" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || fail "healthcheck without a corpus exited $rc, want 1: $(cat "$tmp/hc-bad.out")"

# ---- bot run without a token ----
rc=0
run_bot "$IMAGE" >"$tmp/run.out" 2>&1 || rc=$?
if grep -q "not built yet" "$tmp/run.out"; then
	log "SKIP bot run: not built yet in this tree"
else
	[ "$rc" -eq 2 ] && grep -q DISCORD_TOKEN "$tmp/run.out" ||
		die "bot run without DISCORD_TOKEN exited $rc, want 2 naming DISCORD_TOKEN: $(cat "$tmp/run.out")"
	log "bot run without a token: exit 2, names DISCORD_TOKEN"
fi

# ---- bot serve behind a published loopback port ----
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log "bot serve, published on 127.0.0.1:$port"
# Dummy credentials; Discord's API points at a closed loopback port so
# nothing leaves the machine.
podman run -d --name "$serve_ctr" -p "127.0.0.1:$port:8080" \
	-e DISCORD_TOKEN=smoke-test-token -e DISCORD_APP_ID=100000000000000001 \
	-e DISCORD_PUBLIC_KEY=0000000000000000000000000000000000000000000000000000000000000000 \
	-e DISCORD_API_URL=http://127.0.0.1:9/api/v9 \
	-e HEALTHCHECK_URL=http://127.0.0.1:8080/healthz \
	"$IMAGE" serve --addr :8080 >/dev/null 2>"$tmp/serve-run.err" ||
	{ cat "$tmp/serve-run.err"; fail "podman run serve failed"; }
healthy=0
deadline=$((SECONDS + 60))
while [ $SECONDS -lt $deadline ]; do
	if curl -fsS --max-time 2 "http://127.0.0.1:$port/healthz" >"$tmp/healthz" 2>/dev/null; then
		healthy=1
		break
	fi
	[ "$(podman inspect --format '{{.State.Running}}' "$serve_ctr")" = true ] || break
	sleep 0.5
done
if [ "$healthy" = 1 ]; then
	log "GET /healthz: 200 $(head -c 80 "$tmp/healthz")"
	pid="$(podman inspect --format '{{.State.Pid}}' "$serve_ctr")"
	uid="$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")"
	[ "$uid" != 0 ] || fail "bot serve runs as root"
	log "bot serve runs as uid $uid"
	podman healthcheck run "$serve_ctr" >"$tmp/hc-serve.out" 2>&1 || { cat "$tmp/hc-serve.out"; fail "the container's HEALTHCHECK failed"; }
	podman exec "$serve_ctr" /app/bot healthcheck >"$tmp/hc-exec.out" 2>&1 || { cat "$tmp/hc-exec.out"; fail "bot healthcheck in the serve container failed"; }
	grep -q '/healthz: 200' "$tmp/hc-exec.out" || fail "healthcheck did not use HEALTHCHECK_URL: $(cat "$tmp/hc-exec.out")"
	log "HEALTHCHECK: healthy"
else
	podman logs "$serve_ctr" >"$tmp/serve.log" 2>&1 || true
	if grep -q "not built yet" "$tmp/serve.log"; then
		log "SKIP bot serve: not built yet in this tree"
	else
		cat "$tmp/serve.log"
		die "bot serve did not answer /healthz on 127.0.0.1:$port within 60s"
	fi
fi

# ---- compose.yaml ----
log "compose.yaml"
apt_install python3-yaml
/usr/bin/python3 - compose.yaml <<'EOF' || fail "compose.yaml is not what docs/docker.md describes"
import re, sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
s = c["services"]
bot = s["bot"]
assert bot["env_file"] == ".env", "bot: env_file .env"
assert bot["restart"] == "unless-stopped", "bot: restart unless-stopped"
assert bot["command"] == ["run"], "bot: command run"
mounts = [re.search(r":(/[^:]*)(:r[ow])?$", v).group(1) for v in bot["volumes"]]
assert "/app/corpus" in mounts and "/data" in mounts, "bot: volumes for /app/corpus and /data"
assert bot["environment"]["INDEX_DIR"] == "/data/index", "bot: INDEX_DIR in the volume"
assert "serve" in s["serve"]["profiles"] and s["serve"]["command"][0] == "serve", "serve profile"
assert any(p.endswith(":8080") for p in s["serve"]["ports"]), "serve: port 8080"
assert "model" in s["ollama"]["profiles"], "model profile"
print("compose.yaml: services", ", ".join(sorted(s)))
EOF

[ "$failures" -eq 0 ] || die "$failures check(s) failed (built in ${build_secs}s, image $(awk -v b="$size" 'BEGIN{printf "%.1f MB", b/1e6}'))"
log "PASS: built in ${build_secs}s, image $(awk -v b="$size" 'BEGIN{printf "%.1f MB", b/1e6}'), user $user"
