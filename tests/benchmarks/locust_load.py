"""Locust users for bench_load.py: the jury members of locust_autosave.py (one changed value a second each) and
public visitors browsing the catalogue, every request a new address (random page, sort, filter, search word or
product), so no cache answers for them. Not run by pytest; bench_load.py starts it.

Reads AUTOSAVE_PLAN / AUTOSAVE_SENT as locust_autosave.py does, and LOAD_PRODUCTS (listed product ids, one line)
and LOAD_TIMES: on exit, every response time in milliseconds by kind of request, counted from WARM_UP seconds
after every user has started, plus the failures, so the bench computes exact percentiles per kind and overall.
"""

import json
import os
import random
from pathlib import Path
from urllib.parse import quote_plus

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust_autosave import RUN, WARM_UP, JuryMember  # noqa: F401  (locust runs every user class it finds)

PRODUCTS = [int(pk) for pk in Path(os.environ["LOAD_PRODUCTS"]).read_text().split()]
SEARCH_WORDS = ["gốm", "mây tre", "lụa", "chiếu cói", "sơn mài", "gỗ mỹ nghệ", "nón lá", "thêu", "đúc đồng",
                "nước mắm", "bánh đa", "chè", "miến dong", "mật ong", "dao", "nông cụ", "tinh dầu", "hương trầm",
                "bát tràng", "đồng kỵ", "vạn phúc", "chu đậu", "phù lãng", "hội an", "bàu trúc", "men lam",
                "gốm bát tràng", "lụa vạn phúc", "mây tre phú vinh", "tơ tằm", "đất sét"]
SORTS = ["moi-nhat", "ten", "diem"]
LEVELS = ["commune", "district", "province", "region", "national"]
TIMES: dict[str, list[float]] = {}
FAILURES: dict[str, int] = {}
COUNTING = {"on": False}

JuryMember.fixed_count = int(os.environ.get("LOAD_MEMBERS", "50"))


class Visitor(FastHttpUser):
    """Someone browsing: a page, a few seconds reading it, the next page. (FastHttpUser, as JuryMember.)"""

    fixed_count = int(os.environ.get("LOAD_VISITORS", "200"))
    wait_time = between(2, 8)

    def on_start(self):
        self.rng = random.Random()

    def _get(self, kind: str, path: str):
        with self.client.get(path, name=kind, catch_response=True, allow_redirects=False) as response:
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"{response.status_code}")

    @task(4)
    def list_page(self):
        self._get("catalogue: list page",
                  f"/san-pham/?sap_xep={self.rng.choice(SORTS)}&trang={self.rng.randint(1, 200)}")

    @task(2)
    def filtered(self):
        choice = self.rng.randrange(3)
        query = [f"cap={self.rng.choice(LEVELS)}", f"nam={self.rng.randint(2012, 2026)}",
                 f"nhom={self.rng.randint(1, 4)}"][choice]
        self._get("catalogue: filter", f"/san-pham/?{query}&trang={self.rng.randint(1, 20)}")

    @task(2)
    def search(self):
        self._get("catalogue: search",
                  f"/san-pham/?q={quote_plus(self.rng.choice(SEARCH_WORDS))}&trang={self.rng.randint(1, 3)}")

    @task(2)
    def product(self):
        self._get("catalogue: product page", f"/san-pham/{self.rng.choice(PRODUCTS)}/")


@events.spawning_complete.add_listener
def count_after_warm_up(user_count, **kwargs):
    gevent.spawn_later(WARM_UP, COUNTING.update, on=True)


@events.request.add_listener
def remember(request_type, name, response_time, response_length, exception, **kwargs):
    if not COUNTING["on"]:
        return
    TIMES.setdefault(name, []).append(response_time)
    if exception is not None:
        FAILURES[name] = FAILURES.get(name, 0) + 1


@events.quitting.add_listener
def write_times(environment, **kwargs):
    Path(os.environ["LOAD_TIMES"]).write_text(json.dumps({"times": TIMES, "failures": FAILURES}), encoding="utf-8")
