"""Issuing and what it needs: the issue page, the registers of outgoing documents, the unit's seal and certificate,
a leader's signature image, the issued PDF and the Word file. Thin: rules in documents.issuing and .signing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.models import Role
from campaigns.models import Campaign, CampaignStatus
from campaigns.services import campaign_defaults, campaign_revise
from documents import issuing, signing
from documents.docx import campaign_docx
from documents.forms import CertificateForm, HeaderParentForm, IssueForm, RegisterOpenForm, SealForm, SignatureForm
from documents.models import IssuedDocument, Register, SignatureImage, UnitSigning
from documents.services import reference_filename
from units import validity
from units.models import Unit
from units.scope import ScopedViewMixin, ServiceFormView
from units.views import breadcrumbs
from uploads.http import stored_open


def issue_checklist(*, campaign) -> list[tuple[bool, str, bool]]:
    """What the issue page shows before the button: (done, text, blocking)."""
    from django.utils import timezone

    year = timezone.localdate().year
    register = Register.objects.filter(unit=campaign.issuing_unit, year=year).first()
    unit_signing = UnitSigning.objects.filter(unit=campaign.issuing_unit).first()
    signer_text = " ".join([*campaign.signature_lines, campaign.signer_name]).strip()
    return [
        (
            bool(campaign.signer_name.strip() and campaign.signature_lines),
            _("Signer in the header: %(signer)s") % {"signer": signer_text or "—"},
            True,
        ),
        (
            register is not None,
            _("Register of outgoing documents %(year)s: next number %(number)s")
            % {"year": year, "number": f"{register.last_number + 1:02d}"}
            if register
            else _("Register of outgoing documents %(year)s: not opened") % {"year": year},
            True,
        ),
        (
            bool(unit_signing and unit_signing.has_certificate),
            _("Certificate for the digital signature: %(subject)s") % {"subject": unit_signing.certificate_subject}
            if unit_signing and unit_signing.has_certificate
            else _("No certificate: the PDF will not be signed digitally"),
            False,
        ),
        (
            bool(unit_signing and unit_signing.seal),
            _("Seal image") if unit_signing and unit_signing.seal else _("No seal image"),
            False,
        ),
    ]


class IssueView(ServiceFormView):
    """The issue page of a draft: the checklist, the signer, then ``issue`` (the subject's issuing service). Subclasses
    set ``self.subject`` in ``load_scoped`` and say how to issue it and where its page is."""

    action = "document.issue"
    template_name = "documents/issue.html"
    subject = None

    def issue(self, **kwargs):
        raise NotImplementedError

    def subject_url(self) -> str:
        raise NotImplementedError

    def subject_label(self) -> str:
        raise NotImplementedError

    def get_form(self, data=None):
        return IssueForm(data, unit=self.subject.issuing_unit, initial={"version": self.subject.version})

    def perform(self, form):
        issued, job = self.issue(
            user=self.request.user,
            expected_version=form.cleaned_data["version"],
            signer=form.cleaned_data["signer"],
        )
        message = _("Issued as %(reference)s on %(date)s. The signed PDF is being prepared.") % {
            "reference": issued.reference,
            "date": issued.issued_on.strftime("%d/%m/%Y"),
        }
        return message, reverse("document_job", kwargs={"job_id": job.pk})

    def get_context(self):
        return {
            "subject_url": self.subject_url(),
            "subject_label": self.subject_label(),
            "checklist": issue_checklist(campaign=self.subject),
            "crumbs": breadcrumbs(self.request.user, self.subject.issuing_unit),
        }


class CampaignIssueView(IssueView):
    def load_scoped(self, pk):
        self.subject = self.get_scoped_object(
            Campaign.objects.select_related("issuing_unit", "doc_type"), pk, status=CampaignStatus.DRAFT
        )
        return self.subject.issuing_unit

    def issue(self, **kwargs):
        return issuing.campaign_issue(campaign=self.subject, **kwargs)

    def subject_url(self):
        return reverse("campaign_detail", kwargs={"pk": self.subject.pk})

    def subject_label(self):
        return f"{self.subject.doc_type.name}: {self.subject.title}"


class CampaignReviseView(ScopedViewMixin, View):
    """POST: a new draft version of an issued campaign (the issued one never changes)."""

    action = "campaign.edit"

    def load_scoped(self, pk):
        self.campaign = self.get_scoped_object(Campaign.objects.select_related("issuing_unit"), pk)
        if not Unit.objects.restrict(self.request.user).filter(pk=self.campaign.issuing_unit_id).exists():
            raise Http404  # a commune sees the district's issued campaign, but does not revise it
        return self.campaign.issuing_unit

    def post(self, request, pk):
        try:
            draft = campaign_revise(campaign=self.campaign, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("campaign_detail", pk=pk)
        messages.success(request, _("This is the new draft version; the issued document stays as it was."))
        return redirect("campaign_detail", pk=draft.pk)


def issued_pdf_response(issued: IssuedDocument) -> FileResponse:
    """The issued, signed PDF as stored at issue, named by its reference; 404 while it is not rendered yet."""
    if issued.document is None:
        raise Http404
    return FileResponse(
        stored_open(issued.document.file),
        as_attachment=True,
        filename=reference_filename(issued.reference),
        content_type="application/pdf",
    )


class IssuedPdfView(ScopedViewMixin, View):
    """The issued, signed PDF, as stored at issue."""

    def get(self, request, pk):
        return issued_pdf_response(self.get_scoped_object(IssuedDocument.objects.select_related("document"), pk))


class CampaignDocxView(ScopedViewMixin, View):
    """The campaign as a Word file, for officials who finish the text in Word."""

    def get(self, request, pk):
        campaign = self.get_scoped_object(Campaign.objects.select_related("issuing_unit", "doc_type"), pk)
        name = reference_filename(campaign.reference, ".docx") if campaign.number else f"du-thao-{campaign.pk}.docx"
        response = HttpResponse(
            campaign_docx(campaign=campaign),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# ------------------------------------------------------------------ a unit's registers, seal and certificate


class UnitDocumentsView(ScopedViewMixin, View):
    action = "unit.documents"

    def load_scoped(self, unit_pk):
        self.unit = self.get_scoped_object(Unit, unit_pk)
        return self.unit

    def get(self, request, unit_pk):
        unit_signing = UnitSigning.objects.filter(unit=self.unit).first()
        user = request.user
        return render(
            request,
            "documents/unit_documents.html",
            {
                "unit": self.unit,
                "registers": Register.objects.filter(unit=self.unit).order_by("-year"),
                "signing": unit_signing,
                "seal_uri": issuing.image_data_uri(unit_signing.seal) if unit_signing else "",
                "can_open": user.can("register.open", self.unit),
                "can_sign_admin": user.can("signing.manage", self.unit),
                "register_form": RegisterOpenForm(),
                "header_form": HeaderParentForm(initial={"header_parent": self.unit.header_parent}),
                "header_lines": (
                    validity.parent_body_line(self.unit),
                    campaign_defaults(issuing_unit=self.unit)["issuing_body"],
                ),
                "in_force": validity.is_in_force(self.unit, timezone.localdate()),
                "seal_form": SealForm(initial={"seal_diameter_mm": getattr(unit_signing, "seal_diameter_mm", 35)}),
                "certificate_form": CertificateForm(),
                "crumbs": breadcrumbs(user, self.unit),
            },
        )


class UnitFormView(ServiceFormView):
    """One of the unit documents page's forms; on error the form comes back alone with its messages."""

    template_name = "documents/unit_form.html"
    form_class = None
    title = ""

    def load_scoped(self, unit_pk):
        self.unit = self.get_scoped_object(Unit, unit_pk)
        return self.unit

    def get_form(self, data=None):
        return self.form_class(data, getattr(self, "files", None))

    def get_context(self):
        return {"unit": self.unit, "title": self.title, "crumbs": breadcrumbs(self.request.user, self.unit)}

    def done_url(self):
        return reverse("unit_documents", kwargs={"unit_pk": self.unit.pk})


class RegisterOpenView(UnitFormView):
    action = "register.open"
    form_class = RegisterOpenForm
    title = _("Open a register of outgoing documents")

    def perform(self, form):
        register = issuing.register_open(unit=self.unit, user=self.request.user, **form.cleaned_data)
        message = _("The register %(year)s is open; the next number is %(number)s.") % {
            "year": register.year,
            "number": f"{register.last_number + 1:02d}",
        }
        return message, self.done_url()


class HeaderParentView(UnitFormView):
    action = "signing.manage"
    form_class = HeaderParentForm
    title = _("Header of the unit's documents")

    def perform(self, form):
        validity.header_parent_set(unit=self.unit, value=form.cleaned_data["header_parent"], user=self.request.user)
        return _("Saved: new documents print the header so."), self.done_url()


class SealUploadView(UnitFormView):
    action = "signing.manage"
    form_class = SealForm
    error_field = "seal"
    title = _("Seal image")

    def perform(self, form):
        signing.unit_seal_save(
            unit=self.unit,
            upload=form.cleaned_data["seal"],
            diameter_mm=form.cleaned_data["seal_diameter_mm"],
            user=self.request.user,
        )
        return _("The seal image is saved."), self.done_url()


class CertificateUploadView(UnitFormView):
    action = "signing.manage"
    form_class = CertificateForm
    title = _("Certificate for the digital signature")

    def perform(self, form):
        record = signing.unit_certificate_save(
            unit=self.unit,
            data=form.cleaned_data["certificate"].read(signing.CERTIFICATE_LIMIT + 1),
            password=form.cleaned_data["password"],
            user=self.request.user,
        )
        return _("The certificate of %(subject)s is saved.") % {"subject": record.certificate_subject}, self.done_url()


class RegisterDetailView(ScopedViewMixin, View):
    """The register of outgoing documents: what was issued under which number, by whom, with its code."""

    action = "unit.documents"

    def load_scoped(self, pk):
        self.register = self.get_scoped_object(Register.objects.select_related("unit"), pk)
        return self.register.unit

    def get(self, request, pk):
        documents = self.register.documents.select_related("issued_by", "document").order_by("-number")
        return render(
            request,
            "documents/register.html",
            {
                "register": self.register,
                "documents": documents,
                "crumbs": breadcrumbs(request.user, self.register.unit),
            },
        )


class SignatureView(ScopedViewMixin, View):
    """A leader's own signature image."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_superuser
            and not any(m.role == Role.LEADER for m in user.memberships_list)
        ):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, status=200):
        record = SignatureImage.objects.filter(user=self.request.user).first()
        context = {"form": form, "image_uri": issuing.image_data_uri(record.image) if record else ""}
        return render(self.request, "documents/signature.html", context, status=status)

    def get(self, request):
        return self.render_page(SignatureForm())

    def post(self, request):
        form = SignatureForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                signing.signature_image_save(user=request.user, upload=form.cleaned_data["image"])
            except ValidationError as error:
                form.add_error("image", error)
            else:
                messages.success(request, _("Your signature image is saved."))
                return redirect("my_signature")
        return self.render_page(form, status=400)
