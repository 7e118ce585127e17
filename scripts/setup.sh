#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine (as root) to build reports and run the tests:
# LibreOffice Writer for the PDF, the metric-compatible fonts so page counts match Word's,
# fonts for Arabic (Amiri) and Chinese (WenQuanYi Micro Hei) text, poppler-utils to look at
# PDF pages, python3-uno (LibreOffice's Python bridge: the PDF through a LibreOffice kept
# running, office.py), and uprreport itself with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libreoffice-writer libreoffice-calc fonts-crosextra-carlito \
    fonts-crosextra-caladea fonts-liberation fonts-hosny-amiri fonts-wqy-microhei fontconfig \
    poppler-utils python3-uno >/dev/null
else
  echo "setup: not root or no apt-get; install LibreOffice Writer yourself for PDF output" >&2
fi
python3 -m pip install -q --disable-pip-version-check -e '.[test]'
echo "setup: done ($(uprreport --version))"
