"""The production configuration described in .env.example passes Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra):
    # A clean environment: nothing from the developer's shell or from other tests may change the verdict.
    unwanted = {"DATABASE_URL", "DEBUG", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(env_extra)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-0123456789",
    "DEBUG": "0",
    "HTTPS": "1",
    "ALLOWED_HOSTS": "cnnt.example.gov.vn",
}


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING",
                        env_extra={**PRODUCTION, "VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_the_development_key(tmp_path):
    env = {**PRODUCTION, "VAR_DIR": str(tmp_path)}
    del env["SECRET_KEY"]
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=env)
    assert result.returncode == 1
    assert "security.W009" in result.stderr + result.stdout


def test_public_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_database_connections_are_health_checked_only_when_asked(tmp_path):
    """One round trip less a request by default (config/settings.py says why); CONN_HEALTH_CHECKS=1 turns it on."""
    show = ["shell", "-v", "0", "-c",
            "from django.conf import settings; print(settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"]
    default = run_manage(*show, env_extra={"VAR_DIR": str(tmp_path)})
    asked = run_manage(*show, env_extra={"VAR_DIR": str(tmp_path), "CONN_HEALTH_CHECKS": "1"})

    assert (default.stdout.strip(), asked.stdout.strip()) == ("False", "True"), default.stderr + asked.stderr
