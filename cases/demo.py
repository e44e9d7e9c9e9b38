"""The demo county's cases: the eight key cases of the source text and about forty
ordinary ones. Every name, place and fact is invented.

Every case is built through `cases.services`, step by step, as the clerk, the unit's
liaison and the leaders would have done it. Services stamp `timezone.now()`; after
each step the rows it wrote are moved back to the day the step "happened" (demo
shaping only, see `_Clock`), so that the timelines span the last six months.

`seed_demo` (supervision) calls `seed_cases` after `seed_accounts`. A case whose
title already exists is skipped, so running it twice changes nothing.
"""

import datetime
import random
from dataclasses import dataclass, replace

from django.db.models import Case as SqlCase
from django.db.models import F, Value, When
from django.utils import timezone

from accounts.demo import LEADERS, TOWNSHIPS
from cases import services
from cases.models import (
    Case,
    CaseEvent,
    Category,
    ClosingSubmission,
    Instruction,
    LeaderArea,
    LeaderSector,
    LeaderVisit,
    LookBack,
    Measure,
    Plan,
    ProgressEntry,
    ResolutionChannel,
    RootCause,
    Tag,
)


@dataclass(frozen=True)
class CaseSpec:
    title: str
    category: str  # Category.code
    unit: str  # the owning unit's code
    leader: str  # the responsible leader's username
    opened: int  # days ago
    summary: str
    demands: str
    tags: tuple = ()  # Tag.code
    co: tuple = ()  # co-handling units' codes
    steps: tuple = ()  # (days ago, verb, *args) in the order they happened
    is_key: bool = False


def _rows(text: str) -> list[list]:
    """One row per line, fields split on "|"; whole numbers become ints."""
    return [
        [int(f) if f.lstrip("-").isdigit() else f for f in line.strip().split("|")]
        for line in text.strip().splitlines()
    ]


def _steps(text: str) -> tuple:
    """Steps, one per line: `days ago|verb|args…` (a negative day is in the future).

    Verbs are the methods of `_Story`: assign|due[|reason],
    root|mechanism|conduct|methods|history, advance|stage, plan|channels|strategy,
    measure|content|person|due, done|measure index, progress|kind|content,
    submit|reply|satisfaction, approve, return|reason, lookback|index|result|note,
    instruct|leader|content, answer|instruction index|response,
    visit|leader|place|notes.
    """
    return tuple(tuple(row) for row in _rows(text))


# --- the eight key cases (重点难点问题) ---------------------------------------

KEY_CASES = [
    CaseSpec(
        title="城关镇老城区棚户区改造安置房逾期未交付问题",
        category="housing",
        tags=("collective", "repeat", "skip_level"),
        unit="chengguan",
        co=("zhujian", "ziranziyuan"),
        leader="leader",
        opened=175,
        summary="老城区棚户区改造项目涉及住户126户，安置房原定三年前交付，因资金和施工方变更多次延期，安置户多次集体到县、市上访，其中两次越级到省。",
        demands="尽快交付安置房，补发拖欠的过渡安置费，交房同时办理不动产权证。",
        steps=_steps("""
            173|assign|-30
            166|root|镇、住建、自然资源等部门各管一段，安置房建设手续办理缺少统一调度，部门之间存在推诿。|个别干部对安置户追问以“等上级批复”搪塞，未主动上门解释。|以往只做口头解释，未向安置户公开工程进度和资金使用情况。|棚改项目启动后安置房原定三年前交付，因资金缺口和施工方变更多次停工，过渡安置费自两年前起拖欠。
            158|advance|prescription
            157|plan|leader,territorial,joint|借鉴棚改扫尾百日攻坚做法：县领导包案，城关镇负总责，住建局督促施工方倒排工期，每月向安置户公开一次工程进度，对困难户优先落实过渡安置费。
            157|measure|建立安置房建设周调度机制，每周向安置户通报工程进度|城关镇副镇长周海|150
            156|measure|补发两年来拖欠的过渡安置费|县住建局房管股股长钱立新|120
            156|measure|组织安置户代表实地查看安置房工地|城关镇信访办主任吴娟|140
            148|done|0
            139|done|2
            138|instruct|leader|请城关镇会同县住建局一周内拿出交房时间表并向安置户公开，下周听取专题汇报。
            133|answer|0|已制定交房时间表（主体完工、竣工验收、选房交付三个节点），已在社区公告栏和安置户微信群公开，专题汇报材料已报县政府办。
            118|done|1
            116|advance|follow_up
            115|progress|progress|安置房主体工程已全部封顶，过渡安置费已全部补发到位，安置户情绪总体平稳。
            100|visit|leader|城关镇政府会议室|与12名安置户代表座谈，逐一回应交房时间、房屋质量和办证问题，现场明确由住建局每月公开一次工程进度。
            95|progress|concern|部分安置户担心交房后办证难，要求交房时同步明确不动产登记办理时间。
            62|progress|strategy|调整工作策略：将办证问题纳入化解方案，请县自然资源局提前介入，交房与办证同步推进。
            21|progress|progress|安置房竣工验收已完成，拟于下月组织公开选房，办证材料已同步准备。
        """),
    ),
    CaseSpec(
        title="东湖镇工业园区征地补偿款分配纠纷",
        category="land",
        tags=("collective", "skip_level"),
        unit="donghu",
        co=("ziranziyuan", "nongye"),
        leader="leader",
        opened=120,
        summary="县工业园区二期征收东湖镇石桥村土地约380亩，补偿款已拨付到村。因集体经济组织成员资格和分配比例争议，40余名村民多次集体到县、市上访，3次越级到省。",
        demands="公开补偿款分配明细，外嫁女和户口迁出人员享受同等分配。",
        steps=_steps("""
            118|assign|-20
            110|root|补偿款拨付到村后，集体经济组织成员资格认定没有统一标准，镇、村、组三级各说各话。|村组干部对外嫁女、户口迁出人员等特殊群体的诉求回避推诿，群众认为分配不公。|分配方案未经村民代表大会表决，也未公开明细，群众不信任。|园区二期征地补偿款于去年拨付到村，分配方案公布后即引发争议，镇村两级多次调解未果。
            100|advance|prescription
            99|plan|leader,territorial,judicial|县领导包案，东湖镇落实属地责任，依法依规认定成员资格；对认定结果仍有异议的，引导通过人民调解和司法途径解决。
            99|measure|公开征地补偿款拨付及村组分配明细，接受群众监督|东湖镇纪委书记孙立|85
            98|measure|邀请法律顾问为村民解读集体经济组织成员资格认定政策|东湖司法所所长何平|70
            98|measure|完成外嫁女、户口迁出人员等特殊群体成员资格逐户认定|东湖镇副镇长郭强|12
            98|measure|召开村民代表大会表决补偿款分配方案|石桥村党支部书记马永|-15
            84|done|0
            66|done|1
            9|instruct|leader|特殊群体成员资格认定已超过计划时限，请东湖镇三日内书面说明原因、明确完成时限，并抄报县信访局。
        """),
    ),
    CaseSpec(
        title="西山乡集镇道路拓宽工程房屋拆迁补偿争议",
        category="land",
        tags=("persistent", "repeat"),
        unit="xishan",
        co=("zhujian", "sifa"),
        leader="leader_zhao",
        opened=60,
        summary="集镇道路拓宽工程拆迁房屋27户，其中5户认为补偿偏低拒绝签约，临街附属房被拆除后多次到县政府缠访，近两个月两次到市里上访。",
        demands="重新评估房屋价值，补偿被拆除的临街附属房。",
        steps=_steps("""
            58|assign|-30
            45|root|道路拓宽项目由交通、住建和乡政府分段负责，前后两批拆迁补偿标准不一致，后拆户认为吃亏。|项目推进初期为赶工期，个别干部口头承诺“先拆后补”，未兑现引发不信任。|评估报告未当面送达解释，被拆迁户对评估价格有疑问却不知道如何申请复核。|拆迁于两年前启动，22户已签约，5户未签约户的临街附属房在协议签订前被拆除。
            30|visit|leader_zhao|西山乡集镇未签约户家中|走访5户未签约拆迁户，听取对评估价格和附属房补偿的意见，要求乡政府一周内公布评估复核的申请渠道。
        """),
    ),
    CaseSpec(
        title="锦华苑小区业主不动产权证办理难问题",
        category="housing",
        tags=("collective", "repeat"),
        unit="zhujian",
        co=("ziranziyuan", "chengguan"),
        leader="leader_li",
        opened=150,
        summary="锦华苑小区共412户，交房已六年。开发商因资金链断裂欠缴土地出让金，业主至今无法办理不动产权证，子女入学和房屋交易受影响，业主多次集体到县、市信访局反映。",
        demands="尽快为业主办理不动产权证，不因开发商欠费向业主收取额外费用。",
        steps=_steps("""
            148|assign|-10
            140|root|开发商欠缴土地出让金和税费，住建、自然资源、税务各自要求补齐后再办，问题在部门间空转。|前期答复群众“属于开发商问题、政府管不了”，把矛盾推给企业。|未将开发商欠费与业主办证分开处理，业主权益被开发商问题“绑架”。|业主自交房后第三年起集中反映办证问题，其间开发商三次承诺补缴欠费均未兑现。
            130|advance|prescription
            129|plan|department,joint|住建局牵头、自然资源局和城关镇配合，按照“证缴分离”办法先为业主办证，再依法追缴开发商欠费。
            129|measure|核实业主购房款缴纳及合同备案情况，建立逐户台账|县住建局房地产股股长韩涛|110
            128|measure|将“证缴分离”办理方案报县政府常务会议研究|县住建局副局长冯磊|100
            128|measure|设立办证专窗，分批集中为业主办理不动产权证|县不动产登记中心主任曹芳|30
            109|done|0
            96|done|1
            92|advance|follow_up
            88|progress|progress|县政府常务会议已同意按“证缴分离”办法处理，开发商欠费已移交依法追缴。
            52|progress|concern|部分业主担心办证后还要补缴费用，要求书面明确办证不额外收费。
            33|done|2
            20|progress|progress|首批186户已领取不动产权证，其余业主已完成材料收件。
            6|submit|按“证缴分离”办法，业主无需承担开发商欠缴费用。截至目前已办结401户，其余11户因材料不全正在补正，办证专窗继续保留。|basically
        """),
    ),
    CaseSpec(
        title="城关镇滨河路农贸市场搬迁商户安置问题",
        category="social",
        tags=("collective", "repeat"),
        unit="chengguan",
        co=("shichang", "chengguanju"),
        leader="leader_liu",
        opened=170,
        summary="滨河路农贸市场因防洪堤建设整体搬迁，涉及经营户93户。新市场位置偏、客流少，30余户商户多次集体到镇政府和县政府反映。",
        demands="补偿过渡期经营损失，公开分配新市场摊位。",
        steps=_steps("""
            168|assign|50
            160|root|市场搬迁由城关镇、市场监管局、城管局三家推进，摊位分配和过渡经营方案没有统一牵头单位。|搬迁动员时对商户提出的过渡期损失只作口头承诺，事后无人跟进。|新市场摊位分配采取内部协商，未公开抽签，商户质疑分配不公。|老市场于去年底关闭，商户搬入新市场后营业额普遍下降，多次联名反映。
            150|advance|prescription
            149|plan|territorial,joint|城关镇落实属地责任，市场监管局和城管局配合：公开抽签分配摊位，按统一标准发放过渡期经营补助，协调开通公交线路引流。
            149|measure|在公证人员监督下公开抽签分配新市场摊位|城关镇副镇长周海|130
            149|measure|制定过渡期经营补助标准并逐户兑现|城关镇财政所所长唐敏|110
            148|measure|协调开通经过新市场的城区公交线路|县城市管理局副局长邓军|95
            129|done|0
            107|done|1
            96|done|2
            94|advance|follow_up
            90|progress|progress|摊位已全部公开抽签分配，过渡期经营补助已兑现88户，另5户已签字确认。
            70|progress|concern|个别商户反映新市场早市客流仍然不足，希望延长摊位费减免期。
            55|progress|strategy|调整策略：摊位费减免期由3个月延长至6个月，周末在新市场举办农产品展销活动引流。
            42|submit|摊位已公开抽签分配到户，过渡期经营补助全部兑现，摊位费减免期延长至6个月，公交线路已开通。商户代表签字表示满意。|satisfied
            36|approve
        """),
    ),
    CaseSpec(
        title="青石镇高铁站片区征收宅基地安置遗留问题",
        category="land",
        tags=("skip_level", "persistent", "repeat"),
        unit="qingshi",
        co=("ziranziyuan", "zhujian"),
        leader="leader_wang",
        opened=178,
        summary="高铁站片区征收涉及青石镇两个村宅基地安置户64户，其中9户因分户认定和安置地块问题未签订安置协议，多次越级到省上访。",
        demands="按分户情况重新核定安置面积，安排就近安置地块。",
        steps=_steps("""
            177|assign|118
            172|root|宅基地安置政策由县征收办统一制定，但镇村执行中对“一户多宅”“分户”情况认定口径不一。|前任经办干部调离后资料交接不全，新经办人对历史承诺不清楚，群众反复找人。|过去以稳控为主，对安置地块偏远的问题没有拿出替代方案。|片区征收于三年前启动，55户已签约安置，9户未签约户长期反映。
            165|advance|prescription
            164|plan|leader,territorial,joint|县委书记包案，青石镇落实属地责任，自然资源局重新核定分户情况；提供就近安置地块和货币安置两种选择。
            164|measure|逐户重新核定9户的分户情况并张榜公示|青石镇副镇长彭涛|150
            163|measure|在集镇规划区调剂就近安置地块|县自然资源局规划股股长曾辉|140
            151|done|0
            141|done|1
            139|advance|follow_up
            135|progress|progress|9户中7户选择就近安置地块，2户选择货币安置，均已签订安置协议。
            125|submit|9户分户情况已重新核定并公示，7户就近地块安置、2户货币安置，协议已签订，款项已兑付。|satisfied
            120|approve
            89|lookback|0|stable|走访9户，安置地块已交付，群众生活稳定。
            29|lookback|1|recurred|回访发现，2户货币安置户以周边地价上涨、补偿偏低为由再次到市里上访，要求改为地块安置，问题反弹。
            27|instruct|leader_wang|对反弹问题要深挖根源，不能简单稳控了事。请青石镇一周内重新梳理，县信访局跟踪督办。
            24|answer|0|已成立由镇长任组长的工作专班，正在重新核查两户诉求，研究货币安置与地块安置的衔接办法。
            23|assign|-37|回头看发现问题反弹，案件重新打开，重新交办并明确化解时限。
            20|root|货币安置标准多年未随地价调整，缺少动态调整机制；化解销号后没有专人持续跟踪。|上次化解后回访流于形式，两户的新诉求苗头未及时上报。|对货币安置户的后续生活保障考虑不足，只算了补偿账，没有算生计账。|片区征收于三年前启动，经县委书记包案化解销号；第二次回头看时发现2户货币安置户诉求反弹，案件重新打开。
        """),
    ),
    CaseSpec(
        title="南塘镇中心幼儿园建设项目停工问题",
        category="social",
        tags=("collective",),
        unit="jiaoyu",
        co=("nantang", "zhujian"),
        leader="leader_zhao",
        opened=140,
        summary="南塘镇中心幼儿园新建项目计划新增学位270个，主体施工过半后因配套资金不到位停工8个月。家长多次联名到县教育局和县政府反映。",
        demands="尽快复工建成，停工期间解决幼儿入园问题。",
        steps=_steps("""
            138|assign|-20
            130|root|建设资金由教育局、乡镇分担，配套资金未及时到位导致施工方停工，双方互相等待。|停工后未及时向家长说明情况，群众从传言中得知，情绪激化。|只强调资金困难，未提出过渡期学位安排，家长担心孩子无园可上。|项目于前年开工，去年停工，家长自停工后第三个月起多次联名反映。
            122|advance|prescription
            121|plan|department,joint|教育局履行主体责任，协调财政落实配套资金；南塘镇做好家长工作；停工期间利用小学闲置校舍开设过渡班。
            121|measure|协调县财政落实项目配套资金并督促施工方复工|县教育局计财股股长许峰|100
            120|measure|利用南塘镇中心小学闲置教室开设2个过渡班|南塘镇中心学校校长梁红|105
            104|done|1
            98|done|0
            96|advance|follow_up
            90|progress|progress|配套资金已落实，施工方已复工；过渡班已开班，接收幼儿56名。
            60|progress|concern|家长关心秋季能否按时搬入新园，以及新园收费标准。
            36|submit|新园主体工程已完工，正在室内装修，预计秋季开学前投入使用，收费按普惠性幼儿园标准执行。|basically
            32|return|答复未附家长代表签字确认的意见，且新园投入使用时间仅为“预计”，请落实验收时间节点后重新上报。
            25|progress|strategy|调整策略：教育局每周向家长委员会通报装修和验收进度，验收合格后再上报销号。
            8|progress|progress|新园已通过消防验收，正在进行室内环境检测。
        """),
    ),
    CaseSpec(
        title="新城社区殡葬服务站选址群众反对问题",
        category="social",
        tags=("collective", "persistent"),
        unit="minzheng",
        co=("xincheng", "shengtai"),
        leader="leader_sun",
        opened=90,
        summary="县殡葬服务站拟建于新城社区北侧，距最近居民小区约300米。周边三个小区居民200余人联名反对，多次集体到县政府反映。",
        demands="重新论证选址，远离居民区。",
        steps=_steps("""
            88|assign|-15
            80|root|选址由民政局论证，规划、环评公示与群众沟通脱节，选址前未征求周边小区意见。|群众提出异议后，有关部门以“项目已批”为由拒绝再议。|公示只在网站发布，周边居民多数不知情，事后解释缺乏说服力。|项目公示后一个月内居民联名反对，社区多次协调未果。
            70|advance|prescription
            69|plan|department,joint,bureau|民政局落实主体责任，重新论证选址；生态环境局开展环境影响专项说明；县信访局督办，召开听证会听取居民意见。
            69|measure|组织规划、环评专家和居民代表召开选址听证会|县民政局社会事务股股长宋文|50
            68|measure|对备选地块开展比选论证并向社会公示结果|县民政局副局长罗建|-20
            48|done|0
        """),
    ),
]

# --- ordinary cases: templates ----------------------------------------------------
# category|owning unit|co-handling units|title|summary|demands|many (people)
# "town" stands for the township where the matter arose.

ORDINARY = _rows("""
    land|town|ziranziyuan|修建通村公路占用承包地补偿未兑现|{place}{n}户村民反映，修建通村公路占用其承包地，约定的土地补偿和青苗补偿至今未足额兑现。|按协议足额兑现补偿款。|many
    land|town|nongye|土地流转租金拖欠|{place}{n}户村民反映，流转给种植合作社的承包地已连续两年未收到租金，合作社负责人长期联系不上。|督促合作社支付拖欠租金，或解除流转合同收回土地。|many
    land|ziranziyuan|town|宅基地建房审批久拖未办|{place}村民反映，其宅基地建房申请材料提交已半年仍无结果，一家{n}口借住亲戚家。|尽快依法审批宅基地建房申请。|few
    housing|zhujian|town|安置小区房屋渗水维修问题|{place}安置小区{n}户居民反映，入住后外墙和卫生间渗水严重，多次找施工方维修无果。|落实保修责任，彻底维修渗水问题。|many
    housing|zhujian||公租房配租资格审核异议|{place}居民反映，其家庭{n}口人均收入低于保障标准，申请公租房被告知不符合条件。|重新审核配租资格并书面说明理由。|few
    housing|chengguanju|town|自建房被认定违建拆除异议|{place}村民反映，其{n}层自建房被认定为违法建筑并下达拆除通知，认为建房时已取得村里同意。|撤销拆除决定或给予合理补偿。|few
    social|town|chengguanju|主干道路灯长期不亮|{place}{n}户村民反映，村主干道路灯损坏半年无人维修，夜间出行多次发生摔伤。|尽快修复路灯并明确日常维护责任。|many
    social|jiaoyu|town|随迁子女就近入学诉求|{place}务工人员{n}人联名反映，子女因户籍不在本地被安排到较远学校就读，接送困难。|按居住地就近安排入学。|many
    social|weijian|town|村卫生室长期停诊就医不便|{place}村民反映，村卫生室乡村医生退休后已停诊{n}个月，老人看病需到十公里外的卫生院。|尽快恢复村卫生室诊疗服务。|few
    labour|renshe|town,zhujian|建筑工地拖欠农民工工资|{place}{n}名农民工反映，在某房建项目务工，被拖欠工资共计约{money}万元。|督促施工单位尽快足额支付工资。|many
    labour|renshe||企业解除劳动合同未支付经济补偿|{place}{n}名职工反映，所在企业停产后解除劳动合同，未依法支付经济补偿。|依法支付经济补偿并补缴社会保险。|many
    labour|town|renshe|公益性岗位补贴发放不及时|{place}{n}名公益性岗位人员反映，岗位补贴已拖欠三个月未发放。|按时足额发放岗位补贴。|many
    social_security|minzheng|town|低保资格被取消申诉|{place}村民反映，其家庭{n}口人中有重病患者，今年复核时被取消低保，认为复核不公。|重新核查家庭经济状况，恢复低保待遇。|few
    social_security|minzheng||残疾人两项补贴未按时发放|{place}{n}名残疾人反映，今年以来困难残疾人生活补贴和重度残疾人护理补贴未按时到账。|核查原因并补发补贴。|many
    social_security|renshe|town|被征地农民养老保险待遇争议|{place}{n}名被征地农民反映，参保后待遇标准低于邻村，要求统一标准。|按统一政策核定养老保险待遇。|many
    environment|shengtai|town,nongye|养猪场异味和污水扰民|{place}{n}户村民反映，村旁养猪场粪污直排沟渠，异味严重，夏季无法开窗。|督促养殖场整改，达标排放。|many
    environment|shengtai|town|砂石加工厂粉尘噪声污染|{place}{n}户村民反映，砂石加工厂夜间生产，粉尘和噪声严重影响休息。|依法查处并限期整改。|many
    environment|town|shengtai,chengguanju|河道沿岸倾倒建筑垃圾|{place}村民反映，河道沿岸被倾倒建筑垃圾约{n}百立方米，汛期影响行洪。|清运垃圾并查处倾倒行为。|few
    other|shichang|nongye|购买劣质玉米种子造成减产|{place}{n}户村民反映，从农资店购买的玉米种子出苗率低，造成大面积减产。|查处销售劣质种子行为并赔偿损失。|many
    other|sifa|town|邻里宅前通道纠纷调处诉求|{place}村民反映，与邻居因宅前通道使用发生纠纷已{n}年，村组多次调解未果。|依法调处，保障通行。|few
    other|town|minzheng|村务公开不及时|{place}{n}名村民反映，村集体收支和项目资金使用情况长期未公开。|按规定公开村务财务。|many
""")
VILLAGES = _rows(
    "杨柳|石桥|枫林|荷花|大塘|新庄|王家湾|李家坪|柏树|长岗|龙井|高桥|金竹|白马|桂花|双河|竹园|梅岭|凤凰|松林"
)[0]
TOWN_NAMES = {code: name for code, name, _parent in TOWNSHIPS}
# The townships (not communities) where matters arise; 城关镇, the county seat, twice.
ORDINARY_TOWNS = ["chengguan", *(c for c, _n, parent in TOWNSHIPS if parent is None)]
LEADER_NAMES = [username for username, _name, _title in LEADERS]
# How many ordinary cases end in each state (40 in all), and when they were opened.
ORDINARY_TARGETS = {
    "new": 4,
    "root_cause": 6,
    "prescription": 7,
    "follow_up": 8,
    "closing_submitted": 4,
    "closed": 11,
}
OPENED_DAYS_AGO = {
    "new": (1, 5),
    "root_cause": (8, 40),
    "prescription": (20, 50),
    "follow_up": (30, 55),
    "closing_submitted": (35, 58),
    "closed": (60, 180),
}
MECHANISMS = (
    "乡镇与主管部门之间未明确牵头单位，问题在几个部门之间来回转办。",
    "首次办理时未建立台账，答复后没有跟踪回访。",
    "涉及的政策口径前后不一致，群众无所适从。",
    "村组两级调解后没有及时上报，错过了化解的最佳时机。",
)
CONDUCTS = (
    "经办干部答复停留在电话告知，解释不耐心。",
    "村组干部担心矛盾上交，存在能拖则拖的情况。",
    "承办人调整后工作交接不到位，群众反复找人。",
    "对群众诉求重视不够，只转办不督办。",
)
METHODS = (
    "只做政策宣读，未结合信访人实际情况算清明细账。",
    "未邀请村民代表参与现场核查，群众对核查结果不信任。",
    "未用好人民调解和法律援助力量。",
    "答复前未与信访人面对面沟通，答复内容针对性不强。",
)
STRATEGIES = (
    "先核实事实再依法依规答复，同步做好思想疏导。",
    "属地牵头、部门配合，一周内完成现场核查，两周内书面答复。",
    "依法处理与人文关怀相结合，必要时引入人民调解。",
)
MEASURES = (
    "会同有关部门开展现场核查，形成核查报告",
    "与信访人面对面沟通，逐项解释政策依据",
    "出具书面答复意见并送达信访人",
    "邀请法律顾问参与释法说理",
    "督促责任主体限期整改并复查",
)
PEOPLE = ("分管副镇长", "包村干部", "股室负责人", "驻村第一书记", "综治中心主任")
NAMES = ("李伟", "王芳", "张磊", "刘洋", "陈静", "杨勇", "赵军", "黄娟", "周杰", "吴敏")
PROGRESS = (
    ("progress", "现场核查已完成，核查结果已向信访人反馈。"),
    ("concern", "信访人认可核查结论，但希望尽快兑现相关款项。"),
    ("progress", "责任主体已按要求整改，经复查达到要求。"),
    ("strategy", "信访人情绪有反复，调整为由村党支部书记和亲属共同做思想工作。"),
)
REPLIES = (
    "经核查，反映的问题已按政策处理到位，书面答复已送达信访人。",
    "相关款项已足额兑付，信访人已签字确认。",
    "责任主体已完成整改，经复查达到要求，已向信访人当面反馈。",
)
RETURN_REASON = "答复材料未附信访人意见，请补充后重新上报。"
LOOKBACK_NOTE = "电话回访信访人，问题未反弹。"


# --- shaping time ----------------------------------------------------------------


def _day(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def _at(days_ago: int) -> datetime.datetime:
    """A plausible office hour on that day."""
    time = datetime.time(9 + days_ago * 7 % 8, days_ago * 13 % 60)
    return datetime.datetime.combine(
        _day(days_ago), time, tzinfo=timezone.get_current_timezone()
    )


# The times services write, per model: moved back to when the step happened.
_STAMPED = [
    (CaseEvent, ("created_at",)),
    (RootCause, ("updated_at",)),
    (Plan, ("updated_at",)),
    (Measure, ("created_at", "done_at")),
    (ProgressEntry, ("created_at",)),
    (ClosingSubmission, ("submitted_at", "decided_at")),
    (LookBack, ("recorded_at",)),
    (Instruction, ("created_at", "answered_at")),
    (LeaderVisit, ("created_at",)),
    (
        Case,
        ("created_at", "updated_at", "assigned_at", "closed_at", "last_progress_at"),
    ),
]


class _Clock:
    """Demo shaping: a case's times written during this run (at or after `start`)
    are moved back to the moment the step is meant to have happened."""

    def __init__(self):
        self.start = timezone.now()

    def stamp(self, case, when):
        for model, fields in _STAMPED:
            rows = model.objects.filter(
                **{"pk" if model is Case else "case_id": case.pk}
            )
            rows.update(
                **{
                    field: SqlCase(
                        When(**{f"{field}__gte": self.start}, then=Value(when)),
                        default=F(field),
                    )
                    for field in fields
                }
            )


# --- one case's story, told through the services ---------------------------------


class _Story:
    """Each method is one step verb (see `_steps`); `when` is the step's time."""

    def __init__(self, case, spec, county):
        self.case, self.spec, self.county = case, spec, county
        self.users = county["users"]
        self.clerk = self.users["clerk"]
        liaison = {"chengguan": "liaison", "zhujian": "dept"}
        self.worker = self.users[liaison.get(spec.unit, f"lx_{spec.unit}")]
        self.measures, self.instructions = [], []

    def assign(self, when, due, reason=""):
        units = {**self.county["townships"], **self.county["departments"]}
        services.case_assign(
            case=self.case,
            actor=self.clerk,
            owning_unit=units[self.spec.unit],
            co_units=[units[code] for code in self.spec.co],
            leader=self.users[self.spec.leader],
            due_date=_day(due),  # may be past: the service accepts it (demo)
            reason=reason,
        )

    def root(self, when, mechanism, conduct, methods, history):
        services.root_cause_save(
            case=self.case,
            actor=self.worker,
            mechanism=mechanism,
            conduct=conduct,
            methods=methods,
            history=history,
        )

    def advance(self, when, stage):
        services.case_advance(case=self.case, actor=self.worker, to_stage=stage)

    def plan(self, when, channels, strategy):
        channels = ResolutionChannel.objects.filter(code__in=channels.split(","))
        services.plan_save(
            case=self.case, actor=self.worker, strategy=strategy, channels=channels
        )

    def measure(self, when, content, person, due):
        measure = services.measure_add(
            case=self.case,
            actor=self.worker,
            content=content,
            responsible_person=person,
            due_date=_day(due),
        )
        self.measures.append(measure)

    def done(self, when, index):
        measure = self.measures[index]
        services.measure_set_done(measure=measure, actor=self.worker, done=True)

    def progress(self, when, kind, content):
        services.progress_add(
            case=self.case, actor=self.worker, content=content, kind=kind
        )

    def submit(self, when, reply, satisfaction):
        services.closing_submit(
            case=self.case, actor=self.worker, reply=reply, satisfaction=satisfaction
        )

    def approve(self, when):
        services.closing_approve(case=self.case, actor=self.clerk)
        # Demo shaping: look-backs fall due counted from the backdated closing day.
        pending = LookBack.objects.filter(case=self.case, result="pending")
        for lookback in pending:
            due = when.date() + datetime.timedelta(days=lookback.offset_days)
            pending.filter(pk=lookback.pk).update(due_date=due)

    def return_(self, when, reason):
        services.closing_return(case=self.case, actor=self.clerk, reason=reason)

    def lookback(self, when, index, result, note):
        closing = self.case.closings.filter(decision="approved").first()
        lookback = closing.lookbacks.order_by("offset_days")[index]
        services.lookback_record(
            lookback=lookback, actor=self.worker, result=result, note=note
        )

    def instruct(self, when, leader, content):
        instruction = services.instruction_add(
            case=self.case, actor=self.users[leader], content=content
        )
        self.instructions.append(instruction)

    def answer(self, when, index, response):
        services.instruction_answer(
            instruction=self.instructions[index], actor=self.worker, response=response
        )

    def visit(self, when, leader, place, notes):
        services.visit_record(
            case=self.case,
            actor=self.users[leader],
            leader=self.users[leader],
            visited_on=when.date(),
            place=place,
            notes=notes,
        )


def _build(spec: CaseSpec, county: dict, clock: _Clock) -> Case:
    case = services.case_create(
        actor=county["users"]["clerk"],
        title=spec.title,
        summary=spec.summary,
        demands=spec.demands,
        category=Category.objects.get(code=spec.category),
        tags=Tag.objects.filter(code__in=spec.tags),
        is_key=spec.is_key,
        opened_on=_day(spec.opened),
    )
    clock.stamp(case, _at(spec.opened))
    story = _Story(case, spec, county)
    for days_ago, verb, *args in spec.steps:
        when = _at(days_ago)
        getattr(story, "return_" if verb == "return" else verb)(when, *args)
        clock.stamp(case, when)
    return case


# --- the ordinary cases, generated -----------------------------------------------


def _ordinary_steps(rng, target: str, nth: int, channels: str):
    """The story of the `nth` ordinary case ending in `target`: (opened, steps)."""
    overdue = nth == 0 and target in ("root_cause", "prescription", "follow_up")
    returned = nth == 1 and target == "follow_up"  # its closing was sent back once
    opened = rng.randint(*OPENED_DAYS_AGO[target])
    if overdue:
        opened = 60 + rng.randint(3, 15)  # the 60-day due date has passed
    if target == "new":
        return opened, ()
    end = 1  # the last step: yesterday at the latest
    if target == "closed":
        end = opened - rng.randint(35, 55)
        if nth == 0:  # closed a month ago: its first look-back is due, not yet done
            end = 31 + rng.randint(0, 3)
    verbs = []
    if not (target == "root_cause" and nth == 1):  # one has no findings yet
        months = rng.randint(2, 12)
        history = f"该问题最早于{months}个月前反映，此前经村组调解未果。"
        verbs.append(
            ("root", *(rng.choice(t) for t in (MECHANISMS, CONDUCTS, METHODS)), history)
        )
    if target != "root_cause":
        verbs += [
            ("advance", "prescription"),
            ("plan", channels, rng.choice(STRATEGIES)),
        ]
        for content in rng.sample(MEASURES, 2):
            verbs.append(("measure", content, rng.choice(PEOPLE) + rng.choice(NAMES)))
        if target == "prescription":
            verbs += [("done", 0)] if nth % 2 == 0 else []
        else:
            verbs += [("done", 0), ("done", 1), ("advance", "follow_up")]
            verbs += [("progress", *p) for p in rng.sample(PROGRESS, rng.randint(1, 2))]
    if returned:
        verbs += [
            ("submit", rng.choice(REPLIES), "basically"),
            ("return", RETURN_REASON),
        ]
        verbs += [("progress", *PROGRESS[2])]
    if target in ("closing_submitted", "closed"):
        satisfaction = rng.choice(("satisfied", "satisfied", "basically"))
        verbs.append(("submit", rng.choice(REPLIES), satisfaction))
    if target == "closed":
        verbs.append(("approve",))
    days = sorted((rng.randint(end, opened - 2) for _ in verbs), reverse=True)
    if target == "closed":
        days[-1] = end  # the day the closing was approved
    steps = [(opened - 1, "assign", opened - 60)]  # due 60 days after opening
    for day, verb in zip(days, verbs, strict=True):
        if verb[0] == "measure":  # due in two to three weeks; open ones not late
            due = day - rng.randint(10, 25)
            verb = (*verb, due if overdue or target != "prescription" else min(due, -3))
        steps.append((day, *verb))
    if target == "closed":
        for index, offset in enumerate(services.lookback_offsets()):
            if end - offset >= 2 and nth != 0:  # due and done, the day after
                steps.append(
                    (end - offset - 1, "lookback", index, "stable", LOOKBACK_NOTE)
                )
    return opened, tuple(steps)


def _ordinary_specs() -> list[CaseSpec]:
    rng = random.Random(2026)  # the same cases on every run
    templates = [*ORDINARY, *ORDINARY]
    rng.shuffle(templates)
    targets = [t for t, count in ORDINARY_TARGETS.items() for _ in range(count)]
    specs, seen = [], dict.fromkeys(ORDINARY_TARGETS, 0)
    for target, template in zip(targets, templates, strict=False):
        category, owner, co, tail, summary, demands, many = template
        town = rng.choice(ORDINARY_TOWNS)
        title = None
        while title is None or title in {spec.title for spec in specs}:
            place = f"{TOWN_NAMES[town]}{rng.choice(VILLAGES)}村"
            title = f"{place}{tail}"
        n = rng.randint(5, 30) if many == "many" else rng.randint(2, 6)
        tags = ["collective"] if many == "many" and n >= 10 else []
        tags += ["repeat"] if rng.random() < 0.3 else []
        tags += ["skip_level"] if rng.random() < 0.08 else []
        co_units = tuple(town if c == "town" else c for c in co.split(",") if c)
        channels = "territorial" if owner == "town" else "department"
        channels += ",joint" if co_units else ""
        opened, steps = _ordinary_steps(rng, target, seen[target], channels)
        seen[target] += 1
        specs.append(
            CaseSpec(
                title=title,
                category=category,
                tags=tuple(tags),
                unit=town if owner == "town" else owner,
                co=co_units,
                leader=rng.choice(LEADER_NAMES),
                opened=opened,
                summary=summary.format(place=place, n=n, money=n * 3),
                demands=demands,
                steps=steps,
            )
        )
    return specs


# --- entry point -----------------------------------------------------------------


def seed_cases(county: dict) -> dict:
    """Add the demo county's cases, skipping those already there (by title).

    Returns {"cases": every demo case, "created": how many were added now,
    "key": how many are key cases}.
    """
    leader = county["users"]["leader"]
    LeaderArea.objects.get_or_create(leader=leader, unit=county["townships"]["donghu"])
    LeaderSector.objects.get_or_create(
        leader=leader, category=Category.objects.get(code="land")
    )
    specs = [replace(spec, is_key=True) for spec in KEY_CASES] + _ordinary_specs()
    clock = _Clock()
    cases, created = [], 0
    for spec in specs:
        case = Case.objects.filter(title=spec.title).first()
        if case is None:
            case = _build(spec, county, clock)
            created += 1
        cases.append(case)
    return {"cases": cases, "created": created, "key": len(KEY_CASES)}
