#!/usr/bin/env bash
# Runs the bedrock-kit benchmark harnesses against a local emulator (loopback only, nothing
# reaches AWS) and writes their tables into benchmarks/README.md and benchmarks/results/.
#
#   benchmarks/run.sh overhead [options]   raw SDK vs bedrock-kit vs Spring AI vs LangChain4j
#   benchmarks/run.sh stream   [options]   time to first token, heap of 1,000 open streams
#   benchmarks/run.sh chaos    [options]   200 callers in a 429 storm
#   benchmarks/run.sh jmh      [jmh args]  allocation per call, PromptTemplate.render
#   benchmarks/run.sh all                  all four with their defaults (about 35 minutes)
#
# Options go to the harness (each prints its own with --help), e.g.
#   benchmarks/run.sh overhead --rounds 3 --round-duration 2s --concurrency 1,200
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-all}"
shift || true

cp_file="$PWD/benchmarks/target/classpath.txt"
mvn -B -q -pl benchmarks -am compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmaven.javadoc.skip=true
CP="$PWD/benchmarks/target/classes:$(cat "$cp_file")"
JAVA_OPTS=(-Xms2g -Xmx2g -XX:+UseG1GC -Daws.region=us-east-1 -Daws.disableEc2Metadata=true)

run() {
  java "${JAVA_OPTS[@]}" -cp "$CP" "$@"
}

jmh() {
  mkdir -p benchmarks/results
  local load
  load="$(cut -d' ' -f1-3 /proc/loadavg | sed 's/ / \/ /g')"
  local started
  started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  run org.openjdk.jmh.Main 'dev\.bedrockkit\.benchmarks\.(overhead|template)\..*' \
    -prof gc -rf json -rff benchmarks/results/jmh.json "$@"
  run dev.bedrockkit.benchmarks.harness.JmhReport benchmarks/results/jmh.json \
    benchmarks/README.md benchmarks/results \
    "$started, $(nproc) CPUs, Java $(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/{print $2}'), load average $load at start, $(cut -d' ' -f1-3 /proc/loadavg | sed 's/ / \/ /g') at end; JMH -prof gc, single-threaded, emulator in its own process."
}

case "$what" in
  overhead) run dev.bedrockkit.benchmarks.overhead.OverheadBenchmark "$@" ;;
  stream) run dev.bedrockkit.benchmarks.stream.StreamBenchmark "$@" ;;
  chaos) run dev.bedrockkit.benchmarks.chaos.ChaosBenchmark "$@" ;;
  jmh) jmh "$@" ;;
  all)
    run dev.bedrockkit.benchmarks.overhead.OverheadBenchmark
    run dev.bedrockkit.benchmarks.stream.StreamBenchmark
    run dev.bedrockkit.benchmarks.chaos.ChaosBenchmark
    jmh
    ;;
  *)
    echo "usage: benchmarks/run.sh [overhead|stream|chaos|jmh|all] [options]" >&2
    exit 2
    ;;
esac
