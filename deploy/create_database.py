"""Create the PostgreSQL database named in DATABASE_URL if it does not exist yet (`make prod-migrate`).

Connects to the server's `postgres` database with the same user and host; does nothing for
SQLite or when the database is already there.
"""

import os
import sys

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url


def main():
    url = make_url(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/ohwb"))
    if not url.drivername.startswith("postgres"):
        return 0
    server = {"host": url.host or "127.0.0.1", "port": url.port or 5432, "user": url.username, "dbname": "postgres"}
    if url.password:
        server["password"] = url.password
    try:
        with psycopg.connect(**server, autocommit=True, connect_timeout=5) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone():
                return 0
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(url.database)))
            print(f"Created the database {url.database}.")
    except psycopg.OperationalError as error:
        print(f"PostgreSQL at {server['host']}:{server['port']} did not answer: {error}".strip(), file=sys.stderr)
        print("Start it (or set DATABASE_URL), then run `make prod-migrate` again.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
