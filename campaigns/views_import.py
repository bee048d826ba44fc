"""Import a campaign from its Word, PDF or text document (issue #15 part 3): upload, review, confirm.

``/campaigns/import/?unit=<pk>``: the upload form; its POST reads the file (campaigns.importing) and answers with the
review page: the draft beside the numbered source lines, each item linked to the line it came from, the items the
rules were unsure of marked, and the draft's JSON form to correct. Nothing is saved by the upload (the draft travels
in the review form). ``/campaigns/import/confirm/?unit=<pk>`` saves the corrected draft, all or nothing, as a draft
campaign of the unit (``campaigns.importing.services.draft_save``: the same document twice is refused). The unit is in
the user's scope (404) where they may edit campaigns (403), as for a new draft."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from campaigns.importing.readers import MAX_BYTES
from campaigns.importing.services import draft_assign_unit, draft_from_file, draft_save_as
from campaigns.models import Campaign
from units.models import Unit, UnitKind
from units.scope import ScopedViewMixin
from units.views import breadcrumbs

HEADER_FIELDS = (
    "parent_body",
    "issuing_body",
    "issuing_unit",
    "doc_type",
    "number",
    "symbol",
    "place",
    "issued_on",
    "year",
    "title",
    "higher_document",
    "theme",
    "closing",
)
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
    draft = forms.CharField(label=gettext_lazy("Draft (campaign JSON form)"), widget=forms.Textarea(attrs={"rows": 24}))
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

    def review_page(self, form: DraftForm, data: dict | None, review: dict, *, status=200, warning=""):
        lines = review["lines"]
        numbered = [(number, text) for number, text in enumerate(lines, start=1)]
        items = list(walk_items(data["campaign"], review["provenance"], review["uncertain"])) if data else []
        context = self.context(
            form=form,
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
                return self.review_page(*self._review(draft))
        return render(request, "campaigns/import/upload.html", self.context(form=form), status=400)

    def _review(self, draft):
        warning = draft_assign_unit(draft, self.unit)
        form = DraftForm(
            initial={
                "draft": json.dumps(draft.data, ensure_ascii=False, indent=2),
                "source": "\n".join(draft.lines),
                "provenance": json.dumps(draft.provenance),
                "uncertain": json.dumps(sorted(draft.uncertain)),
            }
        )
        review = {"lines": draft.lines, "provenance": draft.provenance, "uncertain": draft.uncertain}
        return form, draft.data, review, 200, warning

    def review_page(self, form, data, review, status=200, warning=""):  # noqa: D102 - positional from _review
        return super().review_page(form, data, review, status=status, warning=warning)


class CampaignImportConfirmView(ImportMixin, View):
    http_method_names = ["post"]

    def post(self, request, **kwargs):
        form = DraftForm(request.POST)
        review = form.review()
        if form.is_valid():
            data = form.cleaned_data["draft"]
            try:
                campaign = draft_save_as(data=data, unit=self.unit, user=request.user)
            except ValidationError as error:
                form.add_error("draft", error.messages)
                return self.review_page(form, data, review, status=400)
            messages.success(
                request, _("Imported the draft “%(title)s”. Check it, then issue it.") % {"title": campaign.title}
            )
            return redirect("campaign_detail", pk=campaign.pk)
        return self.review_page(form, None, review, status=400)


def walk_items(c: dict, provenance: dict, uncertain: set):
    """Each item of a draft for the review page, in document order: {"path", "kind", "label", "text", "line",
    "uncertain"}; ``kind`` is header, legal, section, indicator, figure, recipient, signer, stage, award or appendix.
    A header item's label is the name of the campaign's field."""

    def item(path, kind, label, text):
        unsure = path in uncertain or any(u.startswith(path + ".") for u in uncertain if kind != "section")
        return {
            "path": path,
            "kind": kind,
            "label": label,
            "text": text,
            "line": provenance.get(path),
            "uncertain": unsure,
        }

    for key in HEADER_FIELDS:
        label = capfirst(str(Campaign._meta.get_field(key).verbose_name))
        value = c.get(key)
        if key == "issuing_unit" and isinstance(value, dict):
            value = f"{value.get('edition', '')} · {value.get('code', '')}"
        if value not in (None, "") or key in uncertain:
            yield item(key, "header", label, "" if value is None else str(value))
    for index, base in enumerate(c.get("legal_bases") or []):
        if isinstance(base, dict):
            yield item(f"legal_bases[{index}]", "legal", base.get("kind", ""), base.get("text", ""))

    def sections(items, path):
        for index, section in enumerate(items or []):
            if not isinstance(section, dict):
                continue
            here = f"{path}[{index}]"
            heading = section.get("heading") or (section.get("body") or "")[:120]
            yield item(here, "section", f"{section.get('label', '')} · {section.get('role', '')}", heading)
            for i, indicator in enumerate(section.get("indicators") or []):
                if not isinstance(indicator, dict):
                    continue
                i_path = f"{here}.indicators[{i}]"
                yield item(i_path, "indicator", indicator.get("label", ""), indicator.get("sentence", ""))
                for f, figure in enumerate(indicator.get("figures") or []):
                    if not isinstance(figure, dict):
                        continue
                    f_path = f"{i_path}.figures[{f}]"
                    values = " – ".join(str(v) for v in (figure.get("value"), figure.get("value_high")) if v)
                    if figure.get("total"):
                        values += f"/{figure['total']}"
                    text = " ".join(
                        part
                        for part in (
                            figure.get("name", ""),
                            f"[{figure.get('form', '')}{' ↓' if figure.get('direction') == 'down' else ''}]",
                            values,
                            figure.get("unit_of_measure", ""),
                            figure.get("grade", ""),
                            figure.get("source_body", ""),
                        )
                        if part
                    )
                    yield item(f_path, "figure", "", text)
            yield from sections(section.get("children"), f"{here}.children")

    yield from sections(c.get("sections"), "sections")
    for index, stage in enumerate(c.get("stages") or []):
        if isinstance(stage, dict):
            yield item(f"stages[{index}]", "stage", stage.get("name", ""), stage.get("text", ""))
    for index, award in enumerate(c.get("award_criteria") or []):
        if isinstance(award, dict):
            text = f"{award.get('award_text', '')} · {award.get('quota_kind', '')} {award.get('quota_value') or ''}"
            yield item(f"award_criteria[{index}]", "award", award.get("subject", ""), text)
    for index, text in enumerate(c.get("recipients") or []):
        yield item(f"recipients[{index}]", "recipient", "", str(text))
    signer = c.get("signer") if isinstance(c.get("signer"), dict) else {}
    parts = [
        signer.get(k, "") for k in ("authority", "on_behalf_of", "deputy_authority", "deputy_on_behalf_of", "title")
    ]
    yield item("signer", "signer", " ".join(p for p in parts if p), signer.get("name", ""))
    for index, appendix in enumerate(c.get("appendices") or []):
        if isinstance(appendix, dict):
            yield item(f"appendices[{index}]", "appendix", appendix.get("label", ""), appendix.get("title", ""))
