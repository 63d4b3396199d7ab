"""Every user-facing string in the code has an English translation, and the Vietnamese default is served."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "config" / "locale"


def test_english_catalogue_covers_every_string_in_the_code(tmp_path):
    scratch = tmp_path / "locale"
    shutil.copytree(LOCALE, scratch)
    env = {**os.environ, "LOCALE_DIR": str(scratch), "VAR_DIR": str(tmp_path / "var")}
    extract = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "--no-location",
         "--ignore=.venv/*", "--ignore=var/*", "--ignore=tests/*", "--ignore=build/*"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert extract.returncode == 0, extract.stderr
    po = scratch / "en" / "LC_MESSAGES" / "django.po"
    stats = subprocess.run(["msgfmt", "--statistics", "--check-format", "-o", os.devnull, str(po)],
                           capture_output=True, text=True)
    assert stats.returncode == 0, stats.stderr
    # msgfmt prints e.g. "312 translated messages." or "300 translated messages, 2 fuzzy translations, 10 untranslated"
    assert re.fullmatch(r"\d+ translated messages\.", stats.stderr.strip()), (
        f"{stats.stderr.strip()} — run: .venv/bin/python manage.py makemessages -l en --no-location "
        "--ignore='.venv/*' --ignore='var/*' --ignore='tests/*' and translate the new entries"
    )


def test_pages_default_to_vietnamese_and_switch_to_english(client, db):
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert '<html lang="vi">' in home.content.decode()

    switched = client.get(reverse("set_language"), {"language": "en", "next": "/"})  # the header's EN link
    assert switched.status_code == 302
    english = client.get(reverse("home"))
    assert '<html lang="en">' in english.content.decode()
    assert "Typical rural industrial products" in english.content.decode()


def test_english_browser_still_gets_vietnamese_until_it_switches(client, db):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()
