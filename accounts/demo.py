"""The fictional county of the demo: its units and its people.

Every name here is invented. `seed_demo` (supervision) calls `seed_accounts`.
"""

from accounts.models import Unit
from accounts.services import unit_ensure, unit_set_head, user_ensure
from common.roles import Role

DEMO_PASSWORD = "demo12345"

LEADERSHIP = ("leadership", "县委县政府领导")
BUREAU = ("bureau", "县信访局")

# (code, name, parent code or None)
TOWNSHIPS = [
    ("chengguan", "城关镇", None),
    ("donghu", "东湖镇", None),
    ("xishan", "西山乡", None),
    ("nantang", "南塘镇", None),
    ("beiling", "北岭乡", None),
    ("qingshi", "青石镇", None),
    ("baisha", "白沙乡", None),
    ("hekou", "河口镇", None),
    ("taoyuan", "桃源社区", "chengguan"),
    ("xincheng", "新城社区", "chengguan"),
]

DEPARTMENTS = [
    ("zhujian", "县住房和城乡建设局"),
    ("ziranziyuan", "县自然资源局"),
    ("renshe", "县人力资源和社会保障局"),
    ("minzheng", "县民政局"),
    ("shengtai", "县生态环境局"),
    ("gongan", "县公安局"),
    ("jiaoyu", "县教育局"),
    ("weijian", "县卫生健康局"),
    ("shichang", "县市场监督管理局"),
    ("nongye", "县农业农村局"),
    ("sifa", "县司法局"),
    ("chengguanju", "县城市管理局"),
]

# (username, name, title)
LEADERS = [
    ("leader", "陈志强", "常务副县长"),
    ("leader_wang", "王建国", "县委书记"),
    ("leader_li", "李红梅", "县长"),
    ("leader_liu", "刘卫东", "县委副书记"),
    ("leader_zhao", "赵丽华", "副县长"),
    ("leader_sun", "孙国平", "县委政法委书记"),
]

CLERKS = [
    ("clerk", "张晓燕", "信访局办公室科员"),
    ("clerk_zhou", "周文斌", "信访局督查科科长"),
    ("bureau_head", "郑宏伟", "信访局局长"),
]

LIAISON_SURNAMES = "杨黄吴徐胡朱高林何郭马罗梁宋唐许韩冯邓曹彭曾萧田董"


def seed_accounts() -> dict:
    """Create or update the demo county's units and users; returns them by name."""
    county = {}
    leadership = unit_ensure(
        code=LEADERSHIP[0], name=LEADERSHIP[1], kind=Unit.Kind.LEADERSHIP, sort_order=0
    )
    bureau = unit_ensure(
        code=BUREAU[0], name=BUREAU[1], kind=Unit.Kind.BUREAU, sort_order=1
    )
    townships = {}
    for order, (code, name, parent_code) in enumerate(TOWNSHIPS):
        townships[code] = unit_ensure(
            code=code,
            name=name,
            kind=Unit.Kind.TOWNSHIP,
            parent=townships.get(parent_code),
            sort_order=10 + order,
        )
    departments = {}
    for order, (code, name) in enumerate(DEPARTMENTS):
        departments[code] = unit_ensure(
            code=code, name=name, kind=Unit.Kind.DEPARTMENT, sort_order=100 + order
        )

    users = {}
    for username, name, title in LEADERS:
        users[username] = user_ensure(
            username=username,
            name=name,
            title=title,
            role=Role.LEADER,
            unit=leadership,
            password=DEMO_PASSWORD,
        )
    for username, name, title in CLERKS:
        users[username] = user_ensure(
            username=username,
            name=name,
            title=title,
            role=Role.CLERK,
            unit=bureau,
            password=DEMO_PASSWORD,
        )
    # No authenticator: administrators must use two-step verification, so the first
    # login as "admin" sets one up (README); an existing one is left alone here.
    users["admin"] = user_ensure(
        username="admin",
        name="系统管理员",
        title="信息中心",
        role=Role.ADMIN,
        unit=bureau,
        password=DEMO_PASSWORD,
    )
    # One liaison per unit; the township of 城关镇 is the demo account "liaison"
    # and the housing bureau's is "dept".
    special = {"chengguan": "liaison", "zhujian": "dept"}
    for index, unit in enumerate([*townships.values(), *departments.values()]):
        username = special.get(unit.code, f"lx_{unit.code}")
        surname = LIAISON_SURNAMES[index % len(LIAISON_SURNAMES)]
        users[username] = user_ensure(
            username=username,
            name=f"{surname}{'敏静伟芳磊洋勇军杰娟'[index % 10]}",
            title="信访联络员",
            role=Role.LIAISON,
            unit=unit,
            password=DEMO_PASSWORD,
        )
    # The bureau head receives escalations (urgent reports, overdue orders).
    unit_set_head(unit=bureau, head=users["bureau_head"])
    county.update(
        leadership=leadership,
        bureau=bureau,
        townships=townships,
        departments=departments,
        users=users,
    )
    return county
