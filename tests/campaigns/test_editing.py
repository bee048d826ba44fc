"""The campaign editor: create a draft, edit its header (with the concurrency guard), edit its contents in place."""

import html
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from campaigns import services
from campaigns.models import Campaign, DocumentType, Recipient, Section
from targets import services as ts
from targets.models import Figure, FigureForm, Indicator
from targets.numbers import ERR_RANGE_ORDER
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, campaign: Campaign, **query) -> str:
    return reverse(name, kwargs={"pk": campaign.pk}) + (f"?{urlencode(query)}" if query else "")


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def draft(tree):
    return make_campaign(tree.cao_lau, title="Dự thảo phát động", status="draft", number=None)


def sections(campaign, parent=None) -> list[tuple[int, str]]:
    return list(
        Section.objects.filter(campaign=campaign, parent=parent)
        .order_by("position", "pk")
        .values_list("position", "label")
    )


# ------------------------------------------------------------------ create


def create_data(**changes) -> dict:
    data = {
        "doc_type": DocumentType.objects.get(code="pd").pk,
        "symbol": "",
        "title": "Phát động thi đua năm 2025",
        "kind": "regular",
        "parent_body": "UBND HUYỆN CAO LỘC",
        "issuing_body": "ỦY BAN NHÂN DÂN XÃ CAO LÂU",
        "place": "Cao Lâu",
        "year": "2025",
        "token": str(uuid.uuid4()),
    }
    return {**data, **changes}


def test_the_create_form_starts_from_the_unit(client, tree, people):
    client.force_login(people.officer)
    response = client.get(reverse("campaign_create") + f"?unit={tree.cao_lau.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["issuing_body"] == "ỦY BAN NHÂN DÂN XÃ CAO LÂU"
    assert form.initial["parent_body"] == "UBND HUYỆN CAO LỘC"
    assert form.initial["place"] == "Cao Lâu"
    assert form.initial["doc_type"].code == "pd"
    assert services.campaign_defaults(issuing_unit=tree.cao_loc)["issuing_body"] == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"
    assert services.campaign_defaults(issuing_unit=tree.lang_son)["parent_body"] == ""


def test_create_makes_an_unnumbered_draft_with_the_types_symbol(client, tree, people):
    client.force_login(people.officer)
    response = client.post(reverse("campaign_create") + f"?unit={tree.cao_lau.pk}", create_data())
    campaign = Campaign.objects.get(title="Phát động thi đua năm 2025")
    assert response.status_code == 302 and response["Location"] == url("campaign_contents", campaign)
    assert (campaign.status, campaign.number, campaign.issued_on) == ("draft", None, None)
    assert campaign.symbol == "PĐ-UBND" and campaign.issuing_unit == tree.cao_lau and campaign.year == 2025
    assert campaign.created_by == people.officer and campaign.version == 1
    kh = DocumentType.objects.get(code="kh")
    client.post(reverse("campaign_create") + f"?unit={tree.cao_lau.pk}", create_data(doc_type=kh.pk, title="KH"))
    assert Campaign.objects.get(title="KH").symbol == "KH-UBND"


def test_a_double_post_of_the_create_form_creates_one_campaign(client, tree, people):
    client.force_login(people.officer)
    data = create_data()
    first = client.post(reverse("campaign_create") + f"?unit={tree.cao_lau.pk}", data)
    second = client.post(reverse("campaign_create") + f"?unit={tree.cao_lau.pk}", data)
    assert Campaign.objects.filter(title=data["title"]).count() == 1
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    # A new form (a new token) creates another one: the guard is about the same form only.
    client.post(reverse("campaign_create") + f"?unit={tree.cao_lau.pk}", {**data, "token": str(uuid.uuid4())})
    assert Campaign.objects.filter(title=data["title"]).count() == 2


def test_the_create_service_refuses_a_second_call_with_the_same_token(tree, people):
    token = uuid.uuid4()
    fields = {"doc_type": DocumentType.objects.get(code="pd"), "title": "Một lần", "kind": "regular"}
    first = services.campaign_create(issuing_unit=tree.cao_lau, user=people.officer, token=token, **fields)
    with pytest.raises(services.CampaignAlreadyCreated) as excinfo:
        services.campaign_create(issuing_unit=tree.cao_lau, user=people.officer, token=token, **fields)
    assert excinfo.value.campaign == first
    assert Campaign.objects.filter(title="Một lần").count() == 1


@pytest.mark.parametrize(
    ("subject", "unit", "status"),
    [
        ("sibling_officer", "cao_lau", 404),
        ("other_reviewer", "cao_lau", 404),
        ("reviewer", "cao_lau", 403),
        ("officer", "village", 404),
        ("officer", "cao_loc", 404),
        ("province_admin", "cao_lau", 200),
    ],
)
def test_create_needs_an_editing_role_at_a_unit_in_scope(client, tree, people, subject, unit, status):
    client.force_login(getattr(people, subject))
    before = Campaign.objects.count()
    target = reverse("campaign_create") + f"?unit={getattr(tree, unit).pk}"
    assert client.get(target).status_code == status
    response = client.post(target, create_data())
    assert response.status_code == (302 if status == 200 else status)
    assert Campaign.objects.count() == before + (1 if status == 200 else 0)


# ------------------------------------------------------------------ the header


def header_data(campaign: Campaign, **changes) -> dict:
    campaign.refresh_from_db()
    data = {
        name: getattr(campaign, name) for name in services.HEADER_FIELDS if name not in ("doc_type", "higher_campaign")
    }
    data.update(
        doc_type=campaign.doc_type_id,
        higher_campaign=campaign.higher_campaign_id or "",
        participants=list(campaign.participations.values_list("unit_id", flat=True)),
        recipients="\n".join(campaign.recipients.order_by("position").values_list("text", flat=True)),
        version=campaign.version,
    )
    data.update(changes)
    return data


def test_the_header_is_edited_with_participants_and_recipients(client, tree, people, draft):
    higher = make_campaign(tree.cao_loc, title="Chỉ thị của huyện")
    client.force_login(people.officer)
    form = client.get(url("campaign_edit", draft)).context["form"]
    assert list(form.fields["participants"].queryset) == [tree.village]
    assert higher in form.fields["higher_campaign"].queryset
    response = client.post(
        url("campaign_edit", draft),
        header_data(
            draft,
            title="Phát động thi đua năm 2025",
            preamble="Năm 2025 …\n\nĐoạn hai.",
            signer_authority="TM.",
            signer_on_behalf_of="ỦY BAN NHÂN DÂN",
            signer_title="CHỦ TỊCH",
            signer_name="Hoàng Văn A",
            higher_campaign=higher.pk,
            participants=[tree.village.pk],
            recipients="Phòng Nội vụ;\n\n  Các thôn;  \nLưu: VT.",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    draft.refresh_from_db()
    assert draft.title == "Phát động thi đua năm 2025" and draft.signature_lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert draft.higher_campaign == higher and draft.version == 2
    assert list(draft.participants.all()) == [tree.village]
    assert list(draft.recipients.values_list("text", flat=True)) == ["Phòng Nội vụ;", "Các thôn;", "Lưu: VT."]
    assert draft.history.first().history_user == people.officer


def test_a_participant_outside_the_issuing_unit_is_refused(tree, people, draft):
    with pytest.raises(ValidationError) as excinfo:
        services.campaign_update(
            campaign=draft, user=people.officer, expected_version=draft.version, participants=[tree.thach_dan]
        )
    assert excinfo.value.message_dict["participants"] == [
        _(services.ERR_PARTICIPANT_OUTSIDE) % {"unit": tree.thach_dan.name, "issuing_unit": tree.cao_lau.name}
    ]
    assert draft.participations.count() == 0


def test_a_concurrent_edit_is_refused_with_what_the_other_person_changed(client, tree, people, draft):
    client.force_login(people.leader)
    stale = header_data(draft, title="Tiêu đề của lãnh đạo")  # the leader opened the form at version 1
    services.section_update(section=draft.sections.get(label="II."), user=people.officer, heading="THỜI GIAN")
    services.campaign_update(
        campaign=draft, user=people.officer, expected_version=2, title="Tiêu đề của cán bộ", kind="thematic"
    )
    response = client.post(url("campaign_edit", draft), stale)
    assert response.status_code == 409
    message = text(response)
    assert people.officer.get_full_name() in message
    assert "“Dự thảo phát động” → “Tiêu đề của cán bộ”" in message
    assert "changed “II. THỜI GIAN”" in message or _(services.REASON_CHANGED) % {"name": "II. THỜI GIAN"} in message
    draft.refresh_from_db()
    assert draft.title == "Tiêu đề của cán bộ" and draft.version == 3  # nothing of the officer's was overwritten


def test_a_second_post_of_the_same_header_form_is_refused_by_the_version(client, people, draft):
    client.force_login(people.officer)
    data = header_data(draft, title="Lần một")
    assert client.post(url("campaign_edit", draft), data).status_code == 302
    response = client.post(url("campaign_edit", draft), {**data, "title": "Lần hai"})
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.title == "Lần một" and draft.version == 2


# ------------------------------------------------------------------ sections


def test_sections_are_added_moved_and_deleted_with_dense_positions(client, people, draft):
    client.force_login(people.officer)
    first = draft.sections.get(label="I.")
    fields = {"label": "", "heading": "", "body": "", "role": "other", "field": ""}
    response = client.post(url("campaign_section_add", draft, after=first.pk), {**fields, "label": "I.bis"}, **HX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#contents-tree"
    assert sections(draft) == [(0, "I."), (1, "I.bis"), (2, "II.")]
    client.post(url("campaign_section_add", draft), {**fields, "label": "III."}, **HX)
    client.post(url("campaign_section_add", draft, parent=first.pk), {**fields, "label": "1."}, **HX)
    client.post(url("campaign_section_add", draft, parent=first.pk), {**fields, "label": "2."}, **HX)
    assert sections(draft) == [(0, "I."), (1, "I.bis"), (2, "II."), (3, "III.")]
    assert sections(draft, first) == [(0, "1."), (1, "2.")]

    third = draft.sections.get(label="III.")
    client.post(url("campaign_section_move", draft, section=third.pk), {"direction": "up"}, **HX)
    assert sections(draft) == [(0, "I."), (1, "I.bis"), (2, "III."), (3, "II.")]
    client.post(url("campaign_section_move", draft, section=first.pk), {"direction": "up"}, **HX)  # already first
    assert sections(draft)[0] == (0, "I.")
    assert client.post(url("campaign_section_move", draft, section=first.pk), {"direction": "x"}).status_code == 400

    version = Campaign.objects.get(pk=draft.pk).version
    assert Indicator.objects.filter(section=first).count() == 2
    confirm = client.get(url("campaign_section_delete", draft, section=first.pk), **HX)
    assert "2" in text(confirm) and str(first) in text(confirm)
    response = client.post(url("campaign_section_delete", draft, section=first.pk))  # without JavaScript
    assert response.status_code == 302 and response["Location"].startswith(url("campaign_contents", draft))
    assert sections(draft) == [(0, "I.bis"), (1, "III."), (2, "II.")]
    assert not Section.objects.filter(label__in=["1.", "2."]).exists()
    assert not Indicator.objects.filter(section__campaign=draft, sentence__startswith="Chỉ tiêu số").exists()
    assert Campaign.objects.get(pk=draft.pk).version == version + 1


def test_a_section_is_edited_in_place_and_html_is_kept_as_text(client, people, draft):
    client.force_login(people.officer)
    section = draft.sections.get(label="II.")
    form = client.get(url("campaign_section_edit", draft, section=section.pk), **HX)
    assert form.status_code == 200 and f'id="section-{section.pk}-head"' in form.content.decode()
    data = {"label": "II.", "heading": "<script>alert(1)</script>", "body": "<b>đậm</b>", "role": "duration"}
    response = client.post(url("campaign_section_edit", draft, section=section.pk), {**data, "field": ""}, **HX)
    assert response.status_code == 200
    section.refresh_from_db()
    assert section.heading == "<script>alert(1)</script>" and section.body == "<b>đậm</b>"
    for page in (response, client.get(url("campaign_contents", draft)), client.get(url("campaign_detail", draft))):
        content = page.content.decode()
        assert "<script>alert(1)</script>" not in content and "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "<b>đậm</b>" not in content


# ------------------------------------------------------------------ indicators and figures


FIGURE = {
    "name": "Tổng sản lượng lương thực có hạt",
    "form": "at_least",
    "direction": "up",
    "value": "1.105",
    "total": "",
    "grade": "",
    "unit_of_measure": "tấn",
    "source": "own",
    "source_body": "",
    "context": "",
    "aggregation": "sum",
    "weight_name": "",
}


def test_indicators_and_figures_are_saved_with_vietnamese_numbers(client, people, draft):
    client.force_login(people.officer)
    section = draft.sections.get(label="II.")
    response = client.post(
        url("campaign_indicator_add", draft, section=section.pk),
        {"label": "-", "sentence": "Tổng sản lượng lương thực có hạt đạt 1.105 tấn.", "field": "economy"},
        **HX,
    )
    assert response.status_code == 200
    indicator = Indicator.objects.get(section=section)
    assert indicator.position == 0 and indicator.field == "economy"
    client.post(url("campaign_figure_add", draft, indicator=indicator.pk), FIGURE, **HX)
    rate = {**FIGURE, "name": "Tỷ lệ tăng dân số", "form": "range", "value": "7 - 7,5", "unit_of_measure": "%"}
    client.post(url("campaign_figure_add", draft, indicator=indicator.pk), rate, **HX)
    tonnes, share = Figure.objects.filter(indicator=indicator).order_by("position")
    assert (tonnes.value, tonnes.value_high, tonnes.position) == (Decimal("1105"), None, 0)
    assert (share.value, share.value_high, share.position) == (Decimal("7"), Decimal("7.5"), 1)
    page = text(client.get(url("campaign_contents", draft)))
    assert "1.105 tấn" in page and "7 - 7,5 %" in page

    form = client.get(url("campaign_figure_edit", draft, figure=share.pk), **HX)
    assert 'value="7 - 7,5"' in form.content.decode()
    edited = {**rate, "value": "14.040,807", "form": "planned", "unit_of_measure": "tỷ đồng"}
    response = client.post(url("campaign_figure_edit", draft, figure=share.pk), edited, **HX)
    assert response.status_code == 200 and "14.040,807 tỷ đồng" in text(response)
    share.refresh_from_db()
    assert (share.value, share.value_high) == (Decimal("14040.807"), None)

    out_of = {
        **FIGURE,
        "name": "Thôn văn hóa",
        "form": "out_of",
        "value": "10",
        "total": "10",
        "unit_of_measure": "thôn",
    }
    assert client.post(url("campaign_figure_add", draft, indicator=indicator.pk), out_of, **HX).status_code == 200
    change = {
        **FIGURE,
        "name": "Hộ nghèo",
        "form": "change",
        "direction": "down",
        "value": "-1,5",
        "unit_of_measure": "%",
    }
    assert client.post(url("campaign_figure_add", draft, indicator=indicator.pk), change, **HX).status_code == 200
    assert Figure.objects.get(name="Hộ nghèo").value == Decimal("-1.5")


def test_indicators_move_and_delete_with_dense_positions(client, people, draft):
    client.force_login(people.officer)
    section = draft.sections.get(label="I.")
    first, second = Indicator.objects.filter(section=section).order_by("position")
    client.post(url("campaign_indicator_move", draft, indicator=second.pk), {"direction": "up"}, **HX)
    assert list(Indicator.objects.filter(section=section).order_by("position").values_list("pk", "position")) == [
        (second.pk, 0),
        (first.pk, 1),
    ]
    client.post(url("campaign_indicator_delete", draft, indicator=second.pk), **HX)
    assert list(Indicator.objects.filter(section=section).values_list("pk", "position")) == [(first.pk, 0)]
    figure = first.figures.get()
    client.post(url("campaign_figure_delete", draft, figure=figure.pk), **HX)
    assert not first.figures.exists()


def test_an_indicator_is_edited_in_place(client, people, draft):
    client.force_login(people.officer)
    indicator = Indicator.objects.filter(section__campaign=draft).first()
    data = {"label": "1)", "sentence": "Thu ngân sách đạt 100% kế hoạch huyện giao.", "field": "economy"}
    response = client.post(url("campaign_indicator_edit", draft, indicator=indicator.pk), data, **HX)
    assert response.status_code == 200 and f'id="indicator-{indicator.pk}-head"' in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.sentence == data["sentence"] and indicator.label == "1)"


def _figure_message(template: str, **values) -> str:
    return _(template) % {"figure": FIGURE["name"], **values}


def _form_label(form: str) -> str:
    return str(FigureForm(form).label)


# (changes to a good figure, the message expected: computed when the test runs, in the active language)
BAD_FIGURES = [
    pytest.param({"form": "range", "value": "7,5 - 7"}, lambda: _(ERR_RANGE_ORDER) % {"text": "7,5 - 7"}, id="range"),
    pytest.param(
        {"form": "at_least", "value": "120", "unit_of_measure": "%"},
        lambda: _figure_message(ts.ERR_SHARE, value="120"),
        id="share-above-100",
    ),
    pytest.param(
        {"form": "planned", "value": "99 - 101", "unit_of_measure": "%"},
        lambda: _figure_message(ts.ERR_SHARE, value="101"),
        id="planned-share-above-100",
    ),
    pytest.param(
        {"form": "at_least", "value": "-5"}, lambda: _figure_message(services.ERR_NEGATIVE, value="-5"), id="negative"
    ),
    pytest.param(
        {"form": "out_of", "value": "11", "total": "10"},
        lambda: _figure_message(ts.ERR_OUT_OF, value="11", total="10"),
        id="out-of-above-total",
    ),
    pytest.param(
        {"form": "out_of", "value": "9", "total": ""},
        lambda: _figure_message(services.ERR_TOTAL_REQUIRED),
        id="out-of-without-total",
    ),
    *[
        pytest.param(
            {"form": form, "value": ""},
            lambda form=form: _figure_message(services.ERR_VALUE_REQUIRED, form=_form_label(form)),
            id=f"{form}-without-value",
        )
        for form in ("at_least", "range", "out_of", "planned", "relative")
    ],
    pytest.param(
        {"form": "grade", "value": "", "grade": ""},
        lambda: _figure_message(services.ERR_GRADE_REQUIRED, form=_form_label("grade")),
        id="grade-without-grade",
    ),
    pytest.param(
        {"form": "status", "value": "5"}, lambda: _figure_message(services.ERR_NOT_NUMERIC), id="status-with-a-number"
    ),
    pytest.param({"value": "7.5"}, lambda: "7,5", id="english-decimal-dot"),
    pytest.param({"name": "x" * 10_000}, lambda: "10000", id="name-10000-characters"),
    pytest.param({"unit_of_measure": "x" * 41}, lambda: "41", id="unit-too-long"),
    pytest.param({"form": "nonsense"}, lambda: "nonsense", id="unknown-form"),
]


@pytest.mark.parametrize(("changes", "expected"), BAD_FIGURES)
def test_a_bad_figure_gets_a_message_and_nothing_is_saved(client, people, draft, changes, expected):
    client.force_login(people.officer)
    indicator = Indicator.objects.filter(section__campaign=draft).first()
    figure = indicator.figures.get()
    before = (Figure.objects.count(), Campaign.objects.get(pk=draft.pk).version)
    for target in (
        url("campaign_figure_add", draft, indicator=indicator.pk),
        url("campaign_figure_edit", draft, figure=figure.pk),
    ):
        response = client.post(target, {**FIGURE, **changes}, **HX)
        assert response.status_code == 400
        errors = [e for field_errors in response.context["form"].errors.values() for e in field_errors]
        assert errors, "a message is shown"
        assert expected() in text(response)
    assert (Figure.objects.count(), Campaign.objects.get(pk=draft.pk).version) == before
    figure.refresh_from_db()
    assert (figure.name, figure.value, figure.form) == ("Chỉ tiêu số 1", Decimal("1105"), "at_least")


def test_the_figure_rules_name_the_figure(tree):
    figure = Figure(name="Tỷ lệ che phủ rừng", form=FigureForm.AT_LEAST, unit_of_measure="%", value=Decimal(120))
    with pytest.raises(ValidationError) as excinfo:
        services.figure_validate(figure)
    assert excinfo.value.message_dict == {"value": [_(ts.ERR_SHARE) % {"figure": figure.name, "value": "120"}]}
    figure = Figure(name="Thôn văn hóa", form=FigureForm.OUT_OF, value=Decimal(11), total=Decimal(10))
    with pytest.raises(ValidationError) as excinfo:
        services.figure_validate(figure)
    assert excinfo.value.messages == [_(ts.ERR_OUT_OF) % {"figure": figure.name, "value": "11", "total": "10"}]
    services.figure_validate(Figure(name="Hộ nghèo", form=FigureForm.CHANGE, value=Decimal(-2), unit_of_measure="%"))
    services.figure_validate(Figure(name="Tỷ lệ", form=FigureForm.CHANGE, value=Decimal(150), unit_of_measure="%"))


def test_a_range_written_upside_down_is_explained(client, people, draft):
    client.force_login(people.officer)
    indicator = Indicator.objects.filter(section__campaign=draft).first()
    response = client.post(
        url("campaign_figure_add", draft, indicator=indicator.pk), {**FIGURE, "form": "range", "value": "7,5 - 7"}, **HX
    )
    assert _(ERR_RANGE_ORDER) % {"text": "7,5 - 7"} in text(response)
    values = {**FIGURE, "value": Decimal("7.5"), "value_high": Decimal(7), "total": None}
    with pytest.raises(ValidationError) as excinfo:
        services.figure_save(indicator=indicator, **values)
    assert _(ts.ERR_RANGE) % {"figure": FIGURE["name"], "low": "7,5", "high": "7"} in excinfo.value.messages


@pytest.mark.parametrize(
    ("name", "field", "query"),
    [
        ("campaign_edit", "title", None),
        ("campaign_section_add", "heading", None),
        ("campaign_section_edit", "heading", "section"),
        ("campaign_indicator_edit", "label", "indicator"),
    ],
)
def test_overlong_text_gets_a_message_not_an_error(client, people, draft, name, field, query):
    client.force_login(people.officer)
    section = draft.sections.get(label="I.")
    indicator = section.indicators.first()
    ids = {"section": section.pk, "indicator": indicator.pk}
    target = url(name, draft, **({query: ids[query]} if query else {}))
    if name == "campaign_edit":
        data = header_data(draft, title="x" * 10_000)
    elif name == "campaign_indicator_edit":
        data = {"label": "x" * 10_000, "sentence": "Câu.", "field": ""}
    else:
        data = {"label": "", "heading": "x" * 10_000, "body": "", "role": "other", "field": ""}
    before = (Section.objects.count(), Campaign.objects.get(pk=draft.pk).version)
    response = client.post(target, data, **HX)
    assert response.status_code == 400
    assert "10000" in text(response) or "10.000" in text(response)
    assert response.context["form"].errors[field]
    assert (Section.objects.count(), Campaign.objects.get(pk=draft.pk).version) == before


def test_a_long_recipient_line_is_refused(client, people, draft):
    client.force_login(people.officer)
    response = client.post(url("campaign_edit", draft), header_data(draft, recipients="Phòng Nội vụ;\n" + "x" * 301))
    assert response.status_code == 400 and response.context["form"].errors["recipients"]
    assert Recipient.objects.filter(campaign=draft).count() == 2


# ------------------------------------------------------------------ who may edit what


def every_edit_url(campaign: Campaign) -> list[str]:
    section = campaign.sections.order_by("position").first()
    indicator = Indicator.objects.filter(section__campaign=campaign).first()
    figure = Figure.objects.filter(indicator__section__campaign=campaign).first()
    return [
        url("campaign_edit", campaign),
        url("campaign_contents", campaign),
        url("campaign_section_add", campaign),
        url("campaign_section_add", campaign, parent=section.pk),
        url("campaign_section_edit", campaign, section=section.pk),
        url("campaign_section_delete", campaign, section=section.pk),
        url("campaign_section_move", campaign, section=section.pk),
        url("campaign_indicator_add", campaign, section=section.pk),
        url("campaign_indicator_edit", campaign, indicator=indicator.pk),
        url("campaign_indicator_delete", campaign, indicator=indicator.pk),
        url("campaign_indicator_move", campaign, indicator=indicator.pk),
        url("campaign_figure_add", campaign, indicator=indicator.pk),
        url("campaign_figure_edit", campaign, figure=figure.pk),
        url("campaign_figure_delete", campaign, figure=figure.pk),
    ]


def test_an_issued_campaign_is_not_edited(client, tree, people):
    issued = make_campaign(tree.cao_lau)
    client.force_login(people.officer)
    counts = (Section.objects.count(), Indicator.objects.count(), Figure.objects.count())
    for target in every_edit_url(issued):
        response = client.get(target)
        assert response.status_code == 403, target
        assert _(services.ERR_NOT_DRAFT) in text(response)
        assert client.post(target, {"direction": "up", "label": "x"}).status_code == 403, target
        assert client.post(target, {"direction": "up"}, **HX).status_code == 403, target
    assert (Section.objects.count(), Indicator.objects.count(), Figure.objects.count()) == counts
    with pytest.raises(ValidationError) as excinfo:
        services.section_add(campaign=issued, label="III.")
    assert excinfo.value.messages == [_(services.ERR_NOT_DRAFT)]


def test_a_sibling_commune_officer_gets_404_on_every_edit_url(client, people, draft):
    client.force_login(people.sibling_officer)
    counts = (Section.objects.count(), Indicator.objects.count(), Figure.objects.count())
    for target in every_edit_url(draft):
        assert client.get(target).status_code == 404, target
        assert client.post(target, {"direction": "up", "label": "x"}).status_code == 404, target
    assert (Section.objects.count(), Indicator.objects.count(), Figure.objects.count()) == counts


def test_a_part_of_another_campaign_is_404(client, tree, people, draft):
    other = make_campaign(tree.cao_lau, title="Dự thảo khác", status="draft", number=None)
    client.force_login(people.officer)
    for target in every_edit_url(other)[3:]:
        foreign = target.replace(f"/campaigns/{other.pk}/", f"/campaigns/{draft.pk}/")
        assert client.get(foreign).status_code == (405 if "/move/" in foreign else 404), foreign  # moves are POSTs
        assert client.post(foreign, {"direction": "up"}).status_code == 404, foreign


def test_a_reviewer_may_read_but_not_edit(client, people, draft):
    client.force_login(people.reviewer)
    assert client.get(url("campaign_detail", draft)).status_code == 200
    assert url("campaign_contents", draft) not in client.get(url("campaign_detail", draft)).content.decode()
    assert client.get(url("campaign_contents", draft)).status_code == 403


def test_the_campaign_page_links_to_the_editor_for_editors_of_a_draft(client, tree, people, draft):
    client.force_login(people.officer)
    page = client.get(url("campaign_detail", draft)).content.decode()
    assert page.count(url("campaign_contents", draft)) == 1 and url("campaign_edit", draft) in page
    issued = make_campaign(tree.cao_lau)
    page = client.get(url("campaign_detail", issued)).content.decode()
    assert url("campaign_contents", issued) not in page
    assert reverse("campaign_create") + f"?unit={tree.cao_lau.pk}" in page


def test_the_contents_page_works_without_javascript(client, people, draft):
    client.force_login(people.officer)
    section = draft.sections.get(label="II.")
    page = client.get(url("campaign_section_edit", draft, section=section.pk))
    assert page.status_code == 200 and "<html" in page.content.decode()
    data = {"label": "II.", "heading": "THỜI GIAN", "body": "", "role": "duration", "field": ""}
    response = client.post(url("campaign_section_edit", draft, section=section.pk), data)
    assert response.status_code == 302 and response["Location"].endswith(f"#section-{section.pk}")
    response = client.post(url("campaign_section_move", draft, section=section.pk), {"direction": "up"})
    assert response.status_code == 302 and sections(draft) == [(0, "II."), (1, "I.")]


def test_the_contents_page_queries_do_not_grow_with_indicators(client, tree, people):
    client.force_login(people.officer)
    counts = []
    for n, title in ((10, "Mười chỉ tiêu"), (100, "Một trăm chỉ tiêu")):
        campaign = make_campaign(tree.cao_lau, title=title, indicators=n, number=None, status="draft")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("campaign_contents", campaign))
        assert response.status_code == 200 and response.content.decode().count('class="editor-indicator"') == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_editor_links_are_shown_once_whatever_the_number_of_roles(client, tree, people, draft):
    from accounts.models import Membership, Role

    Membership.objects.create(user=people.officer, unit=tree.cao_lau, role=Role.LEADER)
    Membership.objects.create(user=people.officer, unit=tree.cao_loc, role=Role.ADMIN)
    client.force_login(people.officer)
    page = client.get(url("campaign_detail", draft)).content.decode()
    assert page.count(url("campaign_contents", draft)) == 1


def test_a_section_is_added_without_javascript(client, people, draft):
    client.force_login(people.officer)
    page = client.get(url("campaign_section_add", draft))
    assert page.status_code == 200 and "<html" in page.content.decode()
    data = {"label": "III.", "heading": "TỔ CHỨC THỰC HIỆN", "body": "", "role": "organisation", "field": ""}
    response = client.post(url("campaign_section_add", draft), data)
    section = draft.sections.get(label="III.")
    assert response.status_code == 302 and response["Location"].endswith(f"#section-{section.pk}")
    assert sections(draft) == [(0, "I."), (1, "II."), (2, "III.")]


def test_participating_clusters_are_chosen_among_the_issuing_units_own(tree, people):
    from tests.factories import ClusterFactory

    campaign = make_campaign(tree.cao_loc, title="Dự thảo của huyện", status="draft", number=None)
    own = ClusterFactory(organiser=tree.cao_loc, year=2024)
    other = ClusterFactory(organiser=tree.hiep_hoa, year=2024)
    services.campaign_update(campaign=campaign, user=people.reviewer, expected_version=campaign.version, clusters=[own])
    campaign.refresh_from_db()
    assert list(campaign.clusters.all()) == [own]
    with pytest.raises(ValidationError) as excinfo:
        services.campaign_update(
            campaign=campaign, user=people.reviewer, expected_version=campaign.version, clusters=[other]
        )
    assert "clusters" in excinfo.value.message_dict
    assert list(campaign.clusters.all()) == [own]
