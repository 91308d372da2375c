"""Throw-away PostgreSQL and Redis servers for bench/faults.py, on ports of their own (8432 and
8479), so a fault check may stop and restart them without touching the machine's shared ones.

PostgreSQL is a fresh cluster made with the installed binaries (initdb, pg_ctl) in a temporary
folder; as root they run as the `postgres` user (PostgreSQL refuses to run as root). Redis is a
`redis-server` process with no persistence. Both are stopped and removed by `close()`.
"""

import glob
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psycopg
import redis

PG_PORT = int(os.environ.get("FAULTS_PG_PORT", "8432"))
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "8479"))


def _pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise SystemExit(f"PostgreSQL's {name} is not installed (looked in /usr/lib/postgresql/*/bin)")
    return found[-1]


class OwnPostgres:
    """A PostgreSQL cluster of our own in `folder`, listening on 127.0.0.1:PG_PORT."""

    def __init__(self, folder, port=PG_PORT):
        self.folder, self.port = Path(folder), port
        self.data = self.folder / "data"
        self.url = f"postgresql://postgres@127.0.0.1:{port}"

    def _run(self, *args, check=True):
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def create(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        return self.start()

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        log = str(self.folder / "postgres.log")
        for attempt in range(10):  # the port may still be held by a server that has just stopped
            done = self._run(
                _pg_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start", check=False
            )
            if done.returncode == 0:
                return self
            time.sleep(1 + attempt)
        raise SystemExit(f"PostgreSQL did not start on port {self.port}; see {log}")

    def stop(self, mode="fast"):
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def answers(self):
        try:
            with psycopg.connect(f"{self.url}/postgres", connect_timeout=1):
                return True
        except psycopg.OperationalError:
            return False

    def close(self):
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class OwnRedis:
    """A redis-server of our own on 127.0.0.1:REDIS_PORT, without persistence."""

    def __init__(self, port=REDIS_PORT):
        self.port, self.process = port, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline:
                raise SystemExit(f"redis-server did not start on port {self.port}")
            time.sleep(0.1)
        return self

    def answers(self):
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        try:
            return client.ping()
        except redis.RedisError:
            return False
        finally:
            client.close()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.process = None

    def flush(self):
        client = redis.Redis.from_url(self.url)
        client.flushdb()
        client.close()

    close = stop
