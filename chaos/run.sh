#!/usr/bin/env bash
# The long chaos run of bedrock-kit (loopback only: the in-process emulator and a private
# redis-server on a free port). Builds the chaos module, runs every scenario (64 callers, 60 s
# each, about 13 minutes) and writes the table into chaos/README.md and chaos/results/.
# Extra arguments go to ChaosMain, e.g.
#   ./chaos/run.sh --scenarios "Redis killed,kill switch" --duration 20s
#   ./chaos/run.sh --profile short --readme none      # the suite's short version, by hand
# Exit status 0 when every scenario kept its zeros and checks.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null 2>&1 || { echo "run.sh: redis-server is missing (apt-get install -y redis-server)" >&2; exit 1; }
mvn -B -q -pl chaos -am -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package dependency:build-classpath \
  -Dmdep.outputFile="$PWD/chaos/target/cp.txt" -Dmdep.includeScope=runtime >&2
exec java -Xmx1g -Daws.region=us-east-1 -Daws.disableEc2Metadata=true \
  -cp "chaos/target/classes:$(cat chaos/target/cp.txt)" dev.bedrockkit.chaos.ChaosMain "$@"
