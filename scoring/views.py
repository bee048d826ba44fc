"""Scoring pages: the sheets of a cluster, the sheet with its criteria editor, the scoring grid of each stage, one
member's scores at a stage, the ranking with the proposal and the council's decision, the Excel export.

Views are thin: the sheet is looked up through ScoreSheet.objects.restrict (404 outside scope), what the user may
see and do comes from scoring.access (403 for an action the user has no role for), writes go to scoring.services."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from campaigns.models import Campaign
from scoring import services
from scoring.access import SheetAccess
from scoring.excel import sheet_workbook
from scoring.forms import ACCEPT, CriterionForm, DecisionForm, EntryForm, OwnSheetForm, ProposalForm, SheetForm
from scoring.models import (
    STAGE_ORDER,
    CouncilDecision,
    Criterion,
    CriterionKind,
    EntryEvidence,
    LeadingProposal,
    ScoreSheet,
    StageKind,
    StageStatus,
)
from scoring.rules import RANKING_RULE
from scoring.selectors import sheet_board, sheet_list, sheet_stages
from scoring.table_import import ACCEPT as TABLE_ACCEPT
from scoring.table_import import read_table
from units.forms import MAX_ID
from units.models import Cluster, Unit
from units.scope import ScopedViewMixin, ServiceFormView
from units.versioning import VersionConflict
from units.views import breadcrumbs
from uploads.http import stored_open

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(user, unit):
    """The organiser's breadcrumbs; the organiser itself is a link only for those who may open it (a member's
    people see the sheet, not the organiser's page)."""
    crumbs = breadcrumbs(user, unit)
    if not user.acts_for(unit):
        crumbs[-1] = (unit, False)
    return crumbs


def _version(text) -> int | None:
    """A number typed in a form (a version, an id), or None for anything else, a number no column could hold too."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and int(text) <= MAX_ID else None


class HomeView(ScopedViewMixin, View):
    """/scoring/: every scoring sheet the user sees, and the units where the user may create a sheet without a
    cluster."""

    def get(self, request):
        return render(
            request,
            "scoring/home.html",
            {"sheets": sheet_list(user=request.user), "own_units": request.user.units_for("scoring.sheet")},
        )


class ClusterMixin:
    def load_cluster(self, cluster_pk):
        self.cluster = get_object_or_404(
            Cluster.objects.restrict_with_members(self.request.user).select_related("organiser"), pk=cluster_pk
        )
        return self.cluster


class ClusterSheetsView(ClusterMixin, ScopedViewMixin, View):
    """/scoring/clusters/<cluster_pk>/: a cluster's scoring sheets."""

    def load_scoped(self, cluster_pk):
        self.load_cluster(cluster_pk)

    def get(self, request, cluster_pk):
        return render(
            request,
            "scoring/cluster_sheets.html",
            {
                "cluster": self.cluster,
                "sheets": sheet_list(user=request.user, cluster=self.cluster),
                "can_create": request.user.can("scoring.sheet", self.cluster.organiser),
                "crumbs": _crumbs(request.user, self.cluster.organiser),
            },
        )


class SheetCreateView(ClusterMixin, ServiceFormView):
    action = "scoring.sheet"
    template_name = "scoring/sheet_form.html"

    def load_scoped(self, cluster_pk):
        return self.load_cluster(cluster_pk).organiser

    def campaigns(self):
        return Campaign.objects.restrict(self.request.user).filter(clusters=self.cluster).order_by("-year", "pk")

    def get_form(self, data=None):
        initial = {"title": _("Scoring sheet of %(cluster)s") % {"cluster": self.cluster.name}}
        return SheetForm(data, campaigns=self.campaigns(), initial=initial)

    def perform(self, form):
        sheet = services.sheet_create(
            cluster=self.cluster,
            campaign=form.cleaned_data["campaign"],
            period=form.cleaned_data["period"],
            title=form.cleaned_data["title"],
            bonus_in_subtotals=form.cleaned_data["bonus_in_subtotals"],
            user=self.request.user,
        )
        return _("Created the scoring sheet “%(title)s”.") % {"title": sheet.title}, reverse(
            "scoring_criteria", kwargs={"pk": sheet.pk}
        )

    def get_context(self):
        return {
            "title": _("New scoring sheet for %(cluster)s") % {"cluster": self.cluster.name},
            "cancel": reverse("scoring_cluster", kwargs={"cluster_pk": self.cluster.pk}),
            "no_campaign": not self.campaigns().exists(),
            "cluster": self.cluster,
            "crumbs": _crumbs(self.request.user, self.cluster.organiser),
        }


class OwnSheetCreateView(ServiceFormView):
    """/scoring/units/<unit_pk>/new/: a sheet without a cluster, the unit scoring the participating units of one of
    its campaigns directly (a province its departments, a commune its villages)."""

    action = "scoring.sheet"
    template_name = "scoring/sheet_form.html"

    def load_scoped(self, unit_pk):
        self.unit = self.get_scoped_object(Unit, unit_pk)
        return self.unit

    def campaigns(self):
        return (
            Campaign.objects.restrict(self.request.user)
            .filter(
                issuing_unit=self.unit,
                participations__unit__path__startswith=self.unit.path,
                participations__unit__depth__gt=self.unit.depth,
            )
            .distinct()
            .order_by("-year", "pk")
        )

    def units(self, data):
        campaign = _version((data or {}).get("campaign"))
        units = Unit.objects.filter(
            campaign_participations__campaign__in=self.campaigns(), path__startswith=self.unit.path
        ).exclude(pk=self.unit.pk)
        if campaign is not None:
            units = units.filter(campaign_participations__campaign_id=campaign)
        return units.distinct().order_by("code")

    def get_form(self, data=None):
        initial = {"title": _("Scoring sheet of %(unit)s") % {"unit": self.unit.name}}
        return OwnSheetForm(data, campaigns=self.campaigns(), units=self.units(data), initial=initial)

    def perform(self, form):
        campaign = form.cleaned_data["campaign"]
        participants = list(form.cleaned_data["participants"]) or list(
            Unit.objects.filter(campaign_participations__campaign=campaign, path__startswith=self.unit.path)
            .exclude(pk=self.unit.pk)
            .order_by("code")
        )
        sheet = services.sheet_create(
            organiser=self.unit,
            participants=participants,
            campaign=campaign,
            period=form.cleaned_data["period"],
            title=form.cleaned_data["title"],
            bonus_in_subtotals=form.cleaned_data["bonus_in_subtotals"],
            user=self.request.user,
        )
        return _("Created the scoring sheet “%(title)s”.") % {"title": sheet.title}, reverse(
            "scoring_criteria", kwargs={"pk": sheet.pk}
        )

    def get_context(self):
        return {
            "title": _("New scoring sheet of %(unit)s, without a cluster") % {"unit": self.unit.name},
            "cancel": reverse("scoring_home"),
            "no_campaign": not self.campaigns().exists(),
            "crumbs": _crumbs(self.request.user, self.unit),
        }


# ------------------------------------------------------------------ a sheet


class SheetMixin(ScopedViewMixin):
    """Looks the sheet up in scope (404), then asks ``allowed()`` (403)."""

    def load_scoped(self, pk, **kwargs):
        sheets = ScoreSheet.objects.select_related("cluster__organiser", "organiser", "campaign__doc_type", "period")
        self.sheet = self.get_scoped_object(sheets, pk)
        self.access = SheetAccess.build(user=self.request.user, sheet=self.sheet)
        self.load_more(**kwargs)
        if not self.allowed():
            raise PermissionDenied

    def load_more(self, **kwargs):
        pass

    def allowed(self) -> bool:
        return True

    def load_stage(self, stage: str):
        if stage not in StageKind.values:
            raise Http404
        self.stage_kind = StageKind(stage)
        self.stages = sheet_stages(self.sheet)
        self.stage = next(s for s in self.stages if s.kind == stage)

    def base_context(self, **extra) -> dict:
        return {
            "sheet": self.sheet,
            "cluster": self.sheet.cluster,
            "access": self.access,
            "crumbs": _crumbs(self.request.user, self.sheet.organiser),
            **extra,
        }


class SheetDetailView(SheetMixin, View):
    """The sheet: its campaign and period, its stages (opened and closed here) and its criteria."""

    def get(self, request, pk):
        board = sheet_board(sheet=self.sheet, access=self.access, units=[], with_prefill=False)
        return render(
            request,
            "scoring/sheet_detail.html",
            self.base_context(board=board, stages=board.stages, tab="sheet", next_stage=_next_stage(board.stages)),
        )


def _next_stage(stages):
    """The stage that can be acted on: the open one (to close) or the first one not opened (to open)."""
    for stage in stages:
        if stage.status == StageStatus.OPEN:
            return stage
        if stage.status == StageStatus.PENDING:
            return stage
    return None


class SheetEditView(SheetMixin, ServiceFormView):
    template_name = "scoring/sheet_form.html"

    def allowed(self):
        return self.access.can_edit_sheet

    def get_form(self, data=None):
        initial = {
            "title": self.sheet.title,
            "period": self.sheet.period_id,
            "bonus_in_subtotals": self.sheet.bonus_in_subtotals,
            "version": self.sheet.version,
        }
        return SheetForm(data, campaigns=Campaign.objects.none(), sheet=self.sheet, initial=initial)

    def perform(self, form):
        services.sheet_update(
            sheet=self.sheet,
            title=form.cleaned_data["title"],
            period=form.cleaned_data["period"],
            bonus_in_subtotals=form.cleaned_data["bonus_in_subtotals"],
            expected_version=form.cleaned_data.get("version"),
            user=self.request.user,
        )
        return _("Saved the scoring sheet."), reverse("scoring_sheet", kwargs={"pk": self.sheet.pk})

    def get_context(self):
        return self.base_context(
            title=_("Edit %(name)s") % {"name": self.sheet.title},
            cancel=reverse("scoring_sheet", kwargs={"pk": self.sheet.pk}),
        )


class CriteriaView(SheetMixin, View):
    """The criteria editor: the tree, with add, edit and delete while scoring has not started."""

    def allowed(self):
        return self.access.can_edit_sheet

    def get(self, request, pk):
        board = sheet_board(sheet=self.sheet, access=self.access, units=[], with_prefill=False)
        started = board.stages[0].status != StageStatus.PENDING if board.stages else False
        return render(
            request,
            "scoring/criteria.html",
            self.base_context(board=board, started=started, tab="criteria"),
        )


IMPORT_SALT = "scoring.criteria_import"
IMPORT_MAX_AGE = 3600  # seconds a reviewed table may wait for its confirmation


class CriteriaImportView(SheetMixin, View):
    """A scoring table from an Excel sheet, a Word file or a PDF (scoring.table_import): the upload, the review of
    what will be created (nothing is saved), then the confirmation, which adds every row or none. The reviewed rows
    travel signed in the page, not in a session."""

    def allowed(self):
        return self.access.can_edit_sheet

    def get(self, request, pk):
        return self._render()

    def post(self, request, pk):
        if "payload" in request.POST:
            return self._confirm(request)
        upload = request.FILES.get("file")
        if upload is None:
            return self._render(
                problems=[_("Choose the file of the scoring table (.xlsx, .docx or .pdf).")], status=400
            )
        try:
            rows = read_table(upload)
        except ValidationError as error:
            return self._render(problems=error.messages, status=400)
        problems = [p for row in rows for p in row.problems]
        payload = None
        if not problems:
            data = {"sheet": self.sheet.pk, "version": self.sheet.version, "rows": [r.as_json() for r in rows]}
            payload = signing.dumps(data, salt=IMPORT_SALT, compress=True)
        return self._render(rows=rows, problems=problems, payload=payload, status=400 if problems else 200)

    def _confirm(self, request):
        try:
            data = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        except signing.BadSignature:
            return self._render(problems=[_("The reviewed table has expired: upload the file again.")], status=400)
        if data.get("sheet") != self.sheet.pk:
            raise Http404
        try:
            created = services.criteria_import(
                sheet=self.sheet, rows=data["rows"], expected_version=data["version"], user=request.user
            )
        except VersionConflict as error:
            return self._render(problems=error.messages, status=409)
        except ValidationError as error:
            return self._render(problems=error.messages, status=400)
        messages.success(request, _("Imported %(count)s criteria from the table.") % {"count": len(created)})
        return redirect("scoring_criteria", pk=self.sheet.pk)

    def _render(self, rows=(), problems=(), payload=None, status=200):
        stages = sheet_stages(self.sheet)
        started = bool(stages) and stages[0].status != StageStatus.PENDING
        return render(
            self.request,
            "scoring/criteria_import.html",
            self.base_context(
                rows=rows,
                problems=problems,
                payload=payload,
                started=started,
                stages=stages,
                tab="criteria",
                kinds=CriterionKind.choices,
                accept=TABLE_ACCEPT,
                title=_("Import the criteria from a table"),
            ),
            status=status,
        )


class CriterionFormView(SheetMixin, ServiceFormView):
    template_name = "scoring/criterion_form.html"

    def load_more(self, criterion_pk=None):
        self.criterion = None
        if criterion_pk is not None:
            self.criterion = get_object_or_404(Criterion, pk=criterion_pk, sheet=self.sheet)

    def allowed(self):
        return self.access.can_edit_sheet

    def get_form(self, data=None):
        kwargs = {}
        if self.criterion is None and data is None:
            parent = _version(self.request.GET.get("parent"))
            kwargs["initial"] = {"parent": parent, "kind": CriterionKind.DIRECT}
        return CriterionForm(data, sheet=self.sheet, criterion=self.criterion, **kwargs)

    def perform(self, form):
        criterion = services.criterion_save(
            sheet=self.sheet,
            criterion=self.criterion,
            user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        )
        message = _("Saved the criterion %(criterion)s.") % {"criterion": str(criterion)}
        return message, reverse("scoring_criteria", kwargs={"pk": self.sheet.pk}) + f"#c{criterion.pk}"

    def get_context(self):
        title = (
            _("Edit the criterion %(criterion)s") % {"criterion": str(self.criterion)}
            if self.criterion
            else _("Add a criterion")
        )
        return self.base_context(
            title=title, criterion=self.criterion, cancel=reverse("scoring_criteria", kwargs={"pk": self.sheet.pk})
        )


class CriterionDeleteView(SheetMixin, View):
    def load_more(self, criterion_pk):
        self.criterion = get_object_or_404(Criterion, pk=criterion_pk, sheet=self.sheet)

    def allowed(self):
        return self.access.can_edit_sheet

    def post(self, request, pk, criterion_pk):
        try:
            services.criterion_delete(
                criterion=self.criterion, expected_version=_version(request.POST.get("version")), user=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Deleted the criterion %(criterion)s.") % {"criterion": str(self.criterion)})
        return redirect("scoring_criteria", pk=self.sheet.pk)


class StageActionView(SheetMixin, View):
    """POST: open or close a stage."""

    def load_more(self, stage, action):
        if action not in ("open", "close"):
            raise Http404
        self.load_stage(stage)

    def allowed(self):
        return self.access.can_manage_stages

    def post(self, request, pk, stage, action):
        service = services.stage_open if action == "open" else services.stage_close
        try:
            service(sheet=self.sheet, kind=self.stage_kind, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            text = _("Opened “%(stage)s”.") if action == "open" else _("Closed “%(stage)s”.")
            messages.success(request, text % {"stage": self.stage_kind.label})
        return redirect("scoring_sheet", pk=self.sheet.pk)


class StageGridView(SheetMixin, View):
    """The scoring grid of a stage: criteria (rows) × the members the user sees (columns), with the totals."""

    def load_more(self, stage):
        self.load_stage(stage)

    def get(self, request, pk, stage):
        board = sheet_board(sheet=self.sheet, access=self.access, with_prefill=self.stage_kind == StageKind.SELF)
        units = board.units
        scores = {u.pk: board.scores(self.stage_kind, u.pk) for u in units}
        totals = {u.pk: board.totals(self.stage_kind, u.pk) for u in units}
        rows = []
        for node in board.nodes:
            cells = []
            if node.kind == CriterionKind.GROUP:
                cells = [{"score": totals[u.pk].groups.get(node.pk)} for u in units]
            else:
                for unit in units:
                    entry = board.entry(self.stage_kind, node.pk, unit.pk)
                    prefill = board.prefills.get((node.pk, unit.pk))
                    cells.append(
                        {
                            "score": scores[unit.pk].get(node.pk),
                            "entered": entry is not None,
                            "entry": entry,
                            "prefill": prefill.points if prefill else None,
                        }
                    )
            rows.append({"node": node, "cells": cells})
        columns = [
            {
                "unit": unit,
                "totals": totals[unit.pk],
                "can_score": self.access.can_score(self.stage_kind, unit),
            }
            for unit in units
        ]
        return render(
            request,
            "scoring/stage_grid.html",
            self.base_context(
                board=board,
                stage=self.stage,
                stages=self.stages,
                rows=rows,
                columns=columns,
                tab=self.stage_kind.value,
            ),
        )


class EntryView(SheetMixin, View):
    """One member's scores at one stage: what the earlier stages gave, and the form of this one."""

    def load_more(self, stage, unit_pk):
        self.load_stage(stage)
        self.unit = next((u for u in self.access.visible_units() if u.pk == unit_pk), None)
        if self.unit is None:
            raise Http404
        self.can_act = self.access.can_score(self.stage_kind, self.unit)

    def get(self, request, pk, stage, unit_pk):
        return self._render()

    def post(self, request, pk, stage, unit_pk):
        if not self.can_act:
            raise PermissionDenied
        board = sheet_board(sheet=self.sheet, access=self.access, units=[self.unit], with_prefill=False)
        form = EntryForm(request.POST, request.FILES, board=board, kind=self.stage_kind, unit=self.unit)
        if not form.is_valid():
            return self._render(form, problems=[_("Nothing was saved: correct the marked criteria.")], status=400)
        try:
            services.entries_save(
                sheet=self.sheet, kind=self.stage_kind, unit=self.unit, user=request.user, items=form.items()
            )
        except VersionConflict as error:
            return self._render(form, problems=error.messages, status=409)
        except ValidationError as error:
            form.add_service_errors(error)
            return self._render(form, problems=error.messages, status=400)
        saved = _("Saved the scores of %(unit)s at “%(stage)s”.")
        messages.success(request, saved % {"unit": self.unit.name, "stage": self.stage_kind.label})
        return redirect("scoring_entry", pk=self.sheet.pk, stage=self.stage_kind.value, unit_pk=self.unit.pk)

    def _render(self, form=None, problems=(), status=200):
        board = sheet_board(sheet=self.sheet, access=self.access, units=[self.unit])
        if form is None:
            form = EntryForm(board=board, kind=self.stage_kind, unit=self.unit)
        uid = self.unit.pk
        position = STAGE_ORDER.index(self.stage_kind)
        earlier = [s for s in self.stages if STAGE_ORDER.index(s.kind) < position]
        rows = []
        for node in board.nodes:
            row = {"node": node, "criterion": node.criterion, "group": node.kind == CriterionKind.GROUP}
            if not row["group"]:
                cid = node.pk
                row.update(
                    entry=board.entry(self.stage_kind, cid, uid),
                    earlier=[{"stage": s, "entry": board.entry(s.kind, cid, uid)} for s in earlier],
                    prefill=board.prefills.get((cid, uid)),
                    fields={name: form[f"{name}-{cid}"] for name in ("score", "cases", "comment", "reason")},
                    choices=form.choices(node.criterion),
                    errors=form.cell_errors(cid),
                )
            rows.append(row)
        return render(
            self.request,
            "scoring/entry_form.html",
            self.base_context(
                board=board,
                unit=self.unit,
                stage=self.stage,
                stages=self.stages,
                earlier=earlier,
                rows=rows,
                totals=board.totals(self.stage_kind, uid),
                can_act=self.can_act,
                is_open=self.stage.status == StageStatus.OPEN,
                problems=problems,
                tab=self.stage_kind.value,
            ),
            status=status,
        )


class EvidenceView(ScopedViewMixin, View):
    """An evidence file, as a download, to whoever sees that member's scores."""

    def load_scoped(self, pk):
        self.evidence = get_object_or_404(EntryEvidence.objects.select_related("entry__stage", "entry__unit"), pk=pk)
        entry = self.evidence.entry
        sheet = self.get_scoped_object(
            ScoreSheet.objects.select_related("cluster__organiser", "organiser"), entry.stage.sheet_id
        )
        if not SheetAccess.build(user=self.request.user, sheet=sheet).can_see_unit(entry.unit):
            raise Http404

    def get(self, request, pk):
        response = FileResponse(
            stored_open(self.evidence.file),
            as_attachment=True,
            filename=self.evidence.name,
            content_type=self.evidence.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class RankingView(SheetMixin, View):
    """Totals per member per stage, the ranking by the final total and its rule, the cluster's proposal and the
    council's decision, side by side."""

    def get(self, request, pk):
        # Totals are computed over every member, so that a member that sees only its own row still gets its real rank.
        board = sheet_board(sheet=self.sheet, access=self.access, units=self.access.member_units(), with_prefill=False)
        visible = {u.pk for u in self.access.visible_units()}
        show_rank = self.access.sees_all or board.final_closed
        rows = [
            {
                "unit": ranked.unit,
                "rank": ranked.rank if show_rank else None,
                "disqualified": ranked.disqualified,
                "final": ranked.totals,
                "stages": [board.totals(stage.kind, ranked.unit.pk) for stage in board.stages],
            }
            for ranked in board.ranking()
            if ranked.unit.pk in visible
        ]
        proposal = (
            LeadingProposal.objects.filter(sheet=self.sheet)
            .select_related("proposed_by")
            .prefetch_related("units__unit")
            .first()
        )
        decision = None
        if proposal is not None:
            decision = (
                CouncilDecision.objects.filter(proposal=proposal)
                .select_related("decided_by")
                .prefetch_related("items__unit")
                .first()
            )
        return render(
            request,
            "scoring/ranking.html",
            self.base_context(
                board=board,
                stages=board.stages,
                rows=rows,
                rule=_(RANKING_RULE),
                provisional=not board.final_closed,
                proposal=proposal,
                decision=decision,
                may_nominate=decision is not None
                and self.sheet.cluster_id is not None
                and request.user.can("decision.from_ranking", self.sheet.organiser),
                tab="ranking",
            ),
        )


class ProposalView(SheetMixin, ServiceFormView):
    template_name = "scoring/proposal_form.html"

    def allowed(self):
        return self.access.can_propose

    def load_more(self):
        self.proposal = LeadingProposal.objects.filter(sheet=self.sheet).prefetch_related("units").first()

    def get_form(self, data=None):
        initial = {}
        if self.proposal is not None:
            initial = {"units": [p.unit_id for p in self.proposal.units.all()], "note": self.proposal.note}
            initial["version"] = self.proposal.version
        units = Unit.objects.filter(pk__in=[u.pk for u in self.access.member_units()]).order_by("code")
        return ProposalForm(data, units=units, initial=initial)

    def perform(self, form):
        services.proposal_save(
            sheet=self.sheet,
            units=list(form.cleaned_data["units"]),
            note=form.cleaned_data["note"],
            user=self.request.user,
            expected_version=form.cleaned_data.get("version"),
        )
        return _("Saved the cluster's proposal."), reverse("scoring_ranking", kwargs={"pk": self.sheet.pk})

    def get_context(self):
        board = sheet_board(sheet=self.sheet, access=self.access, units=self.access.member_units(), with_prefill=False)
        return self.base_context(
            title=_("Proposal of the leading unit(s)"),
            ranking=board.ranking(),
            final_closed=board.final_closed,
            cancel=reverse("scoring_ranking", kwargs={"pk": self.sheet.pk}),
        )


class DecisionView(SheetMixin, ServiceFormView):
    template_name = "scoring/decision_form.html"

    def allowed(self):
        return self.access.can_decide

    def load_more(self):
        self.proposal = (
            LeadingProposal.objects.filter(sheet=self.sheet)
            .select_related("proposed_by")
            .prefetch_related("units__unit")
            .first()
        )
        self.decision = None
        if self.proposal is not None:
            self.decision = CouncilDecision.objects.filter(proposal=self.proposal).prefetch_related("items").first()

    def get_form(self, data=None):
        units = [p.unit for p in self.proposal.units.all()] if self.proposal else []
        initial = {}
        if self.decision is not None:
            initial = {"note": self.decision.note, "version": self.decision.version}
            for item in self.decision.items.all():
                initial[f"outcome_{item.unit_id}"] = ACCEPT if item.accepted else "cut"
                initial[f"reason_{item.unit_id}"] = item.reason
        return DecisionForm(data, proposed_units=units, initial=initial)

    def perform(self, form):
        items = [
            services.DecisionInput(
                unit_id=unit.pk,
                accepted=form.cleaned_data[outcome] == ACCEPT,
                reason=form.cleaned_data.get(reason) or "",
            )
            for unit, outcome, reason in form.unit_fields
        ]
        services.decision_save(
            sheet=self.sheet,
            items=items,
            note=form.cleaned_data["note"],
            user=self.request.user,
            expected_version=form.cleaned_data.get("version"),
        )
        return _("Saved the council's decision."), reverse("scoring_ranking", kwargs={"pk": self.sheet.pk})

    def get_context(self):
        return self.base_context(
            title=_("The council's decision on the proposal"),
            proposal=self.proposal,
            cancel=reverse("scoring_ranking", kwargs={"pk": self.sheet.pk}),
        )


class ExcelView(SheetMixin, View):
    def allowed(self):
        return self.access.can_export

    def get(self, request, pk):
        board = sheet_board(sheet=self.sheet, access=self.access, units=self.access.member_units(), with_prefill=False)
        response = HttpResponse(sheet_workbook(board), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="bang-cham-diem-{self.sheet.pk}.xlsx"'
        return response
