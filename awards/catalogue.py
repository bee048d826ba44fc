"""The award catalogue as data (law-notes §0, §1.5, §1.6, §1.9; domain.md §7): the titles and forms, one rule per
period of the law, and the base salaries. The data migration 0003 and the tests call ``catalogue_ensure``; it is
idempotent (rows are matched by code, by award and start date, by start date).

Periods: Luật 06/2022/QH15 with Nghị định 98/2023/NĐ-CP from 1/1/2024 until 30/6/2025; with Nghị định 152/2025/NĐ-CP
and 129/2025/NĐ-CP from 1/7/2025. ``confer_kind`` is the level of the People's Committee whose chairman confers the
award ("national" for the Prime Minister); ``also_confer_kinds`` are other levels that may confer it in that period
(before 7/2025 the district chairman also conferred LĐTT and Giấy khen, Luật Điều 80.2)."""

import datetime
from decimal import Decimal

OLD_FROM = datetime.date(2024, 1, 1)
OLD_UNTIL = datetime.date(2025, 6, 30)
NEW_FROM = datetime.date(2025, 7, 1)

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
OLD_BASIS = f"{LAW}; Nghị định số 98/2023/NĐ-CP"
NEW_BASIS = f"{LAW}; Nghị định số 152/2025/NĐ-CP; Nghị định số 129/2025/NĐ-CP"
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
    for code, valid_from, _until, defaults, links in rule_rows():
        fks = {field: types[linked] if linked else None for field, linked in links.items()}
        rule_model.objects.update_or_create(award_type=types[code], valid_from=valid_from, defaults={**defaults, **fks})
    for valid_from, amount, basis in BASE_SALARIES:
        salary_model.objects.update_or_create(valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis})
