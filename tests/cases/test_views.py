import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, Category, Tag
from tests.cases.conftest import refresh

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def listed(response):
    return [c.title for c in response.context["page"].object_list]


# --- list: filters, search, sorting, pagination ----------------------------------


@pytest.fixture
def spread(make_case, other_township, tags, clerk):
    a = make_case("in_progress", title="城东片区征地补偿款未足额发放", is_key=True)
    b = make_case(
        "follow_up",
        title="棚户区改造安置房延期交付",
        unit=other_township,
        category=Category.objects.get(code="housing"),
        tags=tags,
    )
    c = make_case("new", title="养老保险待遇核定争议")
    Case.objects.filter(pk=b.pk).update(due_date=TODAY() - datetime.timedelta(days=3))
    return a, b, c


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"stage": "follow_up"}, ["棚户区改造安置房延期交付"]),
        ({"status": "new"}, ["养老保险待遇核定争议"]),
        ({"is_key": "true"}, ["城东片区征地补偿款未足额发放"]),
        ({"overdue": "true"}, ["棚户区改造安置房延期交付"]),
        ({"q": "安置房"}, ["棚户区改造安置房延期交付"]),
        ({"q": "城东片区"}, ["城东片区征地补偿款未足额发放"]),
    ],
)
def test_list_filters(login, clerk, spread, query, expected):
    response = login(clerk).get(reverse("cases:index"), query)
    assert listed(response) == expected


def test_filter_by_unit_category_tag_and_leader(
    login, clerk, spread, other_township, leader
):
    client = login(clerk)
    b_title = "棚户区改造安置房延期交付"
    assert listed(
        client.get(reverse("cases:index"), {"owning_unit": other_township.pk})
    ) == [b_title]
    housing = Category.objects.get(code="housing")
    assert listed(client.get(reverse("cases:index"), {"category": housing.pk})) == [
        b_title
    ]
    tag = Tag.objects.get(code="repeat")
    assert listed(client.get(reverse("cases:index"), {"tag": tag.pk})) == [b_title]
    assert len(listed(client.get(reverse("cases:index"), {"leader": leader.pk}))) == 2


def test_search_matches_the_demands_and_the_number(login, clerk, spread):
    client = login(clerk)
    assert len(listed(client.get(reverse("cases:index"), {"q": "补足"}))) == 3
    number = spread[2].number
    assert listed(client.get(reverse("cases:index"), {"q": number})) == [
        "养老保险待遇核定争议"
    ]


def test_search_ranks_the_closest_title_first(login, clerk, make_case):
    make_case("new", title="村民反映道路修建占用耕地补偿问题")
    make_case("new", title="耕地补偿")
    response = login(clerk).get(reverse("cases:index"), {"q": "耕地补偿"})
    assert listed(response)[0] == "耕地补偿"


def test_a_broad_search_is_listed_newest_first(login, clerk, make_case, monkeypatch):
    # More matches than RANK_LIMIT: ranking them all would cost more than it tells.
    monkeypatch.setattr("cases.filters.RANK_LIMIT", 1)
    make_case("new", title="耕地补偿")
    make_case("new", title="村民反映道路修建占用耕地补偿问题")
    response = login(clerk).get(reverse("cases:index"), {"q": "耕地补偿"})
    # Paged through its first RANK_LIMIT matches, newest first: ranked, the
    # exact title would come first.
    assert listed(response) == ["村民反映道路修建占用耕地补偿问题"]
    assert 'data-testid="capped"' in response.content.decode()


def test_sorting_by_due_date(login, clerk, spread):
    response = login(clerk).get(reverse("cases:index"), {"ordering": "due"})
    titles = listed(response)
    assert titles[0] == "棚户区改造安置房延期交付"


@pytest.mark.parametrize(
    "query",
    [
        {"ordering": "leader__password"},
        {"ordering": "created_by__password"},
        {"unknown": "1"},
        {"status": "no-such-status"},
        {"owning_unit": "999999"},
        {"page": "abc"},
    ],
)
def test_unknown_sorting_and_filters_change_nothing(login, clerk, spread, query):
    client = login(clerk)
    default = listed(client.get(reverse("cases:index")))
    response = client.get(reverse("cases:index"), query)
    assert response.status_code == 200
    assert sorted(listed(response)) == sorted(default)


def test_invalid_filter_value_is_explained(login, clerk, spread):
    response = login(clerk).get(reverse("cases:index"), {"status": "bogus"})
    assert "选择一个有效的选项" in response.content.decode()


def test_pagination(login, clerk, make_case, category):
    for i in range(30):
        services.case_create(
            actor=clerk, title=f"案件{i:02d}", summary="摘要", category=category
        )
    client = login(clerk)
    first = client.get(reverse("cases:index"))
    second = client.get(reverse("cases:index"), {"page": 2})
    assert len(listed(first)) == 25
    assert len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))
    assert "第 1 页，共 2 页" in first.content.decode()


def test_empty_list_says_so(login, clerk):
    response = login(clerk).get(reverse("cases:index"))
    assert "暂无案件。" in response.content.decode()


def test_liaison_my_cases_filter(login, liaison, make_case, other_township):
    make_case("in_progress", title="本镇案件")
    make_case(
        "in_progress", title="协办案件", unit=other_township, co_units=[liaison.unit]
    )
    client = login(liaison)
    assert sorted(listed(client.get(reverse("cases:index")))) == [
        "协办案件",
        "本镇案件",
    ]
    assert listed(client.get(reverse("cases:index"), {"mine": "on"})) == ["本镇案件"]


# --- query counts: the same with 1 case and with 50 ------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow(login, clerk, make_case, tags):
    client = login(clerk)
    make_case("in_progress", tags=tags)
    one = count_queries(client, reverse("cases:index"))
    for i in range(49):
        make_case("in_progress", title=f"案件{i}", tags=tags)
    assert Case.objects.count() == 50
    assert count_queries(client, reverse("cases:index")) == one


@pytest.mark.parametrize("who", ["clerk", "liaison"])
def test_list_query_count_for_liaisons_too(request, login, make_case, who):
    client = login(request.getfixturevalue(who))
    make_case("in_progress")
    one = count_queries(client, reverse("cases:index"))
    for i in range(49):
        make_case("in_progress", title=f"案件{i}")
    assert count_queries(client, reverse("cases:index")) == one


def test_detail_query_count_does_not_grow(login, clerk, liaison, leader, make_case):
    case = make_case("follow_up")
    client = login(liaison)
    url = reverse("cases:detail", args=[case.pk])
    one = count_queries(client, url)
    for i in range(50):
        services.progress_add(case=case, actor=liaison, content=f"进展{i}")
        services.measure_add(
            case=case,
            actor=liaison,
            content=f"措施{i}",
            responsible_person="张三",
            due_date=TODAY(),
        )
        services.instruction_add(case=case, actor=leader, content=f"批示{i}")
    assert count_queries(client, url) == one


def test_detail_query_count_with_1_and_50_cases(login, clerk, make_case):
    client = login(clerk)
    case = make_case("follow_up")
    url = reverse("cases:detail", args=[case.pk])
    one = count_queries(client, url)
    for i in range(49):
        make_case("follow_up", title=f"案件{i}")
    assert count_queries(client, url) == one


# --- forms through HTTP ----------------------------------------------------------


def test_clerk_opens_and_assigns_a_case(login, clerk, category, township, leader):
    client = login(clerk)
    response = client.post(
        reverse("cases:create"),
        {
            "title": "河口镇渔民搬迁补偿",
            "summary": "渔民反映搬迁补偿标准过低",
            "demands": "提高补偿标准",
            "category": category.pk,
            "opened_on": TODAY().isoformat(),
        },
    )
    case = Case.objects.get(title="河口镇渔民搬迁补偿")
    assert response["Location"] == reverse("cases:assign", args=[case.pk])
    response = client.post(
        reverse("cases:assign", args=[case.pk]),
        {
            "version": case.version,
            "owning_unit": township.pk,
            "leader": leader.pk,
            "due_date": (TODAY() + datetime.timedelta(days=30)).isoformat(),
        },
        follow=True,
    )
    assert "案件已交办。" in response.content.decode()
    case = refresh(case)
    assert case.status == "in_progress"
    assert case.owning_unit == township


def test_bad_input_shows_errors_beside_the_fields_and_saves_nothing(
    login, clerk, category
):
    response = login(clerk).post(
        reverse("cases:create"),
        {
            "title": "",
            "summary": "摘要",
            "category": "999",
            "opened_on": (TODAY() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-field-error="title"' in html
    assert "这个字段是必填项。" in html
    assert 'data-field-error="category"' in html
    assert "日期不能晚于今天。" in html
    assert not Case.objects.exists()


def test_refused_move_shows_the_message_and_changes_nothing(login, liaison, make_case):
    case = make_case("in_progress")
    response = login(liaison).post(
        reverse("cases:advance", args=[case.pk]), {"to_stage": "prescription"}
    )
    assert response.status_code == 400
    assert "制定方案前，请至少记录一项病根分析。" in response.content.decode()
    assert refresh(case).stage == "root_cause"


def test_a_second_save_from_an_old_page_is_refused_and_the_first_kept(
    client, clerk, make_case, category, django_user_model
):
    from tests.factories import UserFactory

    case = make_case("in_progress")
    second_clerk = UserFactory(username="clerk2", role="clerk", unit=clerk.unit)
    first, second = client, client.__class__()
    first.force_login(clerk)
    second.force_login(second_clerk)
    url = reverse("cases:edit", args=[case.pk])
    # Both open the edit form on the same version.
    v1 = first.get(url).context["form"].initial["version"]
    v2 = second.get(url).context["form"].initial["version"]
    assert v1 == v2
    form = {
        "summary": case.summary,
        "demands": case.demands,
        "category": category.pk,
    }
    saved = first.post(url, {**form, "title": "第一位的修改", "version": v1})
    assert saved.status_code == 302
    refused = second.post(url, {**form, "title": "第二位的修改", "version": v2})
    assert refused.status_code == 409
    assert "其他人已修改了该案件" in refused.content.decode()
    assert refresh(case).title == "第一位的修改"


def test_root_cause_form_needs_one_finding(login, liaison, make_case):
    case = make_case("in_progress")
    response = login(liaison).post(
        reverse("cases:root_cause", args=[case.pk]),
        {"version": case.version, "history": "只有来龙去脉"},
    )
    assert response.status_code == 400
    assert "请至少填写一项原因分析" in response.content.decode()
    from cases.models import RootCause

    assert not RootCause.objects.filter(case=case).exists()


def test_detail_shows_the_actions_the_user_may_take(login, clerk, liaison, make_case):
    case = make_case("closing_submitted")
    url = reverse("cases:detail", args=[case.pk])
    clerk_html = login(clerk).get(url).content.decode()
    assert 'data-action="approve"' in clerk_html
    liaison_html = login(liaison).get(url).content.decode()
    assert 'data-action="approve"' not in liaison_html
    assert 'data-action="progress"' in liaison_html


def test_timeline_is_shown_in_the_readers_language(login, clerk, make_case):
    case = make_case("follow_up")
    client = login(clerk)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "找病根 → 开药方" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Root cause → Prescription" in html


def test_measure_toggle(login, liaison, make_case):
    case = make_case("follow_up")
    measure = case.measures.get()
    client = login(liaison)
    response = client.post(
        reverse("cases:measure_toggle", args=[case.pk, measure.pk]), {"done": "1"}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.is_done
    assert (
        client.get(
            reverse("cases:measure_toggle", args=[case.pk, measure.pk])
        ).status_code
        == 405
    )


def test_workbench_counts_link_to_exactly_those_cases(login, clerk, spread, make_case):
    make_case("closing_submitted", title="待审核案件")
    client = login(clerk)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    for key, count, url in response.context["tiles"]:
        listed_page = client.get(url)
        assert listed_page.context["page"].paginator.count == count, key
    counts = {key: count for key, count, _ in response.context["tiles"]}
    assert counts["new"] == 1
    assert counts["overdue"] == 1
    assert counts["closing_submitted"] == 1


def test_liaison_workbench_counts_only_their_cases(login, liaison, spread):
    response = login(liaison).get(reverse("home"))
    counts = {key: count for key, count, _ in response.context["tiles"]}
    assert counts["in_progress"] == 1  # the other township's case is not counted
    assert counts["overdue"] == 0


def test_a_tampered_hidden_version_is_explained_not_ignored(login, clerk, make_case):
    case = make_case("in_progress")
    response = login(clerk).post(
        reverse("cases:root_cause", args=[case.pk]),
        {"version": "abc", "mechanism": "机制问题"},
    )
    assert response.status_code == 400
    assert 'data-testid="form-error"' in response.content.decode()
    assert case.events.filter(kind="root_cause_saved").count() == 0


def test_a_broad_search_pages_through_its_first_matches_only(
    login, clerk, make_case, monkeypatch
):
    monkeypatch.setattr("cases.filters.RANK_LIMIT", 2)
    for i in range(4):
        make_case("new", title=f"耕地补偿{i}")
    response = login(clerk).get(reverse("cases:index"), {"q": "耕地补偿"})
    assert response.context["page"].paginator.is_capped
    assert "超过 2 件" in response.content.decode()


def add_progress_events(case, actor, n):
    for i in range(n):
        services.progress_add(case=case, actor=actor, content=f"第{i}次跟进")


def test_detail_shows_the_latest_events_and_links_to_the_whole_timeline(
    login, clerk, liaison, make_case
):
    from cases.views.pages import TIMELINE_SHOWN

    case = make_case("follow_up")
    client = login(clerk)
    url = reverse("cases:detail", args=[case.pk])
    assert 'data-testid="whole-timeline"' not in client.get(url).content.decode()
    add_progress_events(case, liaison, TIMELINE_SHOWN + 5)
    total = case.events.count()
    html = client.get(url).content.decode()
    timeline = html[html.index('id="timeline"') :]
    assert timeline.count("<li data-event=") == TIMELINE_SHOWN
    assert f"共 {total} 条记录，仅列最近 {TIMELINE_SHOWN} 条" in timeline
    assert reverse("cases:timeline", args=[case.pk]) in timeline


def test_the_timeline_page_has_every_event_newest_first(
    login, clerk, liaison, make_case
):
    from cases.views.pages import TIMELINE_PAGE_SIZE

    case = make_case("follow_up")
    add_progress_events(case, liaison, TIMELINE_PAGE_SIZE)
    total = case.events.count()
    client = login(liaison)
    url = reverse("cases:timeline", args=[case.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert first.count("<li data-event=") == TIMELINE_PAGE_SIZE
    assert second.count("<li data-event=") == total - TIMELINE_PAGE_SIZE
    assert f"共 {total} 条，最新的在前" in first
    # Newest first: the last follow-up on page 1, the case's opening on page 2.
    assert first.index("progress_added") < first.index("</ol>")
    assert 'data-event="created"' in second
    assert 'data-event="created"' not in first


def test_the_timeline_is_scoped_like_the_case(login, other_liaison, make_case):
    case = make_case("follow_up")
    url = reverse("cases:timeline", args=[case.pk])
    assert login(other_liaison).get(url).status_code == 404
