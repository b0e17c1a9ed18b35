"""Production settings: `check --deploy` passes a real configuration and rejects the dev one."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
    "SECURE_COOKIES": "true",
    "ALLOWED_HOSTS": "hawl.example",
    "DEBUG": "false",
    "DATA_PROTECTION_CONTACT": "dataprotection@hawl.example",
    "SITE_URL": "https://hawl.example",
}


def _check(extra: dict[str, str]) -> subprocess.CompletedProcess:
    inherited = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the browser tests set it
    env = {k: v for k, v in os.environ.items() if k not in inherited} | extra
    return subprocess.run(
        [sys.executable, "-m", "config.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_production_configuration_passes_the_deploy_check():
    result = _check(PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_the_development_key_and_debug_are_rejected():
    assert _check(PRODUCTION | {"SECRET_KEY": "django-insecure-dev-only"}).returncode != 0
    assert _check(PRODUCTION | {"DEBUG": "true"}).returncode != 0


def test_the_placeholder_data_protection_contact_is_rejected():
    assert (
        _check(
            PRODUCTION | {"DATA_PROTECTION_CONTACT": "data-protection@hawl.localhost"}
        ).returncode
        != 0
    )


def test_a_local_site_address_is_rejected():
    assert _check(PRODUCTION | {"SITE_URL": "http://127.0.0.1:8000"}).returncode != 0
