#!/usr/bin/env bash
# Builds bedrock-kit and runs the quick-start example against the embedded Bedrock emulator:
# no AWS account, nothing leaves 127.0.0.1. Arguments become the question.
set -euo pipefail
cd "$(dirname "$0")"
exec ./run-example.sh QuickStart "$@"
