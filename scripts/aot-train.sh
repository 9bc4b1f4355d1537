#!/usr/bin/env bash
# Trains the JDK's AOT cache for ChatBridge: a start that answers a few questions through loopback fakes when the
# JDK can run them (see the training workload below), else a start that stops as soon as the Spring context is built
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

# --- Training workload: a few real answers through loopback fakes (scripts/aot-train-fakes.java) -----------------
# Trained on the startup alone, the cache lacks the answer path (the gateway's SSE stream, the OpenAI client's and
# Spring AI's types, drafts, the final HTML message): the first answer of every fresh process then loads, links and
# profiles those classes while the user waits (about 50 to 100 ms on a loaded 2-core machine). So when the fakes can
# run, the app starts against them, answers six questions in three private chats as it answers users, and is stopped
# (SIGTERM: a normal exit, which writes the cache) once they are done. The fakes run from the source with a JDK (its
# source launcher), or compiled (javac -d scripts/aot-train-fakes scripts/aot-train-fakes.java, for a JRE, which has
# no compiler). Without either, or when that run fails, the startup-only training below runs as before.
fakes_src="$(dirname "$0")/aot-train-fakes.java"
fakes_classes="$(dirname "$0")/aot-train-fakes"
fakes_cmd=()
if [ -f "$fakes_classes/AotTrainFakes.class" ]; then
  fakes_cmd=("$java" -cp "$fakes_classes" AotTrainFakes)
elif [ -f "$fakes_src" ] && "$java" --list-modules 2>/dev/null | grep -q '^jdk.compiler@'; then
  fakes_cmd=("$java" "$fakes_src")
fi
if [ "${#fakes_cmd[@]}" -gt 0 ]; then
  fakes_dir=$(mktemp -d)
  env -i PATH="$PATH" HOME="${HOME:-/tmp}" "${fakes_cmd[@]}" "$fakes_dir/ports" &
  fakes_pid=$!
  for _ in $(seq 1 600); do [ -s "$fakes_dir/ports" ] || ! kill -0 "$fakes_pid" 2>/dev/null && break; sleep 0.1; done
  if [ -s "$fakes_dir/ports" ]; then
    read -r telegram_port gateway_port <"$fakes_dir/ports"
    env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
      TELEGRAM_BOT_TOKEN=123456:training-run-not-a-token TELEGRAM_API_URL="http://127.0.0.1:$telegram_port" \
      DISCORD_BOT_TOKEN=training.run.not-a-token DISCORD_API_URL=http://127.0.0.1:9/api/v10 \
      DISCORD_GATEWAY_URL=ws://127.0.0.1:9 OPENAI_BASE_URL="http://127.0.0.1:$gateway_port" OPENAI_API_KEY=sk-training \
      CHATBRIDGE_REDIS_EMBEDDEDDATADIR="$redis_dir" \
      "$java" @"$options" "$train_flag" -jar "$jar" --server.port=0 --chatbridge.telegram.poll-timeout=1s &
    pid=$!
    fakes_status=0
    wait "$fakes_pid" || fakes_status=$? # 0 once every question got its finished answer, 1 after two minutes
    status=0
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      wait "$pid" || status=$?
    else
      status=1 # the app died during the workload
    fi
    kill -KILL -- "-$pid" 2>/dev/null || true
    if [ "$fakes_status" -eq 0 ] && [ "$status" -eq 0 -o "$status" -eq 143 ] && [ -s "$cache" ]; then
      rm -rf "$fakes_dir"
      echo "AOT cache trained on the startup and six answers through loopback fakes"
      exit 0
    fi
    echo "The training workload failed (fakes $fakes_status, app $status); training on the startup alone" >&2
    rm -f "$cache"
  else
    kill -KILL "$fakes_pid" 2>/dev/null || true
  fi
  rm -rf "$fakes_dir"
fi
# --- end of the training workload ---------------------------------------------------------------------------------

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
