"""Rate limits counted in a workspace's PostgreSQL database, so that several `serve` processes
(on one machine or several) count the same sign-in attempts, comments and uploads of an address
(docs/database.md, "Rate limits"). It is a storage of the ``limits`` library, which Flask-Limiter
uses: importing this module registers the scheme ``uprreport-postgresql``; the database's URL
and the workspace's schema come as storage options.

Fixed windows, as Flask-Limiter counts by default: a counter per key with the moment its window
ends, both by the database's clock (the servers' clocks may differ). The table is UNLOGGED: a
count lost when the database server crashes costs nothing but a fresh window.
"""

from __future__ import annotations

import threading

from limits.storage import Storage

from uprreport.database import postgresql

SCHEME = "uprreport-postgresql"
NOW = "EXTRACT(EPOCH FROM clock_timestamp())"


class PostgreSQLLimits(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, url: str = "", schema: str = "",
                 **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.url, self.schema = url, schema
        self._lock = threading.Lock()
        self._conn = None

    @property
    def base_exceptions(self):
        import psycopg

        return psycopg.Error

    def _run(self, sql: str, params=()):
        """Run one statement on the storage's connection (made again once if the server dropped it);
        ``{T}`` in it is the table."""
        import psycopg

        with self._lock:
            for attempt in (1, 2):
                if self._conn is None or self._conn.closed:
                    self._conn = psycopg.connect(self.url, autocommit=True, connect_timeout=postgresql.TIMEOUT,
                                                 application_name="uprreport limits")
                    made = self._conn.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
                                              "AND table_name = 'limits'", [self.schema]).fetchone()
                    if not made:     # once per workspace; two servers starting at once take turns
                        with self._conn.transaction():
                            self._conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [self.schema])
                            self._conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
                            self._conn.execute(f'CREATE UNLOGGED TABLE IF NOT EXISTS "{self.schema}".limits (key '
                                               'TEXT PRIMARY KEY, count BIGINT NOT NULL, expires DOUBLE PRECISION '
                                               'NOT NULL)')
                try:
                    cur = self._conn.execute(sql.replace("{T}", f'"{self.schema}".limits'), params)
                    return cur.fetchone() if cur.description else None
                except psycopg.OperationalError:
                    if attempt == 2 or not self._conn.closed:
                        raise
                    self._conn = None

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        row = self._run(
            f"INSERT INTO {{T}} AS l (key, count, expires) VALUES (%s, %s, {NOW} + %s) "
            f"ON CONFLICT (key) DO UPDATE SET "
            f"count = CASE WHEN l.expires <= {NOW} THEN EXCLUDED.count ELSE l.count + EXCLUDED.count END, "
            f"expires = CASE WHEN l.expires <= {NOW} THEN EXCLUDED.expires ELSE l.expires END RETURNING count",
            (key, amount, expiry))
        return int(row[0])

    def get(self, key: str) -> int:
        row = self._run(f"SELECT count FROM {{T}} WHERE key = %s AND expires > {NOW}", (key,))
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._run(f"SELECT GREATEST(expires, {NOW}) FROM {{T}} WHERE key = %s", (key,))
        if row:
            return float(row[0])
        return float(self._run(f"SELECT {NOW}")[0])

    def check(self) -> bool:
        try:
            self._run("SELECT 1")
        except Exception:       # noqa: BLE001 - the health check's answer is yes or no
            return False
        return True

    def reset(self) -> int | None:
        row = self._run("WITH gone AS (DELETE FROM {T} RETURNING 1) SELECT COUNT(*) FROM gone")
        return int(row[0]) if row else 0

    def clear(self, key: str) -> None:
        self._run("DELETE FROM {T} WHERE key = %s", (key,))
