"""Processes for tests/config/test_sqlite_writers.py, run as `python tests/config/sqlite_writers.py STEP ...` with
DATABASE_URL pointing at one SQLite file. Each prints one JSON line.

  setup N     -> a round in scoring, one accepted nomination, N jury members: {"nomination": id, "members": [...]}
  write M K T -> member M saves K times, starting at Unix time T: {"errors": [...], "last": {code: value}}
  check       -> what is stored: {"scores": {member: {code: value}}, "changes": n, "audit": [checked, broken]}
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from catalog import audit  # noqa: E402
from scoring import sheets  # noqa: E402
from scoring.enums import ChangePath, JuryRole, NominationState, RoundState  # noqa: E402
from scoring.models import Score, ScoreChange  # noqa: E402

CODES = ["1.1", "1.2", "2.1", "2.2"]
MAXIMA = {"1.1": 20, "1.2": 20, "2.1": 10, "2.2": 15}


def value(member_index: int, i: int, code: str) -> str:
    # Different for every member, save and criterion, within each criterion's maximum, in half points.
    return str(((member_index * 7 + i * 3 + CODES.index(code)) % (MAXIMA[code] * 2)) / 2)


def setup(count: int) -> dict:
    from catalog.models import User
    from tests.factories import JuryFactory, JuryMemberFactory, NominationFactory, SelectionRoundFactory

    today = datetime.date.today()
    day = datetime.timedelta(days=1)
    selection_round = SelectionRoundFactory(state=RoundState.SCORING, registration_opens=today - 40 * day,
                                            registration_closes=today - 20 * day, scoring_opens=today - 5 * day,
                                            scoring_closes=today + 10 * day)
    jury = JuryFactory(round=selection_round)
    members = [JuryMemberFactory(jury=jury, role=JuryRole.MEMBER).user for _ in range(count)]
    nomination = NominationFactory(round=selection_round, state=NominationState.ACCEPTED)
    assert User.objects.count() >= count
    return {"nomination": nomination.pk, "members": [m.pk for m in members]}


def write(member_id: int, saves: int, start: float) -> dict:
    from catalog.models import User

    member = User.objects.get(pk=member_id)
    nomination_id = int(os.environ["WRITERS_NOMINATION"])
    index = int(os.environ["WRITERS_INDEX"])
    errors, last = [], {}
    time.sleep(max(0.0, start - time.time()))
    for i in range(saves):
        values = {code: value(index, i, code) for code in CODES}
        try:
            sheets.save_scores(nomination_id=nomination_id, member=member, by=member, path=ChangePath.AUTOSAVE,
                               values=values)
            last = values
        except Exception as exc:  # reported to the test, which fails on any
            errors.append(f"{type(exc).__name__}: {exc}")
    return {"errors": errors, "last": last}


def check() -> dict:
    scores: dict[str, dict] = {}
    for score in Score.objects.select_related("sheet", "criterion"):
        scores.setdefault(str(score.sheet.member_id), {})[score.criterion.code] = str(score.value.normalize()
                                                                                         if score.value is not None
                                                                                         else None)
    checked, broken = audit.verify()
    return {"scores": scores, "changes": ScoreChange.objects.count(),
            "audit": [checked, None if broken is None else broken.problem]}


if __name__ == "__main__":
    step = sys.argv[1]
    if step == "setup":
        result = setup(int(sys.argv[2]))
    elif step == "write":
        result = write(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
    else:
        result = check()
    print(json.dumps(result))
