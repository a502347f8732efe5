#!/usr/bin/env bash
# Install (or upgrade) VisitDesk for every user of this computer. Run as root from the unpacked
# archive:  sudo ./install.sh
#
# The app goes to /opt/visitdesk (set VISITDESK_INSTALL_DIR to change it); the `visitdesk`
# command, menu entry, icons and AppStream data go under /usr/local (set PREFIX to change it).
# Installing over an older version replaces the app only. Users' data, in each user's
# ~/.local/share/VisitDesk, is never touched.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app_id="uk.org.visitdesk.VisitDesk"
install_dir="${VISITDESK_INSTALL_DIR:-/opt/visitdesk}"
prefix="${PREFIX:-/usr/local}"

if [ ! -x "$here/VisitDesk/visitdesk" ]; then
  echo "install.sh: run me from the unpacked VisitDesk archive (VisitDesk/visitdesk is missing)" >&2
  exit 2
fi
case "$install_dir" in
  /?*/?*) ;;
  *) echo "install.sh: choose an install folder below / such as /opt/visitdesk, not '$install_dir'" >&2; exit 2 ;;
esac
if [ -e "$install_dir" ] && [ ! -x "$install_dir/visitdesk" ]; then
  echo "install.sh: $install_dir exists and is not a VisitDesk install; nothing was changed" >&2
  exit 2
fi

# Copy beside the old version first, then swap, so a failed copy leaves the old one working.
staging="$install_dir.new.$$"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$(dirname "$install_dir")"
cp -a "$here/VisitDesk" "$staging"
chmod -R u=rwX,go=rX "$staging"
if [ -e "$install_dir" ]; then
  rm -rf "$install_dir"
fi
mv "$staging" "$install_dir"
trap - EXIT

mkdir -p "$prefix/bin"
ln -sfn "$install_dir/visitdesk" "$prefix/bin/visitdesk"

icons="$install_dir/_internal/resources/icons"
for size in 16 22 24 32 48 64 128 256 512; do
  install -D -m 644 "$icons/visitdesk-$size.png" \
    "$prefix/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
install -D -m 644 "$icons/visitdesk.svg" "$prefix/share/icons/hicolor/scalable/apps/$app_id.svg"
install -d "$prefix/share/applications" "$prefix/share/metainfo"
sed "s|^Exec=.*|Exec=$install_dir/visitdesk|" "$here/$app_id.desktop" \
  > "$prefix/share/applications/$app_id.desktop"
chmod 644 "$prefix/share/applications/$app_id.desktop"
install -m 644 "$here/$app_id.metainfo.xml" "$prefix/share/metainfo/$app_id.metainfo.xml"

command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true

echo "VisitDesk $("$install_dir/visitdesk" --version | sed 's/^VisitDesk //') is installed in $install_dir."
