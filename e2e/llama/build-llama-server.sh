#!/usr/bin/env bash
# Builds llama.cpp's llama-server from the source that the node-llama-cpp npm
# package ships (llama/gitRelease.bundle) and caches it outside the repo, so a
# machine pays for the build once. Prints the binary's path on stdout.
# Idempotent, and safe to run twice at once (the second waits for the first).
#
#   build-llama-server.sh         build if needed, print the binary's path
#   build-llama-server.sh --dir   print the cache folder only (bin/, src/, models/)
#
#   PUNIE_CACHE_DIR   cache root (default: ~/.cache/punie)
#   NODE_LLAMA_CPP_VERSION  which package version's source to build (default below)
set -euo pipefail

VERSION="${NODE_LLAMA_CPP_VERSION:-3.22.1}"
CACHE_ROOT="${PUNIE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/punie}"
DIR="$CACHE_ROOT/llama-server/node-llama-cpp-$VERSION"
BIN="$DIR/bin/llama-server"

if [[ "${1:-}" == "--dir" ]]; then
  echo "$DIR"
  exit 0
fi

built() { [[ -x "$BIN" && -d "$DIR/src/llama.cpp/gguf-py" ]]; }

if built; then
  echo "$BIN"
  exit 0
fi

for tool in cmake make git npm tar; do
  command -v "$tool" >/dev/null || { echo "build-llama-server: '$tool' is missing" >&2; exit 2; }
done
command -v c++ >/dev/null || command -v g++ >/dev/null || { echo "build-llama-server: a C++ compiler (g++) is missing" >&2; exit 2; }

mkdir -p "$DIR"
# One build at a time per cache folder: a second run waits, then finds the binary.
if command -v flock >/dev/null; then
  exec 9>"$DIR/.build.lock"
  flock 9
  if built; then
    echo "$BIN"
    exit 0
  fi
  rm -rf "$DIR"/work.* # left by a build that was killed
fi
WORK="$(mktemp -d "$DIR/work.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

log() { echo "build-llama-server: $*" >&2; }

log "fetching node-llama-cpp@$VERSION"
( cd "$WORK" && npm pack "node-llama-cpp@$VERSION" --silent >/dev/null )
tar -xzf "$WORK/node-llama-cpp-$VERSION.tgz" -C "$WORK" package/llama/gitRelease.bundle
rm -rf "$DIR/src"
mkdir -p "$DIR/src"
git clone --quiet "$WORK/package/llama/gitRelease.bundle" "$DIR/src/llama.cpp" 2>&1 >&2 || {
  # A bundle may not name a default branch: clone its first head.
  rm -rf "$DIR/src/llama.cpp"
  ref="$(git bundle list-heads "$WORK/package/llama/gitRelease.bundle" | head -n1 | awk '{print $2}')"
  git clone --quiet --branch "${ref##*/}" "$WORK/package/llama/gitRelease.bundle" "$DIR/src/llama.cpp" >&2
}

log "configuring (this takes 6-9 minutes on 2 cores, once per machine)"
cmake -S "$DIR/src/llama.cpp" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
  -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_CURL=OFF \
  -DGGML_NATIVE=OFF >"$WORK/cmake.log" 2>&1 || { tail -40 "$WORK/cmake.log" >&2; exit 1; }
log "building llama-server"
cmake --build "$WORK/build" --target llama-server -j"$(nproc)" >"$WORK/build.log" 2>&1 || { tail -60 "$WORK/build.log" >&2; exit 1; }

mkdir -p "$DIR/bin"
cp "$WORK/build/bin/llama-server" "$BIN.tmp"
mv "$BIN.tmp" "$BIN"
log "built $BIN"
echo "$BIN"
