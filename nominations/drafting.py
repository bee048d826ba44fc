"""The achievement report (báo cáo thành tích) of a nomination, drafted from the record: who the person or
collective is, the year's task rating, the recognised initiatives, the awards of the last years and, for a campaign
nomination, the results of the unit's latest approved report. The officer edits the text afterwards."""

from awards.models import AwardRecord
from people.models import Initiative, TaskRating
from reports.models import Report, ReportStatus

# The awards of this many years before the year judged are listed.
HISTORY_YEARS = 3
RESULTS_MAX_CHARS = 1500


def _rating_line(nomination) -> str:
    subject = {"person": nomination.person} if nomination.person_id else {"collective": nomination.collective}
    rating = TaskRating.objects.filter(year=nomination.year, **subject).first()
    if rating is None:
        return f"- Năm {nomination.year}: chưa có kết quả đánh giá, xếp loại mức độ hoàn thành nhiệm vụ."
    return f"- Năm {nomination.year}: {rating.get_rating_display().lower()}."


def _awards_lines(nomination) -> list[str]:
    subject = {"person": nomination.person} if nomination.person_id else {"collective": nomination.collective}
    records = (
        AwardRecord.objects.filter(year__gte=nomination.year - HISTORY_YEARS, year__lte=nomination.year, **subject)
        .select_related("award_type")
        .order_by("year", "award_type__name")
    )
    lines = []
    for record in records:
        reference = f" (Quyết định số {record.decision_reference}" if record.decision_reference else " ("
        decided = record.decided_on.strftime("%d/%m/%Y") if record.decided_on else ""
        text = f"- Năm {record.year}: {record.award_type.name}{reference}"
        text += f" ngày {decided}" if decided else ""
        text += f" của {record.decided_by})." if record.decided_by else ")."
        lines.append(text.replace(" ()", ""))
    return lines


def _initiative_lines(nomination) -> list[str]:
    if not nomination.person_id:
        return []
    initiatives = Initiative.objects.filter(person=nomination.person, recognised_on__year=nomination.year)
    return [
        f"- Sáng kiến {i.code}: “{i.title}”, được {i.recognised_by} công nhận ngày "
        f"{i.recognised_on.strftime('%d/%m/%Y')}."
        for i in initiatives
    ]


def _campaign_lines(nomination) -> list[str]:
    if nomination.campaign_id is None:
        return []
    unit = nomination.unit
    if nomination.collective_id and nomination.collective.linked_unit_id:
        unit = nomination.collective.linked_unit
    report = (
        Report.objects.filter(period__campaign=nomination.campaign, unit=unit, status=ReportStatus.APPROVED)
        .select_related("period")
        .order_by("-period__ends_on")
        .first()
    )
    lines = [f"Tham gia phong trào thi đua: {' '.join(nomination.campaign.title.split())}."]
    if report is not None and report.results.strip():
        results = report.results.strip()
        if len(results) > RESULTS_MAX_CHARS:
            results = results[:RESULTS_MAX_CHARS].rsplit(" ", 1)[0] + "…"
        lines.append(f"Kết quả thực hiện ({report.period.label}, báo cáo của {unit.name} đã được phê duyệt):")
        lines.append(results)
    return lines


def achievements_text(nomination) -> str:
    """The draft text, in Vietnamese, in the order of the báo cáo thành tích templates (Mẫu 05 and the like)."""
    unit = nomination.unit
    parts = ["I. SƠ LƯỢC LÝ LỊCH"]
    if nomination.person_id:
        person = nomination.person
        parts.append(f"- Họ và tên: {person.full_name}.")
        if person.birth_year:
            parts.append(f"- Năm sinh: {person.birth_year}.")
        if person.position:
            parts.append(f"- Chức vụ: {person.position}.")
        parts.append(f"- Đơn vị công tác: {person.unit.name}.")
    else:
        collective = nomination.collective
        parts.append(f"- Tên tập thể: {collective.name} ({collective.get_kind_display().lower()}).")
        if collective.head:
            parts.append(f"- Chủ hộ: {collective.head}.")
        members = collective.members.filter(active=True).count()
        if members:
            parts.append(f"- Số thành viên: {members}.")
        parts.append(f"- Thuộc: {collective.unit.name}.")
    parts.append("")
    parts.append("II. THÀNH TÍCH ĐẠT ĐƯỢC")
    parts.append("1. Kết quả thực hiện nhiệm vụ")
    parts.append(_rating_line(nomination))
    parts.extend(_campaign_lines(nomination))
    initiatives = _initiative_lines(nomination)
    if initiatives:
        parts.append("2. Sáng kiến được công nhận")
        parts.extend(initiatives)
    parts.append("")
    parts.append("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    parts.extend(_awards_lines(nomination) or ["- Chưa có."])
    parts.append("")
    parts.append(f"Đề nghị: {nomination.award_type.name} năm {nomination.year}; đơn vị đề nghị: {unit.name}.")
    return "\n".join(parts)
