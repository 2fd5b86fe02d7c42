#!/bin/sh
# Playwright starts this in place of Chromium when games run in a network namespace (harness/browser/containment.ts).
# It makes a namespace holding only loopback, raises loopback there, starts the bridge that carries connections to
# the harness's recording proxy out through a Unix socket (sockets in the file system cross network namespaces),
# then becomes Chromium. Playwright's pipe (fds 3 and 4) must stay Chromium's alone, so the bridge closes them.
# Environment: GAMEGYM_UNSHARE, GAMEGYM_CHROMIUM_PATH, GAMEGYM_NODE, GAMEGYM_BRIDGE_SCRIPT, GAMEGYM_BRIDGE_SOCKET.
set -e
# shellcheck disable=SC2086 # GAMEGYM_UNSHARE holds several flags on purpose
exec unshare $GAMEGYM_UNSHARE -- /bin/sh -c '
  set -e
  ip link set lo up
  "$GAMEGYM_NODE" "$GAMEGYM_BRIDGE_SCRIPT" "$GAMEGYM_BRIDGE_SOCKET" </dev/null 3>&- 4>&- &
  exec "$GAMEGYM_CHROMIUM_PATH" "$@"
' gamegym-chromium "$@"
