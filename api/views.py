"""The API's views. Thin, as the pages: every row is looked up through the same ``restrict(user)`` as the page that
shows it (404 outside the user's units), the same role checks (403 in scope without the role), and every change goes
through the service the page calls. Domain errors become the one error body in api.errors."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Left
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filtersets
from api import serializers as s
from api.errors import CODES
from campaigns.importing.readers import MAX_BYTES
from campaigns.importing.services import draft_assign_unit, draft_from_file, draft_save_as
from campaigns.models import Campaign, Participation
from campaigns.serialization import campaign_export
from campaigns.views_import import ERR_TOO_BIG
from documents.models import IssuedDocument
from documents.views_issue import issued_pdf_response
from reports import rollup, services
from reports.models import Period, Report, ReportStatus
from reports.selectors import may_edit, may_review, report_page
from reports.selectors_rollup import rolled_up_children
from targets import services as target_services
from targets.selectors import target_grid_rows
from units.models import Unit, UnitKind
from units.successions import successions_of

ERR_VERSION_NEEDED = gettext_noop(
    "Say which version the change was built from: a “version” field, or the If-Match header with the ETag."
)
ERR_VERSION_TWICE = gettext_noop("The “version” field and the If-Match header name different versions.")
ERR_FIGURE_ID = gettext_noop("“%(key)s” is not a figure id.")


def _error_schema():
    return inline_serializer(
        "Error",
        {
            "status": serializers.IntegerField(),
            "code": serializers.ChoiceField(choices=sorted(set(CODES.values()))),
            "message": serializers.CharField(),
            "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False),
        },
    )


ERROR = OpenApiResponse(_error_schema(), description="Lỗi (thân lỗi thống nhất)")
READ_ERRORS = {400: ERROR, 401: ERROR, 404: ERROR, 429: ERROR}
WRITE_ERRORS = {**READ_ERRORS, 403: ERROR, 409: ERROR}
ID_LOOKUP = r"[0-9]+"


class ScopedAPIMixin:
    """``scoped(Model)``: the rows the user may see, by the model's own restrict rule."""

    def scoped(self, model_or_queryset, action: str | None = None):
        queryset = model_or_queryset if hasattr(model_or_queryset, "restrict") else model_or_queryset.objects.all()
        return queryset.restrict(self.request.user, action)

    def visible_campaigns(self):
        return self.scoped(Campaign).values("pk")


# ------------------------------------------------------------------ units


def _with_parent(queryset):
    """Each unit's parent id, from its tree path, in the same query."""
    parent = Unit.objects.filter(path=Left(OuterRef("path"), (OuterRef("depth") - 1) * Unit.steplen)).values("pk")
    return queryset.annotate(parent_pk=Subquery(parent[:1]))


@extend_schema(tags=["units"], responses={200: s.UnitSerializer(many=True), **READ_ERRORS})
class UnitListView(ScopedAPIMixin, generics.ListAPIView):
    """Đơn vị trong phạm vi của người dùng (cả hai bộ danh mục: 2025-01 và 2025-07); `parent` lấy các đơn vị con."""

    serializer_class = s.UnitSerializer
    filterset_class = filtersets.UnitFilter
    ordering_fields = ("path", "code", "name")
    ordering = ("edition", "path")

    def get_queryset(self):
        return _with_parent(self.scoped(Unit))


@extend_schema(tags=["units"], responses={200: s.UnitDetailSerializer, **READ_ERRORS})
class UnitDetailView(ScopedAPIMixin, generics.RetrieveAPIView):
    """Một đơn vị, với đơn vị kế thừa (successors) và các đơn vị nó tiếp nhận (predecessors) sau sáp nhập 2025."""

    serializer_class = s.UnitDetailSerializer

    def get_queryset(self):
        return _with_parent(self.scoped(Unit))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "pk" in self.kwargs and getattr(self, "_unit", None) is not None:
            context["successions"] = successions_of(self._unit)
        return context

    def retrieve(self, request, *args, **kwargs):
        self._unit = self.get_object()
        return Response(self.get_serializer(self._unit).data)


# ------------------------------------------------------------------ campaigns, figures, periods


@extend_schema(tags=["campaigns"], responses={200: s.CampaignSerializer(many=True), **READ_ERRORS})
class CampaignListView(ScopedAPIMixin, generics.ListAPIView):
    """Phong trào thi đua người dùng thấy: của đơn vị mình và cấp dưới, và phong trào đã ban hành của cấp trên."""

    serializer_class = s.CampaignSerializer
    filterset_class = filtersets.CampaignFilter
    ordering_fields = ("year", "issued_on", "id")

    def get_queryset(self):
        return self.scoped(Campaign).select_related("issuing_unit", "doc_type")


@extend_schema(tags=["campaigns"], responses={200: s.CampaignDetailSerializer, **READ_ERRORS})
class CampaignDetailView(ScopedAPIMixin, generics.RetrieveAPIView):
    """Một phong trào, với văn bản ở dạng JSON (docs/campaign-json.md) trong `document`."""

    serializer_class = s.CampaignDetailSerializer

    def get_queryset(self):
        return self.scoped(Campaign).select_related("issuing_unit", "doc_type")

    def retrieve(self, request, *args, **kwargs):
        campaign = self.get_object()
        context = {**self.get_serializer_context(), "document": campaign_export(campaign=campaign)}
        return Response(s.CampaignDetailSerializer(campaign, context=context).data)


class ImportMixin(ScopedAPIMixin):
    """The unit a plan is imported into: in scope (404), where the user may edit campaigns (403), as the page."""

    def import_unit(self, pk: int) -> Unit:
        unit = get_object_or_404(self.scoped(Unit).exclude(kind=UnitKind.VILLAGE), pk=pk)
        if not self.request.user.can("campaign.edit", unit):
            raise PermissionDenied
        return unit


@extend_schema(
    tags=["campaigns"],
    request={"multipart/form-data": s.ImportReadSerializer},
    responses={200: s.ImportDraftSerializer, **WRITE_ERRORS},
)
class CampaignImportReadView(ImportMixin, APIView):
    """Đọc một văn bản (.docx, .pdf có lớp chữ, .txt) thành bản nháp phong trào ở dạng JSON, kèm các dòng của văn
    bản, dòng mà từng mục được đọc ra và các mục cần kiểm tra. Không lưu gì."""

    parser_classes = (MultiPartParser,)

    def post(self, request):
        body = s.ImportReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        unit = self.import_unit(body.validated_data["unit"])
        upload = body.validated_data["document"]
        if upload.size > MAX_BYTES:
            raise ValidationError({"document": [_(ERR_TOO_BIG)]})
        draft = draft_from_file(name=upload.name, content=upload.read())
        warning = draft_assign_unit(draft, unit)
        return Response(
            {
                "draft": draft.data,
                "lines": draft.lines,
                "provenance": draft.provenance,
                "uncertain": sorted(draft.uncertain),
                "warning": warning,
            }
        )


@extend_schema(
    tags=["campaigns"], request=s.ImportSaveSerializer, responses={201: s.CampaignSerializer, **WRITE_ERRORS}
)
class CampaignImportSaveView(ImportMixin, APIView):
    """Lưu bản nháp đã kiểm tra thành dự thảo phong trào của đơn vị: tất cả hoặc không gì; cùng một văn bản nhập
    hai lần bị từ chối."""

    def post(self, request):
        body = s.ImportSaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        unit = self.import_unit(body.validated_data["unit"])
        campaign = draft_save_as(data=body.validated_data["draft"], unit=unit, user=request.user)
        return Response(s.CampaignSerializer(campaign, context={"request": request}).data, status=201)


class CampaignChildMixin(ScopedAPIMixin):
    def campaign(self) -> Campaign:
        return get_object_or_404(self.scoped(Campaign), pk=self.kwargs["pk"])


@extend_schema(tags=["campaigns"], responses={200: s.FigureSerializer(many=True), **READ_ERRORS})
class CampaignFiguresView(CampaignChildMixin, generics.ListAPIView):
    """Các chỉ tiêu (số liệu đo được) của phong trào, theo thứ tự trong văn bản."""

    serializer_class = s.FigureSerializer
    filter_backends = ()

    def get_queryset(self):
        return services.campaign_figures_queryset(self.campaign().pk)


@extend_schema(tags=["reports"], responses={200: s.PeriodSerializer(many=True), **READ_ERRORS})
class PeriodListView(ScopedAPIMixin, generics.ListAPIView):
    """Kỳ báo cáo của các phong trào người dùng thấy."""

    serializer_class = s.PeriodSerializer
    filterset_class = filtersets.PeriodFilter
    ordering_fields = ("ends_on", "due_on", "id")
    ordering = ("campaign", "ends_on", "pk")

    def get_queryset(self):
        return Period.objects.filter(campaign__in=self.visible_campaigns())


@extend_schema(tags=["reports"], responses={200: s.PeriodSerializer, **READ_ERRORS})
class PeriodDetailView(ScopedAPIMixin, generics.RetrieveAPIView):
    """Một kỳ báo cáo."""

    serializer_class = s.PeriodSerializer
    get_queryset = PeriodListView.get_queryset


# ------------------------------------------------------------------ reports


@extend_schema(tags=["reports"], responses={200: s.ReportSerializer(many=True), **READ_ERRORS})
class ReportListView(ScopedAPIMixin, generics.ListAPIView):
    """Báo cáo đã lập của các đơn vị trong phạm vi, với trạng thái (nháp, đã gửi, trả lại, đã duyệt)."""

    serializer_class = s.ReportSerializer
    filterset_class = filtersets.ReportFilter
    ordering_fields = ("updated", "submitted_at", "id")
    ordering = ("period", "unit__path")

    def get_queryset(self):
        return (
            self.scoped(Report).filter(period__campaign__in=self.visible_campaigns()).select_related("unit", "period")
        )


class ReportMixin(ScopedAPIMixin):
    """The report of a unit for a period, looked up exactly as the report page does (reports.views.ReportView)."""

    def load(self):
        self.period = get_object_or_404(
            Period.objects.select_related("campaign__issuing_unit").filter(campaign__in=self.visible_campaigns()),
            pk=self.kwargs["period_pk"],
        )
        self.unit = get_object_or_404(self.scoped(Unit), pk=self.kwargs["unit_pk"])
        if not Participation.objects.filter(campaign=self.period.campaign, unit=self.unit).exists():
            raise Http404
        self.page = report_page(period=self.period, unit=self.unit)
        return self.page.report

    def detail(self, report, status=200):
        report.is_open = self.page.is_open
        response = Response(s.ReportDetailSerializer(report).data, status=status)
        response["ETag"] = f'"{report.version}"'
        return response

    def expected_version(self, data) -> int:
        """The version from the body or from If-Match; one of them is needed, and they must agree."""
        header = self.request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
        from_header = int(header) if header.isdigit() and len(header) < 10 else None
        from_body = data.get("version")
        if from_body is None and from_header is None:
            raise ValidationError({"version": [_(ERR_VERSION_NEEDED)]})
        if from_body is not None and from_header is not None and from_body != from_header:
            raise ValidationError({"version": [_(ERR_VERSION_TWICE)]})
        return from_body if from_body is not None else from_header

    def body(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def _figure_keys(mapping: dict, field: str) -> dict:
    out = {}
    for key, value in mapping.items():
        text = str(key)
        if not text.isdigit() or len(text) > 18:
            raise ValidationError({field: [_(ERR_FIGURE_ID) % {"key": text[:40]}]})
        out[int(text)] = value
    return out


REPORT_PARAMS = [
    OpenApiParameter("period_pk", int, OpenApiParameter.PATH, description="Kỳ báo cáo"),
    OpenApiParameter("unit_pk", int, OpenApiParameter.PATH, description="Đơn vị"),
]
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=False, description="ETag của báo cáo (thay cho trường version)"
)


@extend_schema(tags=["reports"], parameters=REPORT_PARAMS, responses={200: s.ReportDetailSerializer, **READ_ERRORS})
class ReportDetailView(ReportMixin, APIView):
    """Báo cáo của một đơn vị cho một kỳ, với từng giá trị; chưa lập thì là bản nháp trống ở phiên bản 1."""

    def get(self, request, period_pk, unit_pk):
        return self.detail(self.load())


ReportSaveBody, ReportSubmitBody = s.ReportSaveSerializer, s.ReportSubmitSerializer
ReportReturnBody, ReportApproveBody = s.ReportReturnSerializer, s.ReportApproveSerializer


@extend_schema(
    tags=["reports"],
    parameters=[*REPORT_PARAMS, IF_MATCH],
    request=ReportSaveBody,
    responses={200: s.ReportDetailSerializer, **WRITE_ERRORS},
)
class ReportSaveView(ReportMixin, APIView):
    """Lưu giá trị và phần thuyết minh (tất cả hoặc không gì); `submit: true` gửi duyệt luôn. Cán bộ của đơn vị."""

    def post(self, request, period_pk, unit_pk):
        report = self.load()
        if not may_edit(request.user, self.unit):
            raise PermissionDenied
        data = self.body(ReportSaveBody)
        version = self.expected_version(data)
        if not report.pk:
            report = services.report_for(period=self.period, unit=self.unit)
        values = [
            services.ValueInput(
                figure_id=item["figure"],
                value=item.get("value"),
                previous=item.get("previous"),
                flag=item.get("flag"),
                grade=item.get("grade", ""),
                note=item.get("note", ""),
                missing_reason=item.get("missing_reason", ""),
            )
            for item in data.get("values", [])
        ]
        saved = services.report_save(
            report=report, user=request.user, expected_version=version, values=values, narrative=data.get("narrative")
        )
        if data.get("submit"):
            saved = services.report_submit(report=saved, user=request.user, expected_version=saved.version)
        return self.detail(saved)


@extend_schema(
    tags=["reports"],
    parameters=[*REPORT_PARAMS, IF_MATCH],
    request=ReportSubmitBody,
    responses={200: s.ReportDetailSerializer, **WRITE_ERRORS},
)
class ReportSubmitView(ReportMixin, APIView):
    """Gửi báo cáo để duyệt (đủ số liệu, hoặc có lý do cho số liệu còn thiếu). Cán bộ của đơn vị."""

    def post(self, request, period_pk, unit_pk):
        report = self.load()
        if not may_edit(request.user, self.unit):
            raise PermissionDenied
        version = self.expected_version(self.body(ReportSubmitBody))
        if not report.pk:
            report = services.report_for(period=self.period, unit=self.unit)
        return self.detail(services.report_submit(report=report, user=request.user, expected_version=version))


class ReviewMixin(ReportMixin):
    def reviewed(self):
        report = self.load()
        if not may_review(self.request.user, self.unit):
            raise PermissionDenied
        if not report.pk:
            status = ReportStatus.DRAFT.label.lower()
            raise ValidationError({"__all__": [_(services.ERR_NOT_SUBMITTED) % {"status": status}]})
        return report


@extend_schema(
    tags=["reports"],
    parameters=[*REPORT_PARAMS, IF_MATCH],
    request=ReportReturnBody,
    responses={200: s.ReportDetailSerializer, **WRITE_ERRORS},
)
class ReportReturnView(ReviewMixin, APIView):
    """Trả lại báo cáo đã gửi, với lý do chung và/hoặc lý do cho từng chỉ tiêu (`figure_reasons`). Cán bộ Nội vụ
    cấp trên."""

    def post(self, request, period_pk, unit_pk):
        report = self.reviewed()
        data = self.body(ReportReturnBody)
        returned = services.report_return(
            report=report,
            user=request.user,
            expected_version=self.expected_version(data),
            reason=data.get("reason", ""),
            figure_reasons=_figure_keys(data.get("figure_reasons", {}), "figure_reasons"),
        )
        return self.detail(returned)


@extend_schema(
    tags=["reports"],
    parameters=[*REPORT_PARAMS, IF_MATCH],
    request=ReportApproveBody,
    responses={200: s.ReportDetailSerializer, **WRITE_ERRORS},
)
class ReportApproveView(ReviewMixin, APIView):
    """Phê duyệt (và khóa) báo cáo đã gửi; `verdicts` là đánh giá đạt/không đạt các chỉ tiêu định tính."""

    def post(self, request, period_pk, unit_pk):
        report = self.reviewed()
        data = self.body(ReportApproveBody)
        approved = services.report_approve(
            report=report,
            user=request.user,
            expected_version=self.expected_version(data),
            verdicts=_figure_keys(data.get("verdicts", {}), "verdicts"),
        )
        return self.detail(approved)


# ------------------------------------------------------------------ targets


class TargetMixin(ScopedAPIMixin):
    """The targets of a unit in a campaign, looked up as the target grid page does (targets.views.TargetGridView)."""

    def load(self):
        self.campaign = get_object_or_404(self.scoped(Campaign), pk=self.kwargs["pk"])
        self.unit = get_object_or_404(self.scoped(Unit), pk=self.kwargs["unit_pk"])
        if not Participation.objects.filter(campaign=self.campaign, unit=self.unit).exists():
            raise Http404

    def rows(self):
        rows = target_grid_rows(campaign=self.campaign, unit=self.unit)
        return Response(s.TargetRowSerializer(rows, many=True, context={"campaign": self.campaign}).data)


TARGET_PARAMS = [
    OpenApiParameter("id", int, OpenApiParameter.PATH, description="Phong trào"),
    OpenApiParameter("unit_pk", int, OpenApiParameter.PATH, description="Đơn vị tham gia"),
]


@extend_schema(
    tags=["campaigns"], parameters=TARGET_PARAMS, responses={200: s.TargetRowSerializer(many=True), **READ_ERRORS}
)
class TargetListView(TargetMixin, APIView):
    """Chỉ tiêu của một đơn vị tham gia phong trào: được giao và đăng ký, theo thứ tự trong văn bản."""

    def get(self, request, pk, unit_pk):
        self.load()
        return self.rows()


@extend_schema(
    tags=["campaigns"],
    parameters=TARGET_PARAMS,
    request=s.TargetRegisterSerializer,
    responses={200: s.TargetRowSerializer(many=True), **WRITE_ERRORS},
)
class TargetRegisterView(TargetMixin, APIView):
    """Đơn vị đăng ký chỉ tiêu (tất cả hoặc không gì): không thấp hơn chỉ tiêu được giao; mỗi ô mang `version` đã
    đọc. Cán bộ, lãnh đạo, quản trị viên của đơn vị."""

    def post(self, request, pk, unit_pk):
        self.load()
        if not request.user.can("target.register", self.unit):
            raise PermissionDenied
        data = s.TargetRegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cells = [
            target_services.CellInput(
                figure_id=item["figure"],
                unit_id=self.unit.pk,
                value=item.get("value"),
                high=item.get("high"),
                note=item.get("note"),
                version=item["version"],
            )
            for item in data.validated_data["targets"]
        ]
        target_services.target_grid_save(campaign=self.campaign, unit=self.unit, cells=cells, user=request.user)
        return self.rows()


# ------------------------------------------------------------------ roll-up


class RollupPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = s.RollupSerializer(many=True)


@extend_schema(
    tags=["reports"],
    parameters=REPORT_PARAMS,
    responses={
        200: inline_serializer("RollupWithChildren", {"own": s.RollupSerializer(), "children": RollupPage()}),
        **READ_ERRORS,
    },
)
class RollupView(ScopedAPIMixin, generics.GenericAPIView):
    """Tổng hợp số liệu của một đơn vị cho một kỳ (từ các báo cáo đã gửi và đã duyệt bên dưới), với từng đơn vị con
    (phân trang). Đơn vị `0` là cả nước (các tỉnh là đơn vị con), cho phong trào trải trên nhiều tỉnh mà người dùng
    thấy toàn bộ."""

    filter_backends = ()

    def get(self, request, period_pk, unit_pk):
        period = get_object_or_404(
            Period.objects.select_related("campaign").filter(campaign__in=self.visible_campaigns()), pk=period_pk
        )
        if unit_pk == rollup.Country.pk:  # the whole country, as the page: only to a user who sees all of it
            if not rollup.sees_country(user=request.user, campaign=period.campaign):
                raise Http404
            unit = rollup.country_of(period.campaign)
        else:
            unit = get_object_or_404(self.scoped(Unit), pk=unit_pk)
        figures = services.campaign_figures(period.campaign)
        own = rollup.rollup_unit(period=period, unit=unit, figures=figures)
        page = self.paginate_queryset(rolled_up_children(period=period, unit=unit))
        children = rollup.rollup_children(period=period, unit=unit, figures=figures, children=page)
        paged = self.get_paginated_response(s.RollupSerializer(children, many=True).data).data
        return Response({"own": s.RollupSerializer(own).data, "children": paged})


# ------------------------------------------------------------------ issued documents


@extend_schema(tags=["documents"], responses={200: s.IssuedDocumentSerializer(many=True), **READ_ERRORS})
class IssuedDocumentListView(ScopedAPIMixin, generics.ListAPIView):
    """Văn bản đã ban hành: số, ký hiệu, ngày, người ký, đường dẫn tải PDF và mã tra cứu."""

    serializer_class = s.IssuedDocumentSerializer
    filterset_class = filtersets.IssuedDocumentFilter
    ordering_fields = ("issued_on", "number", "id")
    ordering = ("-issued_on", "-number")

    def get_queryset(self):
        return self.scoped(IssuedDocument).select_related("unit", "content_type")


@extend_schema(tags=["documents"], responses={200: s.IssuedDocumentSerializer, **READ_ERRORS})
class IssuedDocumentDetailView(ScopedAPIMixin, generics.RetrieveAPIView):
    """Một văn bản đã ban hành."""

    serializer_class = s.IssuedDocumentSerializer
    get_queryset = IssuedDocumentListView.get_queryset


@extend_schema(
    tags=["documents"],
    responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="Tệp PDF"), **READ_ERRORS},
)
class IssuedDocumentPdfView(ScopedAPIMixin, generics.GenericAPIView):
    """Tệp PDF đã ký của văn bản, như lưu khi ban hành (như trang tải PDF)."""

    filter_backends = ()
    pagination_class = None

    def get(self, request, pk):
        return issued_pdf_response(get_object_or_404(self.scoped(IssuedDocument).select_related("document"), pk=pk))
