#!/usr/bin/env bash
# A single-node OpenStack Swift with its S3 API on 127.0.0.1, for development and the tests:
# the object store the media go to when NEWSROOM_MEDIA_STORAGE=s3 (docs/how-to/object-storage.md).
#
#   deploy/objectstore/swift-object-store.sh start DIR [PORT]   # PORT: the S3/Swift proxy (8080)
#   deploy/objectstore/swift-object-store.sh stop DIR
#
# Everything lives in DIR (configuration, rings, the objects, the logs, the pids); the account,
# container and object servers and memcached take the four ports after PORT. The S3 credentials
# are access key `newsroom:media`, secret `mediasecret` (tempauth). Needs Debian's packages:
#   apt-get install -y --no-install-recommends swift swift-proxy swift-account swift-container \
#     swift-object python3-swift memcached
# Swift's servers drop privileges to the `swift` user, so run this as root (as CI does).
set -euo pipefail

action=${1:?usage: $0 start|stop DIR [PORT]}
dir=${2:?usage: $0 start|stop DIR [PORT]}
port=${3:-8080}

stop() {
  for pidfile in "$dir"/run/*.pid; do
    [ -e "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

if [ "$action" = stop ]; then stop; exit 0; fi
[ "$action" = start ] || { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; }

for tool in swift-proxy-server swift-account-server swift-container-server swift-object-server \
            swift-ring-builder memcached; do
  command -v "$tool" >/dev/null || {
    echo "$tool is missing: apt-get install -y --no-install-recommends swift swift-proxy" \
         "swift-account swift-container swift-object python3-swift memcached" >&2
    exit 1
  }
done

object_port=$((port + 1)) container_port=$((port + 2)) account_port=$((port + 3))
memcached_port=$((port + 4))
mkdir -p "$dir"/etc "$dir"/node/d1 "$dir"/run "$dir"/log "$dir"/cache
export SWIFT_CONF_FILE="$dir/etc/swift.conf"

cat > "$dir/etc/swift.conf" <<CONF
[swift-hash]
swift_hash_path_suffix = newsroom-development
swift_hash_path_prefix = newsroom

[storage-policy:0]
name = gold
default = yes
CONF

server_conf() {  # name port
  cat > "$dir/etc/$1-server.conf" <<CONF
[DEFAULT]
devices = $dir/node
mount_check = false
bind_ip = 127.0.0.1
bind_port = $2
workers = 1
swift_dir = $dir/etc
log_level = WARNING

[pipeline:main]
pipeline = $1-server

[app:$1-server]
use = egg:swift#$1

[$1-replicator]
[$1-updater]
[$1-auditor]
CONF
  if [ "$1" != account ] && [ "$1" != object ]; then echo "[$1-sync]" >> "$dir/etc/$1-server.conf"; fi
}
server_conf object "$object_port"
server_conf container "$container_port"
server_conf account "$account_port"

cat > "$dir/etc/proxy-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $port
workers = 1
swift_dir = $dir/etc
log_level = WARNING

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:tempauth]
use = egg:swift#tempauth
user_newsroom_media = mediasecret .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$memcached_port

[filter:s3api]
use = egg:swift#s3api

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
CONF

(
  cd "$dir/etc"
  for ring in object:$object_port container:$container_port account:$account_port; do
    name=${ring%%:*} ring_port=${ring##*:}
    swift-ring-builder "$name.builder" create 6 1 1 >/dev/null
    swift-ring-builder "$name.builder" add "r1z1-127.0.0.1:$ring_port/d1" 100 >/dev/null
    swift-ring-builder "$name.builder" rebalance >/dev/null
  done
)
chown -R swift:swift "$dir"

start_daemon() {  # name command…
  local name=$1; shift
  "$@" >"$dir/log/$name.log" 2>&1 &
  echo $! > "$dir/run/$name.pid"
}
start_daemon memcached memcached -u memcache -l 127.0.0.1 -p "$memcached_port"
for server in account container object; do
  start_daemon "$server" "swift-$server-server" "$dir/etc/$server-server.conf" -v
done
start_daemon proxy swift-proxy-server "$dir/etc/proxy-server.conf" -v

for _ in $(seq 1 600); do
  if python3 - "$port" <<'PY' 2>/dev/null; then
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthcheck", timeout=1).read()
PY
    echo "Swift (S3 API) at http://127.0.0.1:$port/ — access key newsroom:media, secret mediasecret"
    exit 0
  fi
  sleep 0.1
done
echo "Swift did not answer on 127.0.0.1:$port within 60 s; logs in $dir/log/" >&2
tail -n 20 "$dir"/log/*.log >&2
stop
exit 1
