#!/usr/bin/env bash
# Builds bedrock-kit and runs the quick-start example against the embedded Bedrock emulator:
# no AWS account, nothing leaves 127.0.0.1. Arguments become the question.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
  -pl bedrock-kit-examples -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -cp "bedrock-kit-examples/target/classes:$(cat bedrock-kit-examples/target/classpath.txt)" \
  dev.bedrockkit.examples.QuickStart "$@"
