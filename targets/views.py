"""The target grids: a unit registers its targets; the upper level assigns targets to its units."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View

from campaigns.adoption import campaign_adopt
from campaigns.models import Campaign, Participation
from documents.models import JobStatus
from targets import exports, services
from targets.excel import assignment_sheet_build, assignment_sheet_read, target_sheet_build, target_sheet_read
from targets.forms import AssignmentGridForm, TargetGridForm
from targets.models import SheetExport
from targets.selectors import ASSIGN_CELLS_PER_PAGE, ASSIGN_ROWS_PER_PAGE, assignment_grid, target_grid_rows
from targets.whose import assigned_by_name
from units.models import Unit
from units.scope import ScopedViewMixin
from units.versioning import VersionConflict
from units.views import breadcrumbs
from uploads.http import stored_open

ERR_MARKED = gettext_noop("Nothing was saved: correct the marked cells.")


def mark_cells(form, error: ValidationError, field: str) -> list[str]:
    """Put the service's errors keyed "<figure>-<unit>" on the grid's cell fields (``field`` names them from
    ``figure`` and ``unit``), so that the page marks each refused cell and says why beside it. Returns what the top
    of the page says: that the marked cells are to correct, and the errors of no cell."""
    if not hasattr(error, "error_dict"):
        return error.messages
    rest, marked = [], False
    for key, texts in error.message_dict.items():
        figure, _sep, unit = key.partition("-")
        name = field.format(figure=figure, unit=unit)
        if figure.isdigit() and unit.isdigit() and name in form.fields:
            form.add_error(name, texts)
            marked = True
        else:
            rest += texts
    return [_(ERR_MARKED), *rest] if marked else rest


class TargetGridView(ScopedViewMixin, View):
    """/campaigns/<pk>/targets/<unit_pk>/: the unit's registered targets against what is assigned."""

    def load_scoped(self, pk, unit_pk):
        self.campaign = self.get_scoped_object(Campaign.objects.select_related("issuing_unit", "doc_type"), pk)
        self.unit = self.get_scoped_object(Unit, unit_pk)
        if not Participation.objects.filter(campaign=self.campaign, unit=self.unit).exists():
            raise Http404
        self.can_edit = self.request.user.can("target.register", self.unit)

    def get(self, request, pk, unit_pk):
        return self._render(target_grid_rows(campaign=self.campaign, unit=self.unit))

    def post(self, request, pk, unit_pk):
        if not self.can_edit:
            raise PermissionDenied
        rows = target_grid_rows(campaign=self.campaign, unit=self.unit)
        form = TargetGridForm(request.POST, rows=rows, unit=self.unit)
        if not form.is_valid():
            return self._render(rows, form, problems=[_(ERR_MARKED)], status=400)
        try:
            services.target_grid_save(campaign=self.campaign, unit=self.unit, cells=form.cells(), user=request.user)
        except ValidationError as error:
            status = 409 if isinstance(error, VersionConflict) else 400
            return self._render(rows, form, problems=mark_cells(form, error, "reg-{figure}"), status=status)
        messages.success(request, _("Saved the targets of %(unit)s.") % {"unit": self.unit.name})
        return redirect("target_grid", pk=self.campaign.pk, unit_pk=self.unit.pk)

    def _render(self, rows, form=None, problems=(), status=200):
        if form is None:
            form = TargetGridForm(rows=rows, unit=self.unit)
        for row in rows:
            if row.editable:
                row.reg, row.note = form[f"reg-{row.figure.pk}"], form[f"note-{row.figure.pk}"]
        return render(
            self.request,
            "targets/target_grid.html",
            {
                "campaign": self.campaign,
                "unit": self.unit,
                "rows": rows,
                "assigned_by": assigned_by_name(self.campaign.issuing_unit),
                "can_edit": self.can_edit,
                "problems": problems,
                "crumbs": breadcrumbs(self.request.user, self.unit),
            },
            status=status,
        )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class TargetSheetView(TargetGridView):
    """GET: the unit's target sheet (.xlsx) to fill offline; POST: upload it back, all or nothing."""

    def get(self, request, pk, unit_pk):
        content = target_sheet_build(campaign=self.campaign, unit=self.unit)
        return _xlsx(content, f"chi-tieu-{self.campaign.pk}-{self.unit.code}.xlsx")

    def post(self, request, pk, unit_pk):
        if not self.can_edit:
            raise PermissionDenied
        upload = request.FILES.get("sheet")
        rows = target_grid_rows(campaign=self.campaign, unit=self.unit)
        if upload is None:
            return self._render(rows, problems=[_("Choose the filled target sheet (.xlsx) to upload.")], status=400)
        try:
            cells = target_sheet_read(campaign=self.campaign, unit=self.unit, file=upload)
            services.target_grid_save(campaign=self.campaign, unit=self.unit, cells=cells, user=request.user)
        except ValidationError as error:
            problems = [_("Nothing from the sheet was saved.")] + error.messages
            return self._render(rows, problems=problems, status=400)
        messages.success(request, _("Saved the targets of %(unit)s from the sheet.") % {"unit": self.unit.name})
        return redirect("target_grid", pk=self.campaign.pk, unit_pk=self.unit.pk)


class AssignmentGridView(ScopedViewMixin, View):
    """/campaigns/<pk>/assign/: the issuing unit assigns targets to its participating units, a page of units (searched
    by name) × the figures of a section at a time; saving posts that page's cells only."""

    rows_per_page = ASSIGN_ROWS_PER_PAGE
    cells_per_page = ASSIGN_CELLS_PER_PAGE

    def load_scoped(self, pk):
        self.campaign = self.get_scoped_object(Campaign.objects.select_related("issuing_unit", "doc_type"), pk)
        # Seeing an upper level's campaign is not enough: the grid belongs to the issuing unit's people.
        self.get_scoped_object(Unit, self.campaign.issuing_unit_id)
        self.can_edit = self.request.user.can("target.assign", self.campaign.issuing_unit)

    def grid(self):
        """The page the query string names (the form posts to the URL it was shown at, filters included)."""
        query = self.request.GET
        return assignment_grid(
            campaign=self.campaign,
            text=query.get("q", ""),
            section=query.get("section", ""),
            page=query.get("page", 1),
            rows_per_page=self.rows_per_page,
            cells_per_page=self.cells_per_page,
        )

    def get(self, request, pk):
        return self._render(self.grid())  # no form: the rows show the saved targets (figures.assignment_rows)

    def post(self, request, pk):
        if not self.can_edit:
            raise PermissionDenied
        grid = self.grid()
        form = AssignmentGridForm(request.POST, units=grid.units, columns=grid.columns)
        if not form.is_valid():
            if form.conflicting:
                return self._render(grid, form, problems=form.non_field_errors(), status=409)
            return self._render(grid, form, problems=[_(ERR_MARKED)], status=400)
        try:
            services.targets_assign_save(campaign=self.campaign, cells=form.cells(), user=request.user)
        except ValidationError as error:
            status = 409 if isinstance(error, VersionConflict) else 400
            return self._render(grid, form, problems=mark_cells(form, error, "a-{figure}-{unit}"), status=status)
        messages.success(request, _("Saved the assigned targets."))
        return redirect(self.back_to(grid))

    def back_to(self, grid) -> str:
        url = reverse("assignment_grid", kwargs={"pk": self.campaign.pk})
        return f"{url}?{grid.query}" if grid.query else url

    def _render(self, grid, form=None, problems=(), status=200):
        """The page; ``form`` is the bound form of a refused POST, whose cells show what was posted and why not."""
        return render(
            self.request,
            "targets/assignment_grid.html",
            {
                "campaign": self.campaign,
                "grid": grid,
                "columns": grid.columns,
                "form": form,
                "can_edit": self.can_edit,
                "problems": problems,
                "crumbs": breadcrumbs(self.request.user, self.campaign.issuing_unit),
            },
            status=status,
        )


class AssignmentSheetView(AssignmentGridView):
    """/campaigns/<pk>/assign/excel/: GET the whole assignment grid (.xlsx); POST it back, all or nothing."""

    def get(self, request, pk):
        """A grid of up to exports.IN_REQUEST_CELLS cells is the file itself; a larger one is built by a worker
        while its page waits."""
        if exports.assignment_cells(self.campaign) <= exports.IN_REQUEST_CELLS:
            return _xlsx(assignment_sheet_build(campaign=self.campaign), f"giao-chi-tieu-{self.campaign.pk}.xlsx")
        export = exports.sheet_export_start(campaign=self.campaign, user=request.user)
        return redirect("assignment_sheet_export", pk=self.campaign.pk, export_id=export.pk)

    def post(self, request, pk):
        if not self.can_edit:
            raise PermissionDenied
        upload = request.FILES.get("sheet")
        grid = self.grid()
        if upload is None:
            problems = [_("Choose the filled assignment sheet (.xlsx) to upload.")]
            return self._render(grid, problems=problems, status=400)
        try:
            cells = assignment_sheet_read(campaign=self.campaign, file=upload)
            services.targets_assign_save(campaign=self.campaign, cells=cells, user=request.user)
        except ValidationError as error:
            status = 409 if isinstance(error, VersionConflict) else 400
            return self._render(grid, problems=[_("Nothing from the sheet was saved.")] + error.messages, status=status)
        messages.success(request, _("Saved the assigned targets from the sheet."))
        return redirect("assignment_grid", pk=self.campaign.pk)


class AssignmentSheetExportView(AssignmentGridView):
    """/campaigns/<pk>/assign/excel/<export>/: the workbook being built (htmx polls its status); ?download=1 gives
    it once it is done; POST starts it again after a failure. Scoped as the grid: the export of another campaign,
    or of a campaign out of scope, is 404."""

    def load_scoped(self, pk, export_id):
        super().load_scoped(pk)
        self.export = SheetExport.objects.filter(pk=export_id, campaign=self.campaign).first()
        if self.export is None:
            raise Http404

    def get(self, request, pk, export_id):
        export = self.export
        if request.GET.get("download"):
            if export.status != JobStatus.DONE or not export.file:
                raise Http404
            return FileResponse(
                stored_open(export.file),
                as_attachment=True,
                filename=f"giao-chi-tieu-{self.campaign.pk}.xlsx",
                content_type=XLSX,
            )
        template = (
            "targets/_sheet_export_status.html" if request.headers.get("HX-Request") else "targets/sheet_export.html"
        )
        return render(request, template, {"campaign": self.campaign, "export": export})

    def post(self, request, pk, export_id):
        exports.sheet_export_retry(export=self.export)
        return redirect("assignment_sheet_export", pk=pk, export_id=export_id)


class AdoptView(ScopedViewMixin, View):
    """POST /campaigns/<pk>/adopt/<unit_pk>/: the unit's own draft implementing this campaign."""

    def post(self, request, pk, unit_pk):
        higher = self.get_scoped_object(Campaign, pk)
        unit = self.get_scoped_object(Unit, unit_pk)
        try:
            campaign, created = campaign_adopt(higher=higher, unit=unit, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("campaign_detail", pk=higher.pk)
        if created:
            messages.success(
                request,
                _("Created the draft of %(unit)s implementing this campaign, with the targets assigned to it.")
                % {"unit": unit.name},
            )
        else:
            messages.info(request, _("%(unit)s has already adopted this campaign.") % {"unit": unit.name})
        return redirect("campaign_detail", pk=campaign.pk)
