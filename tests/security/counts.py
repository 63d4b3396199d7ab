"""Numbers the security tests report (URLs walked, inputs sent, cells checked). Each test process writes its
own file; tests/conftest.py prints the sum at the end of the run, with or without xdist."""

import json
import os
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parents[1] / "artifacts" / "security-counts"


def record(title: str, **numbers: int) -> None:
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    path = DIRECTORY / f"{worker}.json"
    existing = json.loads(path.read_text()) if path.exists() else {}
    existing.setdefault(title, {})
    for key, value in numbers.items():
        existing[title][key] = existing[title].get(key, 0) + value
    path.write_text(json.dumps(existing))


def clear() -> None:
    for path in DIRECTORY.glob("*.json"):
        path.unlink()


def summary() -> dict:
    total: dict = {}
    for path in sorted(DIRECTORY.glob("*.json")):
        for title, numbers in json.loads(path.read_text()).items():
            for key, value in numbers.items():
                total.setdefault(title, {})[key] = total.get(title, {}).get(key, 0) + value
    return total
