"""Page throughput under gunicorn with 2 workers, measured with wrk (Debian package `wrk`).

Usage: .venv/bin/python bench/pages.py [--seconds 8] [--connections 8]
Builds a demo database in a temporary folder (migrations + `flask seed demo`), starts
gunicorn on a loopback port and prints requests/s for a set of anonymous pages. Loopback only;
every run is bounded in time.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGES = ["/accessibility", "/", "/case-studies/", "/resources/", "/events/", "/search?q=menopause", "/search?q=staff"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="ohwb-bench-"))
    env = {
        **os.environ,
        "FLASK_CONFIG": "production",
        "SECRET_KEY": "benchmark-only-" + "x" * 32,
        "DATABASE_URL": f"sqlite:///{work / 'bench.db'}",
        "SEARCH_INDEX_DIR": str(work / "index"),
        "UPLOAD_FOLDER": str(work / "uploads"),
        "OUTBOX_DIR": str(work / "outbox"),
    }
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "seed", "demo", "--force"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "--no-control-socket", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        print(f"gunicorn 2 workers, wrk {args.connections} connections x {args.seconds}s, SQLite demo data, anonymous")
        for path in PAGES:
            out = subprocess.run(
                ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", f"http://127.0.0.1:{port}{path}"],
                capture_output=True,
                text=True,
                timeout=args.seconds + 30,
            ).stdout
            rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
            latency = re.search(r"Latency\s+(\S+)", out)
            print(
                f"{path:<24} {float(rate.group(1)) if rate else 0:>9.0f} req/s   mean latency {latency.group(1) if latency else '?'}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
