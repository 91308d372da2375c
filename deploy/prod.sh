#!/usr/bin/env bash
# `make prod`: production mode on this machine. gunicorn with PROD_WORKERS workers on
# 127.0.0.1:8000 and one `flask worker`, on the local PostgreSQL and Redis. Ctrl-C stops all.
# Migrations are a separate step: `make prod-migrate` (and `make prod-seed` for demo data).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/prod-env.sh

if ! "$BIN/python" -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()" "$REDIS_URL" 2>/dev/null; then
  echo "Redis did not answer at $REDIS_URL. Start it (redis-server) or set REDIS_URL." >&2
  exit 1
fi
if ! "$BIN/flask" --app wsgi db current 2>/dev/null | grep -q "(head)"; then
  echo "The database at $DATABASE_URL is missing or not migrated: run \`make prod-migrate\` first." >&2
  exit 1
fi

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping web and worker…"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

# gunicorn's control socket (for `gunicornc`) defaults to one path per user, which every gunicorn
# of that user then shares: a second one takes it over, and the first to stop deletes it. This
# server's socket is its own, named by its address: `.venv/bin/gunicornc -s "$CONTROL_SOCKET"`.
CONTROL_SOCKET="$PWD/instance/prod/gunicorn-${PROD_BIND//[^A-Za-z0-9.-]/_}.ctl"
"$BIN/gunicorn" --workers "$PROD_WORKERS" --bind "$PROD_BIND" --access-logfile - \
  --graceful-timeout 20 --control-socket "$CONTROL_SOCKET" wsgi:app &
pids+=($!)
"$BIN/flask" --app wsgi worker &
pids+=($!)
echo "OHWB Exchange (production mode): http://$PROD_BIND  — $PROD_WORKERS web workers, 1 job worker. Ctrl-C stops all."
# When either process ends, stop the other too.
wait -n "${pids[@]}"
