#!/usr/bin/env bash
# Start a private Virtuoso Open Source instance (Debian package virtuoso-opensource) for tests:
# its database, log and ini live in DIR, it listens on 127.0.0.1 only, and it is stopped by PID.
#
#   scripts/start-virtuoso.sh DIR [PASSWORD]
#
# Prints one line, "HTTP_PORT SQL_PORT PID", once /sparql answers and the dba password is set
# (default: dba). Stop it with: kill PID   (the PID is also in DIR/virtuoso.pid)
# SPARQL queries: http://127.0.0.1:HTTP_PORT/sparql ; Graph Store Protocol with HTTP Digest auth:
# http://127.0.0.1:HTTP_PORT/sparql-graph-crud-auth?graph=IRI (user dba).
# Environment: VIRTUOSO_TIMEOUT (seconds to wait for startup, default 30).
set -euo pipefail
dir=${1:?usage: start-virtuoso.sh DIR [PASSWORD]}
password=${2:-dba}
case $password in *[!A-Za-z0-9]*) echo "start-virtuoso.sh: password must be alphanumeric" >&2; exit 2 ;; esac
command -v virtuoso-t >/dev/null || { echo "virtuoso-t missing: run bash scripts/install-system-deps.sh" >&2; exit 3; }
template=/usr/share/virtuoso-opensource-7/virtuoso.ini
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port=$(free_port)
sql_port=$(free_port)
while [ "$sql_port" = "$http_port" ]; do sql_port=$(free_port); done

# The template's [Parameters] ServerPort is the SQL port, [HTTPServer] ServerPort the HTTP one.
awk -v dir="$dir" -v http="127.0.0.1:$http_port" -v sql="127.0.0.1:$sql_port" '
  /^\[/ { section = $0 }
  { gsub("/var/lib/virtuoso-opensource-7/db", dir) }
  /^ServerPort[ \t]*=/ { $0 = "ServerPort = " (section == "[HTTPServer]" ? http : sql) }
  /^DefaultHost[ \t]*=/ { $0 = "DefaultHost = " http }
  /^Load[0-9]+[ \t]*=/ { next }                      # wiki/plugins: not needed, not installed
  { print }
' "$template" >"$dir/virtuoso.ini"

cd "$dir"
virtuoso-t +configfile "$dir/virtuoso.ini" +foreground >"$dir/stdout.log" 2>&1 &
pid=$!
echo "$pid" >"$dir/virtuoso.pid"

deadline=$((SECONDS + ${VIRTUOSO_TIMEOUT:-30}))
until curl -sf -o /dev/null "http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D" 2>/dev/null \
  || python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D', timeout=1)" 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "virtuoso-t exited during startup; see $dir/virtuoso.log" >&2
    exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    kill "$pid" 2>/dev/null || true
    echo "virtuoso-t did not answer on 127.0.0.1:$http_port within ${VIRTUOSO_TIMEOUT:-30} s" >&2
    exit 1
  fi
  sleep 0.2
done

if [ "$password" != dba ]; then
  isql-vt "127.0.0.1:$sql_port" dba dba "EXEC=SET PASSWORD dba $password;" >"$dir/isql.log" 2>&1 || {
    kill "$pid" 2>/dev/null || true
    echo "could not set the dba password; see $dir/isql.log" >&2
    exit 1
  }
fi
echo "$http_port $sql_port $pid"
