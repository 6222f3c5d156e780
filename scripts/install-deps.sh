#!/bin/sh
# Installs what journeymap needs from Debian when it is missing: libgvc (graphviz-dev), the dot
# layout and text plugins (libgvc6), and the DejaVu fonts every layout is measured with.
set -e
if pkg-config --exists libgvc && fc-list | grep -q "DejaVu Sans"; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "journeymap: installing graphviz-dev and fonts-dejavu-core with apt-get" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz graphviz-dev fonts-dejavu-core >/dev/null
