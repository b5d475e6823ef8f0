#!/usr/bin/env bash
# Rebuilds target/quarkus-app/app-cds.jsa from a training run of the packaged application.
#
# Quarkus writes that class-data-sharing archive from a run that stops after static
# initialisation, so the classes loaded while the server starts (configuration, HTTP server,
# REST, OpenAPI document, metrics) and while it accepts its first sockets still come from the
# jars at every start. This script starts the packaged jar once with -XX:ArchiveClassesAtExit on
# a free port, opens a WebSocket on /echo and on the hub, sends a frame on each, stops the server
# with SIGTERM (the JVM writes the archive as it exits) and puts the new archive in place of
# Quarkus's. If anything fails, Quarkus's archive stays and the build goes on.
#
# Usage: appcds-training.sh <quarkus-app directory>
set -u
app="${1:-target/quarkus-app}"
log() { echo "[appcds] $*"; }

if [[ ! -f "$app/quarkus-run.jar" ]]; then
  log "no $app/quarkus-run.jar: skipped"
  exit 0
fi
cd "$app" || exit 0
rm -f app-cds-training.jsa training.log
java -XX:ArchiveClassesAtExit=app-cds-training.jsa -Dquarkus.http.port=0 -Dquarkus.http.host=127.0.0.1 \
  -jar quarkus-run.jar > training.log 2>&1 &
pid=$!

port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/.*Listening on: http:\/\/[^:]*:\([0-9]*\).*/\1/p' training.log | head -1)
  [[ -n "$port" ]] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done

# One WebSocket handshake and one masked text frame (mask 0) "hi" on a path; prints the reply line.
talk() {
  local path=$1 extra=$2
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n%b\r\n' \
    "$path" "$extra" >&3
  local status
  IFS= read -r -t 10 status <&3 || status=""
  printf '\x81\x82\x00\x00\x00\x00hi' >&3
  sleep 0.5
  exec 3>&-
  [[ "$status" == *" 101 "* ]]
}

ok=false
if [[ -n "$port" ]] && talk /echo "" && talk / 'Sec-WebSocket-Protocol: switchboard.v1\r\n'; then
  ok=true
fi
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

if $ok && [[ -s app-cds-training.jsa ]]; then
  chmod 444 app-cds-training.jsa
  mv -f app-cds-training.jsa app-cds.jsa
  rm -f training.log
  log "app-cds.jsa written from a training run (port $port)"
else
  rm -f app-cds-training.jsa
  log "training run failed (see $app/training.log): Quarkus's archive stays"
fi
exit 0
