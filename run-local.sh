#!/usr/bin/env bash
# Builds the sample service (fargate-sample) and runs it with profile "local": an in-process
# Bedrock emulator answers with realistic latency, so no AWS account is needed and nothing leaves
# 127.0.0.1. Open the URL it prints ("Chat page: http://localhost:8080/"); Ctrl-C stops it.
# Extra arguments go to the service, e.g. ./run-local.sh --server.port=9090
set -euo pipefail
cd "$(dirname "$0")"
echo "run-local.sh: building fargate-sample (first build downloads dependencies) ..."
mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
  -pl fargate-sample -am package
exec java -jar fargate-sample/target/fargate-sample.jar --spring.profiles.active=local "$@"
