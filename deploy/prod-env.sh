# The settings of `make prod` / `make prod-migrate` (sourced): each can be overridden from the
# environment. On a real server these live in the systemd units' EnvironmentFile instead.
BIN=${BIN:-.venv/bin}
export FLASK_CONFIG=production
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/ohwb}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export SITE_URL=${SITE_URL:-http://127.0.0.1:8000}
# Plain http on this machine: the session cookie cannot be Secure-only here. Behind the TLS
# proxy of a real deployment leave this unset (production defaults to Secure cookies).
export SESSION_COOKIE_SECURE=${SESSION_COOKIE_SECURE:-0}
export SEARCH_INDEX_DIR=${SEARCH_INDEX_DIR:-$PWD/instance/prod/search_index}
export UPLOAD_DIR=${UPLOAD_DIR:-$PWD/instance/prod/uploads}
export OUTBOX_DIR=${OUTBOX_DIR:-$PWD/instance/prod/outbox}
PROD_WORKERS=${PROD_WORKERS:-2}
PROD_BIND=${PROD_BIND:-127.0.0.1:8000}
mkdir -p instance/prod
if [ -z "${SECRET_KEY:-}" ]; then
  # A random key kept in instance/prod/ so sessions survive restarts (never committed).
  [ -s instance/prod/secret_key ] || "$BIN/python" -c "import secrets; print(secrets.token_urlsafe(48))" > instance/prod/secret_key
  chmod 600 instance/prod/secret_key
  SECRET_KEY=$(cat instance/prod/secret_key)
  export SECRET_KEY
fi
