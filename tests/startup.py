"""Starting the settings module in a fresh interpreter, as every process does, with some variables set."""

from __future__ import annotations

import os
import subprocess
import sys


def start_settings(**variables: str) -> subprocess.CompletedProcess[str]:
    """Import `mentormatch.web.settings` in a new Python with `variables` set (no `.env` file read), and
    return how it ended: a bad setting must stop it with a message naming the setting."""
    env = {**os.environ, "SECRET_KEY": "x", "MENTORMATCH_ENV_FILE": "/nonexistent", **variables}
    return subprocess.run(
        [sys.executable, "-c", "import mentormatch.web.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
