"""Partners' share of the demo data: institutions in the countries the office works with
(weighted like its own Global Partners table), bilingual names, other names, and contacts."""

from __future__ import annotations

from collections.abc import Iterator

from waishi.core.demo_data import DEMO_NOTE, DemoRun, Made, aware, slug
from waishi.core.models import Country, User
from waishi.partners.enums import InstitutionKind, OtherNameKind, PartnerStatus
from waishi.partners.models import Contact, Institution, InstitutionName
from waishi.partners.search import search_text

INSTITUTIONS = 70  # at scale 1

REGISTERS = [("partner institutions", Institution)]

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

# Partners' contacts.
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


def generate(run: DemoRun) -> Made:
    officers = run.made("officers", User)
    made = list(_institutions(run, officers))
    institutions = run.bulk(Institution, [institution for institution, _short in made])
    run.keep("institutions", institutions)
    yield "institutions", len(institutions)
    other_names = [
        InstitutionName(institution=institution, name=short, kind=OtherNameKind.ABBREVIATION)
        for institution, short in made
        if short
    ]
    yield "institutions: other names", len(run.bulk(InstitutionName, other_names))
    contacts = []
    for institution in institutions:
        host = f"{slug(institution.name_en)}.example.edu"
        for n in range(run.rng.choice((1, 1, 2, 3))):
            given = run.rng.choice(CONTACT_GIVEN)
            family = run.rng.choice(CONTACT_FAMILY)
            contacts.append(
                Contact(
                    institution=institution,
                    name=f"{given} {family}",
                    position=run.rng.choice(CONTACT_POSITIONS),
                    email=f"{slug(given)}.{slug(family)}@{host}",
                    phone=f"+{run.rng.randrange(1, 99)} {run.rng.randrange(10**7, 10**8)}",
                    is_primary=n == 0,
                )
            )
    yield "contacts", len(run.bulk(Contact, contacts))


def _institutions(run: DemoRun, officers: list[User]) -> Iterator[tuple[Institution, str]]:
    """Unsaved institutions, each with a name not yet taken in its country, and an
    abbreviation for some ("" for the others)."""
    countries = {c.code: c for c in Country.objects.filter(code__in=COUNTRY_WEIGHTS)}
    weights = {code: w for code, w in COUNTRY_WEIGHTS.items() if code in countries}
    taken = {
        (name.casefold(), country_id)
        for name, country_id in Institution.objects.values_list("name_en", "country_id")
    }
    names = _Names(run)
    wanted = run.scaled(INSTITUTIONS)
    made = 0
    while made < wanted:
        code = run.weighted(weights)
        name_en, name_zh, city_en, kind = names.next(code)
        country = countries[code]
        if (name_en.casefold(), country.pk) in taken:
            continue
        taken.add((name_en.casefold(), country.pk))
        since = run.day()
        institution = Institution(
            name_en=name_en,
            name_zh=name_zh,
            country=country,
            city=city_en,
            kind=kind,
            status=run.weighted(STATUS_WEIGHTS),
            partner_since=since,
            website=f"https://www.{slug(name_en)}.example.edu/",
            responsible=run.rng.choice(officers),
            notes=DEMO_NOTE,
        )
        short = ""
        if run.rng.random() < 0.3:
            short = "".join(w[0] for w in name_en.split() if w[0].isupper())
        institution.search_text = search_text([name_en, name_zh, short])
        institution._history_date = aware(since)  # type: ignore[attr-defined]  # simple-history
        made += 1
        yield institution, short


class _Names:
    """Fresh (English, Chinese, city, kind) names per country: the pool of every combination
    is shuffled once, then numbered campuses are added when it runs dry (very large scales)."""

    def __init__(self, run: DemoRun) -> None:
        self.run = run
        self.pools: dict[str, list[tuple[str, str, str, str]]] = {}
        self.spent: dict[str, list[tuple[str, str, str, str]]] = {}
        self.campus: dict[str, int] = {}

    def next(self, code: str) -> tuple[str, str, str, str]:
        pool = self.pools.get(code)
        if pool is None:
            pool = [
                (q_en + p_en.format(c=c_en), q_zh + p_zh.format(c=c_zh), c_en, kind)
                for c_en, c_zh in CITIES[code]
                for p_en, p_zh, kind in NAME_PATTERNS
                for q_en, q_zh in QUALIFIERS
            ]
            self.run.rng.shuffle(pool)
            self.pools[code] = pool
            self.spent[code] = []
        if pool:
            self.spent[code].append(pool[-1])
            return pool.pop()
        self.campus[code] = self.campus.get(code, 1) + 1
        en, zh, city, kind = self.run.rng.choice(self.spent[code])
        n = self.campus[code]
        return (f"{en}, Campus {n}", f"{zh}第{n}校区", city, kind)
