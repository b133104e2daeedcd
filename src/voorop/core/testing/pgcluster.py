"""pytest plugin: run the test suite against a throwaway PostgreSQL cluster.

Loaded with ``-p voorop.core.testing.pgcluster`` (pyproject's ``addopts`` does that). Without
``--postgres`` (or ``VOOROP_TEST_DB=postgres``) it does nothing but make sure the run uses the
embedded SQLite default, even when the shell has a ``DATABASE_URL``.

With ``--postgres`` it, before pytest-django imports the settings:

1. makes a temporary directory and runs ``initdb`` from ``/usr/lib/postgresql/15/bin`` (else the
   newest ``/usr/lib/postgresql/*/bin``, else ``VOOROP_PG_BINDIR``) in it — as the ``postgres``
   system user through ``runuser`` when we are root, since PostgreSQL refuses to run as root;
2. starts ``postgres`` with ``pg_ctl`` on 127.0.0.1 and a free TCP port, its unix socket in the
   temporary directory and durability switched off (``fsync``, ``synchronous_commit``,
   ``full_page_writes``): a crash loses nothing worth keeping;
3. creates the login role ``voorop`` (CREATEDB, not a superuser, like production; CREATEROLE so
   that the access-log tests can make an application role with only SELECT and INSERT) and its
   database, with trust authentication on loopback only;
4. sets ``DATABASE_URL=postgres://voorop@127.0.0.1:<port>/voorop``.

The cluster is stopped (``pg_ctl stop -m fast``) and its directory removed at
``pytest_unconfigure``, at interpreter exit (``atexit``) and — should pytest be killed outright —
by a small watchdog process that waits for pytest's process to end.

``VOOROP_TEST_DB=env`` keeps whatever ``DATABASE_URL`` the environment has.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

DEFAULT_BINDIR = Path("/usr/lib/postgresql/15/bin")
ROLE = "voorop"
DATABASE = "voorop"
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
    "shared_buffers": "128MB",
    "log_min_messages": "warning",
    "log_min_duration_statement": "-1",
}

_cluster: Cluster | None = None


class ClusterError(RuntimeError):
    pass


def find_bindir() -> Path:
    """The directory with initdb/pg_ctl: env override, PostgreSQL 15, else the newest one."""
    override = os.environ.get("VOOROP_PG_BINDIR")
    candidates: list[Path] = [Path(override)] if override else []
    candidates.append(DEFAULT_BINDIR)

    def version_key(path: Path) -> tuple[int, ...]:
        digits = re.findall(r"\d+", path.parent.name)
        return tuple(int(d) for d in digits) or (0,)

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version_key, reverse=True)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    raise ClusterError(
        "No PostgreSQL server binaries found (looked for initdb and pg_ctl in "
        f"{', '.join(str(c) for c in candidates) or DEFAULT_BINDIR}). Install them with "
        "`apt-get install postgresql-15` or set VOOROP_PG_BINDIR."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One initdb'd, running PostgreSQL cluster in a temporary directory."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="voorop-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = 0
        self.version = ""
        self.running = False
        self.watchdog: subprocess.Popen[bytes] | None = None
        self.owner_pid = os.getpid()
        self.postgres_uid = self.postgres_gid = -1
        if self.as_root:
            import pwd

            try:
                entry = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise ClusterError(
                    "Running as root, PostgreSQL needs an unprivileged user to run as, "
                    "but there is no `postgres` system user."
                ) from exc
            self.postgres_uid, self.postgres_gid = entry.pw_uid, entry.pw_gid
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    # -- running programs ------------------------------------------------------------------

    def _server_cmd(self, program: str, *args: str) -> list[str]:
        cmd = [str(self.bindir / program), *args]
        if self.as_root:
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            cmd = [runuser, "-u", "postgres", "--", *cmd]
        return cmd

    def _run(self, cmd: list[str], what: str, timeout: float = 120) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", TZ="UTC")
        try:
            proc = subprocess.run(  # noqa: S603 - fixed argv built here, no shell
                cmd,
                cwd=self.root,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ClusterError(f"{what} failed: {exc}") from exc
        if proc.returncode != 0:
            log_tail = ""
            if self.log.exists():
                log_tail = "\n--- postgres.log ---\n" + self.log.read_text(errors="replace")[-3000:]
            raise ClusterError(
                f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n"
                f"{proc.stdout}{proc.stderr}{log_tail}"
            )
        return proc.stdout

    def psql(self, sql: str, database: str = "postgres") -> str:
        cmd = [
            str(self.bindir / "psql"),
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            database,
            "-tA",
            "-c",
            sql,
        ]
        return self._run(cmd, "psql").strip()

    # -- life cycle ------------------------------------------------------------------------

    def start(self) -> None:
        self._run(
            self._server_cmd(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--no-instructions",
            ),
            "initdb",
        )
        conf = self.data / "postgresql.conf"
        settings = dict(SETTINGS, unix_socket_directories=f"'{self.root}'")
        with conf.open("a") as fh:
            fh.write("\n# voorop throwaway test cluster\n")
            fh.writelines(f"{key} = {value}\n" for key, value in settings.items())
        # Loopback only, no password: the cluster lives for one test run and listens nowhere else.
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        if self.as_root:
            for path in (self.data / "postgresql.conf", self.data / "pg_hba.conf"):
                os.chown(path, self.postgres_uid, self.postgres_gid)

        last_error: Exception | None = None
        for _attempt in range(5):
            self.port = free_port()
            try:
                self._run(
                    self._server_cmd(
                        "pg_ctl",
                        "-D",
                        str(self.data),
                        "-l",
                        str(self.log),
                        "-w",
                        "-t",
                        "60",
                        "-o",
                        f"-p {self.port}",
                        "start",
                    ),
                    "pg_ctl start",
                )
            except ClusterError as exc:  # port taken between probing and binding: try another
                last_error = exc
                time.sleep(0.2)
                continue
            self.running = True
            break
        else:
            raise ClusterError(f"PostgreSQL did not start:\n{last_error}")

        self._start_watchdog()
        self.version = self.psql("SHOW server_version")
        self.psql(f"CREATE ROLE {ROLE} LOGIN CREATEDB CREATEROLE")
        self.psql(f"CREATE DATABASE {DATABASE} OWNER {ROLE}")

    @property
    def url(self) -> str:
        return f"postgres://{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    def _start_watchdog(self) -> None:
        """Stops the cluster even when pytest dies without running atexit (SIGKILL)."""
        script = (
            "import os, shutil, subprocess, sys, time\n"
            "pid, stop, root = int(sys.argv[1]), sys.argv[2:-1], sys.argv[-1]\n"
            "while True:\n"
            "    try:\n"
            "        os.kill(pid, 0)\n"
            "    except ProcessLookupError:\n"
            "        break\n"
            "    time.sleep(1)\n"
            "if os.path.isdir(root):\n"
            "    subprocess.run(stop, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
            "    shutil.rmtree(root, ignore_errors=True)\n"
        )
        stop = self._server_cmd("pg_ctl", "-D", str(self.data), "stop", "-m", "immediate")
        self.watchdog = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "-c", script, str(os.getpid()), *stop, str(self.root)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            cwd="/",
        )

    def stop(self) -> None:
        if os.getpid() != self.owner_pid:  # a forked child exiting must not stop our cluster
            return
        if self.running:
            self.running = False
            with contextlib.suppress(ClusterError):
                self._run(
                    self._server_cmd(
                        "pg_ctl", "-D", str(self.data), "stop", "-m", "fast", "-w", "-t", "30"
                    ),
                    "pg_ctl stop",
                    timeout=60,
                )
        if self.watchdog is not None:
            with contextlib.suppress(OSError):
                self.watchdog.kill()
                self.watchdog.wait(timeout=5)
            self.watchdog = None
        shutil.rmtree(self.root, ignore_errors=True)


def _stop_cluster() -> None:
    global _cluster
    cluster, _cluster = _cluster, None
    if cluster is not None:
        cluster.stop()


def _sigterm_to_keyboard_interrupt(signum, frame):  # pragma: no cover - signal path
    # pytest ends a session cleanly on KeyboardInterrupt (and then runs pytest_unconfigure).
    raise KeyboardInterrupt(f"signal {signum}")


def requested_backend(config: pytest.Config) -> str:
    """'postgres', 'sqlite' or 'env' — the database this run was asked to use."""
    if getattr(config.option, "voorop_postgres", False):
        return "postgres"
    value = os.environ.get("VOOROP_TEST_DB", "sqlite").strip().lower() or "sqlite"
    if value in {"postgres", "postgresql", "pg"}:
        return "postgres"
    if value == "env":
        return "env"
    return "sqlite"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("voorop")
    group.addoption(
        "--postgres",
        action="store_true",
        dest="voorop_postgres",
        default=False,
        help="Run against a throwaway PostgreSQL cluster started for this run "
        "(also: VOOROP_TEST_DB=postgres).",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser, args) -> None:
    """Runs before pytest-django's hook of the same name, which imports the settings."""
    global _cluster
    namespace = getattr(early_config, "known_args_namespace", None)
    if namespace is not None and getattr(namespace, "voorop_postgres", False):
        early_config.option.voorop_postgres = True
    backend = requested_backend(early_config)
    early_config.stash[_backend_key] = backend
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        return
    if backend == "env" or _cluster is not None:
        return
    if namespace is not None and (
        getattr(namespace, "help", False) or getattr(namespace, "version", False)
    ):
        return

    try:
        cluster = Cluster(find_bindir())
        _cluster = cluster
        atexit.register(_stop_cluster)
        cluster.start()
    except ClusterError as exc:
        _stop_cluster()
        raise pytest.UsageError(
            f"voorop: could not start the test PostgreSQL cluster:\n{exc}"
        ) from exc

    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, _sigterm_to_keyboard_interrupt)
    os.environ["DATABASE_URL"] = cluster.url
    message = (
        f"voorop: PostgreSQL {cluster.version} throwaway cluster on 127.0.0.1:{cluster.port} "
        f"({cluster.bindir})"
    )
    early_config.stash[_header_key] = message


def pytest_report_header(config: pytest.Config) -> list[str]:
    backend = config.stash.get(_backend_key, "sqlite")
    if backend == "postgres":
        return [config.stash.get(_header_key, "voorop: PostgreSQL cluster")]
    url = os.environ.get("DATABASE_URL", "")
    shown = url.split("@")[-1] if url else "embedded SQLite default"
    return [f"voorop: test database backend {backend} ({shown})"]


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """With -q pytest prints no header; say which PostgreSQL is used all the same."""
    config = session.config
    message = config.stash.get(_header_key, "")
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if message and reporter is not None and config.get_verbosity() < 0:
        reporter.write_line(message)


def pytest_unconfigure(config: pytest.Config) -> None:
    _stop_cluster()


_backend_key = pytest.StashKey[str]()
_header_key = pytest.StashKey[str]()
