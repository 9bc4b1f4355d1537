#!/usr/bin/env bash
# Trains the JDK's AOT cache for ChatBridge: a start that stops as soon as the Spring context is built
# (-Dspring.context.exit=onRefresh), before any adapter connects. Used by ./chatbridge and the Dockerfile.
#   scripts/aot-train.sh JAVA JVM_OPTIONS_FILE APP_JAR CACHE_FILE
# JDK 25+: an AOT cache (-XX:AOTCacheOutput, JEP 483/514/515); JDK 21-24: a dynamic CDS archive.
# Start it with -XX:AOTCache=CACHE_FILE (25+) or -XX:SharedArchiveFile=CACHE_FILE, and the same JVM options.
set -euo pipefail
java=$1 options=$2 jar=$3 cache=$4
version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n -E 's/^ *java\.specification\.version = ([0-9]+).*/\1/p')
if [ "$version" -ge 25 ]; then
  train_flag="-XX:AOTCacheOutput=$cache"
else
  train_flag="-XX:ArchiveClassesAtExit=$cache"
fi
redis_dir=$(mktemp -d)
trap 'rm -rf "$redis_dir"' EXIT
# A clean environment, so no real token or proxy reaches the training run; the platforms and the gateway are port 9
# (discard) on the loopback, which refuses connections. The core needs a Redis while the context is built: the
# embedded one, with throwaway data. The run ends with Runtime.halt, which leaves that redis-server running, so the
# run gets a process group of its own (set -m) and the whole group is killed afterwards.
set -m
env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
  TELEGRAM_BOT_TOKEN=123456:training-run-not-a-token TELEGRAM_API_URL=http://127.0.0.1:9 \
  DISCORD_BOT_TOKEN=training.run.not-a-token DISCORD_API_URL=http://127.0.0.1:9/api/v10 \
  DISCORD_GATEWAY_URL=ws://127.0.0.1:9 OPENAI_BASE_URL=http://127.0.0.1:9 OPENAI_API_KEY=sk-training \
  CHATBRIDGE_REDIS_EMBEDDEDDATADIR="$redis_dir" \
  "$java" @"$options" "$train_flag" -Dspring.context.exit=onRefresh -jar "$jar" --server.port=0 &
pid=$!
status=0
wait "$pid" || status=$?
kill -KILL -- "-$pid" 2>/dev/null || true
set +m
[ "$status" -eq 0 ] && [ -s "$cache" ] || { echo "AOT training failed (exit status $status)" >&2; exit 1; }
