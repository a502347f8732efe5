#!/usr/bin/env bash
# Remove VisitDesk from this computer: sudo ./uninstall.sh
#
# Removes the app, the `visitdesk` command, the menu entry, icons and AppStream data that
# install.sh put there (use the same VISITDESK_INSTALL_DIR and PREFIX). It never removes
# users' data: each user's ~/.local/share/VisitDesk stays as it is.
set -euo pipefail
app_id="uk.org.visitdesk.VisitDesk"
install_dir="${VISITDESK_INSTALL_DIR:-/opt/visitdesk}"
prefix="${PREFIX:-/usr/local}"

if [ -e "$install_dir" ]; then
  if [ ! -x "$install_dir/visitdesk" ] || [ ! -d "$install_dir/_internal" ]; then
    echo "uninstall.sh: $install_dir is not a VisitDesk install; nothing was removed" >&2
    exit 2
  fi
  rm -rf "$install_dir"
fi
if [ "$(readlink "$prefix/bin/visitdesk" 2>/dev/null)" = "$install_dir/visitdesk" ]; then
  rm -f "$prefix/bin/visitdesk"
fi
rm -f "$prefix/share/applications/$app_id.desktop" "$prefix/share/metainfo/$app_id.metainfo.xml"
for size in 16 22 24 32 48 64 128 256 512; do
  rm -f "$prefix/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
rm -f "$prefix/share/icons/hicolor/scalable/apps/$app_id.svg"

command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true

echo "VisitDesk is removed. Users' data in ~/.local/share/VisitDesk is kept."
