#!/usr/bin/env bash
# Start the web server, a Celery worker and Celery beat together; Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv/bin
mkdir -p var/log
"$VENV/celery" -A config worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
worker=$!
"$VENV/celery" -A config beat --loglevel=INFO >var/log/beat.log 2>&1 &
beat=$!
trap 'kill $worker $beat 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
echo "Celery worker (pid $worker) and beat (pid $beat) log to var/log/."
echo "Open http://127.0.0.1:8000/  — demo accounts: clerk, liaison, dept, leader, admin / demo12345"
"$VENV/python" manage.py runserver 127.0.0.1:8000
