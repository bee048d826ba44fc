"""The permission matrix: every URL × every role × own unit / sibling unit / parent / no login → the status.

Later issues add their URLs to MATRIX. Expectations are written out, not computed, so that a change in the scope
rule shows up here as a diff of this table."""

import pytest
from django.urls import reverse

from tests.world import shared_world, url_kwargs
from units.models import Unit

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
A = 401  # anonymous, on the API: the error body, no redirect

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
    # the merge/split tool: staff with the right to change units (here the superuser only)
    ("admin:units_unit_reorganise", None, "", (L, L, L, L, L, L, L, L, L, 200)),
    # campaigns: own and below; issued campaigns of the units above; never a sibling's or another province's
    ("campaign_list", None, "?q=thi+đua&year=2024", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("campaign_detail", "campaign_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("campaign_detail", "campaign_thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("campaign_detail", "campaign_cao_loc", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("campaign_detail", "campaign_cao_loc_draft", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("campaign_detail", "campaign_lang_son", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("campaign_participants", "campaign_cao_lau", "?q=cao&page=9", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("campaign_participants", "campaign_thach_dan", "", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("campaign_participants", "campaign_cao_loc", "?kind=commune", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
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
    (
        "assignment_grid",
        "campaign_cao_loc",
        "?q=cao&section=x&page=9",
        (L, 404, 404, 404, 404, 200, 200, 200, 404, 200),
    ),
    ("assignment_sheet", "campaign_cao_loc", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("assignment_sheet", "campaign_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    # the workbook of a large grid, built by a worker (a queued one: its waiting page)
    ("assignment_sheet_export", "sheet_export_cao_loc", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
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
    # importing a plan from its document: the unit in the query as for a new draft (400 without it, before the
    # method: confirm takes only a POST); scope and roles at that unit in tests/campaigns/importing/test_views.py
    ("campaign_import", None, "", (L, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
    ("campaign_import_confirm", None, "", (L, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
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
    ("unit_header", "units_cao_lau", "", (L, 403, 403, 403, 404, 403, 403, 200, 404, 200)),
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
    ("notice_bell", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("notice_read_all", None, "", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("notice_open", "notice_officer", "", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    # reports: a unit's own people enter, a reviewer above the unit reviews (POST roles: tests/reports/test_pages.py)
    ("report_list", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("report_list", None, "?mq=cao&mstatus=nonsense&mpage=9&page=x", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("report_periods", "campaign_cao_loc", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    (
        "report_periods",
        "campaign_cao_loc",
        "?period=x&q=cao&status=late&page=9",
        (L, 200, 200, 200, 200, 200, 200, 200, 404, 200),
    ),
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
    # a sheet without a cluster: Cao Lộc scores Cao Lâu directly; seen by its organiser and the units it scores
    ("scoring_sheet", "score_own_sheet", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("scoring_ranking", "score_own_sheet", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("scoring_criteria", "score_own_sheet", "", (L, 403, 403, 403, 404, 200, 200, 200, 404, 200)),
    ("scoring_own_sheet_create", "score_own_cao_loc", "", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("scoring_own_sheet_create", "score_own_cao_lau", "", (L, 403, 403, 403, 404, 200, 200, 200, 404, 200)),
    ("scoring_sheet_edit", "score_sheet", "", (L, 403, 403, 403, 403, 200, 200, 200, 404, 200)),
    ("scoring_criteria", "score_sheet", "", (L, 403, 403, 403, 403, 200, 200, 200, 404, 200)),
    ("scoring_criterion_add", "score_sheet", "", (L, 403, 403, 403, 403, 200, 200, 200, 404, 200)),
    ("scoring_criteria_import", "score_sheet", "", (L, 403, 403, 403, 403, 200, 200, 200, 404, 200)),
    ("scoring_criteria_import", "score_sheet_van_lang", "", (L, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
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
    # the printed papers of scoring: Xã Cao Lâu's self-scoring report and the minutes Cao Lâu (the cluster leader)
    # issues: seen by Cao Lâu, the organiser Huyện Cao Lộc and above; written by Cao Lâu's officer, leader or
    # administrator; issued by its clerk or an administrator
    ("scoring_papers", "papers_sheet", "", (L, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("scoring_report_draft", "paper_report_draft", "", (L, 405, 405, 403, 404, 403, 403, 405, 404, 405)),
    ("scoring_minutes_draft", "papers_sheet", "", (L, 405, 405, 403, 403, 403, 403, 405, 404, 405)),
    ("selfscoringreport_detail", "paper_report", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("scoring_report_preview", "paper_report", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("scoring_report_edit", "paper_report", "", (L, 200, 200, 403, 404, 403, 403, 200, 404, 200)),
    ("scoring_report_pdf", "paper_report", "", (L, 405, 405, 405, 404, 405, 405, 405, 404, 405)),
    ("scoring_report_issue", "paper_report", "", (L, 403, 403, 200, 404, 403, 403, 200, 404, 200)),
    ("scoringminutes_detail", "paper_minutes", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("scoring_minutes_preview", "paper_minutes", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("scoring_minutes_edit", "paper_minutes", "", (L, 200, 200, 403, 404, 403, 403, 200, 404, 200)),
    ("scoring_minutes_pdf", "paper_minutes", "", (L, 405, 405, 405, 404, 405, 405, 405, 404, 405)),
    ("scoring_minutes_issue", "paper_minutes", "", (L, 403, 403, 200, 404, 403, 403, 200, 404, 200)),
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
    (
        "report_rollup",
        "rollup_cao_loc",
        "?cq=cao&cpage=9&status=late&page=9",
        (L, 404, 404, 404, 404, 200, 200, 200, 404, 200),
    ),
    ("report_rollup_progress", "rollup_cao_loc", "?status=nonsense", (L, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("report_rollup_progress", "rollup_cao_lau", "?q=cao&page=x", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    # people and collectives of Xã Cao Lâu: read in scope; kept by officers, reviewers and administrators
    ("person_list", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("collective_list", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("person_add", "units_cao_lau", "", (L, 200, 403, 403, 404, 200, 403, 200, 404, 200)),
    ("person_import", "units_cao_lau", "", (L, 200, 403, 403, 404, 200, 403, 200, 404, 200)),
    ("award_import", "units_cao_lau", "", (L, 200, 403, 403, 404, 200, 403, 200, 404, 200)),
    ("award_import", "units_cao_loc", "", (L, 404, 404, 404, 404, 200, 403, 200, 404, 200)),
    ("award_import_template", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
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
    # the session's papers: blank ballots and the vote count printed by its council; issued by the unit's clerk
    ("session_count_preview", "session_cao_lau", "", (L, 403, 403, 403, 404, 200, 200, 200, 404, 200)),
    ("session_count_pdf", "session_cao_lau", "", (L, 403, 403, 403, 404, 405, 405, 405, 404, 405)),
    ("session_ballots_preview", "session_cao_lau", "", (L, 403, 403, 403, 404, 200, 200, 200, 404, 200)),
    ("session_ballots_pdf", "session_cao_lau", "", (L, 403, 403, 403, 404, 405, 405, 405, 404, 405)),
    ("session_paper_issue", "paper_issue_cao_lau", "", (L, 403, 403, 200, 404, 403, 403, 200, 404, 200)),
    ("council_paper_list", None, "?status=draft", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("councilpaper_detail", "council_paper_cao_lau", "", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
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
    # the REST API (/api/v1/): the pages' scope, exactly; anonymous 401 (the schema and its page are public); the
    # write routes take POST only (their roles: API_WRITES below); each user's token page and revoke (POST)
    ("api_schema", None, "", (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("api_docs", None, "", (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("api_unit_list", None, "?edition=2025-01&q=cao&page_size=1000", (A, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("api_unit_detail", "cao_lau", "", (A, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("api_unit_detail", "thach_dan", "", (A, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("api_unit_detail", "lang_son", "", (A, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    ("api_unit_detail", "huong_lam", "", (A, 404, 404, 404, 404, 404, 404, 404, 200, 200)),
    ("api_campaign_list", None, "?q=thi+đua&year=2024", (A, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("api_campaign_detail", "campaign_cao_lau", "", (A, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("api_campaign_detail", "campaign_thach_dan", "", (A, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("api_campaign_detail", "campaign_cao_loc", "", (A, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("api_campaign_detail", "campaign_cao_loc_draft", "", (A, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("api_campaign_figures", "campaign_cao_lau", "", (A, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("api_campaign_figures", "campaign_thach_dan", "", (A, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("api_target_list", "grid_cao_lau", "", (A, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("api_target_list", "grid_thach_dan", "", (A, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("api_target_list", "grid_not_participating", "", (A, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("api_target_register", "grid_cao_lau", "", (A, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("api_campaign_import_read", None, "", (A, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("api_campaign_import", None, "", (A, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("api_period_list", None, "?page=1", (A, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("api_period_detail", "period", "", (A, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("api_report_list", None, "?status=draft", (A, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("api_report_detail", "reportpage_cao_lau", "", (A, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("api_report_detail", "reportpage_thach_dan", "", (A, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("api_report_detail", "reportpage_not_participating", "", (A, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("api_report_save", "reportpage_cao_lau", "", (A, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("api_report_submit", "reportpage_cao_lau", "", (A, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("api_report_return", "reportpage_cao_lau", "", (A, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("api_report_approve", "reportpage_cao_lau", "", (A, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("api_rollup", "rollup_cao_loc", "?page=1", (A, 404, 404, 404, 404, 200, 200, 200, 404, 200)),
    ("api_rollup", "rollup_cao_lau", "", (A, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("api_document_list", None, "?year=2024", (A, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("api_document_detail", "issued_cao_lau", "", (A, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("api_document_detail", "issued_cao_loc", "", (A, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("api_document_pdf", "issued_cao_lau", "", (A, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("api_document_pdf", "issued_cao_loc", "", (A, 200, 200, 200, 200, 200, 200, 200, 404, 200)),
    ("api_not_found", None, "", (404, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("api_tokens", None, "", (L, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("api_token_revoke", "token_officer", "", (L, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
]


# The API's write routes, POSTed an empty body with each subject's own token: outside scope 404, in scope without the
# role 403, with it 400 (no version: nothing is changed). Looked up in that order, as the pages do.
API_WRITES = [
    ("api_report_save", "reportpage_cao_lau", (A, 400, 400, 400, 404, 403, 403, 400, 404, 400)),
    ("api_report_submit", "reportpage_cao_lau", (A, 400, 400, 400, 404, 403, 403, 400, 404, 400)),
    ("api_report_save", "reportpage_thach_dan", (A, 404, 404, 404, 400, 403, 403, 400, 404, 400)),
    ("api_report_return", "reportpage_cao_lau", (A, 403, 403, 403, 404, 400, 403, 400, 404, 400)),
    ("api_report_approve", "reportpage_cao_lau", (A, 403, 403, 403, 404, 400, 403, 400, 404, 400)),
    ("api_report_approve", "reportpage_not_participating", (A, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("api_target_register", "grid_cao_lau", (A, 400, 400, 403, 404, 403, 403, 400, 404, 400)),
    ("api_target_register", "grid_thach_dan", (A, 404, 404, 404, 400, 403, 403, 400, 404, 400)),
    # the unit is in the body: an empty one names none (its scope and role: tests/api/test_api_import.py)
    ("api_campaign_import", None, (A, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
]


@pytest.fixture(scope="module")
def _matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The matrix only reads: its rows are built once for the module (about 1,900 cases), not once per case."""
    with shared_world(django_db_blocker, tmp_path_factory, "matrix") as world:
        yield world


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


def _cases():
    for name, obj, query, expected in MATRIX:
        for subject, status in zip(SUBJECTS, expected, strict=True):
            yield pytest.param(name, obj, query, subject, status, id=f"{name}-{obj or '-'}-{subject}")


def test_matrix_has_a_column_per_subject():
    assert all(len(row[3]) == len(SUBJECTS) for row in MATRIX)


@pytest.mark.parametrize(("name", "obj", "query", "subject", "status"), list(_cases()))
def test_permission_matrix(client, objects, people, name, obj, query, subject, status):
    url = reverse(name, kwargs=url_kwargs(objects, name, obj)) + query
    if subject != "anon":
        client.force_login(getattr(people, subject))
    response = client.get(url)
    assert response.status_code == status, f"{subject} GET {url}"
    if not getattr(response, "streaming", False):
        assert b"INVALID[" not in response.content, "a template used a variable that does not exist"
    if status == L:
        assert "/login/" in response["Location"]


def _api_write_cases():
    for name, obj, expected in API_WRITES:
        for subject, status in zip(SUBJECTS, expected, strict=True):
            yield pytest.param(name, obj, subject, status, id=f"POST-{name}-{obj}-{subject}")


@pytest.mark.parametrize(("name", "obj", "subject", "status"), list(_api_write_cases()))
def test_api_write_matrix(objects, people, name, obj, subject, status):
    from rest_framework.test import APIClient

    from accounts.tokens import token_create
    from reports.models import Report
    from targets.models import Target

    def state():
        return (
            list(Report.objects.order_by("pk").values_list("pk", "version", "status")),
            list(Target.objects.order_by("pk").values_list("pk", "version")),
        )

    client = APIClient()
    if subject != "anon":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=getattr(people, subject), name='m')[1]}")
    before = state()
    response = client.post(reverse(name, kwargs=url_kwargs(objects, name, obj)), {}, format="json")
    assert response.status_code == status, f"{subject} POST {name} {obj}: {response.content[:300]}"
    assert response.json()["status"] == status
    assert state() == before


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
