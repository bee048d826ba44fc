"""The five seed documents (campaigns/seeds/*.json, transcribed from ../shared/seeds) as demo campaigns."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from campaigns.serialization import campaign_find, campaign_import, campaign_parse

SEEDS = Path(__file__).resolve().parent / "seeds"


# Seeds 002 (Tỉnh Lạng Sơn's Chỉ thị) and 004 (Huyện Hạ Lang's) were transcribed without their header: issued, they
# would show "Số: /CT-UBND" and "ngày … tháng … năm" blanks. The demo numbers and dates them (demo values; the
# province's comes before Huyện Cao Lộc's 02/CT-UBND of 16/01/2024, which implements it).
DEMO_REFERENCES = {"002.json": (1, datetime.date(2024, 1, 8)), "004.json": (1, datetime.date(2023, 1, 12))}


def demo_load_campaigns() -> list[tuple[str, bool]]:
    """Import every seed that is not in the system yet; (file name, created) for each. Idempotent. An issued seed
    without its number and date gets those of DEMO_REFERENCES (a demo loaded before gets them too)."""
    from campaigns.models import Campaign, CampaignStatus

    results = []
    for path in sorted(SEEDS.glob("*.json")):
        data = campaign_parse(path.read_text(encoding="utf-8"))
        campaign = campaign_find(data)
        results.append((path.name, campaign is None))
        if campaign is None:
            campaign = campaign_import(data=data)
        if path.name in DEMO_REFERENCES and campaign.status == CampaignStatus.ISSUED and campaign.number is None:
            number, issued_on = DEMO_REFERENCES[path.name]
            Campaign.objects.filter(pk=campaign.pk).update(number=number, issued_on=issued_on)
    return results


# The chain the seeds describe: Tỉnh Lạng Sơn's Chỉ thị (seed 002) → Huyện Cao Lộc's "Chỉ thị số 02/CT-UBND ngày
# 16/01/2024", which seed 000 (Xã Cao Lâu) implements. The district's document is not among the seeds: the demo makes
# it by adopting the province's, as a district would, and numbers it as seed 000 cites it. The assigned figures are
# demo values (the province's own targets spread over its districts); Cao Lâu's 50 ha of new forest and its
# new-countryside goal are those of seed 000.
LANG_SON, CAO_LOC, CAO_LAU = "20", "183", "06196"
# Figures of seed 002 spread over the districts in proportion to their communes.
PROVINCE_SPLITS = ("Số xã đạt chuẩn nông thôn mới xây dựng thêm", "Diện tích trồng rừng mới")
CAO_LAU_ASSIGNED = {"Số xã đạt chuẩn nông thôn mới xây dựng thêm": "1", "Diện tích trồng rừng mới": "50"}


def _spread(total, weights: dict) -> dict:
    """Whole numbers proportional to the weights that add up exactly to total (largest remainders)."""
    from decimal import ROUND_FLOOR

    whole = sum(weights.values())
    exact = {k: Decimal(total) * w / whole for k, w in weights.items()}
    shares = {k: v.to_integral_value(rounding=ROUND_FLOOR) for k, v in exact.items()}
    left = int(Decimal(total) - sum(shares.values()))
    for key in sorted(exact, key=lambda k: exact[k] - shares[k], reverse=True)[:left]:
        shares[key] += 1
    return shares


def _part(total: Decimal, share: Decimal, *, count: bool = False) -> Decimal:
    """A share of a total, whole when the total is whole (1.105 tấn → 95 tấn) or counts things, else to one
    decimal."""
    places = Decimal(1) if count or total == total.to_integral_value() else Decimal("0.1")
    return (total * share).quantize(places, rounding=ROUND_HALF_UP)


def demo_load_target_chain(*, user) -> None:
    """Province assigns to districts, Cao Lộc adopts and assigns to its communes. Idempotent."""
    from django.db import transaction

    from campaigns.adoption import campaign_adopt
    from campaigns.models import Campaign, CampaignStatus, Participation
    from targets.models import Figure
    from targets.rules import is_count
    from targets.services import CellInput, targets_assign_save
    from units.models import Edition, Unit

    def get(code):
        return Unit.objects.get(edition=Edition.E2025_01, code=code)

    province = Campaign.objects.filter(issuing_unit=get(LANG_SON), year=2024, doc_type__code="ct").first()
    if province is None or Campaign.objects.filter(higher_campaign=province).exists():
        return
    with transaction.atomic():
        districts = list(Unit.objects.get_children(get(LANG_SON)).order_by("code"))
        Participation.objects.bulk_create(
            [Participation(campaign=province, unit=d) for d in districts], ignore_conflicts=True
        )
        figures = {
            f.name: f
            for f in Figure.objects.filter(indicator__section__campaign=province, name__in=list(PROVINCE_SPLITS))
        }
        weights = {d.pk: d.numchild for d in districts}
        cells = [
            CellInput(figure_id=figure.pk, unit_id=unit_id, value=value)
            for figure in figures.values()
            for unit_id, value in _spread(figure.value, weights).items()
        ]
        targets_assign_save(campaign=province, cells=cells, user=user)
        # Cao Lộc assigns what the seeds tell: Cao Lâu's share is that of seed 000.
        cao_loc, cao_lau = get(CAO_LOC), get(CAO_LAU)
        district, _created = campaign_adopt(higher=province, unit=cao_loc, user=user)
        Campaign.objects.filter(pk=district.pk).update(
            number=2,
            issued_on="2024-01-16",
            status=CampaignStatus.ISSUED,
            # The district's own signer (a demo name): its summary reports copy it.
            signer_authority="TM.",
            signer_on_behalf_of="ỦY BAN NHÂN DÂN",
            signer_title="CHỦ TỊCH",
            signer_name="Hoàng Văn Minh",
        )
        # Where the province assigned it nothing, the district sets its own totals, as its Chỉ thị would (demo values:
        # the province's in proportion to the district's communes); its communes are assigned none of them.
        share = Decimal(cao_loc.numchild) / max(sum(d.numchild for d in districts), 1)
        higher = {f.name: f for f in Figure.objects.filter(indicator__section__campaign=province)}
        unset = list(Figure.objects.filter(indicator__section__campaign=district, value__isnull=True))
        for figure in unset:
            source = higher.get(figure.name)
            if source is not None and source.value is not None:
                count = is_count(figure)
                figure.value = _part(source.value, share, count=count)
                high = source.value_high
                figure.value_high = _part(high, share, count=count) if high is not None else None
        Figure.objects.bulk_update(unset, ["value", "value_high"])
        communes = list(Unit.objects.get_children(cao_loc).order_by("code"))
        Participation.objects.bulk_create([Participation(campaign=district, unit=c) for c in communes])
        own = {
            f.name: f
            for f in Figure.objects.filter(indicator__section__campaign=district, name__in=list(CAO_LAU_ASSIGNED))
        }
        targets_assign_save(
            campaign=district,
            user=user,
            cells=[
                CellInput(figure_id=own[name].pk, unit_id=cao_lau.pk, value=Decimal(value))
                for name, value in CAO_LAU_ASSIGNED.items()
                if name in own
            ],
        )
        Campaign.objects.filter(issuing_unit=cao_lau, year=2024, number=109).update(higher_campaign=district)


def demo_date_changes(*, since) -> int:
    """Move the history rows the load made (``history_date`` at or after ``since``) of each issued campaign, its
    sections, indicators, figures and targets to the campaign's date, 08:00, keeping their order and spacing: the
    page's "Changes" of a 2024 Chỉ thị say January 2024, not the day the demo was loaded. A draft's rows stay (it is
    being written now). Idempotent: a second load moves only what it made itself. Returns the rows moved."""
    import datetime as dt

    from django.db.models import F
    from django.utils import timezone

    from campaigns.models import Campaign, CampaignStatus, Section
    from targets.models import Figure, Indicator, Target

    moved = 0
    for campaign in Campaign.objects.filter(status=CampaignStatus.ISSUED, issued_on__isnull=False):
        at = timezone.make_aware(dt.datetime.combine(campaign.issued_on, dt.time(8)))
        sections = Section.history.filter(campaign_id=campaign.pk).values("id")
        indicators = Indicator.history.filter(section_id__in=sections).values("id")
        histories = (
            Campaign.history.filter(id=campaign.pk),
            Section.history.filter(campaign_id=campaign.pk),
            Indicator.history.filter(section_id__in=sections),
            Figure.history.filter(indicator_id__in=indicators),
            Target.history.filter(figure_id__in=Figure.objects.filter(indicator__section__campaign=campaign)),
        )
        for rows in histories:
            moved += rows.filter(history_date__gte=since).update(history_date=F("history_date") + (at - since))
    return moved
