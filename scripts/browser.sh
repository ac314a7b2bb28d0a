#!/usr/bin/env bash
# Headless Chromium for the end-to-end tests: Debian's `chromium` package (and a font), installed
# with apt-get when absent, like scripts/pg.sh installs PostgreSQL. Nothing is downloaded by
# Playwright: the tests drive this browser through `executable_path`.
#
#   scripts/browser.sh install   install chromium when absent (needs root; otherwise says why and
#                                exits 0, and the browser tests skip with that reason)
#   scripts/browser.sh path      print the browser's path (exit 1 when there is none)
#
# CLAIMGRAPH_CHROMIUM overrides the path (default /usr/bin/chromium).
set -euo pipefail

CHROMIUM=${CLAIMGRAPH_CHROMIUM:-/usr/bin/chromium}
log() { echo "browser.sh: $*" >&2; }

present() { [[ -x "$CHROMIUM" ]]; }

install() {
  if present; then return 0; fi
  if [[ $(id -u) -ne 0 ]]; then
    log "chromium is not installed and this is not root: install Debian's 'chromium' package" \
        "(the browser tests skip until then)"
    return 0
  fi
  log "installing chromium with apt-get"
  apt-get update -qq >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium fonts-dejavu-core >&2; then
    log "apt-get could not install chromium (the browser tests skip until it is installed)"
    return 0
  fi
  present && log "$("$CHROMIUM" --version 2>/dev/null | tail -n 1)"
}

case "${1:-}" in
  install) install ;;
  path) present && echo "$CHROMIUM" ;;
  *) log "usage: browser.sh install | path"; exit 2 ;;
esac
