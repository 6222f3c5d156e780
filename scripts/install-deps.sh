#!/bin/sh
# Installs what journeymap needs from Debian when it is missing: libgvc (graphviz-dev), the dot
# layout, pango text and cairo plugins (libgvc6), and the fonts every layout is measured with:
# DejaVu Sans for Latin, Greek, Cyrillic, Arabic and Hebrew, WenQuanYi Micro Hei for CJK and
# Noto Color Emoji. Layout depends on the fonts found, so the same fonts give the same bytes.
# For the tests of `journeymap serve`: Debian's headless Chromium and its driver, and Selenium
# from PyPI to drive them (no browser is downloaded by anything). For the tests of PDF
# documents: Debian's poppler-utils (pdfinfo, pdftoppm), a real PDF reader to check them.
set -e
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
packages=
if ! (pkg-config --exists libgvc && command -v dot >/dev/null &&
  fc-list | grep -q "DejaVu Sans" && fc-list | grep -q "WenQuanYi Micro Hei" &&
  fc-list | grep -q "Noto Color Emoji"); then
  echo "journeymap: installing Graphviz and fonts with apt-get" >&2
  packages="graphviz graphviz-dev fonts-dejavu-core fonts-wqy-microhei fonts-noto-color-emoji"
fi
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  echo "journeymap: installing chromium and chromium-driver with apt-get (serve's tests)" >&2
  packages="$packages chromium chromium-driver"
fi
if ! command -v pdfinfo >/dev/null || ! command -v pdftoppm >/dev/null; then
  echo "journeymap: installing poppler-utils with apt-get (the PDF tests)" >&2
  packages="$packages poppler-utils"
fi
if [ -n "$packages" ]; then
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $packages >/dev/null
fi
if ! python3 -c "import selenium" 2>/dev/null; then
  echo "journeymap: installing selenium with pip (serve's tests)" >&2
  python3 -m pip install -q "selenium>=4.20,<5" >&2
fi
