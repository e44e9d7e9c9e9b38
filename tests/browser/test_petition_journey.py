"""Registering a repeat petition, and the petitioner following it, in a browser."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from petitions import services
from petitions.models import Petition
from tests.petitions.conftest import ID_ZHANG

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_clerk_attaches_a_repeat_petition_and_the_petitioner_checks_progress(
    browser, live_server, clerk, make_case, password, screenshot
):
    from django.core.cache import cache

    cache.clear()
    case = make_case("in_progress", title="东湖镇王家湾村征地补偿款未足额发放")
    services.petition_register(
        actor=clerk,
        channel="letter",
        received_at=timezone.now() - datetime.timedelta(days=20),
        people=[
            services.PersonInput(name="张三", id_number=ID_ZHANG, phone="13812345678")
        ],
        content="王家湾村征地补偿款未足额发放",
        attach_to=case,
    )

    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "clerk1")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/petitions/")
    page.get_by_test_id("register-petition").click()
    page.select_option("#id_channel", label="来访")
    page.fill("#id_content", "张三再次来访，反映王家湾村的征地补偿款一直没有发足")
    page.fill("#id_people-0-name", "张三")
    page.fill("#id_people-0-id_number", ID_ZHANG)
    page.fill("#id_people-0-phone", "13812345678")
    page.get_by_test_id("check").click()

    suggestion = page.locator(f"[data-candidate='{case.pk}']")
    expect(suggestion).to_contain_text("东湖镇王家湾村征地补偿款未足额发放")
    expect(suggestion).to_contain_text("同一信访人")
    screenshot("petition-suggested-case", page)
    suggestion.locator("input[type=radio]").check()
    page.get_by_test_id("save").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记")
    petition = Petition.objects.order_by("-pk").first()
    assert petition.case_id == case.pk
    assert petition.is_repeat

    page.locator("[data-action=decide]").click()
    page.get_by_label("受理", exact=True).check()
    page.fill("#id_reason", "属于本机关职责范围，予以受理，并入原案件办理。")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("decision-value")).to_have_text("受理")
    context.close()

    # The petitioner, not logged in, checks progress with the receipt's code.
    public = browser.new_context().new_page()
    public.goto(f"{live_server.url}/query/")
    public.fill("#id_code", petition.query_code)
    public.fill("#id_phone_last4", "5678")
    public.get_by_role("button", name="查询").click()
    result = public.get_by_test_id("query-result")
    expect(result).to_be_visible()
    expect(public.get_by_test_id("public-stage")).to_have_text("找病根")
    expect(public.get_by_test_id("public-status")).to_have_text("化解中")
    expect(result).to_contain_text("予以受理")
    expect(result).not_to_contain_text("张三")
    screenshot("public-progress", public)
