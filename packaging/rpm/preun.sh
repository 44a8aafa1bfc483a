# On erase (not on upgrade: $1 is then 1), the workbenches and the daily rebuilds stop; their sites stay.
if [ "$1" -eq 0 ] && [ -d /run/systemd/system ]; then
    systemctl stop 'gongshi-workbench@*.service' 'gongshi-rebuild@*.timer' || :
fi
exit 0
