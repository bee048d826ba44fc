"""The award catalogue as data (law-notes §0, §1.5, §1.6, §1.9; domain.md §7): the titles and forms, one rule per
period of the law, and the base salaries. The data migration 0003 and the tests call ``catalogue_ensure``; it is
idempotent (rows are matched by code, by award and start date, by start date).

Periods: Luật 06/2022/QH15 with Nghị định 98/2023/NĐ-CP from 1/1/2024 until 30/6/2025; with Nghị định 152/2025/NĐ-CP
and 129/2025/NĐ-CP from 1/7/2025. Before them, for the award history only (``HISTORY_PERIODS``: nothing is judged by
them, awards.rules.JUDGED_FROM): Luật Thi đua, Khen thưởng 2003 as amended in 2005 and 2013 with Nghị định 42/2010/NĐ-CP
(amended by 65/2014/NĐ-CP) from 1/6/2010, then with Nghị định 91/2017/NĐ-CP from 15/9/2017 until 31/12/2023. Their
rules name each title as the decisions of the period print it (``printed_name``: "Chiến sĩ thi đua cấp bộ, ban,
ngành, đoàn thể trung ương, tỉnh, thành phố trực thuộc trung ương" is today's CSTĐ cấp tỉnh), so that a past decision
maps to today's title and counts in its chains (awards/past.py). The two effective dates are to be checked against
the official texts. ``confer_kind`` is the level of the People's Committee whose chairman confers the
award ("national" for the Prime Minister); ``also_confer_kinds`` are other levels that may confer it in that period
(before 7/2025 the district chairman also conferred LĐTT and Giấy khen, Luật Điều 80.2)."""

import datetime
from decimal import Decimal

ND42_FROM = datetime.date(2010, 6, 1)
ND91_FROM = datetime.date(2017, 9, 15)
HISTORY_UNTIL = datetime.date(2023, 12, 31)
OLD_FROM = datetime.date(2024, 1, 1)
OLD_UNTIL = datetime.date(2025, 6, 30)
NEW_FROM = datetime.date(2025, 7, 1)

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
OLD_BASIS = f"{LAW}; Nghị định số 98/2023/NĐ-CP"
NEW_BASIS = f"{LAW}; Nghị định số 152/2025/NĐ-CP; Nghị định số 129/2025/NĐ-CP"
LAW_2003 = "Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung năm 2005, 2013)"
ND42_BASIS = f"{LAW_2003}; Nghị định số 42/2010/NĐ-CP (sửa đổi bởi Nghị định số 65/2014/NĐ-CP)"
ND91_BASIS = f"{LAW_2003}; Nghị định số 91/2017/NĐ-CP"
VOTE_NOTE = " (tỷ lệ phiếu theo Nghị định số 98/2023/NĐ-CP Điều 30, chờ xác nhận với Nghị định số 152/2025/NĐ-CP)"

# code, name, short name, category, recipient, rank, certificate heading
AWARD_TYPES = [
    (
        "cstd-toan-quoc",
        "Chiến sĩ thi đua toàn quốc",
        "CSTĐ toàn quốc",
        "title",
        "individual",
        100,
        "CHIẾN SĨ THI ĐUA TOÀN QUỐC",
    ),
    (
        "co-thi-dua-tinh",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "Cờ thi đua tỉnh",
        "title",
        "collective",
        95,
        "CỜ THI ĐUA",
    ),
    ("cstd-tinh", "Chiến sĩ thi đua cấp tỉnh", "CSTĐ tỉnh", "title", "individual", 90, "CHIẾN SĨ THI ĐUA CẤP TỈNH"),
    (
        "bang-khen-tinh-tt",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (tập thể)",
        "Bằng khen tỉnh (tập thể)",
        "form",
        "collective",
        86,
        "BẰNG KHEN",
    ),
    (
        "bang-khen-tinh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân)",
        "Bằng khen tỉnh",
        "form",
        "individual",
        85,
        "BẰNG KHEN",
    ),
    ("xa-tieu-bieu", "Xã, phường tiêu biểu", "Xã, phường tiêu biểu", "title", "commune", 80, "XÃ, PHƯỜNG TIÊU BIỂU"),
    ("ttldxs", "Tập thể lao động xuất sắc", "TTLĐXS", "title", "collective", 70, "TẬP THỂ LAO ĐỘNG XUẤT SẮC"),
    ("cstdcs", "Chiến sĩ thi đua cơ sở", "CSTĐCS", "title", "individual", 60, "CHIẾN SĨ THI ĐUA CƠ SỞ"),
    ("ttldtt", "Tập thể lao động tiên tiến", "TTLĐTT", "title", "collective", 50, "TẬP THỂ LAO ĐỘNG TIÊN TIẾN"),
    ("thon-van-hoa", "Thôn, tổ dân phố văn hóa", "Thôn văn hóa", "title", "village", 45, "THÔN, TỔ DÂN PHỐ VĂN HÓA"),
    ("ldtt", "Lao động tiên tiến", "LĐTT", "title", "individual", 40, "LAO ĐỘNG TIÊN TIẾN"),
    ("giay-khen-tt", "Giấy khen (tập thể)", "Giấy khen (tập thể)", "form", "collective", 31, "GIẤY KHEN"),
    ("giay-khen", "Giấy khen (cá nhân)", "Giấy khen", "form", "individual", 30, "GIẤY KHEN"),
    ("gia-dinh-van-hoa", "Gia đình văn hóa", "Gia đình văn hóa", "title", "household", 20, "GIA ĐÌNH VĂN HÓA"),
]

# What every rule of an award states in both periods (criteria and money), by code. Keys are AwardRule fields;
# prerequisite, member_title and member_title_one name an award by its code.
CRITERIA = {
    "ldtt": {"money_factor": "0.3", "min_rating": "good"},
    "cstdcs": {
        "money_factor": "1.0",
        "vote_threshold": "80",
        "prerequisite": "ldtt",
        "prerequisite_years": 1,
        "excellent_or_initiative": True,
    },
    "cstd-tinh": {"money_factor": "3.0", "vote_threshold": "90", "prerequisite": "cstdcs", "prerequisite_years": 3},
    "cstd-toan-quoc": {
        "money_factor": "4.5",
        "vote_threshold": "90",
        "prerequisite": "cstd-tinh",
        "prerequisite_years": 2,
    },
    "ttldtt": {
        "money_factor": "0.8",
        "min_rating": "good",
        "member_title": "ldtt",
        "member_share": "50",
        "member_share_more_than": True,
        "no_discipline_from": "warning",
    },
    "ttldxs": {
        "money_factor": "1.5",
        "min_rating": "excellent",
        "members_all_complete": True,
        "member_title": "ldtt",
        "member_share": "70",
        "member_title_one": "cstdcs",
    },
    "co-thi-dua-tinh": {"money_factor": "8.0", "vote_threshold": "80", "cluster_leader": True},
    "thon-van-hoa": {"money_factor": "1.5"},
    "xa-tieu-bieu": {"money_factor": "2.0"},
    "gia-dinh-van-hoa": {"money_factor": "0"},
    "giay-khen": {"money_factor": "0.3"},
    "giay-khen-tt": {"money_factor": "0.6"},
    "bang-khen-tinh": {"money_factor": "1.5"},
    "bang-khen-tinh-tt": {"money_factor": "3.0"},
}

# Who confers it: (before 7/2025, since 7/2025), each (confer_kind, also_confer_kinds).
CONFER = {
    "ldtt": (("commune", "district"), ("commune", "")),
    "cstdcs": (("district", ""), ("commune", "")),
    "ttldtt": (("district", ""), ("commune", "")),
    "thon-van-hoa": (("district", ""), ("commune", "")),
    "giay-khen": (("commune", "district"), ("commune", "")),
    "giay-khen-tt": (("commune", "district"), ("commune", "")),
    "gia-dinh-van-hoa": (("commune", ""), ("commune", "")),
    "cstd-tinh": (("province", ""), ("province", "")),
    "ttldxs": (("province", ""), ("province", "")),
    "co-thi-dua-tinh": (("province", ""), ("province", "")),
    "bang-khen-tinh": (("province", ""), ("province", "")),
    "bang-khen-tinh-tt": (("province", ""), ("province", "")),
    "xa-tieu-bieu": (("province", ""), ("province", "")),
    "cstd-toan-quoc": (("national", ""), ("national", "")),
}

# Extra words on the legal basis of a rule, by code.
BASIS_NOTES = {
    "ttldtt": " (tỷ lệ “trên 50%” LĐTT theo Luật; tỉnh có thể quy định tỷ lệ riêng)",
    "bang-khen-tinh": " (hệ số tiền thưởng cá nhân cần đối chiếu văn bản)",
    "gia-dinh-van-hoa": "; Nghị định số 86/2023/NĐ-CP",
    "thon-van-hoa": "; Nghị định số 86/2023/NĐ-CP",
    "xa-tieu-bieu": "; Nghị định số 86/2023/NĐ-CP",
}

# The award history before 2024: the periods, and each title's name in them where it differs from today's (a title
# not listed, xã tiêu biểu, did not exist). Bằng khen and Cờ thi đua of a province were given by "bộ, ban, ngành, đoàn
# thể trung ương, tỉnh, thành phố trực thuộc trung ương" alike.
_MINISTRY_OR_PROVINCE = "cấp bộ, ban, ngành, đoàn thể trung ương, tỉnh, thành phố trực thuộc trung ương"
HISTORY_NAMES = {
    "cstd-toan-quoc": "",
    "co-thi-dua-tinh": f"Cờ thi đua {_MINISTRY_OR_PROVINCE}",
    "cstd-tinh": f"Chiến sĩ thi đua {_MINISTRY_OR_PROVINCE}",
    "bang-khen-tinh": f"Bằng khen {_MINISTRY_OR_PROVINCE}",
    "bang-khen-tinh-tt": f"Bằng khen {_MINISTRY_OR_PROVINCE}",
    "ttldxs": "",
    "cstdcs": "",
    "ttldtt": "",
    "thon-van-hoa": "Thôn, làng, ấp, bản, tổ dân phố văn hóa",
    "ldtt": "",
    "giay-khen": "",
    "giay-khen-tt": "",
    "gia-dinh-van-hoa": "",
}
HISTORY_PERIODS = (
    (ND42_FROM, ND91_FROM - datetime.timedelta(days=1), ND42_BASIS),
    (ND91_FROM, HISTORY_UNTIL, ND91_BASIS),
)
# Who conferred it before 2024 (Nghị định 91/2017 Điều 43): the district chairman the titles of the base level, the
# commune chairman Giấy khen and Gia đình văn hóa.
HISTORY_CONFER = {
    "ldtt": ("district", ""),
    "giay-khen": ("commune", "district"),
    "giay-khen-tt": ("commune", "district"),
}
HISTORY_NOTE = " (lịch sử khen thưởng: không dùng để xét)"
# Where the criteria or the money of that time differ from CRITERIA: CSTĐCS needed an initiative (not "excellent or
# an initiative"); Bằng khen paid 1,0 (individual) and 2,0 (collective) times the base salary (Nghị định 91/2017
# Điều 72).
HISTORY_CRITERIA = {
    "cstdcs": {"excellent_or_initiative": False},
    "bang-khen-tinh": {"money_factor": "1.0"},
    "bang-khen-tinh-tt": {"money_factor": "2.0"},
}
HISTORY_BASIS_NOTES = {"cstdcs": "; sáng kiến là bắt buộc"}

BASE_SALARIES = [
    (datetime.date(2023, 7, 1), 1_800_000, "Nghị định số 24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), 2_340_000, "Nghị định số 73/2024/NĐ-CP"),
]

FK_FIELDS = ("prerequisite", "member_title", "member_title_one")
DECIMAL_FIELDS = ("money_factor", "vote_threshold", "member_share")


def rule_rows():
    """(code, valid_from, valid_until, defaults) for every rule of the catalogue."""
    for code, (old_confer, new_confer) in CONFER.items():
        criteria = CRITERIA[code]
        note = BASIS_NOTES.get(code, "")
        for valid_from, valid_until, basis, (kind, also) in (
            (OLD_FROM, OLD_UNTIL, OLD_BASIS, old_confer),
            (NEW_FROM, None, NEW_BASIS, new_confer),
        ):
            legal_basis = basis + note
            if criteria.get("vote_threshold") and valid_from == NEW_FROM:
                legal_basis += VOTE_NOTE
            defaults = {
                "valid_until": valid_until,
                "legal_basis": legal_basis,
                "confer_kind": kind,
                "also_confer_kinds": also,
                **{k: v for k, v in criteria.items() if k not in FK_FIELDS},
            }
            for field in DECIMAL_FIELDS:
                if defaults.get(field) is not None:
                    defaults[field] = Decimal(defaults[field])
            yield code, valid_from, valid_until, defaults, {f: criteria.get(f) for f in FK_FIELDS}
    for code, printed_name in HISTORY_NAMES.items():
        criteria = {**CRITERIA[code], **HISTORY_CRITERIA.get(code, {})}
        kind, also = HISTORY_CONFER.get(code, CONFER[code][0])
        for valid_from, valid_until, basis in HISTORY_PERIODS:
            defaults = {
                "valid_until": valid_until,
                "legal_basis": basis + HISTORY_BASIS_NOTES.get(code, "") + HISTORY_NOTE,
                "printed_name": printed_name,
                "confer_kind": kind,
                "also_confer_kinds": also,
                **{k: v for k, v in criteria.items() if k not in FK_FIELDS and k != "vote_threshold"},
            }
            for field in DECIMAL_FIELDS:
                if defaults.get(field) is not None:
                    defaults[field] = Decimal(defaults[field])
            yield code, valid_from, valid_until, defaults, {f: criteria.get(f) for f in FK_FIELDS}


def catalogue_ensure(award_type_model=None, rule_model=None, salary_model=None) -> None:
    """Create or update the catalogue rows (the migration passes its historical models)."""
    if award_type_model is None:
        from awards.models import AwardRule as rule_model  # noqa: N813
        from awards.models import AwardType as award_type_model  # noqa: N813
        from awards.models import BaseSalary as salary_model  # noqa: N813
    types = {}
    for code, name, short_name, category, recipient, rank, heading in AWARD_TYPES:
        types[code], _created = award_type_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short_name,
                "category": category,
                "recipient": recipient,
                "rank": rank,
                "certificate_heading": heading,
            },
        )
    known = {field.name for field in rule_model._meta.get_fields()}
    for code, valid_from, _until, defaults, links in rule_rows():
        if "printed_name" not in known and valid_from < OLD_FROM:
            continue  # the migration 0003 runs before the field exists; 0005 adds the history
        fks = {field: types[linked] if linked else None for field, linked in links.items()}
        values = {k: v for k, v in {**defaults, **fks}.items() if k in known}
        rule_model.objects.update_or_create(award_type=types[code], valid_from=valid_from, defaults=values)
    for valid_from, amount, basis in BASE_SALARIES:
        salary_model.objects.update_or_create(valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis})
