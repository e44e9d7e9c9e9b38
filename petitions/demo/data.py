"""The demo petitions' facts: people, what they petitioned, reception days."""

import datetime
import random
from dataclasses import dataclass

from petitions import services
from petitions.models import Petition
from petitions.validators import id_check_character

COUNTY = "云溪县"
REGION = "330999"  # not a real county's code
# The public-page example (README): a fixed query code on the collective visit
# about the 城关镇 shanty-town case, and its first representative's phone.
PUBLIC_QUERY_CODE = "DEMQ2626YX"
PUBLIC_PHONE = "13957718826"
RECEPTION_PLACE = "县信访局一楼接待大厅"

Decision = Petition.Decision

# --- the reasons told to the petitioners (shown on the public page) ----------------

ACCEPTED = (
    "您反映的问题属于信访事项受理范围，予以受理，已交{unit}办理，将在60日内书面答复您。"
)
ACCEPTED_NO_UNIT = (
    "您反映的问题属于信访事项受理范围，予以受理，将交有关单位办理，60日内书面答复您。"
)
MERGED = (
    "您反映的问题与已受理的信访事项为同一事项，已并入原事项一并办理，"
    "办理结果将一并书面答复您。"
)
ANSWERED_BEFORE = (
    "您反映的问题此前已作出处理意见。因问题尚未根本解决，县里已将其列为重点难点问题，"
    "由县领导包案、责任单位限期化解，本次信访作为同一事项不再重复受理，化解进展将及时告知您。"
)
SKIP_LEVEL = (
    "您越级反映的问题已由上级信访部门转来。该事项正由县领导包案化解，依法不再重复受理，"
    "化解方案和进展将由责任单位当面向您说明。"
)
SAME_MATTER = (
    "您反映的问题与正在化解的同一事项相同，依法不再重复受理，"
    "您的意见已转责任单位在化解中一并研究，化解结果将及时告知您。"
)
ANSWERED_CLOSED = (
    "该事项已办结并书面答复。您如对处理意见不服，可自收到书面答复之日起30日内"
    "向县人民政府申请复查，本次信访不再作为新的信访事项受理。"
)


# --- people ------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    male: bool
    address: str
    phone: str = ""  # generated unless given


def _id_number(rng: random.Random, index: int, male: bool) -> str:
    """A valid fictional ID number: region 330999, a birth date, a sequence whose
    last digit is odd for a man (GB 11643), and the check character."""
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(16000))
    first17 = f"{REGION}{born:%Y%m%d}{(index * 2 + male) % 1000:03d}"
    return first17 + id_check_character(first17)


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("135", "136", "138", "139", "151", "158", "187", "188"))
    return f"{prefix}{rng.randrange(10**8):08d}"


class _People:
    """Hands out each person's ID number and phone, the same on every run."""

    def __init__(self):
        self.known: dict[Person, services.PersonInput] = {}

    def __call__(self, person: Person) -> services.PersonInput:
        if person not in self.known:
            index = len(self.known)
            rng = random.Random(f"demo-person-{index}-{person.name}")
            self.known[person] = services.PersonInput(
                name=person.name,
                id_number=_id_number(rng, index, person.male),
                phone=person.phone or _phone(rng),
                address=person.address,
            )
        return self.known[person]


SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭罗梁宋郑谢韩唐冯"
MEN = ("建国", "志刚", "德明", "永强", "国平", "春生", "海林", "长青", "金富", "有才")
WOMEN = ("秀英", "桂兰", "玉梅", "春花", "丽娟", "凤英", "淑珍", "美华", "小红", "雪梅")


def _villager(rng: random.Random, place: str) -> Person:
    male = rng.random() < 0.6
    name = rng.choice(SURNAMES) + rng.choice(MEN if male else WOMEN)
    return Person(name, male, f"{COUNTY}{place}{rng.randint(1, 12)}组")


# The people behind the key cases, by the case they petition about.
LIN = Person("林国栋", True, f"{COUNTY}城关镇老城区棚改过渡安置点", PUBLIC_PHONE)
HUANG = Person("黄秀英", False, f"{COUNTY}城关镇老城区棚改过渡安置点")
PAN = Person("潘志远", True, f"{COUNTY}城关镇解放路社区")
SHI = [
    Person("石长根", True, f"{COUNTY}东湖镇石桥村3组"),
    Person("石桂芳", False, f"{COUNTY}东湖镇石桥村5组"),
    Person("邹玉莲", False, f"{COUNTY}城关镇滨河路社区"),
]
XISHAN = [
    Person("程德厚", True, f"{COUNTY}西山乡集镇老街"),
    Person("程秋菊", False, f"{COUNTY}西山乡集镇老街"),
]
JINHUA = [
    Person("蒋文涛", True, f"{COUNTY}城关镇锦华苑小区"),
    Person("沈丽萍", False, f"{COUNTY}城关镇锦华苑小区"),
]
MARKET = [
    Person("方金龙", True, f"{COUNTY}城关镇滨河路"),
    Person("袁秀珍", False, f"{COUNTY}城关镇滨河路"),
]
QINGSHI = [
    Person("叶长发", True, f"{COUNTY}青石镇高铁站片区"),
    Person("叶德旺", True, f"{COUNTY}青石镇高铁站片区"),
]
NANTANG = [
    Person("钟晓燕", False, f"{COUNTY}南塘镇南塘街"),
    Person("余海波", True, f"{COUNTY}南塘镇南塘街"),
]
XINCHENG = [
    Person("魏建华", True, f"{COUNTY}城关镇新城社区"),
    Person("贺美玲", False, f"{COUNTY}城关镇新城社区"),
]

# --- what happened, petition by petition -------------------------------------------


@dataclass(frozen=True)
class PetitionSpec:
    content: str  # unique: the demo petition's key
    people: tuple  # Person; the first is the representative
    # Received this many days after (+) or before (-) the anchor: "opened" (the
    # case was opened), "accepted" (the case's statutory clock started), "today";
    # ignored for a petition received on a reception day.
    anchor: str
    offset: int
    channel: str = Petition.Channel.VISIT
    decision: str = Decision.ACCEPTED
    decided: int = 2  # days after receipt
    reason: str = ""
    case: str = ""  # a fragment of the key case's title; "" for a new matter
    demands: str = ""
    head_count: int = 0
    skip_level: bool = False
    reception: str = ""  # the reception day's key
    starts_clock: bool = False  # its acceptance started the case's 60-day clock
    proposed_title: str = ""  # a new matter
    unit: str = ""  # a new matter handed to this unit (its code)
    category: str = ""  # and the category of the case it opens
    query_code: str = ""


def _key(case, content, people, anchor, offset, **extra) -> PetitionSpec:
    return PetitionSpec(
        content=content, people=people, anchor=anchor, offset=offset, case=case, **extra
    )


KEY_PETITIONS = [
    _key(
        "棚户区改造",
        "城关镇老城区棚户区改造安置户代表来访，反映安置房原定三年前交付至今未交付，"
        "过渡安置费自两年前起拖欠，生活困难。",
        (LIN, HUANG),
        "opened",
        -1,
        demands="尽快交付安置房，补发拖欠的过渡安置费。",
        decision=Decision.NOT_ACCEPTED,
        decided=1,
        reason=ANSWERED_BEFORE,
    ),
    _key(
        "棚户区改造",
        "棚改安置户到省信访局反映安置房逾期未交付问题，省信访局转来。",
        (PAN,),
        "opened",
        47,
        channel=Petition.Channel.LETTER,
        skip_level=True,
        demands="要求省里督促县里尽快交房。",
        decision=Decision.NOT_ACCEPTED,
        decided=3,
        reason=SKIP_LEVEL,
    ),
    _key(
        "棚户区改造",
        "老城区棚户区改造安置户30人集体来访，推选林国栋、黄秀英、潘志远为代表，"
        "反映安置房即将竣工，但交房后何时能办理不动产权证没有明确说法。",
        (LIN, HUANG, PAN),
        "accepted",
        -2,
        head_count=30,
        demands="交房与办理不动产权证同步进行，书面明确办证时间。",
        reason="您提出的交房与办证同步办理的诉求予以受理，已交城关镇会同县住建局、"
        "县自然资源局办理，将在60日内书面答复您。",
        starts_clock=True,
        query_code=PUBLIC_QUERY_CODE,
    ),
    _key(
        "征地补偿款分配",
        "东湖镇石桥村村民代表来访，反映工业园区二期征地补偿款分配方案未经村民代表大会表决，"
        "分配明细不公开。",
        (SHI[0],),
        "opened",
        -1,
        demands="公开补偿款分配明细，重新表决分配方案。",
        decision=Decision.NOT_ACCEPTED,
        decided=1,
        reason=ANSWERED_BEFORE,
    ),
    _key(
        "征地补偿款分配",
        "石桥村村民到省信访局反映征地补偿款分配不公，省信访局转来。",
        (SHI[0],),
        "opened",
        25,
        channel=Petition.Channel.LETTER,
        skip_level=True,
        decision=Decision.NOT_ACCEPTED,
        decided=3,
        reason=SKIP_LEVEL,
    ),
    _key(
        "征地补偿款分配",
        "石桥村外嫁女2人来信，反映户口仍在本村，但未被认定为集体经济组织成员，未分得征地补偿款。",
        (SHI[1], SHI[2]),
        "accepted",
        -3,
        channel=Petition.Channel.LETTER,
        demands="认定集体经济组织成员资格，与其他村民同等分配补偿款。",
        decided=3,
        reason="您反映的外嫁女成员资格认定和补偿款分配问题予以受理，已交东湖镇办理，"
        "将在60日内书面答复您。",
        starts_clock=True,
    ),
    _key(
        "征地补偿款分配",
        "石桥村外嫁女网上反映，镇里承诺的成员资格逐户认定已超过期限仍未完成。",
        (SHI[1],),
        "today",
        -11,
        channel=Petition.Channel.ONLINE,
        decided=1,
        reason=MERGED,
    ),
    _key(
        "道路拓宽工程",
        "西山乡集镇道路拓宽工程未签约拆迁户来访，反映房屋评估价格偏低，临街附属房在签约前被拆除。",
        (XISHAN[0],),
        "opened",
        -1,
        demands="重新评估房屋价值，补偿被拆除的附属房。",
        decision=Decision.NOT_ACCEPTED,
        decided=1,
        reason=ANSWERED_BEFORE,
    ),
    _key(
        "道路拓宽工程",
        "西山乡拆迁户到市信访局反映拆迁补偿偏低问题，市信访局转来。",
        (XISHAN[0],),
        "opened",
        12,
        skip_level=True,
        decision=Decision.NOT_ACCEPTED,
        decided=2,
        reason=SKIP_LEVEL,
    ),
    _key(
        "道路拓宽工程",
        "西山乡集镇未签约拆迁户2人在县领导接待日来访，提出申请对房屋评估价格进行复核，"
        "并要求补偿被拆除的临街附属房。",
        (XISHAN[0], XISHAN[1]),
        "accepted",
        -3,
        channel=Petition.Channel.RECEPTION,
        reception="zhao",
        demands="复核评估价格，补偿临街附属房。",
        reason="您提出的房屋评估复核和临街附属房补偿诉求予以受理，已交西山乡会同县住建局、"
        "县司法局办理，将在60日内书面答复您。",
        starts_clock=True,
    ),
    _key(
        "不动产权证办理难",
        "锦华苑小区业主代表来访，反映交房六年仍无法办理不动产权证，子女入学和房屋交易受影响。",
        (JINHUA[0],),
        "opened",
        -2,
        demands="尽快办理不动产权证。",
        decision=Decision.NOT_ACCEPTED,
        decided=2,
        reason=ANSWERED_BEFORE,
    ),
    _key(
        "不动产权证办理难",
        "锦华苑小区业主网上反映，担心按“证缴分离”办证后还要补缴开发商欠缴的费用。",
        (JINHUA[1],),
        "accepted",
        -3,
        channel=Petition.Channel.ONLINE,
        demands="书面明确办证不向业主额外收费。",
        reason="您提出的书面明确办证收费问题予以受理，已交县住建局办理，将在60日内书面答复您。",
        starts_clock=True,
    ),
    _key(
        "不动产权证办理难",
        "锦华苑小区业主在县领导接待日来访，反映剩余业主因材料不全尚未办证，询问补正办法。",
        (JINHUA[0], JINHUA[1]),
        "today",
        0,
        channel=Petition.Channel.RECEPTION,
        reception="li",
        reason=MERGED,
    ),
    _key(
        "农贸市场搬迁",
        "滨河路农贸市场搬迁商户代表来访，反映新市场位置偏、客流少，过渡期经营损失无人补偿。",
        (MARKET[0],),
        "opened",
        -1,
        demands="补偿过渡期经营损失，公开分配摊位。",
        decision=Decision.NOT_ACCEPTED,
        decided=1,
        reason=ANSWERED_BEFORE,
    ),
    _key(
        "农贸市场搬迁",
        "滨河路农贸市场商户联名来信，再次要求公开抽签分配新市场摊位。",
        (MARKET[1], MARKET[0]),
        "opened",
        12,
        channel=Petition.Channel.LETTER,
        decision=Decision.NOT_ACCEPTED,
        decided=3,
        reason=SAME_MATTER,
    ),
    _key(
        "高铁站片区",
        "青石镇高铁站片区未签约宅基地安置户来访，反映分户认定不合理，安置地块偏远。",
        (QINGSHI[0],),
        "opened",
        -1,
        demands="重新核定分户情况，就近安排安置地块。",
        decision=Decision.NOT_ACCEPTED,
        decided=1,
        reason=ANSWERED_BEFORE,
    ),
    _key(
        "高铁站片区",
        "青石镇高铁站片区2户货币安置户到市信访局反映，周边地价上涨，货币补偿偏低，"
        "要求改为地块安置，市信访局转来。",
        QINGSHI,
        "accepted",
        -8,
        skip_level=True,
        demands="将货币安置改为地块安置。",
        decided=8,
        reason="您提出的货币安置改为地块安置的诉求予以受理，已交青石镇办理，"
        "将在60日内书面答复您。",
        starts_clock=True,
    ),
    _key(
        "幼儿园建设项目",
        "南塘镇中心幼儿园项目幼儿家长联名来信，反映幼儿园停工数月，孩子面临无园可上。",
        (NANTANG[0], NANTANG[1]),
        "opened",
        -1,
        channel=Petition.Channel.LETTER,
        demands="尽快复工建成。",
        decision=Decision.NOT_ACCEPTED,
        decided=1,
        reason=ANSWERED_BEFORE,
    ),
    _key(
        "幼儿园建设项目",
        "南塘镇幼儿家长网上反映，询问新幼儿园能否在秋季开学前投入使用及收费标准。",
        (NANTANG[0],),
        "accepted",
        -2,
        channel=Petition.Channel.ONLINE,
        demands="明确新园投用时间，按普惠标准收费。",
        reason="您提出的新园投用时间和收费标准问题予以受理，已交县教育局办理，"
        "将在60日内书面答复您。",
        starts_clock=True,
    ),
    _key(
        "殡葬服务站选址",
        "新城社区周边小区居民代表来访，反对殡葬服务站在距小区约300米处选址建设。",
        (XINCHENG[0], XINCHENG[1]),
        "opened",
        -1,
        demands="重新论证选址，远离居民区。",
        decision=Decision.NOT_ACCEPTED,
        decided=1,
        reason="您反映的殡葬服务站选址问题，县民政局已于公示期内收到周边居民的同一异议，"
        "现已列为县级重点难点问题，由县领导包案、重新论证，本次信访不再重复受理，"
        "论证结果将及时告知您。",
    ),
    _key(
        "殡葬服务站选址",
        "新城社区居民来信，要求公开选址听证会意见采纳情况和备选地块比选结果。",
        (XINCHENG[1],),
        "accepted",
        -2,
        channel=Petition.Channel.LETTER,
        demands="公开听证意见采纳情况和比选结果。",
        reason="您提出的公开听证意见采纳情况和比选结果的诉求予以受理，已交县民政局办理，"
        "将在60日内书面答复您。",
        starts_clock=True,
    ),
]

NEW_MATTERS = [
    PetitionSpec(
        content="北岭乡长岗村12组村民来信，反映村里自来水管网老化，入夏以来经常停水、水压不足。",
        people=(Person("罗永福", True, f"{COUNTY}北岭乡长岗村12组"),),
        anchor="today",
        offset=-22,
        channel=Petition.Channel.LETTER,
        demands="改造供水管网，保障正常供水。",
        proposed_title="北岭乡长岗村自来水经常停水问题",
        decision=Decision.PENDING,
    ),
    PetitionSpec(
        content="河口镇滨江花园小区业主网上反映，物业公司擅自提高物业费，并停止电梯维保。",
        people=(Person("唐晓梅", False, f"{COUNTY}河口镇滨江花园小区"),),
        anchor="today",
        offset=-6,
        channel=Petition.Channel.ONLINE,
        demands="查处物业擅自涨价，恢复电梯维保。",
        proposed_title="河口镇滨江花园小区物业擅自涨价问题",
        decision=Decision.PENDING,
    ),
    PetitionSpec(
        content="白沙乡双河村村民来电，反映村道旁有人违规采砂，运砂车压坏村道。",
        people=(Person("谢长林", True, f"{COUNTY}白沙乡双河村4组"),),
        anchor="today",
        offset=-2,
        channel=Petition.Channel.PHONE,
        demands="制止违规采砂，修复村道。",
        proposed_title="白沙乡双河村违规采砂压坏村道问题",
        decision=Decision.PENDING,
    ),
    PetitionSpec(
        content="城关镇居民来访，反映借给同村人的8万元到期未还，多次催要无果，要求政府出面追讨。",
        people=(Person("郑宝山", True, f"{COUNTY}城关镇解放路社区"),),
        anchor="today",
        offset=-25,
        demands="帮助追回借款。",
        decision=Decision.NOT_ACCEPTED,
        decided=3,
        reason="您反映的借款纠纷属于民事纠纷，依法应当通过向人民法院提起诉讼解决，"
        "不属于信访事项受理范围，不予受理。如有困难，可向县法律援助中心申请法律援助。",
    ),
    PetitionSpec(
        content="桃源社区居民在县领导接待日来访，反映小区加装电梯，低楼层住户不同意分摊费用，"
        "工程停滞半年。",
        people=(
            Person("许文华", False, f"{COUNTY}城关镇桃源社区"),
            Person("梁国庆", True, f"{COUNTY}城关镇桃源社区"),
        ),
        anchor="today",
        offset=0,
        channel=Petition.Channel.RECEPTION,
        reception="li",
        demands="协调各楼层住户，按政策分摊费用，尽快复工。",
        proposed_title="桃源社区老旧小区加装电梯费用分摊纠纷",
        decision=Decision.ASSIGNED,
        decided=3,
        reason="您反映的问题予以受理，已交桃源社区办理，将在60日内书面答复您。",
        unit="taoyuan",
        category="housing",
    ),
]

# --- reception days ----------------------------------------------------------------

# key: leader, when (days from today, or "xishan": the day the 西山乡 households
# came), hours, place, topics. The leader and topics identify the demo day.
RECEPTION_DAYS = [
    ("zhao", "leader_zhao", "xishan", (9, 12), RECEPTION_PLACE, "征地拆迁、城乡建设"),
    ("li", "leader_li", -12, (9, 12), RECEPTION_PLACE, "住房保障、物业管理"),
    ("chen", "leader", 7, (9, 12), RECEPTION_PLACE, "征地补偿、土地流转"),
    ("wang", "leader_wang", 14, (9, 12), RECEPTION_PLACE, "重点难点信访问题"),
    (
        "sun",
        "leader_sun",
        21,
        (14, 17),
        "东湖镇人民政府信访接待室",
        "涉法涉诉、矛盾纠纷化解（下访）",
    ),
]
