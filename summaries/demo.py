"""A demo summary report: Huyện Cao Lộc's draft BÁO CÁO sơ kết 6 tháng đầu năm 2024 of its Chỉ thị, drafted from the
demo reports. Idempotent."""

from summaries.models import SummaryReport
from summaries.services import summary_draft


def demo_load_summary() -> bool:
    from accounts.models import User
    from reports.demo import district_campaign

    campaign = district_campaign()
    period = campaign.periods.order_by("ends_on").first() if campaign else None
    if period is None or SummaryReport.objects.filter(period=period).exists():
        return False
    summary_draft(period=period, unit=campaign.issuing_unit, user=User.objects.filter(username="noivu.caoloc").first())
    return True
