"""A province-sized data set for the benchmarks: `manage.py bench_seed --cases N`.

Most rows are made inside PostgreSQL with INSERT … SELECT over generate_series, so
a million cases take minutes: every value is a deterministic function of a row
number (`hashint8`), which makes two runs with the same N identical. Only the
petitioners go through Python, because their ID numbers and phones must be
encrypted with the application's keys; they are streamed with COPY.

The shape, per case on average: 3 petitions, 10 timeline events, 1.5 measures,
1 follow-up entry; a closing and its three look-backs for each closed case; a year
of daily reports for every unit. Case `BX` + 1 has 200 events (the detail page's
benchmark), and petition query code `BENQ2626YX` with phone ending 8826 is the
public page's.

Triggers (the history tables) are switched off for the session while loading:
bench data is not a change anyone made.
"""

import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from common.crypto import encrypt, keyed_hash
from common.masking import mask_id_number, mask_phone
from petitions.validators import id_check_character

PASSWORD = "demo12345"
PUBLIC_CODE = "BENQ2626YX"
PUBLIC_PHONE = "13900008826"
BIG_CASE_EVENTS = 200

PLACES = list("东西南北中上下前后新老大小石金银青白红黄绿丰安泰")
PLACES2 = list("湖山河桥塘岭坪湾溪冲岗坝田庄店园林洲口港")
DEPARTMENTS = [
    "住建局",
    "自然资源局",
    "人社局",
    "民政局",
    "教育局",
    "卫健委",
    "交通运输局",
    "水利局",
    "农业农村局",
    "市场监管局",
    "生态环境局",
    "公安局",
    "财政局",
    "城管局",
    "医保局",
    "退役军人事务局",
    "司法局",
    "林业局",
    "应急管理局",
    "供销社",
]
ISSUES = [
    "征地补偿款未足额发放",
    "拆迁安置房迟迟未交付",
    "拖欠农民工工资",
    "宅基地权属纠纷",
    "企业改制职工社保接续",
    "小区物业与业主矛盾",
    "道路施工噪音扰民",
    "养殖场污染水源",
    "医疗纠纷赔偿",
    "退役军人待遇落实",
    "土地承包经营权流转纠纷",
    "学校周边交通安全",
    "违章建筑影响采光",
    "低保资格认定异议",
    "山林权属争议",
    "房屋质量问题维修",
]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹")
GIVEN = list("建国军华明伟芳秀英丽强磊洋艳勇杰娟涛超霞平刚桂兰梅")
assert (len(PLACES), len(PLACES2), len(ISSUES), len(SURNAMES), len(GIVEN)) == (
    24,
    20,
    16,
    30,
    25,
), "the SQL below indexes these lists by those lengths"


def _id_number(i: int) -> str:
    """A distinct 18-character ID number for petitioner i (up to 16.8 million)."""
    birth = f"{1950 + i % 50}{i // 50 % 12 + 1:02d}{i // 600 % 28 + 1:02d}"
    first17 = f"330102{birth}{i // 16800 % 1000:03d}"
    return first17 + id_check_character(first17)


class Seeder:
    def __init__(self, cases: int, stdout=None, *, grow: bool = False):
        """Seed `cases` cases into an empty database; with grow=True, add them
        (and their records) to a database this seeder filled before."""
        self.cases = cases
        self.grow = grow
        self.units = 1000
        self.users = 5000
        self.stdout = stdout
        self.today = timezone.localdate()
        self.started = time.monotonic()

    def log(self, message: str) -> None:
        if self.stdout is not None:
            elapsed = time.monotonic() - self.started
            self.stdout.write(f"[{elapsed:7.1f}s] {message}")
            self.stdout.flush()

    def run(self) -> None:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*), coalesce(max(id), 0) FROM cases_case")
            existing, self.after = cur.fetchone()
            cur.execute("SELECT count(*) FROM petitions_petitioner")
            self.people_before = cur.fetchone()[0]
            if existing and not self.grow:
                raise ValueError("the database already holds cases: seed an empty one")
            if self.grow and not existing:
                raise ValueError("nothing to grow: seed the database first")
            self.offset = existing
        with transaction.atomic(), connection.cursor() as cur:
            self.cur = cur
            # Load without triggers (history tables) and without FK trigger checks;
            # every reference below is made from rows that exist.
            cur.execute("SET LOCAL session_replication_role = replica")
            cur.execute("SET LOCAL synchronous_commit = off")
            cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
            # Building an index once is far quicker than growing it row by row
            # (the trigram indexes above all): drop the secondary indexes of the
            # tables filled here, put them back at the end.
            indexes = self.drop_secondary_indexes()
            if not self.grow:
                self.step("units", self.seed_units)
                self.step("users", self.seed_users)
                self.step("leaders' areas and sectors", self.seed_leader_areas)
            self.step(f"{self.cases:,} cases", self.seed_cases)
            # Every later step reads the cases of this run only.
            cur.execute(
                "CREATE TEMP VIEW new_cases AS SELECT * FROM cases_case "
                f"WHERE id > {int(self.after)}"
            )
            self.step("tags and co-handling units", self.seed_case_links)
            self.step("timeline events", self.seed_events)
            self.step("root causes, plans, measures, follow-up", self.seed_records)
            self.step("closings and look-backs", self.seed_closings)
            self.step("petitioners", self.seed_petitioners)
            self.step("petitions", self.seed_petitions)
            if not self.grow:
                self.step("a year of daily reports", self.seed_reports)
            self.step("supervision orders and urgent reports", self.seed_orders)
            self.step(
                f"rebuilding {len(indexes)} indexes", lambda: self.rebuild(indexes)
            )
            cur.execute("DROP VIEW new_cases")
        self.step("VACUUM ANALYZE", self.analyze)
        self.log("done")

    def step(self, name: str, fn) -> None:
        t0 = time.monotonic()
        rows = fn()
        suffix = f": {rows:,} rows" if rows is not None else ""
        self.log(f"{name}{suffix} ({time.monotonic() - t0:.1f}s)")

    BIG_TABLES = (
        "cases_case",
        "cases_caseevent",
        "cases_measure",
        "cases_progressentry",
        "cases_lookback",
        "cases_closingsubmission",
        "petitions_petition",
        "petitions_petitioner",
        "petitions_petitionpetitioner",
        "supervision_dailyreport",
    )

    def drop_secondary_indexes(self) -> list[tuple[str, str]]:
        """Drop the non-unique indexes of the big tables; return (name, definition)."""
        self.cur.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            JOIN pg_class c ON c.relname = i.indexname
            JOIN pg_index x ON x.indexrelid = c.oid
            WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
              AND NOT x.indisunique AND NOT x.indisprimary
            """,
            [list(self.BIG_TABLES)],
        )
        indexes = self.cur.fetchall()
        for name, _definition in indexes:
            self.cur.execute(f'DROP INDEX "{name}"')
        return indexes

    def rebuild(self, indexes) -> None:
        for _name, definition in indexes:
            self.cur.execute(definition)

    def sql(self, statement: str, params=None) -> int:
        self.cur.execute(statement, params or {})
        return self.cur.rowcount

    # -- people and units ----------------------------------------------------------

    def seed_units(self) -> int:
        now = timezone.now()
        townships = 600
        rows = [
            ("bx-bureau", "县信访局（基准）", "bureau"),
            ("bx-lead", "县领导（基准）", "leadership"),
        ]
        for i in range(townships):
            name = f"{PLACES[i // 30 % 24]}{PLACES2[i % 20]}{'镇乡街'[i // 20 % 3]}{i // 60 or ''}"
            rows.append((f"bx-t{i:04d}", f"{name}（{i + 1}号）", "township"))
        for i in range(self.units - townships - 2):
            dept = DEPARTMENTS[i % len(DEPARTMENTS)]
            rows.append(
                (
                    f"bx-d{i:04d}",
                    f"{dept}第{i // len(DEPARTMENTS) + 1}分局",
                    "department",
                )
            )
        self.cur.executemany(
            "INSERT INTO accounts_unit (created_at, updated_at, code, name, kind, "
            "sort_order, is_active) VALUES (%s, %s, %s, %s, %s, %s, true)",
            [
                (now, now, code, name, kind, n)
                for n, (code, name, kind) in enumerate(rows)
            ],
        )
        return len(rows)

    def seed_users(self) -> int:
        password = make_password(PASSWORD)
        # The named accounts first: the benchmark and the load scenario log in
        # with them (same names and password as the demo county).
        named = self.sql(
            """
            INSERT INTO accounts_user (password, is_superuser, username, first_name,
                last_name, email, is_staff, is_active, date_joined, name, role, title,
                phone, unit_id)
            SELECT %(pw)s, false, v.username, '', '', '', false, true, now(), v.name,
                   v.role, '', '', u.id
            FROM (VALUES ('clerk', '信访局办事员', 'clerk', 'bx-bureau'),
                         ('leader', '县领导（基准）', 'leader', 'bx-lead'),
                         ('liaison', '东湖镇联络员', 'liaison', 'bx-t0000'),
                         ('dept', '部门联络员', 'liaison', 'bx-d0000'))
                 AS v(username, name, role, unit)
            JOIN accounts_unit u ON u.code = v.unit
            """,
            {"pw": password},
        )
        # Then: 60 clerks, 40 leaders, and liaisons spread over the units.
        bulk = self.sql(
            """
            INSERT INTO accounts_user (password, is_superuser, username, first_name,
                last_name, email, is_staff, is_active, date_joined, name, role, title,
                phone, unit_id)
            SELECT %(pw)s, false, 'bx' || lpad(g::text, 5, '0'), '', '', '', false,
                   true, now(),
                   (%(surnames)s::text[])[1 + g %% 30] || (%(given)s::text[])[1 + g %% 25],
                   CASE WHEN g <= 60 THEN 'clerk' WHEN g <= 100 THEN 'leader'
                        ELSE 'liaison' END,
                   '', '',
                   CASE WHEN g <= 60 THEN (SELECT id FROM accounts_unit WHERE code = 'bx-bureau')
                        WHEN g <= 100 THEN (SELECT id FROM accounts_unit WHERE code = 'bx-lead')
                        ELSE (SELECT id FROM accounts_unit
                              WHERE kind IN ('township', 'department')
                              ORDER BY id OFFSET (g %% %(case_units)s) LIMIT 1) END
            FROM generate_series(1, %(n)s) g
            """,
            {
                "pw": password,
                "surnames": SURNAMES,
                "given": GIVEN,
                "n": self.users - named,
                "case_units": self.units - 2,
            },
        )
        self.sql(
            "UPDATE accounts_unit u SET head_id = (SELECT id FROM accounts_user "
            "WHERE username = 'clerk') WHERE code = 'bx-bureau'"
        )
        return named + bulk

    def seed_leader_areas(self) -> int:
        areas = self.sql(
            """
            INSERT INTO cases_leaderarea (leader_id, unit_id)
            SELECT l.id, u.id
            FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
                  FROM accounts_user WHERE role = 'leader') l
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
                  FROM accounts_unit WHERE kind = 'township') u
              ON u.n %% (SELECT count(*) FROM accounts_user WHERE role = 'leader') = l.n
            """
        )
        sectors = self.sql(
            """
            INSERT INTO cases_leadersector (leader_id, category_id)
            SELECT l.id, c.id
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS n
                  FROM accounts_user WHERE role = 'leader') l
            JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases_category) c
              ON c.n = l.n
            """
        )
        return areas + sectors

    # -- cases ---------------------------------------------------------------------

    def seed_cases(self) -> int:
        # Lookup arrays, then one INSERT … SELECT: r(k) is a pseudo-random number
        # for column k of row g.
        return self.sql(
            """
            WITH units AS (SELECT array_agg(id ORDER BY id) a FROM accounts_unit
                           WHERE kind IN ('township', 'department')),
                 leaders AS (SELECT array_agg(id ORDER BY id) a FROM accounts_user
                             WHERE role = 'leader'),
                 clerks AS (SELECT array_agg(id ORDER BY id) a FROM accounts_user
                            WHERE role = 'clerk'),
                 cats AS (SELECT array_agg(id ORDER BY id) a FROM cases_category),
                 rows AS (
                   SELECT g,
                          abs(hashint8(g * 16 + 1)) AS r1, abs(hashint8(g * 16 + 2)) AS r2,
                          abs(hashint8(g * 16 + 3)) AS r3, abs(hashint8(g * 16 + 4)) AS r4,
                          abs(hashint8(g * 16 + 5)) AS r5,
                          -- older cases are more often closed
                          (abs(hashint8(g * 16 + 6)) %% 1095) AS age
                   FROM generate_series(1, %(n)s) g),
                 shaped AS (
                   SELECT rows.*, %(today)s::date - age AS opened,
                          -- BX1 (200 events) and BX2: open cases of the
                          -- liaison's township, for the detail pages' benchmarks.
                          CASE WHEN %(offset)s = 0 AND g <= 2 THEN 'in_progress'
                               WHEN r2 %% 100 < 1 THEN 'new'
                               WHEN r2 %% 100 < 4 THEN 'closing_submitted'
                               WHEN age > 120 AND r2 %% 100 < 90 THEN 'closed'
                               WHEN age > 45 AND r2 %% 100 < 50 THEN 'closed'
                               ELSE 'in_progress' END AS status
                   FROM rows)
            INSERT INTO cases_case (created_at, updated_at, number, title, summary,
                demands, is_key, stage, status, opened_on, assigned_at, due_date,
                closed_at, reopened_count, last_progress_at, version, created_by_id,
                leader_id, owning_unit_id, category_id, accepted_on,
                no_further_acceptance)
            SELECT opened + time '09:00', opened + time '09:00', 'BX' || (%(offset)s + g),
                   (%(places)s::text[])[1 + r1 %% 24] || (%(places2)s::text[])[1 + r3 %% 20]
                     || '村' || (%(issues)s::text[])[1 + r4 %% 16] || '问题',
                   '群众反映' || (%(issues)s::text[])[1 + r4 %% 16] || '，涉及'
                     || (1 + r5 %% 80) || '户，已多次到县信访局反映，要求尽快解决。',
                   '要求依法依规解决' || (%(issues)s::text[])[1 + r4 %% 16],
                   r5 %% 10 = 0,
                   CASE WHEN status IN ('closed', 'closing_submitted') THEN 'follow_up'
                        WHEN status = 'new' THEN 'root_cause'
                        ELSE (ARRAY['root_cause', 'prescription', 'follow_up'])[1 + r3 %% 3]
                   END,
                   status, opened,
                   CASE WHEN status <> 'new' THEN opened + time '15:00' END,
                   CASE WHEN status <> 'new' THEN opened + 60 END,
                   CASE WHEN status = 'closed'
                        THEN least(opened + 20 + (r4 %% 70), %(today)s::date) + time '16:30'
                   END,
                   CASE WHEN r1 %% 50 = 0 THEN 1 ELSE 0 END,
                   CASE WHEN status <> 'new'
                        THEN least(opened + 10 + (r5 %% 40), %(today)s::date) + time '11:00'
                   END,
                   1,
                   clerks.a[1 + r1 %% array_length(clerks.a, 1)],
                   CASE WHEN status <> 'new' THEN leaders.a[1 + r2 %% array_length(leaders.a, 1)] END,
                   CASE WHEN %(offset)s = 0 AND g <= 2 THEN units.a[1]
                        WHEN status <> 'new' THEN units.a[1 + r3 %% array_length(units.a, 1)] END,
                   cats.a[1 + r4 %% array_length(cats.a, 1)],
                   CASE WHEN status <> 'new' THEN opened END,
                   false
            FROM shaped, units, leaders, clerks, cats
            ORDER BY g
            """,
            {
                "n": self.cases,
                "offset": self.offset,
                "today": self.today,
                "places": PLACES,
                "places2": PLACES2,
                "issues": ISSUES,
            },
        )

    def seed_case_links(self) -> int:
        tags = self.sql(
            """
            INSERT INTO cases_case_tags (case_id, tag_id)
            SELECT c.id, t.a[1 + c.id %% array_length(t.a, 1)]
            FROM new_cases c, (SELECT array_agg(id ORDER BY id) a FROM cases_tag) t
            WHERE c.id %% 3 = 0
            """
        )
        co = self.sql(
            """
            INSERT INTO cases_case_co_units (case_id, unit_id)
            SELECT c.id, u.a[1 + (c.id * 7) %% array_length(u.a, 1)]
            FROM new_cases c,
                 (SELECT array_agg(id ORDER BY id) a FROM accounts_unit
                  WHERE kind IN ('township', 'department')) u
            WHERE c.id %% 10 = 0 AND c.owning_unit_id IS NOT NULL
              AND c.owning_unit_id <> u.a[1 + (c.id * 7) %% array_length(u.a, 1)]
            """
        )
        return tags + co

    def seed_events(self) -> int:
        # 5…15 events a case (10 on average); the first case gets 200.
        return self.sql(
            """
            INSERT INTO cases_caseevent (kind, created_at, reason, data, actor_id, case_id)
            SELECT CASE WHEN k = 1 THEN 'created' WHEN k = 2 THEN 'assigned'
                        WHEN k = 3 THEN 'accepted'
                        ELSE (ARRAY['progress_added', 'measure_added', 'stage_changed',
                                    'instruction_added', 'measure_done'])[1 + k %% 5] END,
                   least(c.opened_on + k, %(today)s::date) + time '10:00'
                     + make_interval(mins => k),
                   '', '{}'::jsonb, c.created_by_id, c.id
            FROM new_cases c,
                 generate_series(1, CASE WHEN c.number = 'BX1' THEN %(big)s
                                         ELSE 5 + (c.id %% 11)::int END) k
            """,
            {"today": self.today, "big": BIG_CASE_EVENTS},
        )

    def seed_records(self) -> int:
        n = self.sql(
            """
            INSERT INTO cases_rootcause (mechanism, conduct, methods, history, updated_at,
                case_id, updated_by_id)
            SELECT '村组两级工作机制不健全，问题长期未得到回应。', '个别干部作风简单。',
                   '政策解释不到位。', '问题始于' || extract(year FROM opened_on) || '年。',
                   opened_on + time '12:00', id, created_by_id
            FROM new_cases WHERE stage IN ('prescription', 'follow_up')
            """
        )
        n += self.sql(
            """
            INSERT INTO cases_plan (strategy, updated_at, case_id, updated_by_id)
            SELECT '一案一策：法、理、情相结合，分步化解。', opened_on + time '13:00', id,
                   created_by_id
            FROM new_cases WHERE stage = 'follow_up'
            """
        )
        n += self.sql(
            """
            INSERT INTO cases_plan_channels (plan_id, resolutionchannel_id)
            SELECT p.id, ch.a[1 + p.id %% array_length(ch.a, 1)]
            FROM cases_plan p,
                 (SELECT array_agg(id ORDER BY id) a FROM cases_resolutionchannel) ch
            WHERE p.case_id IN (SELECT id FROM new_cases)
            """
        )
        n += self.sql(
            """
            INSERT INTO cases_measure (content, responsible_person, due_date, is_done,
                done_at, created_at, case_id, created_by_id)
            SELECT '第' || k || '项措施：入户走访，逐项核实诉求。', '责任人' || (c.id %% 97),
                   c.opened_on + 20 * k, c.status = 'closed' OR k = 1,
                   CASE WHEN c.status = 'closed' OR k = 1
                        THEN least(c.opened_on + 15 * k, %(today)s::date) + time '17:00' END,
                   c.opened_on + time '14:00', c.id, c.created_by_id
            FROM new_cases c, generate_series(1, 1 + (c.id %% 2)::int) k
            WHERE c.stage = 'follow_up'
            """,
            {"today": self.today},
        )
        n += self.sql(
            """
            INSERT INTO cases_progressentry (kind, content, created_at, author_id, case_id,
                is_public)
            SELECT 'progress', '已与信访人当面沟通，说明政策依据。',
                   c.last_progress_at, c.created_by_id, c.id, c.id %% 4 = 0
            FROM new_cases c WHERE c.last_progress_at IS NOT NULL
            """
        )
        return n

    def seed_closings(self) -> int:
        n = self.sql(
            """
            INSERT INTO cases_closingsubmission (reply, satisfaction, submitted_at,
                decision, decided_at, return_reason, case_id, decided_by_id,
                submitted_by_id)
            SELECT '经调查核实，已按政策解决信访人诉求。',
                   (ARRAY['satisfied', 'basically', 'not_satisfied'])[1 + c.id %% 3],
                   coalesce(c.closed_at, c.last_progress_at) - interval '2 days',
                   CASE WHEN c.status = 'closed' THEN 'approved' ELSE 'pending' END,
                   c.closed_at, '', c.id,
                   CASE WHEN c.status = 'closed' THEN c.created_by_id END,
                   c.created_by_id
            FROM new_cases c WHERE c.status IN ('closed', 'closing_submitted')
            """
        )
        n += self.sql(
            """
            INSERT INTO cases_lookback (offset_days, due_date, result, note, recorded_at,
                case_id, closing_id, recorded_by_id)
            SELECT o.days, (s.decided_at + make_interval(days => o.days))::date,
                   CASE WHEN (s.decided_at + make_interval(days => o.days))::date
                             < %(today)s::date THEN 'stable' ELSE 'pending' END,
                   '', CASE WHEN (s.decided_at + make_interval(days => o.days))::date
                                 < %(today)s::date
                            THEN s.decided_at + make_interval(days => o.days) END,
                   s.case_id, s.id,
                   CASE WHEN (s.decided_at + make_interval(days => o.days))::date
                             < %(today)s::date THEN s.decided_by_id END
            FROM cases_closingsubmission s
            CROSS JOIN cases_lookbackoffset o
            WHERE s.decision = 'approved' AND o.is_active
              AND s.case_id IN (SELECT id FROM new_cases)
            """,
            {"today": self.today},
        )
        return n

    # -- petitions -----------------------------------------------------------------

    def petitioner_count(self) -> int:
        # People come back: about one person for every three petitions.
        return max(10, self.cases)

    def seed_petitioners(self) -> int:
        count = self.petitioner_count()
        now = timezone.now()
        with self.cur.copy(
            "COPY petitions_petitioner (created_at, updated_at, name, id_number, "
            "id_number_hash, id_number_masked, phone, phone_hash, phone_masked, address) "
            "FROM STDIN"
        ) as copy:
            for i in range(count):
                n = self.people_before + i
                id_number = _id_number(n)
                phone = PUBLIC_PHONE if n == 0 else f"13{(n * 7919) % 1000000000:09d}"
                name = SURNAMES[i % 30] + GIVEN[(i // 30) % 25] + GIVEN[i % 25]
                copy.write_row(
                    (
                        now,
                        now,
                        name,
                        encrypt(id_number),
                        keyed_hash(id_number),
                        mask_id_number(id_number),
                        encrypt(phone),
                        keyed_hash(phone),
                        mask_phone(phone),
                        f"浙江省某县{PLACES[i % 24]}{PLACES2[i % 20]}村{i % 200}号",
                    )
                )
                if i and i % 200_000 == 0:
                    self.log(f"  petitioners: {i:,}")
        return count

    def seed_petitions(self) -> int:
        n = self.sql(
            """
            WITH people AS (SELECT min(id) AS first, count(*) AS n FROM petitions_petitioner)
            INSERT INTO petitions_petition (created_at, updated_at, number, query_code,
                channel, received_at, head_count, content, demands, is_skip_level,
                proposed_title, is_repeat, handover_due, decision, decision_reason,
                decided_at, case_id, decided_by_id, registered_by_id, target_unit_id)
            SELECT c.opened_on + time '09:00' + make_interval(days => (k - 1) * 11),
                   c.opened_on + time '09:00' + make_interval(days => (k - 1) * 11),
                   'BXJ' || c.id || '-' || k,
                   CASE WHEN c.number = 'BX1' AND k = 1 THEN %(code)s
                        ELSE 'Q' || lpad((c.id * 8 + k)::text, 11, '0') END,
                   (ARRAY['letter', 'visit', 'phone', 'online', 'visit'])[1 + (c.id + k) %% 5],
                   c.opened_on + time '09:00' + make_interval(days => (k - 1) * 11),
                   CASE WHEN (c.id + k) %% 40 = 0 THEN 6 ELSE 1 END,
                   c.summary, c.demands, (c.id + k) %% 30 = 0, c.title, k > 1,
                   c.opened_on + 15,
                   CASE WHEN c.status = 'new' THEN 'pending'
                        WHEN k = 1 THEN 'accepted' ELSE 'assigned' END,
                   '',
                   CASE WHEN c.status <> 'new' THEN c.opened_on + time '15:00' END,
                   c.id,
                   CASE WHEN c.status <> 'new' THEN c.created_by_id END,
                   c.created_by_id, c.owning_unit_id
            FROM new_cases c, generate_series(1, 1 + (c.id %% 5)::int) k
            """,
            {"code": PUBLIC_CODE},
        )
        n += self.sql(
            """
            WITH people AS (SELECT min(id) AS first, count(*) AS n FROM petitions_petitioner)
            INSERT INTO petitions_petitionpetitioner (is_representative, petition_id,
                petitioner_id)
            SELECT true, p.id,
                   CASE WHEN p.query_code = %(code)s THEN people.first
                        ELSE people.first + (p.case_id * 3 + (p.id %% 2)) %% people.n END
            FROM petitions_petition p, people
            WHERE p.case_id IN (SELECT id FROM new_cases)
            """,
            {"code": PUBLIC_CODE},
        )
        return n

    # -- supervision ---------------------------------------------------------------

    def seed_reports(self) -> int:
        start = self.today - timedelta(days=364)
        self.sql(
            """
            INSERT INTO supervision_reportingperiod (name, start_date, end_date,
                cutoff_time, reminder_minutes, created_at, created_by_id)
            SELECT '全年每日报告（基准）', %(start)s, %(end)s, time '17:00', 60, now(), id
            FROM accounts_user WHERE username = 'clerk'
            """,
            {"start": start, "end": self.today + timedelta(days=30)},
        )
        # Every unit, every day; one unit-day in 25 missing, one in 20 late;
        # one in 4 a zero report. Today only half the units have filed so far.
        n = self.sql(
            """
            INSERT INTO supervision_dailyreport (date, kind, new_petitions, incidents,
                progress, notes, submitted_at, is_late, submitted_by_id, unit_id,
                period_id)
            SELECT d::date, CASE WHEN r %% 4 = 0 THEN 'zero' ELSE 'daily' END,
                   CASE WHEN r %% 4 = 0 THEN 0 ELSE r %% 5 END, '',
                   CASE WHEN r %% 4 = 0 THEN '' ELSE '继续做好重点信访事项化解工作。' END,
                   '', d::date + CASE WHEN r %% 20 = 0 THEN time '18:30'
                                      ELSE time '16:00' END,
                   r %% 20 = 0, coalesce(m.user_id, p.created_by_id), u.id, p.id
            FROM supervision_reportingperiod p
            CROSS JOIN generate_series(%(start)s::date, %(today)s::date, interval '1 day') d
            CROSS JOIN accounts_unit u
            LEFT JOIN LATERAL (SELECT id AS user_id FROM accounts_user
                               WHERE unit_id = u.id ORDER BY id LIMIT 1) m ON true
            CROSS JOIN LATERAL (SELECT abs(hashint8(u.id * 100000
                                + (d::date - %(start)s::date))) AS r) rr
            WHERE u.kind IN ('township', 'department')
              AND r %% 25 <> 0
              AND (d::date < %(today)s::date OR u.id %% 2 = 0)
            """,
            {"start": start, "today": self.today},
        )
        n += self.sql(
            """
            INSERT INTO supervision_missingreport (date, recorded_at, unit_id, period_id)
            SELECT d::date, d::date + time '17:00', u.id, p.id
            FROM supervision_reportingperiod p
            CROSS JOIN generate_series(%(start)s::date, %(yesterday)s::date,
                                       interval '1 day') d
            CROSS JOIN accounts_unit u
            WHERE u.kind IN ('township', 'department')
              AND abs(hashint8(u.id * 100000 + (d::date - %(start)s::date))) %% 25 = 0
            """,
            {"start": start, "yesterday": self.today - timedelta(days=1)},
        )
        return n

    def seed_orders(self) -> int:
        n = self.sql(
            """
            INSERT INTO supervision_supervisionorder (number, phase, requirements,
                deadline, status, trigger, trigger_ref, issued_at, reply, replied_at,
                case_id, issued_by_id, replied_by_id, unit_id, version)
            SELECT 'BXD' || c.id, 'during', '请于期限内报告化解进展。',
                   c.opened_on + 30,
                   CASE WHEN c.status = 'closed' THEN 'closed'
                        WHEN c.id %% 3 = 0 THEN 'replied' ELSE 'open' END,
                   'manual', '', c.opened_on + time '10:00',
                   CASE WHEN c.status = 'closed' OR c.id %% 3 = 0
                        THEN '已按要求推进。' ELSE '' END,
                   CASE WHEN c.status = 'closed' OR c.id %% 3 = 0
                        THEN c.opened_on + time '16:00' END,
                   c.id, c.created_by_id, NULL, c.owning_unit_id, 1
            FROM new_cases c
            WHERE c.id %% 50 = 0 AND c.owning_unit_id IS NOT NULL
            """
        )
        if self.grow:
            return n
        n += self.sql(
            """
            INSERT INTO supervision_urgentreport (title, content, reported_at,
                acknowledged_at, escalated_at, acknowledged_by_id, case_id,
                reported_by_id, unit_id)
            SELECT '群众聚集情况报告', '有群众到镇政府聚集反映问题，已现场劝导。',
                   (%(today)s::date - m * 30) + time '10:00',
                   (%(today)s::date - m * 30) + time '10:30', NULL,
                   (SELECT id FROM accounts_user WHERE username = 'clerk'), NULL,
                   coalesce((SELECT id FROM accounts_user WHERE unit_id = u.id
                             ORDER BY id LIMIT 1),
                            (SELECT id FROM accounts_user WHERE username = 'clerk')),
                   u.id
            FROM accounts_unit u, generate_series(1, 12) m
            WHERE u.kind = 'township'
            """,
            {"today": self.today},
        )
        return n

    def analyze(self) -> None:
        """Statistics for the planner and, outside a transaction (a test's), the
        visibility map too: a database autovacuum keeps up with answers index-only
        scans (a deep page's ids, counts), freshly loaded rows would not."""
        with connection.cursor() as cur:
            cur.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
