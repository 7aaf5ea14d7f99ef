#!/usr/bin/env bash
# The model shortlist benchmark (bedrock-kit-examples): benchmarks pinned Bedrock models on your
# prompts and prints latency, throughput, errors, throttles and cost per model.
# Usage: ./shortlist.sh --help. Paths are relative to the directory you run it from.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
(cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
  -pl bedrock-kit-examples -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime)
exec java -cp "$root/bedrock-kit-examples/target/classes:$(cat "$root/bedrock-kit-examples/target/classpath.txt")" \
  dev.bedrockkit.examples.shortlist.Shortlist "$@"
