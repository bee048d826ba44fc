"""Import a campaign from its Word, PDF or text document (issue #15 part 3): upload, review, confirm.

``/campaigns/import/?unit=<pk>``: the upload form; its POST reads the file (campaigns.importing) and answers with the
review page: the draft's items as a correction form (campaigns.importing.forms.DraftEditForm) beside the numbered
source lines, each item linked to the line it came from, the items the rules were unsure of marked. Nothing is saved
by the upload (the whole draft travels in a hidden field). ``/campaigns/import/confirm/?unit=<pk>`` applies the
corrections to it (a bad value is shown back at its item, the other edits kept) and saves it, all or nothing, as a draft
campaign of the unit (``campaigns.importing.services.draft_save``: the same document twice is refused). The unit is in
the user's scope (404) where they may edit campaigns (403), as for a new draft."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from campaigns.importing.forms import DraftEditForm
from campaigns.importing.readers import MAX_BYTES
from campaigns.importing.services import draft_assign_unit, draft_from_file, draft_save_as
from units.models import Unit, UnitKind
from units.scope import ScopedViewMixin
from units.views import breadcrumbs

ERR_TOO_BIG = gettext_lazy("The file is larger than 20 MB.")
ERR_DRAFT_JSON = gettext_lazy("The draft is not valid JSON: %(error)s")


class DocumentUploadForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("Document (.docx, .pdf or .txt)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt"}),
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > MAX_BYTES:
            raise ValidationError(ERR_TOO_BIG)
        return document


class DraftForm(forms.Form):
    """The draft as read, whole, in hidden fields: the correction form (DraftEditForm) is built from it again at
    each POST, so what the page does not show is never lost."""

    draft = forms.CharField(widget=forms.HiddenInput)
    source = forms.CharField(required=False, widget=forms.HiddenInput)
    provenance = forms.CharField(required=False, widget=forms.HiddenInput)
    uncertain = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_draft(self):
        try:
            data = json.loads(self.cleaned_data["draft"])
        except (ValueError, RecursionError) as exc:
            raise ValidationError(ERR_DRAFT_JSON % {"error": exc}) from exc
        if not isinstance(data, dict) or not isinstance(data.get("campaign"), dict):
            raise ValidationError(ERR_DRAFT_JSON % {"error": _("no “campaign” object")})
        return data

    def _json(self, name, kind):
        try:
            value = json.loads(self.data.get(name) or "null")
        except (ValueError, RecursionError):
            return kind()
        return value if isinstance(value, kind) else kind()

    def review(self) -> dict:
        """What the review page shows beside the draft, from the hidden fields (bad values show nothing)."""
        provenance = {k: v for k, v in self._json("provenance", dict).items() if isinstance(v, int)}
        uncertain = {p for p in self._json("uncertain", list) if isinstance(p, str)}
        return {"lines": (self.data.get("source") or "").split("\n"), "provenance": provenance, "uncertain": uncertain}


class ImportMixin(ScopedViewMixin):
    action = "campaign.edit"

    def load_scoped(self, **kwargs):
        raw = self.request.GET.get("unit", "")
        if not raw.isdigit():
            raise BadRequest("unit")
        self.unit = self.get_scoped_object(Unit, int(raw))
        if self.unit.kind == UnitKind.VILLAGE:
            raise Http404
        return self.unit

    def context(self, **extra) -> dict:
        title = _("Import a plan of %(unit)s from a document") % {"unit": self.unit.name}
        return {
            "title": title,
            "unit": self.unit,
            "crumbs": breadcrumbs(self.request.user, self.unit),
            "upload_url": f"{reverse('campaign_import')}?unit={self.unit.pk}",
            "confirm_url": f"{reverse('campaign_import_confirm')}?unit={self.unit.pk}",
            "cancel_url": reverse("unit_detail", kwargs={"pk": self.unit.pk}),
            **extra,
        }

    def review_page(self, form: DraftForm, edit: DraftEditForm | None, review: dict, *, status=200, warning=""):
        lines = review["lines"]
        numbered = [(number, text) for number, text in enumerate(lines, start=1)]
        items = list(edit.rows()) if edit is not None else []
        context = self.context(
            form=form,
            edit=edit,
            source_lines=numbered,
            items=items,
            uncertain_count=sum(1 for item in items if item["uncertain"]),
            warning=warning,
        )
        return render(self.request, "campaigns/import/review.html", context, status=status)


class CampaignImportView(ImportMixin, View):
    def get(self, request, **kwargs):
        return render(request, "campaigns/import/upload.html", self.context(form=DocumentUploadForm()))

    def post(self, request, **kwargs):
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["document"]
            try:
                draft = draft_from_file(name=upload.name, content=upload.read())
            except ValidationError as error:
                form.add_error("document", error.messages)
            else:
                return self._review(draft)
        return render(request, "campaigns/import/upload.html", self.context(form=form), status=400)

    def _review(self, draft):
        warning = draft_assign_unit(draft, self.unit)
        form = DraftForm(
            initial={
                "draft": json.dumps(draft.data, ensure_ascii=False),
                "source": "\n".join(draft.lines),
                "provenance": json.dumps(draft.provenance),
                "uncertain": json.dumps(sorted(draft.uncertain)),
            }
        )
        review = {"lines": draft.lines, "provenance": draft.provenance, "uncertain": draft.uncertain}
        edit = DraftEditForm(draft=draft.data, provenance=draft.provenance, uncertain=draft.uncertain)
        return self.review_page(form, edit, review, warning=warning)


class CampaignImportConfirmView(ImportMixin, View):
    http_method_names = ["post"]

    def post(self, request, **kwargs):
        form = DraftForm(request.POST)
        review = form.review()
        if not form.is_valid():
            return self.review_page(form, None, review, status=400)
        data = form.cleaned_data["draft"]
        edit = DraftEditForm(request.POST, draft=data, provenance=review["provenance"], uncertain=review["uncertain"])
        if edit.is_valid():
            try:
                campaign = draft_save_as(data=edit.edited(), unit=self.unit, user=request.user)
            except ValidationError as error:
                edit.add_error(None, error.messages)
            else:
                messages.success(
                    request, _("Imported the draft “%(title)s”. Check it, then issue it.") % {"title": campaign.title}
                )
                return redirect("campaign_detail", pk=campaign.pk)
        return self.review_page(form, edit, review, status=400)
