import time

import django.test
import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Unit
from common.roles import Role
from tests.factories import PASSWORD, UnitFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: `playwright install` cannot download a browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def bureau(db):
    return UnitFactory(code="bureau", name="县信访局", kind=Unit.Kind.BUREAU)


@pytest.fixture
def township(db):
    return UnitFactory(code="town-a", name="东湖镇", kind=Unit.Kind.TOWNSHIP)


@pytest.fixture
def other_township(db):
    return UnitFactory(code="town-b", name="西山乡", kind=Unit.Kind.TOWNSHIP)


@pytest.fixture
def leadership(db):
    return UnitFactory(code="lead", name="县领导", kind=Unit.Kind.LEADERSHIP)


@pytest.fixture
def clerk(bureau):
    return UserFactory(username="clerk1", name="张科员", role=Role.CLERK, unit=bureau)


@pytest.fixture
def liaison(township):
    return UserFactory(
        username="liaison1", name="李联络", role=Role.LIAISON, unit=township
    )


@pytest.fixture
def other_liaison(other_township):
    return UserFactory(
        username="liaison2", name="王联络", role=Role.LIAISON, unit=other_township
    )


@pytest.fixture
def leader(leadership):
    return UserFactory(
        username="leader1", name="陈县长", role=Role.LEADER, unit=leadership
    )


@pytest.fixture
def admin_user(bureau):
    """An administrator with a confirmed authenticator (administrators must have
    one; `totp_code(admin_user.totpdevice_set.get())` gives its code)."""
    user = UserFactory(
        username="admin1",
        name="管理员",
        role=Role.ADMIN,
        unit=bureau,
        is_staff=True,
        is_superuser=True,
    )
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


class Client(django.test.Client):
    """`force_login` stands for a whole login: with the second factor verified too
    when the user has an authenticator (as `accounts:two_factor_verify` does)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return Client()


def next_totp_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show that the server accepts next: the
    current one, or the next time step's if the current one was already used (the
    server accepts one step either side and never the same step twice)."""
    device.refresh_from_db()
    clock = int((time.time() - device.t0) // device.step)
    step = max(clock + device.drift, device.last_t + 1)
    code = totp(device.bin_key, device.step, device.t0, device.digits, step - clock)
    return f"{code:0{device.digits}d}"


@pytest.fixture
def totp_code():
    return next_totp_code


@pytest.fixture
def login(client):
    """Log the test client in as a user; returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def password():
    return PASSWORD


# Case fixtures shared by the case, petition and supervision tests.
from tests.case_fixtures import category, channels, make_case, tags  # noqa: E402, F401


def pytest_collection_modifyitems(config, items):
    """Only browser tests may pull in Playwright: a parameter named like one of
    its fixtures ("page") silently makes a test a live-server test, which
    pytest-django then orders among the transactional tests."""
    strays = [
        item.nodeid
        for item in items
        if "browser_name" in getattr(item, "fixturenames", ())
        and "/browser/" not in str(item.path)
    ]
    if strays:
        raise pytest.UsageError(
            "Playwright fixtures outside tests/browser: " + ", ".join(strays[:5])
        )
