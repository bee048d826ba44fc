"""The shared world of the page tests: every kind of object a URL names, built once for a module and read by
the permission matrix and the hostile-input corpus alike."""

import datetime
from contextlib import contextmanager
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.tokens import token_create
from awards import services as award_services
from awards.models import AwardType
from campaigns.models import Campaign
from documents.issuing import new_code
from documents.models import DocumentJob, IssuedDocument, Register, RenderedDocument
from nominations import files as dossier_files
from nominations import services as nominations
from notices.services import notify
from people import services as register
from reports import evidence as report_evidence
from reports import services as report_services
from summaries.services import summary_draft
from targets.models import SheetExport
from tests.campaigns.factories import make_campaign
from tests.conftest import build_people, build_tree, shared_rows
from tests.factories import ClusterFactory
from tests.scoring.factories import matrix_objects
from tests.scoring.paper_factories import paper_matrix_objects
from units.models import ClusterMember, MemberRole


@contextmanager
def shared_world(django_db_blocker, tmp_path_factory, name: str):
    """The unit tree, its people and every object, built once for a module (see `shared_rows`); the files go to a
    media folder of the module's own, which its tests must read (override `_media_root` with `.media`)."""
    media = tmp_path_factory.mktemp(f"{name}-media")
    with shared_rows(django_db_blocker, media):
        tree = build_tree()
        people = build_people(tree)
        yield SimpleNamespace(tree=tree, people=people, objects=world_objects(tree, people), media=media)


def url_kwargs(objects: dict, name: str, obj: str | None) -> dict:
    """The kwargs of URL `name` for the object of key `obj` (a dict of them for a URL with two ids)."""
    if isinstance(objects.get(obj), dict):
        return dict(objects[obj])
    if obj is None:
        return {}
    return {"unit_pk" if name == "cluster_add" else "pk": objects[obj].pk}


def world_objects(tree, people) -> dict:
    """The objects the URLs of MATRIX name, by key: model instances, or dicts of URL kwargs for two-id URLs."""
    return {**_objects(tree, people), **_awards(tree, people)}


def _objects(tree, people):
    cluster = ClusterFactory(organiser=tree.cao_loc)
    ClusterMember.objects.create(cluster=cluster, unit=tree.cao_lau, role=MemberRole.LEADER)
    ClusterMember.objects.create(cluster=cluster, unit=tree.thach_dan, role=MemberRole.MEMBER)
    campaigns = {
        "campaign_cao_lau": make_campaign(tree.cao_lau),
        "campaign_thach_dan": make_campaign(tree.thach_dan),
        "campaign_cao_loc": make_campaign(
            tree.cao_loc, title="Chỉ thị của huyện", participants=[tree.cao_lau, tree.thach_dan]
        ),
        "campaign_cao_loc_draft": make_campaign(tree.cao_loc, title="Dự thảo", status="draft", number=None),
        "campaign_lang_son": make_campaign(tree.lang_son, title="Chỉ thị của tỉnh"),
        "campaign_cao_lau_draft": make_campaign(tree.cao_lau, title="Dự thảo xã", status="draft", number=None),
    }
    district = campaigns["campaign_cao_loc"].pk
    grids = {
        "grid_cao_lau": {"pk": district, "unit_pk": tree.cao_lau.pk},
        "grid_thach_dan": {"pk": district, "unit_pk": tree.thach_dan.pk},
        "grid_not_participating": {"pk": district, "unit_pk": tree.hoang_viet.pk},
        "adopt_cao_lau": {"pk": district, "unit_pk": tree.cao_lau.pk},
        "sheet_export_cao_loc": {
            "pk": district,
            "export_id": SheetExport.objects.create(campaign=campaigns["campaign_cao_loc"]).pk,
        },
    }
    jobs = {
        f"job_{key}": {
            "job_id": DocumentJob.objects.create(
                content_type=ContentType.objects.get_for_model(Campaign),
                object_id=campaigns[f"campaign_{key}"].pk,
                kind="campaign",
            ).pk
        }
        for key in ("cao_lau", "thach_dan")
    }
    issued = {f"issued_{key}": _issued(campaigns[f"campaign_{key}"]) for key in ("cao_lau", "cao_loc")}
    units = {f"units_{key}": {"unit_pk": getattr(tree, key).pk} for key in ("cao_lau", "cao_loc")}
    registers = {"register_cao_lau": issued["issued_cao_lau"].register}
    codes = {"code_cao_lau": {"code": issued["issued_cao_lau"].code}}
    reports_ = _reports(campaigns["campaign_cao_loc"], tree, people)
    summaries_ = {
        "summary_cao_loc": summary_draft(period=reports_["period"], unit=tree.cao_loc, user=people.reviewer),
        "summary_period": {"period_pk": reports_["period"].pk},
    }
    scoring = matrix_objects(tree, people, cluster, campaigns["campaign_cao_loc"])
    return {
        **vars(tree),
        "cluster": cluster,
        **campaigns,
        **grids,
        **jobs,
        **issued,
        **units,
        **registers,
        **codes,
        **reports_,
        **scoring,
        **paper_matrix_objects(tree, people, scoring["score_sheet"]),
        **summaries_,
        "nominate_score_sheet": {"sheet_pk": scoring["score_sheet"].pk},
        "token_officer": token_create(user=people.officer, name="matrix")[0],
    }


def _awards(tree, people):
    """Xã Cao Lâu's register (a person in a collective with a rating and a pending complaint), an LĐTT nomination
    with a dossier file, an open council session with a member and a ballot, and a closed one whose passed ballot
    made a draft decision."""

    ldtt = AwardType.objects.get(code="ldtt")
    collective = register.collective_create(unit=tree.cao_lau, name="Văn phòng UBND xã Cao Lâu")
    person = register.person_create(unit=tree.cao_lau, full_name="Nông Văn Tuấn", collective=collective)
    other = register.person_create(unit=tree.cao_lau, full_name="Lăng Văn Bình", collective=collective)
    year = timezone.localdate().year - 1
    rating = register.rating_set(subject=person, year=year, rating="good")
    register.rating_set(subject=other, year=year, rating="good")
    discipline = register.discipline_add(subject=collective, kind="complaint", started_on=datetime.date(year, 5, 1))
    nomination = nominations.nomination_create(
        unit=tree.cao_lau, user=people.officer, year=year, award_type=ldtt, person=person
    )
    dossier = dossier_files.dossier_add(
        nomination=nomination,
        user=people.officer,
        kind="proposal",
        upload=SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4\n%matrix\n", content_type="application/pdf"),
    )
    nomination = nominations.nomination_submit(
        nomination=nomination, user=people.officer, expected_version=nomination.version
    )
    passed = nominations.nomination_create(
        unit=tree.cao_lau, user=people.officer, year=year, award_type=ldtt, person=other
    )
    passed = nominations.nomination_submit(nomination=passed, user=people.officer, expected_version=passed.version)
    today = timezone.localdate()
    closed = nominations.session_create(
        unit=tree.cao_lau,
        user=people.council,
        year=year,
        title="Phiên 1",
        held_on=today,
        opened_at=datetime.time(8, 0),
        closed_at=datetime.time(10, 30),
    )
    nominations.member_add(session=closed, user=people.council, name="Nông Văn Tuấn", role="chair", counts_votes=True)
    nominations.ballot_record(session=closed, nomination=passed, user=people.council, votes_for=1)
    closed = nominations.session_close(session=closed, user=people.council)
    decision = award_services.decision_draft(session=closed, user=people.reviewer)
    session = nominations.session_create(
        unit=tree.cao_lau, user=people.council, year=year, title="Phiên 2", held_on=today
    )
    member = nominations.member_add(session=session, user=people.council, name="Lương Thị Nga", role="chair")
    return {
        "person_cao_lau": person,
        "collective_cao_lau": collective,
        "discipline_cao_lau": discipline,
        "rating_record_cao_lau": {"kind": "rating", "pk": rating.pk},
        "nomination_cao_lau": nomination,
        "dossier_cao_lau": dossier,
        "session_cao_lau": session,
        "council_member_cao_lau": member,
        "ballot_cao_lau": {"pk": session.pk, "nomination_pk": nomination.pk},
        "closed_session_cao_lau": {"session_pk": closed.pk},
        "paper_issue_cao_lau": {"pk": closed.pk, "kind": "minutes"},
        "council_paper_cao_lau": closed.papers.get(kind="minutes"),
        "setting_lang_son": {"province_pk": tree.lang_son.pk},
        "decision_cao_lau": decision,
        "decision_entry_cao_lau": {"pk": decision.pk, "entry_pk": decision.entries.first().pk},
    }


def _reports(campaign, tree, people):
    """Cao Lâu's and Thạch Đạn's reports for a period of the district's campaign, an evidence file in each, a notice
    to Cao Lâu's officer, and the period's roll-ups."""

    period = report_services.period_add(
        campaign=campaign,
        kind="half",
        label="6 tháng đầu năm 2024 (minh chứng)",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    rows = {
        f"report_{key}": report_services.report_for(period=period, unit=getattr(tree, key))
        for key in ("cao_lau", "thach_dan")
    }
    for key, user in (("cao_lau", people.officer), ("thach_dan", people.sibling_officer)):
        rows[f"evidence_{key}"] = report_evidence.evidence_add(
            report=rows[f"report_{key}"], user=user, upload=SimpleUploadedFile(f"{key}.pdf", b"%PDF-1.4\n%%EOF\n")
        )
    rows["notice_officer"] = notify(users=[people.officer], text="Thông báo thử", url="/", email=False)[0]
    rows["period"] = period
    for key in ("cao_loc", "cao_lau"):
        rows[f"rollup_{key}"] = {"period_pk": period.pk, "unit_pk": getattr(tree, key).pk}
    for key in ("cao_lau", "thach_dan"):
        rows[f"reportpage_{key}"] = {"period_pk": period.pk, "unit_pk": getattr(tree, key).pk}
    rows["reportpage_not_participating"] = {"period_pk": period.pk, "unit_pk": tree.hoang_viet.pk}
    return rows


def _issued(campaign):
    """An issued version of the campaign, as issuing leaves it (without rendering: the matrix tests access)."""

    register, _created = Register.objects.get_or_create(unit=campaign.issuing_unit, year=2024)
    document = RenderedDocument(source_sha256=new_code() * 7, sha256="0" * 64, pages=1)
    document.file.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True)
    return IssuedDocument.objects.create(
        code=new_code(),
        subject=campaign,
        unit=campaign.issuing_unit,
        register=register,
        number=campaign.number,
        reference=campaign.reference,
        doc_type=campaign.doc_type.name,
        title=campaign.title,
        issuing_body=campaign.issuing_body,
        issued_on=campaign.issued_on,
        version=campaign.version,
        signer_name="Nguyễn Văn A",
        signer_title="CHỦ TỊCH",
        html="<p>matrix</p>",
        document=document,
    )
