#!/usr/bin/env bash
# Smoke test of the Docker image, with podman: builds the real Dockerfile and
# checks what a self-hoster relies on. Run as root on Debian (it installs
# podman, runc and debootstrap when missing, and creates local stand-ins for
# the base images when no registry is reachable). Exits non-zero on failure.
#
#   scripts/docker/smoke.sh            # build localhost/shuttle:dev and check it
#   IMAGE=localhost/shuttle:x scripts/docker/smoke.sh
#
# Checks: image size < 40 MB; a non-root user; OCI labels, HEALTHCHECK and
# the stamped version; `bot ask --json` answers the seed question with
# citations, with no network; a mounted corpus folder replaces the bundled
# one, with the index in a named volume the non-root user writes; `bot ingest`
# adds an article to a mounted corpus and `bot ask` then cites it; `bot
# healthcheck` passes (and exits 1 without a corpus); `bot run` without a
# token exits 2 naming DISCORD_TOKEN; `bot serve` on a published loopback
# port answers /healthz and Discord's signed PING (and refuses a bad
# signature), runs as non-root, the container's HEALTHCHECK passes, and an
# article copied into its mounted folder is picked up without a restart
# (SMOKE_SKIP_LIVE=1 skips that minute); compose.yaml parses and has the
# services docs/docker.md describes. About 5 minutes fresh, 90 s warm.
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
	podman rm -f -v -t 0 "$serve_ctr" >/dev/null 2>&1 || true
	podman volume rm -f "$volume" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

cd "$REPO_ROOT"
podman_setup
apt_install jq curl openssl
"$DOCKER_SCRIPTS_DIR/standins.sh"

# brief FILE prints the gist of a `bot ask --json` answer.
brief() { jq -c '{answer, abstained, citations: [.citations[] | {n, doc}]}' "$1" 2>/dev/null || cat "$1"; }

# run_bot ARGS... runs the image once, without network or health timers.
run_bot() { podman run --rm --network none --no-healthcheck "$@"; }

# ---- build ----
# The official image sets GOTOOLCHAIN=local: its Go must satisfy go.mod.
go_image="$(dockerfile_arg GO_VERSION)"
go_mod="$(awk '$1 == "go" {print $2; exit}' go.mod)"
[ "$(printf '%s\n%s\n' "$go_mod" "$go_image" | sort -V | head -n1)" = "$go_mod" ] ||
	die "Dockerfile's GO_VERSION=$go_image is older than go.mod's go $go_mod: raise ARG GO_VERSION"
version="$(git describe --tags --always --dirty 2>/dev/null || echo dev)"
revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
# The commit's time, not the clock's: an unchanged tree rebuilds to the same image.
created="$(git log -1 --format=%cI 2>/dev/null || echo unknown)"
log "podman build $IMAGE (version $version)"
start=$SECONDS
podman build --network host --format docker --layers \
	--build-arg VERSION="$version" \
	--build-arg REVISION="$revision" \
	--build-arg CREATED="$created" \
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
got="$(run_bot "$IMAGE" version 2>/dev/null || true)"
[ "$got" = "shuttle $version" ] || fail "bot version printed '$got', want 'shuttle $version'"

# ---- bot ask, bundled corpus, no network ----
log "bot ask --json \"$QUESTION\""
run_bot "$IMAGE" ask --json "$QUESTION" >"$tmp/ask.json" 2>"$tmp/ask.err" ||
	{ cat "$tmp/ask.err"; fail "bot ask failed"; }
# Cited, not abstained, about Nara; every [n] in the answer is a citation
# whose doc is a bundled article.
bundled="$(find corpus -type f -printf '%P\n' | jq -R . | jq -s .)"
if jq -e --argjson docs "$bundled" '
	(.abstained == false)
	and (.citations | length) >= 1
	and (.answer | test("Nara"; "i"))
	and ([.answer | scan("\\[([0-9]+)\\]") | .[0] | tonumber] | unique) as $ns
	| ($ns | length) >= 1
	and ([.citations[].n] as $have | all($ns[]; . as $n | $have | index($n) != null))
	and all(.citations[]; .doc as $d | $docs | index($d) != null)
' "$tmp/ask.json" >/dev/null; then
	log "cited answer: $(jq -r '[.citations[].doc] | join(", ")' "$tmp/ask.json")"
else
	brief "$tmp/ask.json"
	fail "the answer is not a cited answer about Nara"
fi

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
	"$tmp/ask2.json" >/dev/null || { brief "$tmp/ask2.json"; fail "the mounted corpus did not replace the bundled one"; }
# The index went to the volume, written by the image's user.
run_bot -v "$volume:/data" "$IMAGE" healthcheck >/dev/null || fail "healthcheck fails on the named volume"
mountpoint="$(podman volume inspect --format '{{.Mountpoint}}' "$volume")"
[ -n "$(ls -A "$mountpoint/index" 2>/dev/null)" ] || fail "no index written to the volume (at $mountpoint/index)"
owner="$(stat -c %u "$mountpoint/index" 2>/dev/null || echo none)"
[ "$owner" = "${user%%:*}" ] || fail "the index folder belongs to uid $owner, want ${user%%:*}"

# ---- adding an article: bot ingest into a writable corpus folder ----
log "bot ingest into a mounted corpus (owned by the image's user)"
mkdir -p "$tmp/rw-corpus" "$tmp/import"
cp "$tmp/corpus/lighthouse.txt" "$tmp/rw-corpus/"
cat >"$tmp/import/ferry.txt" <<'EOF'
Skip to content

Two harbour towns agree on one ferry timetable

By A. Writer | 3 March 2025

The mayors of Alderney Cove and Brackwater signed a shared ferry timetable on
Tuesday, ending years of missed connections between the two harbours.

Related: Top 10 beaches   Cookie settings
EOF
chmod -R a+rX "$tmp/import"
chown -R "${user%%:*}:${user##*:}" "$tmp/rw-corpus"
run_bot -v "$tmp/rw-corpus:/app/corpus" -v "$tmp/import:/import:ro" -v "$volume:/data" "$IMAGE" \
	ingest --json /import/ferry.txt >"$tmp/ingest.json" 2>"$tmp/ingest.err" ||
	{ cat "$tmp/ingest.err"; fail "bot ingest failed"; }
written="$(jq -r '.written[0] // empty' "$tmp/ingest.json" 2>/dev/null || true)"
if [ -n "$written" ] && [ -f "$tmp/rw-corpus/$written" ]; then
	run_bot -v "$tmp/rw-corpus:/app/corpus:ro" -v "$volume:/data" "$IMAGE" \
		ask --json "Which towns signed a shared ferry timetable?" >"$tmp/ask3.json" 2>"$tmp/ask3.err" ||
		{ cat "$tmp/ask3.err"; fail "bot ask after ingest failed"; }
	if jq -e --arg d "$written" '.abstained == false and any(.citations[]; .doc == $d)' "$tmp/ask3.json" >/dev/null; then
		log "ingested $written and cited it"
	else
		brief "$tmp/ask3.json"
		fail "the ingested article $written is not cited"
	fi
else
	cat "$tmp/ingest.json" "$tmp/ingest.err"
	fail "bot ingest wrote no article into the mounted corpus"
fi

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
	if [ "$rc" -eq 2 ] && grep -q DISCORD_TOKEN "$tmp/run.out"; then
		log "bot run without a token: exit 2, names DISCORD_TOKEN"
	else
		fail "bot run without DISCORD_TOKEN exited $rc, want 2 naming DISCORD_TOKEN: $(cat "$tmp/run.out")"
	fi
fi

# ---- bot serve behind a published loopback port ----
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# A throwaway Ed25519 key stands in for the application's; Discord's API
# points at a closed loopback port and command registration is off, so
# nothing leaves the machine.
openssl genpkey -algorithm ed25519 -out "$tmp/key.pem" 2>/dev/null
pubkey="$(openssl pkey -in "$tmp/key.pem" -pubout -outform DER | tail -c 32 | od -An -tx1 | tr -d ' \n')"
mkdir -p "$tmp/live-corpus"
cp -r corpus/. "$tmp/live-corpus/"
chmod -R a+rX "$tmp/live-corpus"
log "bot serve, published on 127.0.0.1:$port"
podman run -d --name "$serve_ctr" -p "127.0.0.1:$port:8080" \
	-v "$tmp/live-corpus:/app/corpus:ro" \
	-e DISCORD_TOKEN=smoke-test-token -e DISCORD_APP_ID=100000000000000001 \
	-e DISCORD_PUBLIC_KEY="$pubkey" \
	-e DISCORD_API_URL=http://127.0.0.1:9/api/v9 \
	-e HEALTHCHECK_URL=http://127.0.0.1:8080/healthz \
	"$IMAGE" serve --addr :8080 --register=false >/dev/null 2>"$tmp/serve-run.err" ||
	{ cat "$tmp/serve-run.err"; fail "podman run serve failed"; }
healthy=0
deadline=$((SECONDS + 60))
while [ $SECONDS -lt $deadline ]; do
	if curl -fsS --max-time 2 "http://127.0.0.1:$port/healthz" >"$tmp/healthz" 2>/dev/null; then
		healthy=1
		break
	fi
	[ "$(podman inspect --format '{{.State.Running}}' "$serve_ctr" 2>/dev/null)" = true ] || break
	sleep 0.5
done
if [ "$healthy" = 1 ]; then
	log "GET /healthz: 200 $(head -c 80 "$tmp/healthz")"
	pid="$(podman inspect --format '{{.State.Pid}}' "$serve_ctr" 2>/dev/null || true)"
	uid="$(awk '/^Uid:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo unknown)"
	case "$uid" in
	"" | 0 | *[!0-9]*) fail "bot serve runs as uid '$uid', want a non-root uid" ;;
	*) log "bot serve runs as uid $uid" ;;
	esac

	# Discord's handshake: a signed PING gets {"type":1}; a bad signature 401.
	body='{"id":"1","application_id":"100000000000000001","type":1,"token":"t","version":1}'
	ts="$(date +%s)"
	printf '%s%s' "$ts" "$body" >"$tmp/signed.msg"
	sig="$(openssl pkeyutl -sign -inkey "$tmp/key.pem" -rawin -in "$tmp/signed.msg" | od -An -tx1 | tr -d ' \n')"
	code="$(curl -sS -o "$tmp/pong" -w '%{http_code}' --max-time 5 -H 'Content-Type: application/json' \
		-H "X-Signature-Ed25519: $sig" -H "X-Signature-Timestamp: $ts" -d "$body" "http://127.0.0.1:$port/interactions" || true)"
	if [ "$code" = 200 ] && jq -e '.type == 1' "$tmp/pong" >/dev/null 2>&1; then
		log "signed PING: 200 $(cat "$tmp/pong")"
	else
		fail "signed PING got $code $(cat "$tmp/pong"), want 200 {\"type\":1}"
	fi
	if [ "${sig:0:1}" = 0 ]; then bad="1${sig:1}"; else bad="0${sig:1}"; fi
	code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 -H 'Content-Type: application/json' \
		-H "X-Signature-Ed25519: $bad" -H "X-Signature-Timestamp: $ts" -d "$body" "http://127.0.0.1:$port/interactions" || true)"
	[ "$code" = 401 ] || fail "a PING with a bad signature got $code, want 401"

	# podman without systemd complains it cannot add timers; the check still runs.
	podman healthcheck run "$serve_ctr" >"$tmp/hc-serve.out" 2>&1 || { cat "$tmp/hc-serve.out"; fail "the container's HEALTHCHECK failed"; }
	status="$(podman inspect --format '{{.State.Health.Status}}' "$serve_ctr" 2>/dev/null || true)"
	[ "$status" = healthy ] || fail "container health is '$status', want healthy"
	podman exec "$serve_ctr" /app/bot healthcheck >"$tmp/hc-exec.out" 2>&1 || { cat "$tmp/hc-exec.out"; fail "bot healthcheck in the serve container failed"; }
	grep -q '/healthz: 200' "$tmp/hc-exec.out" || fail "healthcheck did not use HEALTHCHECK_URL: $(cat "$tmp/hc-exec.out")"
	log "HEALTHCHECK: $status"

	# An article dropped into the mounted folder of a running bot is picked
	# up without a restart (the bot looks once a minute).
	before="$(jq -r '.articles // empty' "$tmp/healthz" 2>/dev/null || true)"
	if [ -z "${SMOKE_SKIP_LIVE:-}" ] && [ -n "$before" ]; then
		log "adding an article to the running bot's folder (up to 100 s)"
		cp "$tmp/import/ferry.txt" "$tmp/live-corpus/ferry.txt"
		chmod a+r "$tmp/live-corpus/ferry.txt"
		now="$before"
		deadline=$((SECONDS + 100))
		while [ $SECONDS -lt $deadline ]; do
			now="$(curl -fsS --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null | jq -r '.articles // empty' 2>/dev/null || true)"
			[ -n "$now" ] && [ "$now" -gt "$before" ] && break
			sleep 2
		done
		if [ -n "$now" ] && [ "$now" -gt "$before" ]; then
			log "running bot picked up the new article: $before -> $now articles"
		else
			fail "the running bot still reports $now articles 100 s after one was added to its folder (was $before)"
		fi
	fi
else
	podman logs "$serve_ctr" >"$tmp/serve.log" 2>&1 || true
	if grep -q "not built yet" "$tmp/serve.log"; then
		log "SKIP bot serve: not built yet in this tree"
	else
		cat "$tmp/serve.log"
		fail "bot serve did not answer /healthz on 127.0.0.1:$port within 60s"
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
