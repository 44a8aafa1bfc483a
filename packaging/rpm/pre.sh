# The system user gongshi, before the files (the units name it). Kept on removal: it owns the sites.
getent group gongshi >/dev/null || groupadd -r gongshi
getent passwd gongshi >/dev/null || useradd -r -g gongshi -d /var/lib/gongshi -M -s /sbin/nologin -c "gongshi sites and workbench" gongshi
exit 0
