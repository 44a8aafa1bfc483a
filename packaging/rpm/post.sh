# The folder for the sites, made once and never changed again by the package; systemd told of the units.
[ -d /var/lib/gongshi ] || install -d -o gongshi -g gongshi -m 0750 /var/lib/gongshi
if [ -d /run/systemd/system ]; then systemctl daemon-reload || :; fi
exit 0
