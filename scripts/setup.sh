#!/usr/bin/env bash
# Install everything the reader needs on a Debian 12 machine, idempotently:
# the system packages that are missing (via apt-get), then a virtual
# environment in .venv with the package and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  chromium                 # the browser the HTML tests drive (via Playwright)
  default-jre-headless     # the Nu HTML validator (vnu.jar) runs on Java
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0   # WeasyPrint
  fonts-noto-core fonts-dejavu-core                      # Turkish and Cyrillic glyphs
  poppler-utils            # pdftotext, pdffonts, pdftoppm for the PDF tests
  python3-venv python3-pip
)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# A Python that already has venv (pyenv, a container image) does not need Debian's.
if python3 -c "import venv, ensurepip" 2>/dev/null; then
  filtered=()
  for package in "${missing[@]}"; do
    [[ "$package" == python3-venv || "$package" == python3-pip ]] || filtered+=("$package")
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  [[ "$(id -u)" == 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
# Install only when pyproject.toml changed since the last install.
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [[ ! -f "$stamp" ]]; then
  # The distribution was called "reader" before it took a name of its own (sovturk-reader):
  # an old install under that name would linger beside the new one and share its files.
  if .venv/bin/python -m pip show reader >/dev/null 2>&1; then
    .venv/bin/python -m pip uninstall -y -q reader 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }
  fi
  rm -rf reader.egg-info   # setuptools' leftover: it would still announce a distribution "reader"
  # (grep drops pip's notices about mirror directories this machine does not have)
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 \
    | { grep -v "^WARNING: Location 'file:" || true; }
  test "${PIPESTATUS[0]}" -eq 0
  rm -f .venv/.installed-*
  touch "$stamp"
fi
echo "setup: ready ($(.venv/bin/python --version), $(/usr/bin/chromium --version 2>/dev/null | head -1))"
