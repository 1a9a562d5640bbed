"""Create the project's virtual environment with a working pip.

`python3 -m venv` needs `ensurepip`, which Debian and Ubuntu split into the separate
`python3-venv` package. A fresh machine may have Python without it, so when ensurepip is
missing we create the environment without pip and install pip from its wheel on PyPI, checked
against the SHA-256 digest PyPI publishes for it. Standard library only.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

MIN_PYTHON = (3, 11)


def _pip_works(env_dir: Path) -> bool:
    python = env_dir / "bin" / "python"
    return (
        python.exists()
        and subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode == 0
    )


def _install_pip_from_pypi(env_dir: Path) -> None:
    with urllib.request.urlopen("https://pypi.org/pypi/pip/json", timeout=60) as response:
        release = json.load(response)
    wheel = next(f for f in release["urls"] if f["packagetype"] == "bdist_wheel")
    with urllib.request.urlopen(wheel["url"], timeout=120) as response:
        payload = response.read()
    if hashlib.sha256(payload).hexdigest() != wheel["digests"]["sha256"]:
        raise SystemExit("The pip wheel downloaded from PyPI does not match its published digest.")
    with tempfile.TemporaryDirectory() as tmp:
        wheel_path = Path(tmp) / wheel["filename"]
        wheel_path.write_bytes(payload)
        # A pip wheel is runnable as a zip application: it installs itself.
        subprocess.run(
            [env_dir / "bin" / "python", f"{wheel_path}/pip", "install", "--no-index", wheel_path],
            check=True,
        )


def main() -> None:
    if sys.version_info < MIN_PYTHON:
        raise SystemExit(
            f"Prima needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; "
            f"this is {sys.version.split()[0]}."
        )
    env_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")
    if _pip_works(env_dir):
        return
    try:
        venv.create(env_dir, with_pip=True, clear=True)
    except subprocess.CalledProcessError:
        # ensurepip is missing (Debian/Ubuntu without python3-venv).
        venv.create(env_dir, with_pip=False, clear=True)
    if not _pip_works(env_dir):
        print("ensurepip is not available here; installing pip from PyPI into", env_dir)
        _install_pip_from_pypi(env_dir)


if __name__ == "__main__":
    main()
