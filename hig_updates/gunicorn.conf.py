"""Gunicorn's settings for `make serve` (`gunicorn --config hig_updates/gunicorn.conf.py`).

Behind a reverse proxy on the same machine: gunicorn listens on 127.0.0.1:8000 (`--bind` on the
command line overrides it) and trusts the proxy's X-Forwarded-* headers from FORWARDED_ALLOW_IPS
(default the loopback addresses). Workers: WEB_CONCURRENCY, or 2 × CPU cores + 1; with more than
one, REDIS_URL must be set (hig_updates.production_check says so before `make serve` starts).

Restarts are graceful: `kill -HUP <master pid>` starts new workers and lets the old ones finish
their requests (up to `graceful_timeout`); each worker is replaced after `max_requests`
(plus jitter, so they do not all restart together). The access log goes to standard output,
gunicorn's own log and the application's JSON logs to standard error.
"""

import os

from hig_updates.production_check import worker_count

wsgi_app = "hig_updates.wsgi:application"
bind = ["127.0.0.1:8000"]
workers = worker_count(os.environ)

# The slowest pages (the admin's change form of a long update, an export) take a few seconds.
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 1000
max_requests_jitter = 100

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"
errorlog = "-"
# Restarts go through signals (HUP, TERM); no control socket shared between instances in $HOME.
control_socket_disable = True
if os.path.isdir("/dev/shm"):
    # The workers' heartbeat files in memory, not on a possibly slow disk.
    worker_tmp_dir = "/dev/shm"
