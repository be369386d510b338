"""`make run`: everything mentormatch needs, locally, with demo data, in one command.

Order: read `.env`, fill demo defaults for whatever is still unset (real environment variables and `.env`
always win), migrate, load the demo data, start the periodic notification sweep (a task the worker runs
every NOTIFICATION_SWEEP_SECONDS), then start the web server on 127.0.0.1:$PORT, the task worker and, when
DISCORD_TOKEN is set, the bot. Each child runs in its own process group; Ctrl-C or SIGTERM stops
every group (SIGTERM, then SIGKILL after a grace period), so no process outlives `make run`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from dotenv import dotenv_values

from mentormatch.scheduling.demo_login import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME

BASE_DIR = Path(__file__).resolve().parent.parent.parent
GRACE_SECONDS = 8.0

DEMO_DEFAULTS = {
    "DEBUG": "true",
    "SECRET_KEY": "insecure-demo-key-for-make-run-only",
    "PROGRAM_TIMEZONE": "America/New_York",
    "FORM_WEBHOOK_SECRET": "demo-form-secret",
    "BOT_SHARED_SECRET": "demo-bot-secret",
    "PORT": "8000",
    # The admin's CSS is served by WhiteNoise from the apps, so it works with DEBUG=false too.
    "WHITENOISE_USE_FINDERS": "true",
}
# Exit status of `manage.py` for bad configuration (sysexits' EX_CONFIG); its message is already printed.
EX_CONFIG = 78


def environment_prepare(environ: dict[str, str]) -> dict[str, str]:
    """The environment for every child: the real one, then `.env`, then demo defaults, in that priority.

    Empty values count as unset. SITE_URL and BACKEND_API_URL follow PORT (the web server runs on
    127.0.0.1:$PORT) unless they are set in the real environment: a copied `.env` never points them at
    another port.
    """
    env = dict(environ)
    env_file = env.get("MENTORMATCH_ENV_FILE") or str(BASE_DIR / ".env")
    if Path(env_file).is_file():
        for name, value in dotenv_values(env_file).items():
            if value is not None and name not in env:
                env[name] = value
    for name, value in DEMO_DEFAULTS.items():
        if not env.get(name):
            env[name] = value
    port = env["PORT"]
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise SystemExit(f"PORT must be a port number (got {port!r}).")
    if not environ.get("SITE_URL"):
        env["SITE_URL"] = f"http://127.0.0.1:{port}"
    if not environ.get("BACKEND_API_URL"):
        env["BACKEND_API_URL"] = f"http://127.0.0.1:{port}/api"
    env.setdefault("DJANGO_SETTINGS_MODULE", "mentormatch.web.settings")
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    essential: bool


def _manage(*args: str) -> list[str]:
    return [sys.executable, str(BASE_DIR / "manage.py"), *args]


def _run_step(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, cwd=BASE_DIR, check=False)
    if result.returncode == EX_CONFIG:
        raise SystemExit(1)  # manage.py printed what is wrong with the configuration
    if result.returncode != 0:
        raise SystemExit(f"`{' '.join(command[1:])}` failed with exit code {result.returncode}.")


def _start(name: str, command: list[str], env: dict[str, str], *, essential: bool) -> Child:
    # A new session makes the child the leader of its own process group, so killpg reaches its own
    # children too (runserver's autoreloader runs the server in a grandchild).
    process = subprocess.Popen(command, env=env, cwd=BASE_DIR, start_new_session=True)
    print(f"devrun: started {name} (pid {process.pid})", flush=True)
    return Child(name=name, process=process, essential=essential)


def _signal_group(child: Child, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.process.pid, sig)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def children_stop(children: list[Child], *, grace: float = GRACE_SECONDS) -> None:
    """SIGTERM every child's process group, wait, then SIGKILL whatever is left."""
    for child in children:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in children:
        remaining = max(0.0, deadline - time.monotonic())
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.process.wait(timeout=remaining)
    for child in children:
        pgid = child.process.pid
        if _group_alive(pgid):
            _signal_group(child, signal.SIGKILL)
        if child.process.poll() is None:
            child.process.wait()
        # Grandchildren left behind in the group (none should be) get SIGKILL too.
        while _group_alive(pgid):
            _signal_group(child, signal.SIGKILL)
            time.sleep(0.05)


class _Stop(Exception):
    pass


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise _Stop(signal.Signals(signum).name)


def main() -> int:
    try:
        env = environment_prepare(dict(os.environ))
    except SystemExit as stop:
        print(f"devrun: {stop}", file=sys.stderr, flush=True)
        return 1
    port = env["PORT"]
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    children: list[Child] = []
    try:
        _run_step(_manage("migrate", "--noinput"), env)
        _run_step(_manage("loaddemo"), env)
        # Queues the first sweep; from then on the worker keeps it going (safe when one is queued already).
        _run_step(_manage("notifications_send_due", "--schedule-only"), env)
        children.append(_start("web", _manage("runserver", f"127.0.0.1:{port}"), env, essential=True))
        children.append(_start("worker", _manage("db_worker"), env, essential=True))
        if env.get("DISCORD_TOKEN"):
            children.append(_start("bot", [sys.executable, "-m", "mentormatch.bot"], env, essential=False))
        else:
            print("devrun: DISCORD_TOKEN is not set, so the Discord bot is not started.", flush=True)
        base = f"http://127.0.0.1:{port}"
        print(
            "\n"
            f"  mentormatch is running at {base}/\n"
            f"  admin:      {base}/admin/   (demo login: {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD})\n"
            f"  dashboard:  {base}/dashboard/\n"
            f"  API:        {base}/api/   (schema: {base}/api/schema/, health: {base}/api/health/)\n"
            f"  form webhook secret: X-Form-Secret: {env['FORM_WEBHOOK_SECRET']}\n"
            f"  bot secret:          X-Bot-Secret: {env['BOT_SHARED_SECRET']}\n"
            "  Ctrl-C stops everything.\n",
            flush=True,
        )
        while True:
            for child in list(children):
                code = child.process.poll()
                if code is None:
                    continue
                print(f"devrun: {child.name} exited with code {code}", flush=True)
                children.remove(child)
                if child.essential:
                    children_stop(children)
                    return code or 1
            time.sleep(0.5)
    except (_Stop, KeyboardInterrupt) as stop:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print(f"\ndevrun: stopping ({stop or 'interrupt'})...", flush=True)
        children_stop(children)
        return 0
    finally:
        # Never leave a child behind, whatever happened above.
        children_stop([c for c in children if c.process.poll() is None or _group_alive(c.process.pid)])


if __name__ == "__main__":
    sys.exit(main())
