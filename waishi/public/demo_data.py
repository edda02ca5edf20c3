"""Realistic, reproducible demo data at any scale, for demonstrations and benchmarks.

Scale 1 is about what the office holds today (70 partners, 90 agreements, 35 programs, 200
trips a year ...); scale 100 a hundred times that. The same seed always gives the same data.
Rows go in with bulk inserts (in batches), each with a "created" history row, so that scale
100 loads in well under two minutes on SQLite and on PostgreSQL.

Only the models that exist are filled. The public app is last in the import order, so this
module may import every app.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from waishi.core import clock
from waishi.core.enums import Role, UnitKind
from waishi.core.models import Unit, User
from waishi.core.services import role_groups_ensure, units_load_starting
from waishi.partners.enums import InstitutionKind, OtherNameKind, PartnerStatus
from waishi.partners.models import Contact, Country, Institution, InstitutionName
from waishi.partners.search import search_text
from waishi.people.enums import DocumentKind, Sex
from waishi.people.models import IdentityDocument, Person

DEFAULT_SEED = 20260601
BATCH = 1000
# Every row the generator makes carries this mark (notes) or prefix (user names), so that the
# refusal check can tell demo data from the office's real data.
DEMO_NOTE = "Demo data (manage.py generate_demo_data)"
DEMO_USER_PREFIX = "demo-"
YEARS = 10

# Yearly counts at scale 1 (DESIGN.md, the seed: "more than 60 partners, nearly 90 agreements,
# thirty-five programs ... nearly 100 conferences a year").
PER_SCALE = {
    "institutions": 70,
    "agreements": 90,
    "programs": 35,
    "students": 300,
    "trips_per_year": 200,
    "conferences_per_year": 100,
    "staff_people": 400,
    "officers": 5,
}

# The seed's Global Partners table: partners per country, used as weights; a thin tail of
# countries the office does not yet work with.
COUNTRY_WEIGHTS: dict[str, float] = {
    "JP": 5, "KR": 6, "TH": 3, "MY": 1, "RU": 2, "GB": 4, "FR": 7, "ES": 7, "UA": 2,
    "DE": 3, "CZ": 1, "BE": 2, "IT": 1, "NO": 1, "PT": 1, "US": 10, "CA": 2, "MX": 1,
    "CU": 1, "AU": 3, "GH": 3, "UG": 1,
    "NL": 0.5, "NZ": 0.5, "KE": 0.5, "PL": 0.5, "SG": 0.5,
}  # fmt: skip

# Cities of each country, (English, Chinese).
CITIES: dict[str, list[tuple[str, str]]] = {
    "JP": [("Tokyo", "东京"), ("Osaka", "大阪"), ("Kyoto", "京都"), ("Nagoya", "名古屋"),
           ("Sapporo", "札幌"), ("Fukuoka", "福冈"), ("Kobe", "神户"), ("Sendai", "仙台"),
           ("Hiroshima", "广岛"), ("Kagoshima", "鹿儿岛"), ("Yokohama", "横滨"),
           ("Okayama", "冈山"), ("Niigata", "新潟"), ("Kumamoto", "熊本"), ("Nagasaki", "长崎")],
    "KR": [("Seoul", "首尔"), ("Busan", "釜山"), ("Incheon", "仁川"), ("Daegu", "大邱"),
           ("Daejeon", "大田"), ("Gwangju", "光州"), ("Ulsan", "蔚山"), ("Suwon", "水原"),
           ("Jeonju", "全州"), ("Cheongju", "清州"), ("Jeju", "济州"), ("Gongju", "公州"),
           ("Changwon", "昌原"), ("Pohang", "浦项")],
    "TH": [("Bangkok", "曼谷"), ("Chiang Mai", "清迈"), ("Lampang", "南邦"),
           ("Khon Kaen", "孔敬"), ("Phuket", "普吉"), ("Hat Yai", "合艾"),
           ("Nakhon Ratchasima", "呵叻"), ("Udon Thani", "乌隆他尼"), ("Chiang Rai", "清莱"),
           ("Pattaya", "芭提雅")],
    "MY": [("Kuala Lumpur", "吉隆坡"), ("Penang", "槟城"), ("Johor Bahru", "新山"),
           ("Kuching", "古晋"), ("Ipoh", "怡保"), ("Malacca", "马六甲"),
           ("Kota Kinabalu", "亚庇"), ("Shah Alam", "莎阿南")],
    "RU": [("Moscow", "莫斯科"), ("Saint Petersburg", "圣彼得堡"), ("Kazan", "喀山"),
           ("Ivanovo", "伊万诺沃"), ("Novosibirsk", "新西伯利亚"),
           ("Yekaterinburg", "叶卡捷琳堡"), ("Tomsk", "托木斯克"), ("Samara", "萨马拉"),
           ("Vladivostok", "符拉迪沃斯托克"), ("Irkutsk", "伊尔库茨克"),
           ("Nizhny Novgorod", "下诺夫哥罗德"), ("Rostov-on-Don", "顿河畔罗斯托夫")],
    "GB": [("London", "伦敦"), ("Manchester", "曼彻斯特"), ("Edinburgh", "爱丁堡"),
           ("Glasgow", "格拉斯哥"), ("Dundee", "邓迪"), ("Swansea", "斯旺西"),
           ("Birmingham", "伯明翰"), ("Leeds", "利兹"), ("Bristol", "布里斯托尔"),
           ("Sheffield", "谢菲尔德"), ("Liverpool", "利物浦"), ("Nottingham", "诺丁汉"),
           ("Cardiff", "加的夫"), ("Belfast", "贝尔法斯特"), ("Preston", "普雷斯顿")],
    "FR": [("Paris", "巴黎"), ("Lyon", "里昂"), ("Marseille", "马赛"), ("Toulouse", "图卢兹"),
           ("Bordeaux", "波尔多"), ("Poitiers", "普瓦捷"), ("Tours", "图尔"),
           ("Orléans", "奥尔良"), ("Le Havre", "勒阿弗尔"), ("Saint-Étienne", "圣艾蒂安"),
           ("Chambéry", "尚贝里"), ("Grenoble", "格勒诺布尔"), ("Montpellier", "蒙彼利埃"),
           ("Nantes", "南特"), ("Strasbourg", "斯特拉斯堡"), ("Lille", "里尔")],
    "ES": [("Madrid", "马德里"), ("Barcelona", "巴塞罗那"), ("León", "莱昂"),
           ("Murcia", "穆尔西亚"), ("Valencia", "瓦伦西亚"), ("Seville", "塞维利亚"),
           ("Granada", "格拉纳达"), ("Salamanca", "萨拉曼卡"), ("Tarragona", "塔拉戈纳"),
           ("Zaragoza", "萨拉戈萨"), ("Bilbao", "毕尔巴鄂"), ("Málaga", "马拉加"),
           ("Alicante", "阿利坎特"), ("Valladolid", "巴利亚多利德"),
           ("Santiago de Compostela", "圣地亚哥-德孔波斯特拉")],
    "UA": [("Kyiv", "基辅"), ("Lviv", "利沃夫"), ("Kharkiv", "哈尔科夫"), ("Odesa", "敖德萨"),
           ("Lutsk", "卢茨克"), ("Dnipro", "第聂伯"), ("Zaporizhzhia", "扎波罗热"),
           ("Vinnytsia", "文尼察"), ("Poltava", "波尔塔瓦"), ("Chernihiv", "切尔尼戈夫")],
    "DE": [("Berlin", "柏林"), ("Munich", "慕尼黑"), ("Hamburg", "汉堡"), ("Marburg", "马尔堡"),
           ("Heidelberg", "海德堡"), ("Cologne", "科隆"), ("Frankfurt", "法兰克福"),
           ("Stuttgart", "斯图加特"), ("Dresden", "德累斯顿"), ("Leipzig", "莱比锡"),
           ("Göttingen", "哥廷根"), ("Aachen", "亚琛"), ("Bremen", "不来梅"),
           ("Freiburg", "弗莱堡")],
    "CZ": [("Prague", "布拉格"), ("Brno", "布尔诺"), ("Ostrava", "俄斯特拉发"),
           ("Olomouc", "奥洛穆克"), ("Plzeň", "比尔森"), ("Liberec", "利贝雷茨"),
           ("Pardubice", "帕尔杜比采")],
    "BE": [("Brussels", "布鲁塞尔"), ("Ghent", "根特"), ("Antwerp", "安特卫普"),
           ("Leuven", "鲁汶"), ("Liège", "列日"), ("Mons", "蒙斯"), ("Namur", "那慕尔"),
           ("Hasselt", "哈瑟尔特")],
    "IT": [("Rome", "罗马"), ("Milan", "米兰"), ("Bologna", "博洛尼亚"), ("Florence", "佛罗伦萨"),
           ("Turin", "都灵"), ("Naples", "那不勒斯"), ("Padua", "帕多瓦"), ("Pisa", "比萨"),
           ("Venice", "威尼斯"), ("Genoa", "热那亚")],
    "NO": [("Oslo", "奥斯陆"), ("Bergen", "卑尔根"), ("Trondheim", "特隆赫姆"),
           ("Stavanger", "斯塔万格"), ("Tromsø", "特罗姆瑟"), ("Kristiansand", "克里斯蒂安桑")],
    "PT": [("Lisbon", "里斯本"), ("Porto", "波尔图"), ("Coimbra", "科英布拉"),
           ("Bragança", "布拉干萨"), ("Braga", "布拉加"), ("Aveiro", "阿威罗"), ("Faro", "法鲁"),
           ("Évora", "埃武拉")],
    "US": [("Boston", "波士顿"), ("New York", "纽约"), ("Chicago", "芝加哥"),
           ("Los Angeles", "洛杉矶"), ("San Francisco", "旧金山"), ("Seattle", "西雅图"),
           ("Detroit", "底特律"), ("Columbus", "哥伦布"), ("Portland", "波特兰"),
           ("St. Louis", "圣路易斯"), ("Philadelphia", "费城"), ("Pittsburgh", "匹兹堡"),
           ("Houston", "休斯敦"), ("Dallas", "达拉斯"), ("Atlanta", "亚特兰大"),
           ("Miami", "迈阿密"), ("Denver", "丹佛"), ("Phoenix", "菲尼克斯"),
           ("Minneapolis", "明尼阿波利斯"), ("Jacksonville", "杰克逊维尔"),
           ("Huntington", "亨廷顿"), ("Eugene", "尤金"), ("San Diego", "圣迭戈"),
           ("Baltimore", "巴尔的摩")],
    "CA": [("Toronto", "多伦多"), ("Montreal", "蒙特利尔"), ("Vancouver", "温哥华"),
           ("Quebec City", "魁北克城"), ("Winnipeg", "温尼伯"), ("Ottawa", "渥太华"),
           ("Calgary", "卡尔加里"), ("Edmonton", "埃德蒙顿"), ("Halifax", "哈利法克斯"),
           ("Victoria", "维多利亚"), ("Regina", "里贾纳")],
    "MX": [("Mexico City", "墨西哥城"), ("Guadalajara", "瓜达拉哈拉"), ("Monterrey", "蒙特雷"),
           ("Puebla", "普埃布拉"), ("Mérida", "梅里达"), ("Querétaro", "克雷塔罗"),
           ("Tijuana", "蒂华纳"), ("León", "莱昂")],
    "CU": [("Havana", "哈瓦那"), ("Santiago de Cuba", "圣地亚哥-德古巴"),
           ("Camagüey", "卡马圭"), ("Holguín", "奥尔金"), ("Santa Clara", "圣克拉拉"),
           ("Matanzas", "马坦萨斯"), ("Cienfuegos", "西恩富戈斯")],
    "AU": [("Sydney", "悉尼"), ("Melbourne", "墨尔本"), ("Adelaide", "阿德莱德"),
           ("Canberra", "堪培拉"), ("Brisbane", "布里斯班"), ("Perth", "珀斯"),
           ("Hobart", "霍巴特"), ("Darwin", "达尔文"), ("Newcastle", "纽卡斯尔"),
           ("Wollongong", "卧龙岗"), ("Geelong", "吉朗"), ("Townsville", "汤斯维尔")],
    "GH": [("Accra", "阿克拉"), ("Kumasi", "库马西"), ("Cape Coast", "海岸角"),
           ("Sunyani", "苏尼亚尼"), ("Tamale", "塔马利"), ("Takoradi", "塔科拉迪"),
           ("Koforidua", "科福里杜亚"), ("Winneba", "温尼巴")],
    "UG": [("Kampala", "坎帕拉"), ("Gulu", "古卢"), ("Mbarara", "姆巴拉拉"), ("Jinja", "金贾"),
           ("Entebbe", "恩德培"), ("Mbale", "姆巴莱")],
    "NL": [("Amsterdam", "阿姆斯特丹"), ("Rotterdam", "鹿特丹"), ("Utrecht", "乌得勒支"),
           ("Leiden", "莱顿"), ("Delft", "代尔夫特"), ("Groningen", "格罗宁根")],
    "NZ": [("Auckland", "奥克兰"), ("Wellington", "惠灵顿"), ("Christchurch", "基督城"),
           ("Dunedin", "达尼丁"), ("Hamilton", "汉密尔顿"), ("Palmerston North", "北帕默斯顿")],
    "KE": [("Nairobi", "内罗毕"), ("Mombasa", "蒙巴萨"), ("Kisumu", "基苏木"),
           ("Nakuru", "纳库鲁"), ("Eldoret", "埃尔多雷特")],
    "PL": [("Warsaw", "华沙"), ("Kraków", "克拉科夫"), ("Wrocław", "弗罗茨瓦夫"),
           ("Poznań", "波兹南"), ("Gdańsk", "格但斯克"), ("Łódź", "罗兹")],
    "SG": [("Singapore", "新加坡")],
}  # fmt: skip

# Kinds of institution: (English pattern, Chinese pattern, kind); {c} is the city.
NAME_PATTERNS: list[tuple[str, str, str]] = [
    ("University of {c}", "{c}大学", InstitutionKind.UNIVERSITY),
    ("{c} Institute of Technology", "{c}理工学院", InstitutionKind.UNIVERSITY),
    ("{c} University of Technology", "{c}工业大学", InstitutionKind.UNIVERSITY),
    ("{c} Normal University", "{c}师范大学", InstitutionKind.UNIVERSITY),
    ("{c} Medical University", "{c}医科大学", InstitutionKind.UNIVERSITY),
    ("{c} University of Foreign Studies", "{c}外国语大学", InstitutionKind.UNIVERSITY),
    ("{c} University of Economics", "{c}经济大学", InstitutionKind.UNIVERSITY),
    ("{c} University of Science and Technology", "{c}科技大学", InstitutionKind.UNIVERSITY),
    ("{c} Agricultural University", "{c}农业大学", InstitutionKind.UNIVERSITY),
    ("{c} Academy of Fine Arts", "{c}美术学院", InstitutionKind.COLLEGE),
    ("{c} Conservatory of Music", "{c}音乐学院", InstitutionKind.COLLEGE),
    ("{c} College of Commerce", "{c}商业学院", InstitutionKind.COLLEGE),
    ("{c} Business School", "{c}商学院", InstitutionKind.COLLEGE),
    ("{c} Institute of Chemical Technology", "{c}化工学院", InstitutionKind.COLLEGE),
    ("{c} Institute for Materials Research", "{c}材料研究所", InstitutionKind.RESEARCH_INSTITUTE),
    ("{c} Centre for Mathematical Sciences", "{c}数学科学中心", InstitutionKind.RESEARCH_INSTITUTE),
]
QUALIFIERS: list[tuple[str, str]] = [
    ("", ""),
    ("National ", "国立"),
    ("Central ", "中央"),
    ("International ", "国际"),
    ("Catholic ", "天主教"),
    ("Metropolitan ", "都市"),
    ("Open ", "开放"),
]
STATUS_WEIGHTS = {
    PartnerStatus.ACTIVE: 75,
    PartnerStatus.PROSPECTIVE: 10,
    PartnerStatus.DORMANT: 10,
    PartnerStatus.ENDED: 5,
}

# People: the university's own staff (Chinese names with their pinyin) and partners' contacts.
FAMILY_NAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("赵", "Zhao"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"),
    ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("林", "Lin"),
    ("罗", "Luo"), ("高", "Gao"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"),
    ("邓", "Deng"), ("彭", "Peng"), ("曾", "Zeng"), ("蒋", "Jiang"), ("欧阳", "Ouyang"),
]  # fmt: skip
GIVEN_CHARS = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"),
    ("平", "ping"), ("刚", "gang"), ("华", "hua"), ("建", "jian"), ("国", "guo"), ("文", "wen"),
    ("辉", "hui"), ("晓", "xiao"), ("红", "hong"), ("玲", "ling"), ("鹏", "peng"), ("宇", "yu"),
    ("浩", "hao"), ("欣", "xin"), ("婷", "ting"), ("雪", "xue"), ("博", "bo"), ("瑞", "rui"),
    ("思", "si"), ("佳", "jia"), ("湘", "xiang"), ("毅", "yi"),
]  # fmt: skip
POSITIONS_ZH = ["教授", "副教授", "讲师", "研究员", "副研究员", "助理研究员", "院长", "副院长"]
CONTACT_GIVEN = [
    "Anna", "Marie", "Sofia", "Elena", "Laura", "Yuki", "Min-ji", "Olga", "Claire", "Ama",
    "James", "Thomas", "Pierre", "Carlos", "Hiroshi", "Jae-won", "Ivan", "Lukas", "Kwame",
    "David", "Marco", "Jan", "Somchai", "Ahmad", "Peter", "Maria", "Grace", "Daniel",
]  # fmt: skip
CONTACT_FAMILY = [
    "Smith", "Martin", "García", "Müller", "Rossi", "Tanaka", "Kim", "Ivanova", "Dubois",
    "Mensah", "Fernández", "Suzuki", "Park", "Petrov", "Schmidt", "Novák", "Silva", "Brown",
    "Nakamura", "Lee", "Johansen", "Peeters", "Okello", "Kowalski", "Wong", "Tremblay",
]  # fmt: skip
CONTACT_POSITIONS = [
    "Director of International Relations",
    "International Office Coordinator",
    "Vice-Rector for International Affairs",
    "Exchange Programme Officer",
    "Dean of the Faculty of Engineering",
    "Head of Partnerships",
]


DISCIPLINES = [
    ("数学与应用数学", "Mathematics and Applied Mathematics"),
    ("计算机科学与技术", "Computer Science and Technology"),
    ("机械工程", "Mechanical Engineering"),
    ("材料科学与工程", "Materials Science and Engineering"),
    ("化学工程与工艺", "Chemical Engineering"),
    ("国际经济与贸易", "International Economics and Trade"),
    ("法学", "Law"),
    ("英语", "English"),
    ("金融学", "Finance"),
    ("电子信息工程", "Electronic Information Engineering"),
    ("土木工程", "Civil Engineering"),
    ("会计学", "Accounting"),
]
LEVEL_NAMES = {
    "bachelor": ("本科", "bachelor's"),
    "master": ("硕士研究生", "master's"),
    "doctorate": ("博士研究生", "doctoral"),
    "non_degree": ("非学历", "non-degree"),
}


HOME_ZH = "湘潭大学"
HOME_EN = "Xiangtan University"
AGREEMENT_TITLES = {
    "mou": ("合作谅解备忘录", "Memorandum of understanding"),
    "student_exchange": ("学生交换协议", "Student exchange agreement"),
    "faculty_exchange": ("教师交流协议", "Faculty exchange agreement"),
    "joint_degree": ("联合培养学位协议", "Joint degree agreement"),
    "cooperative_program": ("合作办学协议", "Cooperative program agreement"),
    "research": ("科研合作协议", "Research cooperation agreement"),
    "summer_school": ("暑期学校合作协议", "Summer school agreement"),
}
PURPOSE_ZH = {
    "conference": "参加国际学术会议",
    "talks": "商谈合作事宜",
    "teaching": "讲学",
    "research": "合作研究",
    "training": "培训进修",
    "other": "公务访问",
}


class RealDataError(Exception):
    """The database holds data not made by the generator."""


@dataclass
class Report:
    """What was made: rows per model and seconds per step."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def scaled(per_scale: int, scale: float) -> int:
    """`per_scale` rows at scale 1, at least one row."""
    return max(1, round(per_scale * scale))


def real_data_found() -> list[str]:
    """What in the database was not made by the generator (empty when it is safe to fill)."""
    found = []
    if Institution.objects.exclude(notes=DEMO_NOTE).exists():
        found.append("partner institutions")
    if Person.objects.exclude(notes=DEMO_NOTE).exists():
        found.append("people")
    for label, model in _later_models():
        if model.objects.exclude(notes=DEMO_NOTE).exists():
            found.append(label)
    # The administrator made by `make run` (a superuser) is not the office's data.
    users = User.objects.exclude(username__startswith=DEMO_USER_PREFIX).exclude(is_superuser=True)
    if users.exists():
        found.append("user accounts")
    return found


def _later_models() -> list[tuple[str, type[models.Model]]]:
    """The registers of later modules that the generator fills, when their tables exist."""
    found = []
    if _tables_exist("agreements"):
        from waishi.agreements.models import Agreement

        found.append(("agreements", Agreement))
    if _tables_exist("programs"):
        from waishi.programs.models import Program

        found.append(("cooperative programs", Program))
    return found


def demo_data_present() -> bool:
    return Institution.objects.filter(notes=DEMO_NOTE).exists()


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=datetime.UTC)


class _Generator:
    def __init__(
        self, scale: float, seed: int, say: Callable[[str], None], history: bool = True
    ) -> None:
        self.scale = scale
        self.history = history
        self.rng = random.Random(seed)  # noqa: S311 (reproducible on purpose, not secret)
        self.say = say
        self.today = clock.today()
        self.start = self.today - datetime.timedelta(days=365 * YEARS)
        self.report = Report()
        self.spent: dict[str, list[tuple[str, str, str, str, str]]] = {}
        self.campus: dict[str, int] = {}

    # helpers ---------------------------------------------------------------------------------

    def bulk(
        self, model: type[models.Model], objs: Sequence[models.Model], *, history: bool = True
    ) -> list[Any]:
        """Insert in batches, each row with its "created" history row when the model keeps
        one (unless history is off: history rows take about half the time of a large run)."""
        if not objs:
            return []
        if self.history and history and hasattr(model, "history"):
            return bulk_create_with_history(list(objs), model, batch_size=BATCH)
        return model.objects.bulk_create(list(objs), batch_size=BATCH)

    def day(self, start: datetime.date | None = None, end: datetime.date | None = None):
        start = start or self.start
        end = end or self.today
        return start + datetime.timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def weighted(self, weights: dict[Any, float]) -> Any:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def step(self, name: str, make: Callable[[], Iterable[tuple[str, int]]]) -> None:
        started = time.perf_counter()
        for label, count in make():
            self.report.counts[label] = self.report.counts.get(label, 0) + count
        took = time.perf_counter() - started
        self.report.seconds[name] = round(took, 2)
        made = ", ".join(f"{k} {v}" for k, v in self.report.counts.items() if k.startswith(name))
        self.say(f"{name}: {made or 'nothing'} ({took:.1f} s)")

    # steps -----------------------------------------------------------------------------------

    def users(self):
        role_groups_ensure()
        units_load_starting()
        self.office = Unit.objects.filter(kind=UnitKind.OFFICE).order_by("pk").first()
        self.colleges = list(Unit.objects.filter(kind=UnitKind.COLLEGE).order_by("pk"))
        wanted = min(scaled(PER_SCALE["officers"], self.scale), 30)
        officers = []
        for n in range(1, wanted + 1):
            family = FAMILY_NAMES[(n * 7) % len(FAMILY_NAMES)][0]
            user, created = User.objects.get_or_create(
                username=f"{DEMO_USER_PREFIX}officer-{n}",
                defaults={"full_name": f"{family}老师", "email": f"officer{n}@example.edu"},
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.set(
                    Group.objects.filter(name__in=[Role.STAFF.value, Role.OFFICE_STAFF.value])
                )
                if self.office:
                    user.units.set([self.office])
            officers.append(user)
        self.officers = officers
        yield "users", len(officers)

    def institutions(self):
        countries = {c.code: c for c in Country.objects.filter(code__in=COUNTRY_WEIGHTS)}
        weights = {code: w for code, w in COUNTRY_WEIGHTS.items() if code in countries}
        taken = {
            (name.casefold(), country_id)
            for name, country_id in Institution.objects.values_list("name_en", "country_id")
        }
        pools: dict[str, list[tuple[str, str, str, str, str]]] = {}
        rows: list[Institution] = []
        other_names: list[tuple[int, str]] = []
        wanted = scaled(PER_SCALE["institutions"], self.scale)
        while len(rows) < wanted:
            code = self.weighted(weights)
            name = self._institution_name(code, pools)
            if name is None:
                continue
            name_en, name_zh, city_en, _city_zh, kind = name
            country = countries[code]
            if (name_en.casefold(), country.pk) in taken:
                continue
            taken.add((name_en.casefold(), country.pk))
            since = self.day()
            institution = Institution(
                name_en=name_en,
                name_zh=name_zh,
                country=country,
                city=city_en,
                kind=kind,
                status=self.weighted(STATUS_WEIGHTS),
                partner_since=since,
                website=f"https://www.{_slug(name_en)}.example.edu/",
                responsible=self.rng.choice(self.officers),
                notes=DEMO_NOTE,
            )
            names = [name_en, name_zh]
            if self.rng.random() < 0.3:
                short = "".join(w[0] for w in name_en.split() if w[0].isupper())
                other_names.append((len(rows), short))
                names.append(short)
            institution.search_text = search_text(names)
            institution._history_date = _aware(since)
            rows.append(institution)
        self.institutions_made = self.bulk(Institution, rows)
        yield "institutions", len(self.institutions_made)
        extra = [
            InstitutionName(
                institution=self.institutions_made[i], name=short, kind=OtherNameKind.ABBREVIATION
            )
            for i, short in other_names
        ]
        yield "institutions: other names", len(self.bulk(InstitutionName, extra))

    def _institution_name(self, code: str, pools: dict[str, list]) -> tuple | None:
        """A fresh (English, Chinese, city, city in Chinese, kind) for a country; the pool of
        every combination is shuffled once, then campuses are added when it runs dry."""
        pool = pools.get(code)
        if pool is None:
            pool = [
                (q_en + p_en.format(c=c_en), q_zh + p_zh.format(c=c_zh), c_en, c_zh, kind)
                for c_en, c_zh in CITIES[code]
                for p_en, p_zh, kind in NAME_PATTERNS
                for q_en, q_zh in QUALIFIERS
            ]
            self.rng.shuffle(pool)
            pools[code] = pool
            self.spent[code] = []
        if pool:
            self.spent[code].append(pool[-1])
            return pool.pop()
        # Ran dry (only at very large scales): the same names again, as numbered campuses.
        self.campus[code] = self.campus.get(code, 1) + 1
        en, zh, c_en, c_zh, kind = self.rng.choice(self.spent[code])
        n = self.campus[code]
        return (f"{en}, Campus {n}", f"{zh}第{n}校区", c_en, c_zh, kind)

    def contacts(self):
        rows = []
        for institution in self.institutions_made:
            host = f"{_slug(institution.name_en)}.example.edu"
            for n in range(self.rng.choice((1, 1, 2, 3))):
                given = self.rng.choice(CONTACT_GIVEN)
                family = self.rng.choice(CONTACT_FAMILY)
                rows.append(
                    Contact(
                        institution=institution,
                        name=f"{given} {family}",
                        position=self.rng.choice(CONTACT_POSITIONS),
                        email=f"{_slug(given)}.{_slug(family)}@{host}",
                        phone=f"+{self.rng.randrange(1, 99)} {self.rng.randrange(10**7, 10**8)}",
                        is_primary=n == 0,
                    )
                )
        yield "contacts", len(self.bulk(Contact, rows))

    def people(self):
        china = Country.objects.filter(code="CN").first()
        wanted = scaled(PER_SCALE["staff_people"], self.scale)
        rows = []
        for n in range(wanted):
            family, family_py = self.rng.choice(FAMILY_NAMES)
            given = self.rng.sample(GIVEN_CHARS, self.rng.choice((1, 2, 2)))
            given_zh = "".join(c for c, _ in given)
            given_py = "".join(p for _, p in given).capitalize()
            rows.append(
                Person(
                    family_name=family_py,
                    given_name=given_py,
                    name_zh=family + given_zh,
                    passport_name=f"{family_py.upper()} {given_py.upper()}",
                    sex=self.rng.choice(Sex.values),
                    birth_date=self.day(datetime.date(1960, 1, 1), datetime.date(1998, 12, 31)),
                    nationality=china,
                    email=f"{family_py.lower()}.{given_py.lower()}{n}@example.edu",
                    unit=self.rng.choice(self.colleges) if self.colleges else None,
                    position=self.rng.choice(POSITIONS_ZH),
                    notes=DEMO_NOTE,
                )
            )
        self.staff = self.bulk(Person, rows)
        yield "people", len(self.staff)

        # Most staff who travel hold an official passport; some an ordinary one as well.
        taken = set(IdentityDocument.objects.values_list("kind", "number"))
        documents = []
        for person in self.staff:
            for kind, prefix, chance in (
                (DocumentKind.OFFICIAL_PASSPORT, "SE", 0.6),
                (DocumentKind.ORDINARY_PASSPORT, "E", 0.3),
            ):
                if self.rng.random() >= chance:
                    continue
                number = f"{prefix}{self.rng.randrange(10**7, 10**8)}"
                if (kind, number) in taken:
                    continue
                taken.add((kind, number))
                issued = self.day()
                documents.append(
                    IdentityDocument(
                        person=person,
                        kind=kind,
                        number=number,
                        issuing_country=china,
                        issued_on=issued,
                        expires_on=issued + datetime.timedelta(days=365 * 10 - 1),
                    )
                )
        yield "people: identity documents", len(self.bulk(IdentityDocument, documents))

    def agreements(self):
        from waishi.agreements.enums import AgreementKind, Approval
        from waishi.agreements.models import Agreement

        partners = [i for i in self.institutions_made if i.status != PartnerStatus.PROSPECTIVE]
        if not partners:
            return
        kinds = {
            AgreementKind.MOU: 35,
            AgreementKind.STUDENT_EXCHANGE: 25,
            AgreementKind.FACULTY_EXCHANGE: 10,
            AgreementKind.JOINT_DEGREE: 8,
            AgreementKind.COOPERATIVE_PROGRAM: 8,
            AgreementKind.RESEARCH: 8,
            AgreementKind.SUMMER_SCHOOL: 6,
        }
        rows, parties, units = [], [], []
        for n in range(scaled(PER_SCALE["agreements"], self.scale)):
            partner = self.rng.choice(partners)
            kind = self.weighted(kinds)
            kind_zh, kind_en = AGREEMENT_TITLES[kind]
            signed = self.day(partner.partner_since or self.start)
            years = self.rng.choice((3, 5, 5, 5, 10))
            approval = self.weighted(
                {Approval.APPROVED: 90, Approval.UNDER_APPROVAL: 5, Approval.DRAFT: 5}
            )
            agreement = _new(
                Agreement,
                name_zh=f"{HOME_ZH}与{partner.name_zh}{kind_zh}",
                name_en=f"{kind_en} between {HOME_EN} and {partner.name_en}",
                kind=kind,
                reference=f"XTU-IA-{signed.year}-{n + 1:05d}",
                home_signatory=self.rng.choice(("校长", "副校长", "国际交流合作处处长")),
                partner_signatories=f"{self.rng.choice(CONTACT_GIVEN)} "
                f"{self.rng.choice(CONTACT_FAMILY)}, President",
                signed_on=signed if approval == Approval.APPROVED else None,
                expires_on=_add_years(signed, years) - datetime.timedelta(days=1),
                renews_automatically=self.rng.random() < 0.3,
                notice_days=self.rng.choice((None, 90, 180)),
                places_outgoing=self.rng.choice((None, 2, 5, 10)),
                places_incoming=self.rng.choice((None, 2, 5, 10)),
                responsible=self.rng.choice(self.officers),
                approval=approval,
                notes=DEMO_NOTE,
            )
            agreement._history_date = _aware(signed)
            rows.append(agreement)
            parties.append(partner)
            units.append(self.rng.choice(self.colleges) if self.colleges else None)
        made = self.bulk(Agreement, rows)
        yield "agreements", len(made)
        Parties = Agreement.parties.through
        Parties.objects.bulk_create(
            [
                Parties(agreement_id=a.pk, institution_id=p.pk)
                for a, p in zip(made, parties, strict=True)
            ],
            batch_size=BATCH,
        )
        Units = Agreement.units.through
        Units.objects.bulk_create(
            [Units(agreement_id=a.pk, unit_id=u.pk) for a, u in zip(made, units, strict=True) if u],
            batch_size=BATCH,
        )

    def trips(self):
        """Trips abroad of the university's staff over ten years, each with its travellers
        and destination. No history rows here: at scale 100 they are a million rows, and
        the two-minute budget does not allow them."""
        from waishi.travel.enums import Purpose, TravellerRole, TripStatus
        from waishi.travel.models import Destination, Traveller, Trip

        people = [p for p in self.staff if p.unit_id]
        if not people:
            return
        by_country: dict[int, list[Institution]] = {}
        for institution in self.institutions_made:
            by_country.setdefault(institution.country_id, []).append(institution)
        countries = list(by_country)
        applicants = self.officers
        rows, groups, places = [], [], []
        wanted = scaled(PER_SCALE["trips_per_year"] * YEARS, self.scale)
        offset = Trip.objects.count()  # references are unique, also when adding (--force)
        for n in range(wanted):
            departure = self.day(self.start, self.today + datetime.timedelta(days=120))
            length = self.rng.randrange(4, 22)
            back = departure + datetime.timedelta(days=length - 1)
            leader = self.rng.choice(people)
            group = [leader, *self.rng.sample(people, self.rng.choice((0, 0, 1, 2, 3)))]
            group = list({p.pk: p for p in group}.values())
            host = self.rng.choice(by_country[self.rng.choice(countries)])
            purpose = self.rng.choice(Purpose.values)
            if back < self.today - datetime.timedelta(days=60):
                status = self.weighted(
                    {
                        TripStatus.CLOSED: 85,
                        TripStatus.CANCELLED: 5,
                        TripStatus.REJECTED: 3,
                        TripStatus.REPORTED: 7,
                    }
                )
            elif back < self.today:
                status = self.weighted({TripStatus.BACK: 60, TripStatus.REPORTED: 40})
            else:
                status = self.weighted({TripStatus.APPROVED: 50, TripStatus.IN_APPROVAL: 30,
                                        TripStatus.DRAFT: 15, TripStatus.RETURNED: 5})  # fmt: skip
            approved = status not in (
                TripStatus.DRAFT, TripStatus.IN_APPROVAL, TripStatus.RETURNED,
                TripStatus.REJECTED, TripStatus.CANCELLED,
            )  # fmt: skip
            submitted = departure - datetime.timedelta(days=self.rng.randrange(30, 90))
            trip = _new(
                Trip,
                reference=f"CG{departure.year}{offset + n + 1:06d}",
                title=f"赴{host.country.name_zh}{host.name_zh}{PURPOSE_ZH[purpose]}",
                applicant=self.rng.choice(applicants),
                unit_id=leader.unit_id,
                purpose=purpose,
                description=f"{PURPOSE_ZH[purpose]}：{host.name_zh}（{host.name_en}）",
                departure=departure,
                return_date=back,
                status=status,
                submitted_at=None if status == TripStatus.DRAFT else _aware(submitted),
                approval_round=0 if status == TripStatus.DRAFT else 1,
                approval_number=f"湘大外〔{departure.year}〕{offset + n + 1}号" if approved else "",
                approved_on=submitted + datetime.timedelta(days=14) if approved else None,
                actual_return=back if status in (TripStatus.BACK, TripStatus.REPORTED,
                                                 TripStatus.CLOSED) else None,
                report_due=back + datetime.timedelta(days=30) if approved else None,
            )  # fmt: skip
            trip._history_date = _aware(submitted)
            rows.append(trip)
            groups.append(group)
            places.append(host)
        made = self.bulk(Trip, rows, history=False)
        yield "trips", len(made)
        # Travellers and destinations are the bulk of a large run: plain multi-row inserts,
        # without model instances (five times faster than bulk_create at scale 100).
        date = connection.ops.adapt_datefield_value
        travellers = [
            (trip.pk, person.pk, TravellerRole.LEADER if i == 0 else TravellerRole.MEMBER,
             person.position, person.unit_id, "")
            for trip, group in zip(made, groups, strict=True)
            for i, person in enumerate(group)
        ]  # fmt: skip
        yield "trips: travellers", _fast_insert(
            Traveller, ["trip_id", "person_id", "role", "position", "unit_id", "passport_note"],
            travellers,
        )  # fmt: skip
        destinations = [
            (trip.pk, 1, host.country_id, host.city, host.pk, "",
             date(trip.departure + datetime.timedelta(days=1)),
             date(trip.return_date - datetime.timedelta(days=1)))
            for trip, host in zip(made, places, strict=True)
        ]  # fmt: skip
        yield "trips: destinations", _fast_insert(
            Destination,
            ["trip_id", "order", "country_id", "city", "institution_id", "host_name", "arrive",
             "leave"],
            destinations,
        )  # fmt: skip

    def programs(self):
        from waishi.programs.enums import ProgramLevel, ProgramMode, ProgramStatus
        from waishi.programs.models import Cohort, Program

        partners = [i for i in self.institutions_made if i.status == PartnerStatus.ACTIVE]
        if not partners or not self.colleges:
            return
        rows = []
        partner_sets = []
        for n in range(scaled(PER_SCALE["programs"], self.scale)):
            partner = self.rng.choice(partners)
            college = self.rng.choice(self.colleges)
            subject_zh, subject_en = self.rng.choice(DISCIPLINES)
            level = self.weighted(
                {ProgramLevel.BACHELOR: 8, ProgramLevel.MASTER: 3, ProgramLevel.DOCTORATE: 1}
            )
            level_zh, level_en = LEVEL_NAMES[level]
            approved = self.day()
            status = self.weighted(
                {
                    ProgramStatus.RUNNING: 70,
                    ProgramStatus.PLANNED: 10,
                    ProgramStatus.SUSPENDED: 10,
                    ProgramStatus.ENDED: 10,
                }
            )
            quota = self.rng.randrange(30, 130, 10)
            program = _new(
                Program,
                name_zh=f"{college.name_zh}与{partner.name_zh}合作举办{subject_zh}专业{level_zh}教育项目",
                name_en=f"{subject_en} {level_en} programme with {partner.name_en}",
                home_unit=college,
                level=level,
                mode=self.rng.choice(ProgramMode.values),
                discipline=subject_zh,
                approval_number=(
                    f"MOE43{partner.country.code}{self.rng.choice('ABCD')}"
                    f"A{approved.year}{n % 10000:04d}N"
                ),
                approval_date=approved,
                valid_until=approved + datetime.timedelta(days=365 * 10),
                annual_quota=quota,
                tuition=self.rng.randrange(20000, 80000, 5000),
                status=status,
                ended_on=self.day(approved) if status == ProgramStatus.ENDED else None,
                end_reason="合作协议期满" if status == ProgramStatus.ENDED else "",
                responsible=self.rng.choice(self.officers),
                notes=DEMO_NOTE,
            )
            program._history_date = _aware(approved)
            rows.append(program)
            extra = [partner] if self.rng.random() < 0.85 else [partner, self.rng.choice(partners)]
            partner_sets.append({p.pk: p for p in extra})
        programs = self.bulk(Program, rows)
        yield "programs", len(programs)
        Through = Program.partners.through
        links = [
            Through(program_id=program.pk, institution_id=pk)
            for program, chosen in zip(programs, partner_sets, strict=True)
            for pk in chosen
        ]
        Through.objects.bulk_create(links, batch_size=BATCH)
        cohorts = []
        for program in programs:
            if program.status == ProgramStatus.PLANNED:
                continue
            last = (program.ended_on or self.today).year
            for year in range(program.approval_date.year + 1, last + 1):
                enrolled = self.rng.randrange(program.annual_quota // 2, program.annual_quota + 1)
                abroad = self.rng.randrange(0, enrolled // 2 + 1)
                graduated = (
                    self.rng.randrange(enrolled * 3 // 4, enrolled + 1)
                    if year + 4 <= self.today.year
                    else 0
                )
                cohorts.append(
                    Cohort(
                        program=program,
                        intake_year=year,
                        enrolled=enrolled,
                        transferred_abroad=abroad,
                        graduated=graduated,
                    )
                )
        yield "programs: cohorts", len(self.bulk(Cohort, cohorts))

    def run(self) -> Report:
        self.step("users", self.users)
        self.step("institutions", self.institutions)
        self.step("contacts", self.contacts)
        self.step("people", self.people)
        # Modules that came later; each is filled when its tables exist.
        for name, app_label, make in (
            ("agreements", "agreements", self.agreements),
            ("programs", "programs", self.programs),
            ("trips", "travel", self.trips),
        ):
            if _tables_exist(app_label):
                self.step(name, make)
            else:
                self.say(f"{name}: no tables yet, skipped")
        return self.report


def _tables_exist(app_label: str) -> bool:
    """Whether the app has models and all their tables are migrated."""
    from django.apps import apps
    from django.db import connection

    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return False
    wanted = {m._meta.db_table for m in config.get_models()}
    return bool(wanted) and wanted <= set(connection.introspection.table_names())


def _new(model: type[models.Model], **values: Any) -> Any:
    """An unsaved `model` from the values it has fields for: the later modules' models still
    change, and demo data should not break on a field renamed or dropped."""
    known = {f.name for f in model._meta.concrete_fields} | {
        f.attname for f in model._meta.concrete_fields
    }
    return model(**{k: v for k, v in values.items() if k in known})


def _fast_insert(model: type[models.Model], columns: list[str], rows: list[tuple]) -> int:
    """INSERT the rows (values in `columns` order, ready for the database) in batches."""
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
    return len(rows)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())[:40] or "x"


def demo_data_generate(
    scale: float,
    *,
    seed: int = DEFAULT_SEED,
    force: bool = False,
    history: bool = True,
    say: Callable[[str], None] = lambda line: None,
) -> Report:
    """Fill the database with demo data at `scale` (1 = the office today), the same for the
    same seed. Refuses (RealDataError) when the database holds data the generator did not
    make, or demo data already, unless `force`; with `force` it adds alongside and skips
    names that exist. Without `history` no "created" history rows are written (faster).
    One transaction: all or nothing. Sends no notifications."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    if not force:
        found = real_data_found()
        if found:
            raise RealDataError(
                "The database holds real data (" + ", ".join(found) + "); "
                "demo data goes into an empty database. Use --force to add it anyway."
            )
        if demo_data_present():
            raise RealDataError(
                "The database holds demo data already; start from an empty database "
                "or use --force to add more."
            )
    started = timezone.now()
    with transaction.atomic():
        report = _Generator(scale, seed, say, history).run()
    say(f"done in {(timezone.now() - started).total_seconds():.1f} s")
    return report
