"""The document types of Nghị định 30/2020/NĐ-CP, Phụ lục III, Mục I, with their abbreviations, and the local
"PHÁT ĐỘNG" (PĐ) that communes use although the decree does not list it (nd30.md §3)."""

# code, name, printed title, abbreviation, in the decree
DOCUMENT_TYPES = [
    ("nq", "Nghị quyết", "NGHỊ QUYẾT", "NQ", True),
    ("qd", "Quyết định", "QUYẾT ĐỊNH", "QĐ", True),
    ("ct", "Chỉ thị", "CHỈ THỊ", "CT", True),
    ("qc", "Quy chế", "QUY CHẾ", "QC", True),
    ("qyd", "Quy định", "QUY ĐỊNH", "QyĐ", True),
    ("tc", "Thông cáo", "THÔNG CÁO", "TC", True),
    ("tb", "Thông báo", "THÔNG BÁO", "TB", True),
    ("hd", "Hướng dẫn", "HƯỚNG DẪN", "HD", True),
    ("ctr", "Chương trình", "CHƯƠNG TRÌNH", "CTr", True),
    ("kh", "Kế hoạch", "KẾ HOẠCH", "KH", True),
    ("pa", "Phương án", "PHƯƠNG ÁN", "PA", True),
    ("da", "Đề án", "ĐỀ ÁN", "ĐA", True),
    ("dan", "Dự án", "DỰ ÁN", "DA", True),
    ("bc", "Báo cáo", "BÁO CÁO", "BC", True),
    ("bb", "Biên bản", "BIÊN BẢN", "BB", True),
    ("ttr", "Tờ trình", "TỜ TRÌNH", "TTr", True),
    ("hdong", "Hợp đồng", "HỢP ĐỒNG", "HĐ", True),
    ("cd", "Công điện", "CÔNG ĐIỆN", "CĐ", True),
    ("bgn", "Bản ghi nhớ", "BẢN GHI NHỚ", "BGN", True),
    ("btt", "Bản thỏa thuận", "BẢN THỎA THUẬN", "BTT", True),
    ("guq", "Giấy ủy quyền", "GIẤY ỦY QUYỀN", "GUQ", True),
    ("gm", "Giấy mời", "GIẤY MỜI", "GM", True),
    ("ggt", "Giấy giới thiệu", "GIẤY GIỚI THIỆU", "GGT", True),
    ("gnp", "Giấy nghỉ phép", "GIẤY NGHỈ PHÉP", "GNP", True),
    ("pg", "Phiếu gửi", "PHIẾU GỬI", "PG", True),
    ("pc", "Phiếu chuyển", "PHIẾU CHUYỂN", "PC", True),
    ("pb", "Phiếu báo", "PHIẾU BÁO", "PB", True),
    ("cv", "Công văn", "CÔNG VĂN", "", True),
    ("pd", "Phát động", "PHÁT ĐỘNG", "PĐ", False),
]

STANDARD_ABBREVIATIONS = {abbr for _c, _n, _t, abbr, standard in DOCUMENT_TYPES if standard and abbr}


def document_types_ensure(model) -> None:
    """Create or update the catalogue rows of ``model`` (DocumentType, or the data migration's historical model);
    idempotent. This module imports no model, so that the models can import its tables."""
    for position, (code, name, title, abbreviation, standard) in enumerate(DOCUMENT_TYPES):
        model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "title": title,
                "abbreviation": abbreviation,
                "standard": standard,
                "position": position,
            },
        )
