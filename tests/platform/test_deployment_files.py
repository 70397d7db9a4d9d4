"""The production files: docker-compose.yml must validate and hold the services the README promises."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"


def test_compose_file_validates_against_the_compose_specification():
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="Debian's docker-compose is not installed here")
def test_compose_file_passes_docker_compose_config():
    result = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"SECRET_KEY": "test", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr


def test_compose_has_the_services_queues_and_gpu_profile():
    spec = yaml.safe_load(COMPOSE.read_text())
    services = spec["services"]
    assert {"postgres", "redis", "web", "worker", "worker-gpu", "migrate"} <= set(services)
    assert "grading" in services["worker"]["command"]
    gpu = services["worker-gpu"]
    assert gpu["profiles"] == ["gpu"] and "grading-gpu" in gpu["command"]
    assert gpu["deploy"]["resources"]["reservations"]["devices"][0]["driver"] == "nvidia"
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert {"pgdata", "media"} <= set(spec["volumes"])
