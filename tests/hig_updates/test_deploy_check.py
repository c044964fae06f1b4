"""`manage.py check --deploy` with production settings reports only what the operator must decide.

Run in a fresh interpreter, so the environment (not the test settings) decides, as in production.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# HSTS for every sub-domain, and asking browsers to preload the domain: only the operator knows.
OPERATORS_CALL = {"security.W005", "security.W021"}
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "updates.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://updates.example.org",
    "BEHIND_HTTPS_PROXY": "1",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


# Never set in production; the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for the whole session.
NOT_IN_PRODUCTION = {
    "DEBUG", "SECRET_KEY", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip


def check_deploy(**env):
    environment = {key: value for key, value in os.environ.items() if key not in NOT_IN_PRODUCTION}
    environment.update(PRODUCTION, **env, DJANGO_SETTINGS_MODULE="hig_updates.settings")
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)


def issue_ids(result):
    return set(re.findall(r"\(([a-z_]+\.[CEIW]\d+)\)", result.stdout + result.stderr))


def test_production_settings_pass_the_deploy_check_but_for_the_operators_hsts_choices():
    default = check_deploy()
    assert issue_ids(default) == OPERATORS_CALL, default.stdout + default.stderr

    decided = check_deploy(SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")
    assert decided.returncode == 0, decided.stdout + decided.stderr
    assert issue_ids(decided) == set()
