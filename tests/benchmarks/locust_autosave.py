"""Locust users for bench_autosave.py: each is one jury member autosaving one changed value a second on their
own sheet, as scoring/static/scoring/score-sheet.js does. Not run by pytest; bench_autosave.py starts it.

Reads AUTOSAVE_PLAN (JSON written by bench_autosave.py: per member a session key, the sheet page, the autosave
URL and the criteria) and writes AUTOSAVE_SENT on exit: per member, the last value acknowledged for each
criterion, which the bench compares with what the database stored. Statistics count from WARM_UP seconds after
every member has started (their sheet pages are loaded by then), so they describe the steady state.
"""

import json
import os
import random
from pathlib import Path

import gevent
from django.utils.crypto import get_random_string
from locust import constant_pacing, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(Path(os.environ["AUTOSAVE_PLAN"]).read_text(encoding="utf-8"))
FREE = list(range(len(PLAN)))
LAST: dict[int, dict[str, str]] = {}
WARM_UP = 5


class JuryMember(FastHttpUser):
    """FastHttpUser: the load generator shares the server's cores, and it costs a fraction of HttpUser's CPU."""

    wait_time = constant_pacing(1)

    def on_start(self):
        self.index = FREE.pop(0)
        self.member = PLAN[self.index]
        # The browser's cookies, sent as they are: the signed-in session and a CSRF secret, which Django accepts
        # back in the X-CSRFToken header (32 letters and digits, as get_token makes them).
        token = get_random_string(32)
        self.headers = {"Cookie": f"sessionid={self.member['session']}; csrftoken={token}", "X-CSRFToken": token}
        # The sheet page, as a browser opens it first.
        page = self.client.get(self.member["sheet_url"], name="sheet page", allow_redirects=False,
                               headers=self.headers)
        if page.status_code != 200:
            raise RuntimeError(f"sheet page answered {page.status_code}: is the session valid?")
        self.rng = random.Random(self.index)
        LAST[self.index] = {}
        # Members do not type in step: each starts its once-a-second rhythm at its own moment.
        gevent.sleep(self.rng.random())

    @task
    def autosave(self):
        code, maximum = self.rng.choice(self.member["criteria"])
        value = f"{self.rng.randint(0, int(maximum * 2)) / 2:g}"  # the official rubric steps by 0.5
        with self.client.post(self.member["autosave_url"], data={"field": f"score-{code}", "value": value},
                              headers=self.headers, name="autosave", catch_response=True) as response:
            if response.status_code == 200 and response.headers.get("Content-Type") == "application/json" \
                    and response.json().get("saved"):
                LAST[self.index][code] = value
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")


RUN: dict = {}


@events.init.add_listener
def remember_environment(environment, **kwargs):
    RUN["environment"] = environment


@events.spawning_complete.add_listener
def reset_after_warm_up(user_count, **kwargs):
    gevent.spawn_later(WARM_UP, RUN["environment"].stats.reset_all)


@events.quitting.add_listener
def write_sent(environment, **kwargs):
    Path(os.environ["AUTOSAVE_SENT"]).write_text(json.dumps(LAST), encoding="utf-8")
