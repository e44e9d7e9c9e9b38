"""The load scenario: clerks, township liaisons and leaders at work together.

Run through `make load` (bench/load.py), which starts the app under gunicorn and
calls locust with this file. By hand, against a server already running::

    .venv/bin/locust -f bench/locustfile.py --headless -u 30 -r 5 -t 60s \\
        --host http://127.0.0.1:8000

Every simulated person logs in through the real login form (one session each),
then reads and writes through the pages a browser would use. Requests are named
by route ("case detail", not "/cases/123/") so the statistics group them. A
request fails when its status is not the expected one (200 for a page, a redirect
to the expected place for a form), when a page lacks the element that proves it
rendered for a signed-in user, or when it sends the user back to the login page.

The client plays the TLS-terminating nginx in front of production: every request
says `X-Forwarded-Proto: https` (so `config.settings.production` runs unchanged,
HTTPS redirect, Secure cookies and all) and Secure cookies are sent back over the
loopback's plain HTTP.

Environment (all optional):
  LOAD_CLERKS, LOAD_LIAISONS, LOAD_LEADERS  comma-separated usernames, shared out
      round-robin (default: clerk / liaison / leader, which both seed_demo and
      bench_seed create); LOAD_PASSWORD (default demo12345)
  LOAD_WAIT   "min,max" seconds a person pauses between two actions (default 1,3)
  LOAD_WRITES "0" leaves out the writes (a liaison's follow-up record and
      daily zero report); on by default
"""

import html
import itertools
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlsplit

from locust import HttpUser, between, task
from locust.exception import StopUser

LOGIN_PATH = "/accounts/login/"
PASSWORD = os.environ.get("LOAD_PASSWORD", "demo12345")
CASE_STATUSES = ("new", "in_progress", "closing_submitted", "closed")
KEEP = 300  # ids remembered per simulated person


def _accounts(variable: str, default: str) -> list[str]:
    names = [n.strip() for n in os.environ.get(variable, default).split(",")]
    return [n for n in names if n] or [default]


def _wait() -> tuple[float, float]:
    low, _, high = os.environ.get("LOAD_WAIT", "1,3").partition(",")
    low = float(low)
    return low, float(high or low)


WRITES = os.environ.get("LOAD_WRITES", "1") != "0"

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_ID = re.compile(r'<tr data-case="(\d+)">')
CASE_NUMBER = re.compile(r'<tr data-case="\d+">\s*<td[^>]*>([^<]+)</td>')
CASE_TITLE = re.compile(r'class="case-title-cell">\s*<a href="[^"]+">([^<]+)</a>')
UNIT_SELECT = re.compile(r'<select name="owning_unit".*?</select>', re.DOTALL)
OPTION = re.compile(r'<option value="(\d+)"')
PETITION_ID = re.compile(r'<tr data-petition="(\d+)">')
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


class BehindProxyCookiePolicy(DefaultCookiePolicy):
    """Keep Secure cookies usable over plain HTTP: the client stands where nginx
    would, so the loopback to gunicorn is the only unencrypted hop.

    The flag is dropped as a cookie is stored: requests copies the session's
    cookies into a fresh jar (with the default policy) for every request, so a
    policy that only relaxed the check at sending time would never be asked.
    """

    def set_ok(self, cookie, request):
        cookie.secure = False
        return super().set_ok(cookie, request)


class Staff(HttpUser):
    """One member of staff: logs in once, then works through weighted tasks."""

    abstract = True
    wait_time = between(*_wait())
    accounts: tuple[str, ...] = ()
    _turns: dict = {}  # round-robin over `accounts`, one counter per class

    def on_start(self):
        cls = type(self)
        turn = next(Staff._turns.setdefault(cls.__name__, itertools.count()))
        self.username = cls.accounts[turn % len(cls.accounts)]
        self.case_ids: list[str] = []
        self.case_numbers: list[str] = []
        self.case_titles: list[str] = []
        self.unit_ids: list[str] = []
        self.client.cookies.set_policy(BehindProxyCookiePolicy())
        self.client.headers["X-Forwarded-Proto"] = "https"
        # A browser sends Origin with each POST; Django's CSRF check compares it
        # with the https origin the proxy header makes the request claim.
        self.client.headers["Origin"] = f"https://{urlsplit(self.host).netloc}"
        self.login()

    # --- requests -------------------------------------------------------------

    def login(self):
        form = self.page(LOGIN_PATH, "login form", 'name="csrfmiddlewaretoken"')
        token = CSRF.search(form or "")
        if token is None:
            raise StopUser()
        with self.client.post(
            LOGIN_PATH,
            data={
                "csrfmiddlewaretoken": html.unescape(token.group(1)),
                "username": self.username,
                "password": PASSWORD,
            },
            name="login (submit)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            target = response.headers.get("Location", "")
            if response.status_code != 302 or LOGIN_PATH in target:
                response.failure(
                    f"login as {self.username!r} refused: HTTP "
                    f"{response.status_code} {target}"
                )
                raise StopUser()

    def page(self, path, name, *markers, params=None):
        """GET a page; it must answer 200 and contain one of `markers`."""
        with self.client.get(
            path, params=params, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                target = response.headers.get("Location", "")
                response.failure(
                    f"HTTP {response.status_code}" + (f" to {target}" if target else "")
                )
                return None
            text = response.text
            if not any(marker in text for marker in markers):
                response.failure(f"none of {markers!r} in the page")
                return None
            return text

    def submit(self, path, name, data, expect_location):
        """POST a form; it must answer with a redirect to `expect_location`."""
        with self.client.post(
            path, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            target = urlsplit(response.headers.get("Location", "")).path
            if response.status_code != 302 or target != expect_location:
                response.failure(
                    f"HTTP {response.status_code} to {target or '-'}, "
                    f"expected a redirect to {expect_location}"
                )

    # --- pages shared by the roles -------------------------------------------

    def case_list(self, name="case list", **params):
        text = self.page("/cases/", name, 'data-testid="result-count"', params=params)
        if text:
            self._remember(text)
        return text

    def case_detail(self):
        if not self.case_ids:
            self.case_list()
        if not self.case_ids:
            return None
        pk = random.choice(self.case_ids)
        text = self.page(f"/cases/{pk}/", "case detail", 'data-testid="case-actions"')
        return pk, text

    def dashboard(self):
        self.page("/dashboard/", "dashboard", 'data-testid="dashboard-numbers"')

    def home(self):
        self.page("/", "home", 'data-testid="home-title"')

    def _remember(self, text):
        def keep(items, new):
            items.extend(x for x in new if x not in items)
            del items[:-KEEP]

        keep(self.case_ids, CASE_ID.findall(text))
        keep(self.case_numbers, [n.strip() for n in CASE_NUMBER.findall(text)])
        keep(self.case_titles, [html.unescape(t) for t in CASE_TITLE.findall(text)])
        if not self.unit_ids:
            select = UNIT_SELECT.search(text)
            self.unit_ids = OPTION.findall(select.group(0)) if select else []


class ClerkUser(Staff):
    """A clerk of the petition bureau: the whole county's cases and petitions."""

    weight = 3
    accounts = tuple(_accounts("LOAD_CLERKS", "clerk"))

    def on_start(self):
        super().on_start()
        self.petition_ids: list[str] = []

    @task(4)
    def list_cases(self):
        self.case_list()

    @task(1)
    def list_cases_later_page(self):
        self.case_list("case list (page n)", page=random.randint(2, 10))

    @task(2)
    def list_cases_by_status(self):
        self.case_list("case list (status)", status=random.choice(CASE_STATUSES))

    @task(2)
    def list_cases_by_unit(self):
        if not self.unit_ids:
            self.case_list()
        if self.unit_ids:
            self.case_list("case list (unit)", owning_unit=random.choice(self.unit_ids))

    @task(2)
    def search_text(self):
        runs = [r for t in self.case_titles for r in HAN_RUN.findall(t)]
        if not runs:
            self.case_list()
            return
        run = random.choice(runs)
        start = random.randrange(len(run) - 1)
        self.case_list("case search (text)", q=run[start : start + 2])

    @task(1)
    def search_number(self):
        if not self.case_numbers:
            self.case_list()
        if self.case_numbers:
            self.case_list("case search (number)", q=random.choice(self.case_numbers))

    @task(4)
    def open_case(self):
        self.case_detail()

    @task(2)
    def list_petitions(self):
        text = self.page(
            "/petitions/", "petition list", 'data-testid="petition-filters"'
        )
        if text:
            self.petition_ids = PETITION_ID.findall(text) or self.petition_ids

    @task(1)
    def open_petition(self):
        if not self.petition_ids:
            self.list_petitions()
        if self.petition_ids:
            pk = random.choice(self.petition_ids)
            self.page(
                f"/petitions/{pk}/", "petition detail", 'data-testid="petitioners"'
            )

    @task(1)
    def look_at_dashboard(self):
        self.dashboard()

    @task(1)
    def go_home(self):
        self.home()


class LiaisonUser(Staff):
    """A township's liaison: their unit's cases, follow-up, the daily report."""

    weight = 5
    accounts = tuple(_accounts("LOAD_LIAISONS", "liaison"))

    def on_start(self):
        super().on_start()
        self.open_case_ids: list[str] = []

    @task(4)
    def list_cases(self):
        self.case_list()

    @task(1)
    def list_my_cases(self):
        self.case_list("case list (mine)", mine="on")

    @task(4)
    def open_case(self):
        opened = self.case_detail()
        if opened and opened[1]:
            pk, text = opened
            if f"/cases/{pk}/follow-up/" in text and pk not in self.open_case_ids:
                self.open_case_ids.append(pk)

    @task(2)
    def reports_today(self):
        text = self.page(
            "/reports/",
            "reports (liaison)",
            'data-testid="today-status"',
            'data-testid="no-period"',
            'data-testid="empty-state"',
        )
        if WRITES and text and 'data-testid="file-today"' in text:
            # One tap, once a day: whoever of the unit's people is first files
            # it; a second tap is refused with a message and the same redirect.
            token = CSRF.search(text.split('data-testid="file-today"', 1)[1])
            if token:
                self.submit(
                    "/reports/zero/",
                    "zero report (file)",
                    {"csrfmiddlewaretoken": html.unescape(token.group(1))},
                    "/reports/",
                )

    @task(1)
    def daily_report_form(self):
        self.page(
            "/reports/daily/", "daily report form", 'data-testid="daily-report-form"'
        )

    @task(1)
    def record_follow_up(self):
        if not (WRITES and self.open_case_ids):
            return
        pk = random.choice(self.open_case_ids)
        path = f"/cases/{pk}/follow-up/"
        text = self.page(path, "follow-up form", 'name="content"')
        token = CSRF.search(text or "")
        if token:
            self.submit(
                path,
                "follow-up (save)",
                {
                    "csrfmiddlewaretoken": html.unescape(token.group(1)),
                    "kind": "progress",
                    "content": "负载测试：已电话回访信访人，情况稳定。",
                },
                f"/cases/{pk}/",
            )


class LeaderUser(Staff):
    """A county leader: the dashboard first, then cases."""

    weight = 2
    accounts = tuple(_accounts("LOAD_LEADERS", "leader"))

    @task(3)
    def look_at_dashboard(self):
        self.dashboard()

    @task(1)
    def dashboard_this_year(self):
        self.page(
            "/dashboard/",
            "dashboard (year)",
            'data-testid="dashboard-numbers"',
            params={"window": "year"},
        )

    @task(2)
    def list_cases(self):
        self.case_list()

    @task(1)
    def list_my_cases(self):
        self.case_list("case list (mine)", mine="on")

    @task(3)
    def open_case(self):
        self.case_detail()

    @task(1)
    def go_home(self):
        self.home()
