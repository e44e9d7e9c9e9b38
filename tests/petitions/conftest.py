import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from petitions import services
from petitions.validators import id_check_character


def make_id(prefix17: str) -> str:
    return prefix17 + id_check_character(prefix17)


ID_ZHANG = make_id("33010219800101123")
ID_LI = make_id("33010219751231456")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def register(clerk):
    """Register a petition through the service, as the registration page does."""

    def _register(
        *,
        content="村民反映征地补偿款未足额发放，要求补足。",
        people=None,
        attach_to=None,
        channel="visit",
        **extra,
    ):
        people = people or [
            services.PersonInput(
                name="张三",
                id_number=ID_ZHANG,
                phone="13812345678",
                address="云溪县东湖镇王家湾村3组",
            )
        ]
        return services.petition_register(
            actor=clerk,
            channel=channel,
            received_at=timezone.now() - datetime.timedelta(hours=1),
            people=people,
            content=content,
            attach_to=attach_to,
            **extra,
        )

    return _register
