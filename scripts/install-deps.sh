#!/bin/sh
# Installs what journeymap needs from Debian when it is missing: libgvc (graphviz-dev), the dot
# layout, pango text and cairo plugins (libgvc6), and the fonts every layout is measured with:
# DejaVu Sans for Latin, Greek, Cyrillic, Arabic and Hebrew, WenQuanYi Micro Hei for CJK and
# Noto Color Emoji. Layout depends on the fonts found, so the same fonts give the same bytes.
set -e
if pkg-config --exists libgvc && command -v dot >/dev/null &&
  fc-list | grep -q "DejaVu Sans" && fc-list | grep -q "WenQuanYi Micro Hei" &&
  fc-list | grep -q "Noto Color Emoji"; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "journeymap: installing Graphviz and fonts with apt-get" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz graphviz-dev \
  fonts-dejavu-core fonts-wqy-microhei fonts-noto-color-emoji >/dev/null
