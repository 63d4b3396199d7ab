"""Backup and restore: the database (pg_dump/pg_restore for PostgreSQL; SQLite's online backup API, a
consistent copy while the site runs) and both media stores (public and private, on disk or on an object store,
copied file by file through Django's storage API), into one folder with a manifest.

    manage.py backup /srv/backups/2026-12-02      # while the site runs
    manage.py restore /srv/backups/2026-12-02     # into an empty database and empty media stores; then migrate

After a restore, `manage.py restore --check` style checks run from CHECKS: functions of no argument returning a
list of problems (empty when fine). The audit-chain verification registers itself here (issue 11).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import storages
from django.db import connection

STORES = ("default", "private")
# Checks after a restore (name → function returning a list of problems). Other apps append to it.
CHECKS: dict[str, Callable[[], list[str]]] = {}


def walk(storage, folder: str = "") -> Iterator[str]:
    """Every file name in `storage` under `folder`, through the storage API (on disk or on an object store)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a store on disk whose folder was never made: nothing stored yet
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


def _database_settings() -> dict:
    return connection.settings_dict


def _pg_env() -> tuple[list[str], dict]:
    db = _database_settings()
    args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres"]
    env = {"PGPASSWORD": db["PASSWORD"] or ""}
    return args, env


def backup(target: Path) -> dict:
    """Write the database and media into `target` (created, must be empty). Returns the manifest."""
    target.mkdir(parents=True, exist_ok=False)
    vendor = connection.vendor
    if vendor == "postgresql":
        args, env = _pg_env()
        subprocess.run(["pg_dump", *args, "-Fc", "-f", str(target / "database.dump"), _database_settings()["NAME"]],
                       check=True, env={**os.environ, **env})
    elif vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target / "database.sqlite3") as copy:
            connection.connection.backup(copy)  # consistent even while others write
        copy.close()
    else:
        raise ValueError(f"no backup for database {vendor}")
    manifest = {"database": vendor, "files": {}}
    for alias in STORES:
        storage = storages[alias]
        for name in sorted(walk(storage)):
            destination = target / alias / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, open(destination, "wb") as out:
                shutil.copyfileobj(source, out)
            manifest["files"].setdefault(alias, {})[name] = _sha256(destination)
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(source: Path) -> dict:
    """Load a backup into the configured (empty) database and media stores. Returns the manifest."""
    manifest = json.loads((source / "manifest.json").read_text())
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise ValueError(f"backup of {manifest['database']} cannot be restored into {vendor}")
    if vendor == "postgresql":
        args, env = _pg_env()
        connection.close()
        subprocess.run(["pg_restore", *args, "--no-owner", "--clean", "--if-exists", "-d",
                        _database_settings()["NAME"], str(source / "database.dump")],
                       check=True, env={**os.environ, **env})
    else:
        connection.ensure_connection()
        with sqlite3.connect(source / "database.sqlite3") as copy:
            copy.backup(connection.connection)
        copy.close()
    for alias, files in manifest["files"].items():
        storage = storages[alias]
        for name, digest in files.items():
            path = source / alias / name
            if _sha256(path) != digest:
                raise ValueError(f"{alias}/{name} does not match the manifest")
            if storage.exists(name):
                storage.delete(name)
            with open(path, "rb") as handle:
                stored = storage.save(name, File(handle))
            if stored != name:
                raise ValueError(f"{alias}/{name} was stored as {stored}")
    return manifest


def run_checks() -> dict[str, list[str]]:
    return {name: check() for name, check in CHECKS.items()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
