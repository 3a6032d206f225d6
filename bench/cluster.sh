#!/usr/bin/env bash
# Scale-out on one machine, all on loopback: two web nodes (gunicorn on two ports),
# two workers, PostgreSQL and Redis; then bench/cluster_check.py opens tickets
# through both nodes and checks that every confirmation e-mail left exactly once.
#
#   bash bench/cluster.sh [TICKETS]        (default 200; needs PostgreSQL and Redis up)
set -euo pipefail
cd "$(dirname "$0")/.."
TICKETS=${1:-200}
DB=helpcenter_cluster
SMTP_PORT=2526
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
export REDIS_URL=redis://127.0.0.1:6379/7
export DEBUG=0 SECRET_KEY=cluster-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
export ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL=http://127.0.0.1:8101
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 LOG_LEVEL=WARNING
export EMAIL_HOST=127.0.0.1 EMAIL_PORT=$SMTP_PORT DATABASE_STATEMENT_TIMEOUT_MS=0
PY=.venv/bin/python
LOGS=var/cluster
mkdir -p $LOGS

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
redis-cli -n 7 flushdb >/dev/null
$PY manage.py migrate --noinput -v 0
$PY manage.py seed_demo >/dev/null

trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
$PY bench/cluster_check.py --sink $SMTP_PORT > $LOGS/sink.log 2>&1 &
for port in 8101 8102; do
  PROMETHEUS_MULTIPROC_DIR=$LOGS/prometheus-$port .venv/bin/gunicorn config.wsgi \
    -c config/gunicorn.conf.py --workers 2 --bind 127.0.0.1:$port --timeout 30 \
    > $LOGS/web-$port.log 2>&1 &
done
for n in 1 2; do $PY manage.py run_worker > $LOGS/worker-$n.log 2>&1 & done
for port in 8101 8102; do
  for _ in $(seq 1 60); do
    curl -fs http://127.0.0.1:$port/healthz >/dev/null && break
    sleep 0.5
  done
done
$PY bench/cluster_check.py --tickets "$TICKETS" --ports 8101,8102 --sink-log $LOGS/sink.log
