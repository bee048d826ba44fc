"""Writes to an award decision (QUYẾT ĐỊNH khen thưởng): the draft built from a council session's passed ballots,
edits and removals while it is a draft (with the version the form was built from), and issuing through the document
engine (documents.issuing.document_issue), which in the same transaction writes the award history. Also: the
council-accepted leading units of a cluster become nominations for Cờ thi đua tỉnh.

Money (law-notes §1.9; Nghị định 152/2025 Điều 49): each recipient's amount is awards.money.award_amount on the
decision date; a draft shows it on today's base salary, issuing computes it again on the issue date. For one person
or collective with several TITLES for the same year in a decision, only the highest is paid; a form of commendation
(Giấy khen, Bằng khen) is paid on top of a title."""

import datetime
import re
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from awards import printing
from awards.eligibility import award_amount, confer_kinds, rule_for
from awards.models import (
    AwardCategory,
    AwardKind,
    AwardRecord,
    AwardType,
    Decision,
    DecisionEntry,
    DecisionStatus,
)
from awards.rules import NEW_LAW_ON
from campaigns.models import Campaign, SignerAuthority
from campaigns.services import campaign_defaults
from documents.issuing import document_issue, paper_issuable
from nominations import services as nominations
from nominations.models import Nomination, NominationStatus, SessionStatus
from people.models import Collective, CollectiveKind
from scoring.models import CouncilDecision, DecisionItem
from units import vn
from units.models import Unit, UnitKind
from units.text import nfc
from units.versioning import lock_for_update

__all__ = (
    "EDIT_FIELDS",
    "CO_THI_DUA_TINH",
    "decision_issuer",
    "decision_draft",
    "decision_update",
    "decision_entry_remove",
    "decision_allocate",
    "decision_issuable",
    "decision_issue",
    "entry_notes",
    "cluster_nominations_create",
    "cluster_origins",
)

EDIT_FIELDS = (
    "parent_body",
    "issuing_body",
    "symbol",
    "place",
    "title",
    "authority",
    "legal_bases",
    "proposer",
    "proposal_number",
    "proposal_date",
    "extra_articles",
    "signer_authority",
    "signer_on_behalf_of",
    "signer_title",
    "signer_name",
    "recipients",
)
CO_THI_DUA_TINH = "co-thi-dua-tinh"  # awards.catalogue code of Cờ thi đua của Ủy ban nhân dân tỉnh
TERRITORIAL = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)

ERR_NOT_DRAFT = gettext_noop("This decision has been issued; an issued decision is not changed.")
ERR_SESSION_OPEN = gettext_noop(
    "Close the council session first: its votes can still change while it is open, and the decision is drafted "
    "from them."
)
ERR_NOTHING_PASSED = gettext_noop("No nomination passed by this session is waiting for a decision.")
ERR_NO_ISSUER = gettext_noop("%(unit)s has no People's Committee at or above it to issue a decision.")
ERR_CANNOT_CONFER = gettext_noop(
    "The chairman of %(unit)s cannot confer “%(award)s” on %(date)s: on that date it is conferred by %(who)s."
)
ERR_NO_RULE = gettext_noop("No rule of “%(award)s” is in force on %(date)s.")
ERR_LAST_ENTRY = gettext_noop(
    "A decision keeps at least one recipient: this is the last one. Leave the draft unissued instead."
)
ERR_EMPTY = gettext_noop("Nothing was issued: the decision has no recipient.")
ERR_RECORD_EXISTS = gettext_noop(
    "Nothing was issued: %(name)s already has “%(award)s” for %(year)s in the award history (%(reference)s). "
    "Remove that recipient from the decision first."
)
ERR_CERTIFICATES_DRAFT = gettext_noop(
    "Certificates are printed for an issued decision only: they cite its number and date. Issue the decision first."
)
ERR_NO_CLUSTER_DECISION = gettext_noop("The council has not decided on the cluster's proposal of leading units yet.")
ERR_NO_CLUSTER = gettext_noop(
    "This scoring sheet has no cluster: only a cluster's leading units are nominated for Cờ thi đua tỉnh from it."
)
ERR_NO_ACCEPTED = gettext_noop("The council accepted none of the units the cluster proposed.")
ERR_NO_AWARD_TYPE = gettext_noop("The catalogue has no “Cờ thi đua của Ủy ban nhân dân tỉnh”.")
NOTE_NOT_PAID = gettext_noop("Not paid: for %(year)s the money of the highest title, “%(award)s”, is paid instead.")

CONFER_WHO = {
    UnitKind.COMMUNE: gettext_noop("the chairman of a commune's People's Committee"),
    UnitKind.DISTRICT: gettext_noop("the chairman of a district's People's Committee"),
    UnitKind.PROVINCE: gettext_noop("the chairman of the province's People's Committee"),
    "national": gettext_noop("the Prime Minister"),
}

LOCAL_GOVERNMENT_OLD = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của "
    "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"
)
LOCAL_GOVERNMENT_NEW = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
LAW = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
# The decrees a rule's legal basis names, as a decision cites them (number: date and subject).
DECREES = {
    "98/2023/NĐ-CP": "ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi "
    "đua, khen thưởng",
    "152/2025/NĐ-CP": "ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân quyền trong lĩnh vực thi "
    "đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng",
    "129/2025/NĐ-CP": "ngày 11 tháng 6 năm 2025 của Chính phủ quy định về phân định thẩm quyền của chính quyền "
    "địa phương 02 cấp trong lĩnh vực quản lý nhà nước của Bộ Nội vụ",
    "86/2023/NĐ-CP": "ngày 07 tháng 12 năm 2023 của Chính phủ quy định khung tiêu chuẩn và trình tự, thủ tục, hồ "
    "sơ xét tặng danh hiệu “Gia đình văn hóa”; “Thôn, tổ dân phố văn hóa”, “Xã, phường, thị trấn tiêu biểu”",
}
_DECREE = re.compile(r"Nghị định (?:số )?(\d+/\d{4}/NĐ-CP)")
RECIPIENT_WORDS = {
    "individual": "cá nhân",
    "collective": "tập thể",
    "household": "hộ gia đình",
    "village": "thôn, tổ dân phố",
    "commune": "xã, phường",
}


# ------------------------------------------------------------------ who issues


def _issuing_unit(unit: Unit) -> Unit | None:
    """The People's Committee that acts for a council of ``unit``: the unit itself when territorial, else the nearest
    territorial unit above it (an agency's council proposes to its People's Committee)."""
    if unit.kind in TERRITORIAL:
        return unit
    for ancestor in reversed(Unit.objects.get_ancestors(unit)):
        if ancestor.kind in TERRITORIAL:
            return ancestor
    return None


def _confer_error(*, unit: Unit, award_type, on: datetime.date) -> str | None:
    kinds = confer_kinds(award_type=award_type, on=on)
    if not kinds:
        return _(ERR_NO_RULE) % {"award": award_type.name, "date": on.strftime("%d/%m/%Y")}
    if unit.kind in kinds:
        return None
    return _(ERR_CANNOT_CONFER) % {
        "unit": unit.name,
        "award": award_type.name,
        "date": on.strftime("%d/%m/%Y"),
        "who": _(CONFER_WHO.get(kinds[0], CONFER_WHO["national"])),
    }


def decision_issuer(*, unit: Unit, award_type, on: datetime.date) -> Unit:
    """The unit whose chairman confers ``award_type`` for a council of ``unit`` on that date; a ValidationError
    when that chairman has no power to (a commune's CSTĐCS before 1/7/2025: the district conferred it)."""
    issuer = _issuing_unit(unit)
    if issuer is None:
        raise ValidationError(_(ERR_NO_ISSUER) % {"unit": unit.name}, code="no_issuer")
    error = _confer_error(unit=issuer, award_type=award_type, on=on)
    if error:
        raise ValidationError(error, code="cannot_confer")
    return issuer


# ------------------------------------------------------------------ the draft


def _body(unit: Unit) -> str:
    """'Ủy ban nhân dân xã Cao Lâu'."""
    return unit.body_name


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _legal_bases(*, issuer: Unit, session, award_types: list, on: datetime.date) -> str:
    lines = [LOCAL_GOVERNMENT_NEW if on >= NEW_LAW_ON else LOCAL_GOVERNMENT_OLD, LAW]
    decrees = []
    for award_type in award_types:
        rule = rule_for(award_type, on)
        basis = re.sub(r"\([^)]*\)", "", rule.legal_basis) if rule else ""  # not the decrees a note cites
        for number in _DECREE.findall(basis):
            if number not in decrees:
                decrees.append(number)
    if not decrees:
        decrees = ["152/2025/NĐ-CP"] if on >= NEW_LAW_ON else ["98/2023/NĐ-CP"]
    for number in decrees:
        cited = DECREES.get(number, "của Chính phủ")
        lines.append(f"Căn cứ Nghị định số {number} {cited};")
    lines.append(
        f"Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng {_lower_first(session.unit.name)} "
        f"{vn.long_date(session.held_on)};"
    )
    return "\n".join(lines)


def _signer(issuer: Unit) -> dict:
    """The chairman signs a decision of his own power ("CHỦ TỊCH", or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"): the name
    from the unit's latest campaign that has a signer, else empty (the issue page then asks for it)."""
    campaign = (
        Campaign.objects.filter(issuing_unit=issuer).exclude(signer_name="").order_by("-issued_on", "-pk").first()
    )
    if campaign is not None and campaign.signer_authority == SignerAuthority.KT:
        return {
            "signer_authority": SignerAuthority.KT,
            "signer_on_behalf_of": "CHỦ TỊCH",
            "signer_title": campaign.signer_title or "PHÓ CHỦ TỊCH",
            "signer_name": campaign.signer_name,
        }
    return {
        "signer_authority": SignerAuthority.OWN,
        "signer_on_behalf_of": "",
        "signer_title": "CHỦ TỊCH",
        "signer_name": campaign.signer_name if campaign is not None else "",
    }


def _entry_for(nomination: Nomination, *, decision: Decision, position: int) -> DecisionEntry:
    person, collective = nomination.person, nomination.collective
    if person is not None:
        where = person.collective.name if person.collective_id else _body(person.unit)
        description = ", ".join(part for part in (person.position, where) if part)
        name = person.full_name
    else:
        name = collective.name
        description = "" if collective.kind == CollectiveKind.COMMUNE else collective.unit.name
    return DecisionEntry(
        decision=decision,
        nomination=nomination,
        award_type=nomination.award_type,
        person=person,
        collective=collective,
        name=nfc(name),
        description=nfc(description)[:300],
        position=position,
    )


def _household(entry: DecisionEntry) -> bool:
    return entry.collective_id is not None and entry.collective.kind == CollectiveKind.HOUSEHOLD


def decision_allocate(decision: Decision, *, on: datetime.date) -> list[DecisionEntry]:
    """Compute every entry's money on ``on`` (the decision date) and pay only the highest title of a recipient in
    the decision's year (ties: the higher rank); forms of commendation are paid on top. Saves the entries."""
    entries = list(decision.entries.select_related("award_type", "collective"))
    full = {e.pk: award_amount(award_type=e.award_type, on=on, household=_household(e)) for e in entries}
    titles = defaultdict(list)
    for entry in entries:
        entry.amount, entry.paid = full[entry.pk], True
        if entry.award_type.category == AwardCategory.TITLE:
            titles[(entry.person_id, entry.collective_id)].append(entry)
    for group in titles.values():
        best = max(group, key=lambda e: (full[e.pk], e.award_type.rank))
        for entry in group:
            if entry is not best:
                entry.amount, entry.paid = 0, False
    DecisionEntry.objects.bulk_update(entries, ["amount", "paid"])
    return entries


def entry_notes(decision: Decision, entries=None) -> dict[int, str]:
    """Why an entry is not paid, by entry id: the title of the same recipient that is paid instead."""
    entries = list(entries if entries is not None else decision.entries.select_related("award_type"))
    paid = {(e.person_id, e.collective_id): e for e in entries if e.paid and e.award_type.category == "title"}
    notes = {}
    for entry in entries:
        if not entry.paid:
            best = paid.get((entry.person_id, entry.collective_id))
            award = best.award_type.name if best is not None else "—"
            notes[entry.pk] = _(NOTE_NOT_PAID) % {"year": decision.year, "award": award}
    return notes


def _passed(session, award_types=None):
    queryset = (
        Nomination.objects.filter(
            ballot__session=session,
            ballot__passed=True,
            status=NominationStatus.PASSED,
            decision_entry__isnull=True,
        )
        .select_related("award_type", "person__unit", "person__collective", "collective__unit", "unit")
        .order_by("-award_type__rank", "award_type__name", "unit__path", "pk")
    )
    if award_types:
        queryset = queryset.filter(award_type__in=award_types)
    return list(queryset)


@transaction.atomic
def decision_draft(*, session, user, award_types=None, on: datetime.date | None = None) -> Decision:
    """A new draft decision from a closed council session: one entry per nomination the council passed (of
    ``award_types``, default all) that the chairman of the session's People's Committee may confer on ``on``
    (default today), with its money on that date. Those another level confers are left out and listed in
    ``decision.left_out``; when none is left, a ValidationError says why."""
    on = on or timezone.localdate()
    if session.status != SessionStatus.CLOSED:
        raise ValidationError(_(ERR_SESSION_OPEN), code="session_open")
    nominations = _passed(session, award_types)
    if not nominations:
        raise ValidationError(_(ERR_NOTHING_PASSED), code="nothing_passed")
    issuer = _issuing_unit(session.unit)
    if issuer is None:
        raise ValidationError(_(ERR_NO_ISSUER) % {"unit": session.unit.name}, code="no_issuer")
    kept, left_out, errors = [], [], []
    for nomination in nominations:
        error = _confer_error(unit=issuer, award_type=nomination.award_type, on=on)
        if error:
            left_out.append(f"{nomination.nominee}: {error}")
            errors.append(error)
        else:
            kept.append(nomination)
    if not kept:
        raise ValidationError(" ".join(dict.fromkeys(errors)), code="cannot_confer")
    types = list(dict.fromkeys(n.award_type for n in kept))
    defaults = campaign_defaults(issuing_unit=issuer)
    kinds = Counter(n.award_kind for n in kept)
    decision = Decision(
        unit=issuer,
        session=session,
        year=session.year,
        award_kind=kinds.most_common(1)[0][0] if kinds else AwardKind.REGULAR,
        parent_body=defaults["parent_body"],
        issuing_body=defaults["issuing_body"],
        place=defaults["place"],
        title=printing.decision_title(types, year=session.year, unit_type=issuer.unit_type),
        authority=nfc(f"CHỦ TỊCH {defaults['issuing_body']}"),
        legal_bases=_legal_bases(issuer=issuer, session=session, award_types=types, on=on),
        proposer=f"Chủ tịch Hội đồng Thi đua - Khen thưởng {_lower_first(session.unit.name)}",
        extra_articles=(
            f"Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân "
            f"{issuer.unit_type}, Thủ trưởng các cơ quan, đơn vị có liên quan và các cá nhân, tập thể có tên tại "
            f"Điều 1 chịu trách nhiệm thi hành Quyết định này."
        ),
        recipients="Như Điều 3;\nHội đồng Thi đua - Khen thưởng;\nLưu: VT.",
        created_by=user,
        **_signer(issuer),
    )
    decision.full_clean()
    decision.save()
    DecisionEntry.objects.bulk_create(
        _entry_for(nomination, decision=decision, position=position) for position, nomination in enumerate(kept, 1)
    )
    decision_allocate(decision, on=on)
    decision.left_out = left_out
    return decision


def _check_draft(decision: Decision) -> None:
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(_(ERR_NOT_DRAFT), code="not_draft")


@transaction.atomic
def decision_update(*, decision: Decision, user, expected_version: int, **fields) -> Decision:
    """Save the fields of a draft. Refused when issued (nothing changes) or with VersionConflict when it changed
    since the form was built from ``expected_version``; on success the version goes up by one."""
    unknown = set(fields) - set(EDIT_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")
    locked = lock_for_update(Decision, decision.pk, expected_version, check=_check_draft)
    for name, value in fields.items():
        setattr(locked, name, nfc(value) if isinstance(value, str) else value)
    locked.full_clean()
    locked.bump()
    return locked


@transaction.atomic
def decision_entry_remove(*, entry: DecisionEntry, user, expected_version: int) -> Decision:
    """Take a recipient out of a draft (its nomination stays passed, for another decision); the money of the
    others is computed again (the one removed may have been the highest title of someone)."""
    locked = lock_for_update(Decision, entry.decision_id, expected_version, check=_check_draft)
    if locked.entries.count() <= 1:
        raise ValidationError(_(ERR_LAST_ENTRY), code="last_entry")
    DecisionEntry.objects.filter(pk=entry.pk, decision=locked).delete()
    decision_allocate(locked, on=timezone.localdate())
    locked.bump(update_fields=[])
    return locked


# ------------------------------------------------------------------ issuing


def _decision_html(decision, stamp) -> str:
    return printing.render_decision_html(decision=decision, stamp=stamp)


def decision_snapshot(decision: Decision) -> dict:
    return {
        "unit": {"edition": decision.unit.edition, "code": decision.unit.code},
        "session": decision.session_id,
        "year": decision.year,
        "number": decision.number,
        "issued_on": decision.issued_on.isoformat() if decision.issued_on else None,
        **{name: getattr(decision, name) for name in EDIT_FIELDS},
        "proposal_date": decision.proposal_date.isoformat() if decision.proposal_date else None,
        "entries": [
            {
                "name": e.name,
                "description": e.description,
                "award": e.award_type.code,
                "amount": e.amount,
                "paid": e.paid,
                "nomination": e.nomination_id,
            }
            for e in decision.entries.select_related("award_type")
        ],
    }


def _before_save(decision, user) -> None:
    """At issue, in the issuing transaction: the money on the base salary of the issue date."""
    decision_allocate(decision, on=decision.issued_on)


def decision_issuable():
    return paper_issuable(Decision, html=_decision_html, snapshot=decision_snapshot, before_save=_before_save)


def _subject(entry) -> dict:
    return {"person": entry.person} if entry.person_id else {"collective": entry.collective}


def _check_issuable(decision: Decision, on: datetime.date) -> list[DecisionEntry]:
    entries = list(decision.entries.select_related("award_type", "person", "collective", "nomination"))
    if not entries:
        raise ValidationError(_(ERR_EMPTY), code="empty")
    for award_type in dict.fromkeys(e.award_type for e in entries):
        error = _confer_error(unit=decision.unit, award_type=award_type, on=on)
        if error:
            raise ValidationError(error, code="cannot_confer")
    for entry in entries:
        record = AwardRecord.objects.filter(award_type=entry.award_type, year=decision.year, **_subject(entry)).first()
        if record is not None:
            raise ValidationError(
                _(ERR_RECORD_EXISTS)
                % {
                    "name": entry.name,
                    "award": entry.award_type.name,
                    "year": decision.year,
                    "reference": record.decision_reference,
                },
                code="record_exists",
            )
    return entries


def _write_history(decision: Decision, user) -> list[AwardRecord]:
    entries = list(decision.entries.select_related("award_type", "person", "collective", "nomination"))
    notes = entry_notes(decision, entries)
    decided_by = f"Chủ tịch {_body(decision.unit)}"
    records = []
    for entry in entries:
        kind = entry.nomination.award_kind if entry.nomination_id else decision.award_kind
        records.append(
            AwardRecord(
                **_subject(entry),
                award_type=entry.award_type,
                year=decision.year,
                award_kind=kind,
                decision_reference=decision.reference,
                decided_on=decision.issued_on,
                decided_by=decided_by,
                decision=decision,
                amount=entry.amount,
                note=notes.get(entry.pk, "")[:300],
                entered_by=user,
            )
        )
    try:
        with transaction.atomic():
            for record in records:
                record.save()  # one by one: the history of each record keeps who and when
    except IntegrityError:
        raise ValidationError(
            _(ERR_RECORD_EXISTS) % {"name": "—", "award": "—", "year": decision.year, "reference": "—"},
            code="record_exists",
        ) from None
    for entry in entries:
        nomination = entry.nomination
        if nomination is not None and nomination.status != NominationStatus.AWARDED:
            nomination.status = NominationStatus.AWARDED
            nomination.bump(update_fields=["status"])
    return records


@transaction.atomic
def decision_issue(*, decision: Decision, user, expected_version: int, signer=None, on: datetime.date | None = None):
    """Number, date and freeze the decision from its unit's register (the money computed on the issue date), then
    the signed PDF; in the same transaction the award history: one AwardRecord per recipient, and the nominations
    become awarded. ``on``: the date of a decision issued earlier on paper and recorded now (the demo's history).
    Returns (IssuedDocument, DocumentJob); refused with a ValidationError before anything changes."""
    _check_issuable(decision, on or timezone.localdate())
    issued, job = document_issue(
        subject=decision,
        kind=decision_issuable(),
        user=user,
        expected_version=expected_version,
        signer=signer,
        on=on,
    )
    _write_history(Decision.objects.get(pk=decision.pk), user)
    return issued, job


# ------------------------------------------------------------------ clusters: Cờ thi đua tỉnh


def _commune_collective(unit: Unit) -> Collective:
    collective = Collective.objects.filter(kind=CollectiveKind.COMMUNE, linked_unit=unit).order_by("pk").first()
    if collective is None:
        collective, _created = Collective.objects.get_or_create(
            unit=unit, kind=CollectiveKind.COMMUNE, name=unit.name, defaults={"linked_unit": unit}
        )
    return collective


@transaction.atomic
def cluster_nominations_create(*, sheet, user, submit: bool = True) -> tuple[list[Nomination], list[Nomination]]:
    """The units the council accepted from the cluster's proposal of leading units (scoring.CouncilDecision on
    the sheet's LeadingProposal) nominated for Cờ thi đua tỉnh for the cluster's year, by the cluster's organiser,
    each as the collective of its commune (created when missing), and sent to the council (``submit``). Returns
    (created, already there): a unit nominated before is not nominated twice."""
    if sheet.cluster_id is None:
        raise ValidationError(_(ERR_NO_CLUSTER), code="no_cluster")
    decision = CouncilDecision.objects.filter(proposal__sheet=sheet).prefetch_related("items__unit").first()
    if decision is None:
        raise ValidationError(_(ERR_NO_CLUSTER_DECISION), code="no_decision")
    accepted = [item.unit for item in decision.items.all() if item.accepted]
    if not accepted:
        raise ValidationError(_(ERR_NO_ACCEPTED), code="none_accepted")
    award_type = AwardType.objects.filter(code=CO_THI_DUA_TINH).first()
    if award_type is None:
        raise ValidationError(_(ERR_NO_AWARD_TYPE), code="no_award_type")
    year = sheet.cluster.year
    created, existing = [], []
    for unit in accepted:
        collective = _commune_collective(unit)
        live = (
            Nomination.objects.filter(collective=collective, award_type=award_type, year=year)
            .exclude(status=NominationStatus.WITHDRAWN)
            .first()
        )
        if live is not None:
            existing.append(live)
            continue
        nomination = nominations.nomination_create(
            unit=sheet.cluster.organiser,
            user=user,
            year=year,
            award_type=award_type,
            collective=collective,
            award_kind=AwardKind.REGULAR,
        )
        if submit:
            nomination = nominations.nomination_submit(
                nomination=nomination, user=user, expected_version=nomination.version
            )
        created.append(nomination)
    return created, existing


def cluster_origins(decision: Decision) -> list[dict]:
    """For the decision page: where each Cờ thi đua recipient came from. One row per cluster whose accepted units
    are in the decision: the cluster, the units it proposed, the units the council accepted and those it cut (with
    the reason), e.g. "Cụm đề nghị: A, B; Hội đồng chấp thuận: A"."""
    units = [
        e.collective.linked_unit_id
        for e in decision.entries.select_related("collective")
        if e.collective_id and e.collective.linked_unit_id and e.award_type.code == CO_THI_DUA_TINH
    ]
    if not units:
        return []
    items = (
        DecisionItem.objects.filter(unit_id__in=units, accepted=True)
        .filter(decision__proposal__sheet__cluster__year=decision.year)
        .select_related("decision__proposal__sheet__cluster")
    )
    rows = []
    for council in dict.fromkeys(item.decision for item in items):
        proposal = council.proposal
        all_items = list(council.items.select_related("unit"))
        rows.append(
            {
                "cluster": proposal.sheet.cluster,
                "sheet": proposal.sheet,
                "proposed": [p.unit for p in proposal.units.select_related("unit")],
                "proposed_at": proposal.proposed_at,
                "accepted": [i.unit for i in all_items if i.accepted],
                "cut": [(i.unit, i.reason) for i in all_items if not i.accepted],
                "decided_at": council.decided_at,
            }
        )
    return rows
