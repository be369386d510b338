"""`make run` (mentormatch.web.devrun): settings priority, and a real start and stop of every process."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mentormatch.web.devrun import BASE_DIR, environment_prepare


def test_demo_defaults_fill_what_is_unset(tmp_path: Path) -> None:
    env = environment_prepare({"MENTORMATCH_ENV_FILE": str(tmp_path / "missing.env")})

    assert env["DEBUG"] == "true"
    assert env["PORT"] == "8000"
    assert env["FORM_WEBHOOK_SECRET"] == "demo-form-secret"
    assert env["BACKEND_API_URL"] == "http://127.0.0.1:8000/api"


def test_the_env_file_wins_over_demo_defaults(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("FORM_WEBHOOK_SECRET=from-the-file\nPORT=9100\n")

    env = environment_prepare({"MENTORMATCH_ENV_FILE": str(env_file)})

    assert env["FORM_WEBHOOK_SECRET"] == "from-the-file"
    assert env["SITE_URL"] == "http://127.0.0.1:9100"


def test_real_environment_variables_win_over_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("FORM_WEBHOOK_SECRET=from-the-file\n")

    env = environment_prepare({"MENTORMATCH_ENV_FILE": str(env_file), "FORM_WEBHOOK_SECRET": "from-env"})

    assert env["FORM_WEBHOOK_SECRET"] == "from-env"


def test_a_port_that_is_not_a_number_stops_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="PORT"):
        environment_prepare({"MENTORMATCH_ENV_FILE": str(tmp_path / "none"), "PORT": "eighty"})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _process_groups() -> dict[int, int]:
    """pid -> process group id, for every process on the machine."""
    groups = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Field 5 (pgrp) follows the command name, which is in parentheses and may hold spaces.
        fields = stat[stat.rindex(")") + 2 :].split()
        groups[int(entry.name)] = int(fields[2])
    return groups


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to list process groups")
def _swept(database: Path) -> tuple[str, str] | None:
    """(last_finished_at, next_run_at) of the notification sweep in the SQLite file, once it has run."""
    try:
        with sqlite3.connect(database, timeout=5) as db:
            row = db.execute(
                "SELECT last_finished_at, next_run_at FROM notifications_sweepschedule WHERE id = 1"
            ).fetchone()
    except sqlite3.OperationalError:  # not migrated yet, or busy
        return None
    return (str(row[0]), str(row[1])) if row and row[0] else None


def test_it_serves_the_api_the_worker_sweeps_by_itself_and_sigterm_stops_every_child(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DISCORD_TOKEN", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "PORT"}
    }
    env.update(
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{tmp_path / 'devrun.sqlite3'}",
        MENTORMATCH_ENV_FILE=str(tmp_path / "no.env"),
    )
    devrun = subprocess.Popen(
        [sys.executable, "-m", "mentormatch.web.devrun"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(devrun.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        deadline = time.monotonic() + 180
        health = None
        while time.monotonic() < deadline and devrun.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health/", timeout=2) as response:
                    health = response.status
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        assert health == 200, "".join(lines)
        output = "".join(lines)
        started = {name: int(pid) for name, pid in re.findall(r"started (\w+) \(pid (\d+)\)", output)}
        assert set(started) == {"web", "worker"}, output
        assert f"http://127.0.0.1:{port}/admin/" in output
        assert "admin / mentormatch-demo" in output
        groups = _process_groups()
        assert all(groups.get(pid) == pid for pid in started.values()), "each child leads its own group"
        swept = None
        while time.monotonic() < deadline and swept is None:
            swept = _swept(tmp_path / "devrun.sqlite3")
            time.sleep(0.5)
        assert swept is not None, "the worker never ran the notification sweep\n" + "".join(lines)
        assert "The workers sweep every 60 s." in "".join(lines)

        devrun.send_signal(signal.SIGTERM)
        assert devrun.wait(timeout=60) == 0
    finally:
        if devrun.poll() is None:
            devrun.kill()
            devrun.wait()

    leftovers = {pid: pgid for pid, pgid in _process_groups().items() if pgid in set(started.values())}
    assert leftovers == {}, f"still running after SIGTERM: {leftovers}"


def test_a_plain_copy_of_env_example_keeps_the_demo_defaults(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text((BASE_DIR / ".env.example").read_text())

    env = environment_prepare({"MENTORMATCH_ENV_FILE": str(env_file), "PORT": "9200"})

    assert env["DEBUG"] == "true"
    assert env["SITE_URL"] == "http://127.0.0.1:9200"
    assert env["BACKEND_API_URL"] == "http://127.0.0.1:9200/api"


def test_site_url_follows_port_unless_set_in_the_real_environment(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SITE_URL=http://127.0.0.1:8000\nPORT=9300\n")

    derived = environment_prepare({"MENTORMATCH_ENV_FILE": str(env_file)})
    explicit = environment_prepare(
        {"MENTORMATCH_ENV_FILE": str(env_file), "SITE_URL": "https://mentormatch.example.com"}
    )

    assert derived["SITE_URL"] == "http://127.0.0.1:9300"
    assert explicit["SITE_URL"] == "https://mentormatch.example.com"


def test_a_bad_setting_stops_make_run_with_its_message_and_no_traceback(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PROGRAM_", "DATABASE_"))
    }
    env.update(
        MENTORMATCH_ENV_FILE=str(tmp_path / "none"),
        PROGRAM_TIMEZONE="Mars/X",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    result = subprocess.run(
        [sys.executable, "-m", "mentormatch.web.devrun"],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert "PROGRAM_TIMEZONE must be an IANA time zone" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
