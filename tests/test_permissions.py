"""The permission matrix: every URL × every role × own unit / sibling unit / parent / no login → the status.

Later issues add their URLs to MATRIX. Expectations are written out, not computed, so that a change in the scope
rule shows up here as a diff of this table."""

from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from campaigns.models import Campaign
from tests.campaigns.factories import make_campaign
from tests.conftest import build_people, build_tree, shared_rows
from tests.factories import ClusterFactory
from units.models import ClusterMember, MemberRole, Unit

pytestmark = pytest.mark.django_db

# Column order of every row below.
SUBJECTS = (
    "anon",
    "officer",
    "leader",
    "clerk",
    "sibling_officer",
    "reviewer",
    "council",
    "province_admin",
    "other_reviewer",
    "superuser",
)
#   officer, leader, clerk: Xã Cao Lâu · sibling_officer: Xã Thạch Đạn · reviewer, council: Huyện Cao Lộc ·
#   province_admin: Tỉnh Lạng Sơn · other_reviewer: Huyện Hiệp Hòa (Bắc Giang) · superuser: everything.
L = 302  # anonymous: to the log-in page

MATRIX = [
    # url name, object (attribute of the `objects` fixture or None), query string, expected per subject
    ("home", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("unit_browser", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("unit_search", None, "?q=cao+lau", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("cluster_list", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("password_change", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("unit_detail", "cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("unit_detail", "thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("unit_detail", "village", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("unit_detail", "cao_loc", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("unit_detail", "lang_son", "", (L, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    ("unit_detail", "huong_lam", "", (L, 404, 404, 404, 404, 404, 404, 404, 200, 200)),
    ("unit_add_child", "cao_lau", "", (L, 200, 403, 403, 404, 403, 403, 200, 404, 200)),
    ("unit_add_child", "thach_dan", "", (L, 404, 404, 404, 200, 403, 403, 200, 404, 200)),
    ("unit_edit", "village", "", (L, 200, 403, 403, 404, 403, 403, 200, 404, 200)),
    ("unit_edit", "cao_lau", "", (L, 404, 404, 404, 404, 404, 404, 404, 404, 404)),  # official: not edited here
    ("cluster_add", "cao_loc", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("cluster_add", "cao_lau", "", (L, 403, 403, 403, 404, 200, 200, 200, 404, 200)),
    ("cluster_detail", "cluster", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("cluster_edit", "cluster", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("admin:index", None, "", (L, L, L, L, L, L, L, L, L, 200)),
    # campaigns: own and below; issued campaigns of the units above; never a sibling's or another province's
    ("campaign_list", None, "?q=thi+đua&year=2024", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("campaign_detail", "campaign_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("campaign_detail", "campaign_thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("campaign_detail", "campaign_cao_loc", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("campaign_detail", "campaign_cao_loc_draft", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("campaign_detail", "campaign_lang_son", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("campaign_changes", "campaign_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("campaign_changes", "campaign_thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("campaign_json", "campaign_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("campaign_json", "campaign_thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    # target grids: the unit's own grid (read by the levels above), the issuing unit's assignment grid
    ("target_grid", "grid_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("target_grid", "grid_thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("target_grid", "grid_not_participating", "", (L, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("target_sheet", "grid_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("target_sheet", "grid_thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("assignment_grid", "campaign_cao_loc", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("assignment_grid", "campaign_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    # documents: print a campaign (POST), watch the job, download when ready (a queued job: nothing to download yet)
    ("campaign_pdf", "campaign_cao_lau", "", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("document_job", "job_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("document_job", "job_thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("document_download", "job_cao_lau", "", (L, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("document_job_retry", "job_cao_lau", "", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("campaign_adopt", "adopt_cao_lau", "", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    # the campaign editor: a draft only (an issued one is 403), by an officer, leader, clerk or administrator at the
    # issuing unit or above; contents URLs name their section, indicator or figure in the query (400 without it)
    ("campaign_detail", "campaign_cao_lau_draft", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("campaign_create", None, "", (L, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
    ("campaign_edit", "campaign_cao_lau_draft", "", (L, 200, 200, 200, 404, 403, 403, 200, 404, 200)),
    ("campaign_edit", "campaign_cao_lau", "", (L, 403, 403, 403, 404, 403, 403, 403, 404, 403)),
    ("campaign_edit", "campaign_cao_loc_draft", "", (L, 404, 404, 404, 404, 403, 403, 200, 404, 200)),
    ("campaign_contents", "campaign_cao_lau_draft", "", (L, 200, 200, 200, 404, 403, 403, 200, 404, 200)),
    ("campaign_contents", "campaign_cao_lau", "", (L, 403, 403, 403, 404, 403, 403, 403, 404, 403)),
    ("campaign_contents", "campaign_cao_loc_draft", "", (L, 404, 404, 404, 404, 403, 403, 200, 404, 200)),
    ("campaign_section_add", "campaign_cao_lau_draft", "", (L, 200, 200, 200, 404, 403, 403, 200, 404, 200)),
    ("campaign_section_add", "campaign_cao_lau", "", (L, 403, 403, 403, 404, 403, 403, 403, 404, 403)),
    ("campaign_section_edit", "campaign_cao_lau_draft", "", (L, 400, 400, 400, 404, 403, 403, 400, 404, 400)),
    ("campaign_section_edit", "campaign_cao_lau", "", (L, 403, 403, 403, 404, 403, 403, 403, 404, 403)),
    ("campaign_section_delete", "campaign_cao_lau_draft", "", (L, 400, 400, 400, 404, 403, 403, 400, 404, 400)),
    ("campaign_section_move", "campaign_cao_lau_draft", "", (L, 405, 405, 405, 404, 403, 403, 405, 404, 405)),
    ("campaign_indicator_add", "campaign_cao_lau_draft", "", (L, 400, 400, 400, 404, 403, 403, 400, 404, 400)),
    ("campaign_indicator_edit", "campaign_cao_lau_draft", "", (L, 400, 400, 400, 404, 403, 403, 400, 404, 400)),
    ("campaign_indicator_delete", "campaign_cao_lau_draft", "", (L, 400, 400, 400, 404, 403, 403, 400, 404, 400)),
    ("campaign_indicator_move", "campaign_cao_lau_draft", "", (L, 405, 405, 405, 404, 403, 403, 405, 404, 405)),
    ("campaign_figure_add", "campaign_cao_lau_draft", "", (L, 400, 400, 400, 404, 403, 403, 400, 404, 400)),
    ("campaign_figure_edit", "campaign_cao_lau_draft", "", (L, 400, 400, 400, 404, 403, 403, 400, 404, 400)),
    ("campaign_figure_delete", "campaign_cao_lau_draft", "", (L, 400, 400, 400, 404, 403, 403, 400, 404, 400)),
    # documents: Word, issue (clerk or administrator), new version of an issued one, the issued PDF
    ("campaign_docx", "campaign_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("campaign_docx", "campaign_thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("campaign_issue", "campaign_cao_lau_draft", "", (L, 403, 403, 200, 404, 403, 403, 200, 404, 200)),
    ("campaign_issue", "campaign_cao_lau", "", (L, 404, 404, 404, 404, 404, 404, 404, 404, 404)),  # issued already
    ("campaign_issue", "campaign_cao_loc_draft", "", (L, 404, 404, 404, 404, 403, 403, 200, 404, 200)),
    ("campaign_revise", "campaign_cao_lau", "", (L, 405, 405, 405, 404, 403, 403, 405, 404, 405)),
    ("campaign_revise", "campaign_cao_loc", "", (L, 404, 404, 404, 404, 403, 403, 405, 404, 405)),
    ("issued_pdf", "issued_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("issued_pdf", "issued_cao_loc", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),  # units below see it
    ("unit_documents", "units_cao_lau", "", (L, 403, 200, 200, 404, 403, 403, 200, 404, 200)),
    ("unit_documents", "units_cao_loc", "", (L, 404, 404, 404, 404, 403, 403, 200, 404, 200)),
    ("register_open", "units_cao_lau", "", (L, 403, 403, 200, 404, 403, 403, 200, 404, 200)),
    ("unit_seal", "units_cao_lau", "", (L, 403, 403, 403, 404, 403, 403, 200, 404, 200)),
    ("unit_certificate", "units_cao_lau", "", (L, 403, 403, 403, 404, 403, 403, 200, 404, 200)),
    ("register_detail", "register_cao_lau", "", (L, 403, 200, 200, 404, 403, 403, 200, 404, 200)),
    ("my_signature", None, "", (L, 403, 200, 403, 403, 403, 403, 403, 403, 200)),
    # the public verification page: no log-in
    ("verify_start", None, "", (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("verify_code", "code_cao_lau", "", (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    # evidence files of a report: download by anyone who sees the report; upload and remove (POST only) by its unit's
    # officers, leaders, clerks and administrators
    ("evidence_download", "evidence_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("evidence_download", "evidence_thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("evidence_upload", "report_cao_lau", "", (L, 405, 405, 405, 404, 403, 403, 405, 404, 405)),
    ("evidence_upload", "report_thach_dan", "", (L, 404, 404, 404, 405, 403, 403, 405, 404, 405)),
    ("evidence_delete", "evidence_cao_lau", "", (L, 405, 405, 405, 404, 403, 403, 405, 404, 405)),
    ("evidence_delete", "evidence_thach_dan", "", (L, 404, 404, 404, 405, 403, 403, 405, 404, 405)),
    # notices: each user's own; read-all and open are POST only
    ("notice_list", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("notice_read_all", None, "", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("notice_open", "notice_officer", "", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    # reports: a unit's own people enter, a reviewer above the unit reviews (POST roles: tests/reports/test_pages.py)
    ("report_list", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("report_periods", "campaign_cao_loc", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("report_periods", "campaign_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("report_periods", "campaign_cao_loc_draft", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("report_detail", "reportpage_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("report_detail", "reportpage_thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("report_detail", "reportpage_not_participating", "", (L, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    # scoring: organised by Cao Lộc (cluster), Cao Lâu the leader unit, Thạch Đạn a member; a Văn Lãng cluster's sheet
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
    # summary reports (BÁO CÁO sơ kết, tổng kết) of Huyện Cao Lộc: its people and those above; the clerk or an
    # administrator issues; printing is POST only
    ("summary_list", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("summary_period", "summary_period", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("summaryreport_detail", "summary_cao_loc", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("summary_preview", "summary_cao_loc", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("summary_edit", "summary_cao_loc", "", (L, 404, 404, 404, 404, 200, 403, 200, 404, 200)),
    ("summary_pdf", "summary_cao_loc", "", (L, 404, 404, 404, 404, 405, 405, 405, 404, 405)),
    ("summary_issue", "summary_cao_loc", "", (L, 404, 404, 404, 404, 403, 403, 200, 404, 200)),
    ("summary_docx", "summary_cao_loc", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("summary_revise", "summary_cao_loc", "", (L, 404, 404, 404, 404, 405, 403, 405, 404, 405)),
    # the roll-up of a period: the unit's own scope (a commune sees its own, the district its communes')
    ("report_rollup", "rollup_cao_loc", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("report_rollup", "rollup_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    # people and collectives of Xã Cao Lâu: read in scope; kept by officers, reviewers and administrators
    ("person_list", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("collective_list", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("person_add", "units_cao_lau", "", (L, 200, 403, 403, 404, 200, 403, 200, 404, 200)),
    ("person_import", "units_cao_lau", "", (L, 200, 403, 403, 404, 200, 403, 200, 404, 200)),
    ("collective_add", "units_cao_lau", "", (L, 200, 403, 403, 404, 200, 403, 200, 404, 200)),
    ("person_detail", "person_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("collective_detail", "collective_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("person_edit", "person_cao_lau", "", (L, 200, 403, 403, 404, 200, 403, 200, 404, 200)),
    ("collective_edit", "collective_cao_lau", "", (L, 200, 403, 403, 404, 200, 403, 200, 404, 200)),
    ("person_delete", "person_cao_lau", "", (L, 405, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("collective_delete", "collective_cao_lau", "", (L, 405, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("person_rating_add", "person_cao_lau", "", (L, 405, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("person_initiative_add", "person_cao_lau", "", (L, 405, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("person_discipline_add", "person_cao_lau", "", (L, 405, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("person_award_add", "person_cao_lau", "", (L, 405, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("collective_rating_add", "collective_cao_lau", "", (L, 405, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("collective_discipline_add", "collective_cao_lau", "", (L, 405, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("collective_award_add", "collective_cao_lau", "", (L, 405, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("discipline_end", "discipline_cao_lau", "", (L, 405, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("record_delete", "rating_record_cao_lau", "", (L, 405, 403, 403, 404, 405, 403, 405, 404, 405)),
    # nominations of Xã Cao Lâu: made by its officers and administrators, read in scope
    ("nomination_index", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("nomination_list", "units_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("nomination_create", "units_cao_lau", "", (L, 200, 403, 403, 404, 403, 403, 200, 404, 200)),
    ("nomination_detail", "nomination_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("nomination_edit", "nomination_cao_lau", "", (L, 200, 403, 403, 404, 403, 403, 200, 404, 200)),
    ("nomination_check", "nomination_cao_lau", "", (L, 405, 403, 403, 404, 403, 403, 405, 404, 405)),
    ("nomination_draft", "nomination_cao_lau", "", (L, 405, 403, 403, 404, 403, 403, 405, 404, 405)),
    ("nomination_submit", "nomination_cao_lau", "", (L, 405, 403, 403, 404, 403, 403, 405, 404, 405)),
    ("nomination_withdraw", "nomination_cao_lau", "", (L, 405, 403, 403, 404, 403, 403, 405, 404, 405)),
    ("dossier_upload", "nomination_cao_lau", "", (L, 405, 403, 403, 404, 403, 403, 405, 404, 405)),
    ("dossier_download", "dossier_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("dossier_delete", "dossier_cao_lau", "", (L, 405, 403, 403, 404, 403, 403, 405, 404, 405)),
    # the emulation council of Xã Cao Lâu: its council members, the reviewers and administrators above it
    ("council_home", "units_cao_lau", "", (L, 403, 403, 403, 404, 200, 200, 200, 404, 200)),
    ("session_create", "units_cao_lau", "", (L, 403, 403, 403, 404, 200, 200, 200, 404, 200)),
    ("session_detail", "session_cao_lau", "", (L, 403, 403, 403, 404, 200, 200, 200, 404, 200)),
    ("session_edit", "session_cao_lau", "", (L, 403, 403, 403, 404, 200, 200, 200, 404, 200)),
    ("session_minutes_preview", "session_cao_lau", "", (L, 403, 403, 403, 404, 200, 200, 200, 404, 200)),
    ("member_add", "session_cao_lau", "", (L, 403, 403, 403, 404, 405, 405, 405, 404, 405)),
    ("member_update", "council_member_cao_lau", "", (L, 403, 403, 403, 404, 405, 405, 405, 404, 405)),
    ("member_delete", "council_member_cao_lau", "", (L, 403, 403, 403, 404, 405, 405, 405, 404, 405)),
    ("ballot_record", "ballot_cao_lau", "", (L, 403, 403, 403, 404, 405, 405, 405, 404, 405)),
    ("session_close", "session_cao_lau", "", (L, 403, 403, 403, 404, 405, 405, 405, 404, 405)),
    ("session_minutes_pdf", "session_cao_lau", "", (L, 403, 403, 403, 404, 405, 405, 405, 404, 405)),
    # the award catalogue (read by all) and a province's own settings (its administrators)
    ("award_catalogue", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("award_setting_add", "setting_lang_son", "", (L, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    ("award_setting_add_national", None, "", (L, 403, 403, 403, 403, 403, 403, 403, 403, 200)),
    # the award decision of Xã Cao Lâu: drafted by reviewers, issued by its clerk, read in scope
    ("decision_list", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("decision_draft", "closed_session_cao_lau", "", (L, 403, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("decision_detail", "decision_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("decision_preview", "decision_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("decision_edit", "decision_cao_lau", "", (L, 403, 403, 403, 404, 200, 403, 200, 404, 200)),
    ("decision_entry_remove", "decision_entry_cao_lau", "", (L, 403, 403, 403, 404, 405, 403, 405, 404, 405)),
    ("decision_pdf", "decision_cao_lau", "", (L, 405, 405, 405, 404, 405, 405, 405, 404, 405)),
    ("decision_issue", "decision_cao_lau", "", (L, 403, 403, 200, 404, 403, 403, 200, 404, 200)),
    ("decision_certificates", "decision_cao_lau", "", (L, 403, 403, 405, 404, 405, 403, 405, 404, 405)),
    ("cluster_nominate", "nominate_score_sheet", "", (L, 403, 403, 403, 403, 405, 405, 405, 404, 405)),
]


@pytest.fixture(scope="module")
def _matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The matrix only reads: its rows are built once for the module (about 1,900 cases), not once per case."""
    media = tmp_path_factory.mktemp("matrix-media")
    with shared_rows(django_db_blocker, media):
        tree = build_tree()
        people = build_people(tree)
        objects = {**_objects(tree, people), **_awards(tree, people)}
        yield SimpleNamespace(tree=tree, people=people, objects=objects, media=media)


@pytest.fixture(autouse=True)
def _media_root(request, settings):
    """The shared rows' files are in the module's media folder: every test reads them there."""
    if "_matrix" in request.fixturenames:
        settings.MEDIA_ROOT = str(request.getfixturevalue("_matrix").media)


@pytest.fixture
def tree(_matrix, db):
    return _matrix.tree


@pytest.fixture
def people(_matrix, db):
    return _matrix.people


@pytest.fixture
def objects(_matrix, db):
    return _matrix.objects


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
    }
    from documents.models import DocumentJob

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
    from summaries.services import summary_draft

    summaries_ = {
        "summary_cao_loc": summary_draft(period=reports_["period"], unit=tree.cao_loc, user=people.reviewer),
        "summary_period": {"period_pk": reports_["period"].pk},
    }
    from tests.scoring.factories import matrix_objects

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
        **summaries_,
        "nominate_score_sheet": {"sheet_pk": scoring["score_sheet"].pk},
    }


def _awards(tree, people):
    """Xã Cao Lâu's register (a person in a collective with a rating and a pending complaint), an LĐTT nomination
    with a dossier file, an open council session with a member and a ballot, and a closed one whose passed ballot
    made a draft decision."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from awards import services as award_services
    from awards.models import AwardType
    from nominations import files as dossier_files
    from nominations import services as nominations
    from people import services as register

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
        unit=tree.cao_lau, user=people.council, year=year, title="Phiên 1", held_on=today
    )
    nominations.member_add(session=closed, user=people.council, name="Nông Văn Tuấn", role="chair")
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
        "setting_lang_son": {"province_pk": tree.lang_son.pk},
        "decision_cao_lau": decision,
        "decision_entry_cao_lau": {"pk": decision.pk, "entry_pk": decision.entries.first().pk},
    }


def _reports(campaign, tree, people):
    """Cao Lâu's and Thạch Đạn's reports for a period of the district's campaign, an evidence file in each, a notice
    to Cao Lâu's officer, and the period's roll-ups."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from notices.services import notify
    from reports import evidence as report_evidence
    from reports import services as report_services

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
    from django.core.files.base import ContentFile

    from documents.issuing import new_code
    from documents.models import IssuedDocument, Register, RenderedDocument

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


def _cases():
    for name, obj, query, expected in MATRIX:
        for subject, status in zip(SUBJECTS, expected, strict=True):
            yield pytest.param(name, obj, query, subject, status, id=f"{name}-{obj or '-'}-{subject}")


def test_matrix_has_a_column_per_subject():
    assert all(len(row[3]) == len(SUBJECTS) for row in MATRIX)


@pytest.mark.parametrize(("name", "obj", "query", "subject", "status"), list(_cases()))
def test_permission_matrix(client, objects, people, name, obj, query, subject, status):
    url_kwargs = {}
    if isinstance(objects.get(obj), dict):
        url_kwargs = objects[obj]  # a URL with two ids
    elif obj is not None:
        key = "unit_pk" if name == "cluster_add" else "pk"
        url_kwargs[key] = objects[obj].pk
    url = reverse(name, kwargs=url_kwargs) + query
    if subject != "anon":
        client.force_login(getattr(people, subject))
    response = client.get(url)
    assert response.status_code == status, f"{subject} GET {url}"
    if not getattr(response, "streaming", False):
        assert b"INVALID[" not in response.content, "a template used a variable that does not exist"
    if status == L:
        assert "/login/" in response["Location"]


def test_every_url_is_in_the_matrix():
    """A new URL must be added to MATRIX (or to the public list here) before it can land."""
    from django.urls import get_resolver

    public = {
        "login",
        "logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "password_change_done",
        "healthz",
    }
    covered = {row[0].split(":")[-1] for row in MATRIX} | public
    names = {
        pattern.name
        for pattern in get_resolver().url_patterns
        if hasattr(pattern, "url_patterns") is False and pattern.name
    }
    for resolver in get_resolver().url_patterns:
        if hasattr(resolver, "url_patterns") and resolver.namespace is None:
            names |= {p.name for p in resolver.url_patterns if getattr(p, "name", None)}
    assert names - covered == set()


def test_guessed_ids_in_posts_are_404_and_change_nothing(client, tree, people):
    client.force_login(people.officer)
    before = Unit.objects.get_children_count(tree.thach_dan)
    response = client.post(
        reverse("unit_add_child", kwargs={"pk": tree.thach_dan.pk}),
        {"kind": "village", "unit_type": "thôn", "name": "Thôn Lạ"},
    )
    assert response.status_code == 404
    tree.thach_dan.refresh_from_db()
    assert Unit.objects.get_children_count(tree.thach_dan) == before
