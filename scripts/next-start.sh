#!/bin/sh
# Starts the production server (`next start`) with a capped V8 heap.
#
# Under load the heap fills with short-lived garbage (workflow replays, stream chunks) that V8
# keeps as RSS when it may: 2.3 GB at 100 concurrent turns, still 3.3 GB a minute later. The
# live data stays under 200 MB, so a cap makes V8 collect sooner at no measured throughput
# cost (`npm run bench`). Raise SERVER_MAX_HEAP_MB for unusually large chats.
# SERVER_NODE_FLAGS adds flags Node refuses in NODE_OPTIONS, e.g. a CPU profile:
#   SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm start
# shellcheck disable=SC2086 # the flags are words
exec node --max-old-space-size="${SERVER_MAX_HEAP_MB:-400}" ${SERVER_NODE_FLAGS:-} node_modules/next/dist/bin/next start "$@"
