#!/usr/bin/env bash
# Runs one example from bedrock-kit-examples against the embedded emulator (no AWS account).
# Usage: ./run-example.sh <ExampleName> [args...], e.g. ./run-example.sh StreamingExample
set -euo pipefail
cd "$(dirname "$0")"
name="${1:?usage: ./run-example.sh <ExampleName> [args...]; see bedrock-kit-examples/src/main/java/dev/bedrockkit/examples}"
shift
mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
  -pl bedrock-kit-examples -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -cp "bedrock-kit-examples/target/classes:$(cat bedrock-kit-examples/target/classpath.txt)" \
  "dev.bedrockkit.examples.${name}" "$@"
