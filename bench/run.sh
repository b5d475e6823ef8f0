#!/usr/bin/env bash
# Runs the Switchboard benchmark against Node ws, Socket.IO, plain websockets-next and a C epoll yardstick.
#   bench/run.sh            full run (about half an hour on a busy 2-core box)
#   bench/run.sh --smoke    a few seconds per scenario, Switchboard, Node ws and the yardstick only
# Any other option goes to the runner (see bench/README.md). Results: target/bench/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BENCH="$ROOT/bench"
MVNW="$ROOT/mvnw"

smoke=false
redis=false
peers=""
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    --peers=*) peers="${arg#--peers=}" ;;
    --redis) redis=true ;;
  esac
done
if [[ -z "$peers" ]]; then
  if $smoke; then peers="switchboard,ws,c-epoll"; else peers="switchboard,plain-quarkus,ws,socketio,switchboard-socketio,c-epoll"; fi
fi
if $redis && [[ ",$peers," != *",switchboard-redis,"* ]]; then peers="$peers,switchboard-redis"; fi
wants() { [[ ",$peers," == *",$1,"* ]]; }

say() { echo "[bench] $*"; }
for tool in java node npm; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs '$tool' on PATH" >&2; exit 1; }
done

# newer_than TARGET DIR...: true when TARGET is missing or any file under DIR is newer
stale() {
  local target="$1"; shift
  [[ ! -e "$target" ]] && return 0
  [[ -n "$(find "$@" -newer "$target" -type f -print -quit 2>/dev/null)" ]]
}

if wants ws || wants socketio || wants ws-redis; then
  if stale "$BENCH/node_modules/.package-lock.json" "$BENCH/package-lock.json"; then
    say "npm ci (bench/package-lock.json)"
    (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

LOADER_JAR="$BENCH/loader/target/loader.jar"
if stale "$LOADER_JAR" "$BENCH/loader/src" "$BENCH/loader/pom.xml"; then
  say "building the loader"
  "$MVNW" -q -B -f "$BENCH/loader/pom.xml" package -DskipTests
fi

PLAIN_JAR="$BENCH/peers/plain-quarkus/target/quarkus-app/quarkus-run.jar"
if wants plain-quarkus && stale "$PLAIN_JAR" "$BENCH/peers/plain-quarkus/src" "$BENCH/peers/plain-quarkus/pom.xml"; then
  say "building the plain websockets-next peer"
  "$MVNW" -q -B -f "$BENCH/peers/plain-quarkus/pom.xml" package -DskipTests
fi

YARDSTICK="$BENCH/peers/c-epoll/target/chat-epoll"
if wants c-epoll; then
  if command -v gcc >/dev/null; then
    if stale "$YARDSTICK" "$BENCH/peers/c-epoll/chat.c"; then
      say "building the C epoll yardstick"
      mkdir -p "$(dirname "$YARDSTICK")"
      gcc -O2 -Wall -o "$YARDSTICK" "$BENCH/peers/c-epoll/chat.c"
    fi
  else
    say "no gcc on PATH: the C epoll yardstick (c-epoll) is left out"
    rm -f "$YARDSTICK"
  fi
fi

if { wants switchboard || wants switchboard-redis || wants switchboard-socketio; } && [[ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]]; then
  say "building Switchboard (./mvnw package -DskipTests)"
  "$MVNW" -q -B package -DskipTests
fi

if { wants switchboard-redis || wants ws-redis; } && ! command -v redis-server >/dev/null; then
  echo "--redis needs redis-server on PATH (Debian: apt-get install redis-server)" >&2
  exit 1
fi

# Idle connections need many descriptors: take whatever the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

say "running ($($smoke && echo smoke || echo full)); peers: $peers"
args=("$@")
if ! printf '%s\n' "$@" | grep -q -- '^--peers='; then
  args+=("--peers=$peers")
fi
exec java -Djava.awt.headless=true -Xmx1g -XX:+UseParallelGC -jar "$LOADER_JAR" run --root="$ROOT" "${args[@]}"
