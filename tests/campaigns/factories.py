"""Small campaigns for tests, built through the import service so that they have the seeds' shape."""

import copy

from campaigns.serialization import FORMAT, campaign_import


def campaign_data(
    unit, *, title="Phát động thi đua năm 2024", status="issued", number=109, indicators=2, participants=(), year=2024
) -> dict:
    figures = [
        {
            "label": "-",
            "sentence": f"Chỉ tiêu số {i + 1} đạt {1105 + i} tấn.",
            "field": "economy",
            "figures": [
                {
                    "name": f"Chỉ tiêu số {i + 1}",
                    "form": "at_least",
                    "direction": "up",
                    "value": str(1105 + i),
                    "value_high": None,
                    "total": None,
                    "grade": "",
                    "unit_of_measure": "tấn",
                    "source": "own",
                    "source_body": "",
                    "context": "",
                    "aggregation": "sum",
                    "weight_name": "",
                    "targets": [],
                }
            ],
        }
        for i in range(indicators)
    ]
    return {
        "format": FORMAT,
        "campaign": {
            "issuing_unit": {"edition": unit.edition, "code": unit.code},
            "parent_body": "UBND HUYỆN CAO LỘC",
            "issuing_body": f"ỦY BAN NHÂN DÂN {unit.name.upper()}",
            "doc_type": "pd",
            "number": number,
            "symbol": "PĐ-UBND",
            "place": unit.short_name,
            "issued_on": "2024-01-24" if number else None,
            "year": year,
            "title": title,
            "kind": "regular",
            "status": status,
            "higher_document": "",
            "higher_campaign": None,
            "preamble": "Năm 2024 … với chủ đề: **“Siết chặt kỷ cương”**, như sau:",
            "theme": "Siết chặt kỷ cương",
            "closing": "Phấn đấu hoàn thành./.",
            "signer": {"authority": "KT.", "on_behalf_of": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Vũ Văn Thái"},
            "recipients": ["Phòng Nội vụ;", "Lưu: VT."],
            "local_units": [],
            "participants": [{"edition": u.edition, "code": u.code} for u in participants],
            "clusters": [],
            "sections": [
                {
                    "label": "I.",
                    "heading": "CHỈ TIÊU",
                    "body": "",
                    "role": "targets",
                    "field": "",
                    "indicators": copy.deepcopy(figures),
                    "children": [],
                },
                {
                    "label": "II.",
                    "heading": "THỜI GIAN THI ĐUA",
                    "body": "Đến hết ngày 31 tháng 12 năm 2024.",
                    "role": "duration",
                    "field": "",
                    "indicators": [],
                    "children": [],
                },
            ],
        },
    }


def make_campaign(unit, **kwargs):
    return campaign_import(data=campaign_data(unit, **kwargs))
