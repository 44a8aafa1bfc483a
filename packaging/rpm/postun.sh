# After an upgrade a running workbench is restarted on the new binary. Erase keeps /var/lib/gongshi and the user.
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload || :
    if [ "$1" -ge 1 ]; then systemctl try-restart 'gongshi-workbench@*.service' || :; fi
fi
exit 0
