"""The scoring rows of the permission matrix (the same subjects and fixture shape as tests/test_permissions.py, whose
MATRIX gets these rows): every scoring URL × role × own/sibling/parent unit / no login → the status."""

import pytest
from django.urls import reverse

from tests.campaigns.factories import make_campaign
from tests.scoring.factories import cluster_with, matrix_objects
from tests.test_permissions import SUBJECTS

pytestmark = pytest.mark.django_db

L = 302

#   officer, leader, clerk: Xã Cao Lâu (the cluster's leader unit) · sibling_officer: Xã Thạch Đạn (a member) ·
#   reviewer, council: Huyện Cao Lộc (the organiser) · province_admin: Tỉnh Lạng Sơn · other_reviewer: Huyện Hiệp Hòa
SCORING_MATRIX = [
    ("scoring_home", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("scoring_cluster", "score_cluster_cao_loc", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("scoring_cluster", "score_cluster_van_lang", "", (L, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    ("scoring_sheet_create", "score_cluster_cao_loc", "", (L, 403, 403, 403, 403, 200, 200, 200, 404, 200)),
    ("scoring_sheet", "score_sheet", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("scoring_sheet", "score_sheet_van_lang", "", (L, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    ("scoring_sheet_edit", "score_sheet", "", (L, 403, 403, 403, 403, 200, 200, 200, 404, 200)),
    ("scoring_criteria", "score_sheet", "", (L, 403, 403, 403, 403, 200, 200, 200, 404, 200)),
    ("scoring_criterion_add", "score_sheet", "", (L, 403, 403, 403, 403, 200, 200, 200, 404, 200)),
    ("scoring_criterion_edit", "score_criterion", "", (L, 403, 403, 403, 403, 200, 200, 200, 404, 200)),
    ("scoring_criterion_delete", "score_criterion", "", (L, 403, 403, 403, 403, 405, 405, 405, 404, 405)),
    ("scoring_stage_action", "score_stage_open", "", (L, 403, 403, 403, 403, 405, 405, 405, 404, 405)),
    ("scoring_stage", "score_stage_self", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("scoring_entry", "score_entry_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("scoring_entry", "score_entry_thach_dan", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("scoring_evidence", "score_evidence_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("scoring_ranking", "score_sheet", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("scoring_ranking", "score_sheet_van_lang", "", (L, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    ("scoring_proposal", "score_sheet", "", (L, 200, 200, 403, 403, 200, 403, 200, 404, 200)),
    ("scoring_decision", "score_sheet", "", (L, 403, 403, 403, 403, 403, 200, 403, 404, 200)),
    ("scoring_excel", "score_sheet", "", (L, 200, 200, 200, 403, 200, 200, 200, 404, 200)),
    ("scoring_excel", "score_sheet_van_lang", "", (L, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
]


@pytest.fixture
def objects(tree, people):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị của huyện", participants=[tree.cao_lau, tree.thach_dan])
    return matrix_objects(tree, people, cluster, campaign)


def _cases():
    for name, obj, query, expected in SCORING_MATRIX:
        for subject, status in zip(SUBJECTS, expected, strict=True):
            yield pytest.param(name, obj, query, subject, status, id=f"{name}-{obj or '-'}-{subject}")


def test_every_scoring_url_is_in_the_matrix():
    from scoring.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {row[0] for row in SCORING_MATRIX}


@pytest.mark.parametrize(("name", "obj", "query", "subject", "status"), list(_cases()))
def test_scoring_permission_matrix(client, objects, people, name, obj, query, subject, status):
    value = objects.get(obj)
    kwargs = value if isinstance(value, dict) else ({"pk": value.pk} if value is not None else {})
    url = reverse(name, kwargs=kwargs) + query
    if subject != "anon":
        client.force_login(getattr(people, subject))
    response = client.get(url)
    assert response.status_code == status, f"{subject} GET {url}"
    if not getattr(response, "streaming", False):
        assert b"INVALID[" not in response.content, "a template used a variable that does not exist"
    if status == L:
        assert "/login/" in response["Location"]
