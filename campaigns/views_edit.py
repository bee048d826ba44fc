"""The campaign editor: create a draft, edit its header, and edit its contents in place.

Thin views: scope through ScopedViewMixin (a campaign outside the user's scope is a 404, and so is a section,
indicator or figure of another campaign), roles at the issuing unit or above (403), writes through
campaigns.services. Only a draft is edited: an issued campaign answers 403 with a page that says so.

The contents page works with htmx (a form fragment comes in place, a POST returns the updated fragment, or the
whole tree after adding, moving or deleting) and without JavaScript (the same URLs answer with full pages and
redirects). The object a contents URL acts on is named in its query string (``?section=12``), so that every URL
is rooted at the campaign it edits."""

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from campaigns import services
from campaigns.forms import (
    PART_FIELDS,
    AppendixFormSet,
    CampaignCreateForm,
    CampaignHeaderForm,
    FigureEditForm,
    IndicatorForm,
    SectionForm,
)
from campaigns.models import Campaign, CampaignStatus, DocumentType, Section
from campaigns.selectors import campaign_document
from targets.models import Figure, Indicator
from targets.numbers import format_number, format_range
from units.models import Unit, UnitKind
from units.scope import ScopedViewMixin, ServiceFormView, add_service_errors
from units.versioning import VersionConflict
from units.views import breadcrumbs

DEFAULT_DOC_TYPE = "pd"  # communes launch their campaigns with a PHÁT ĐỘNG


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _mark_ends(items: list) -> None:
    for index, item in enumerate(items):
        item.is_first, item.is_last = index == 0, index == len(items) - 1


def _describe_figure(figure: Figure) -> Figure:
    """The figure's numbers as Vietnamese text for the page: '7 - 7,5', '1.105'."""
    figure.value_text = format_range(figure.value, figure.value_high)
    figure.total_text = format_number(figure.total)
    return figure


def _decorate(nodes) -> None:
    """First/last among siblings (for the move buttons) and figure texts, on the whole tree, without queries."""
    _mark_ends([node.section for node in nodes])
    for node in nodes:
        _mark_ends(node.indicators)
        for indicator in node.indicators:
            for figure in indicator.figure_list:
                _describe_figure(figure)
        _decorate(node.children)


# ------------------------------------------------------------------ create a campaign


class CampaignCreateView(ServiceFormView):
    """``/campaigns/new/?unit=<pk>``: a new draft issued by a unit in the user's scope where they may edit."""

    action = "campaign.edit"
    template_name = "campaigns/edit/campaign_form.html"

    def load_scoped(self, **kwargs):
        raw = self.request.GET.get("unit", "")
        if not raw.isdigit():
            raise BadRequest("unit")
        self.unit = self.get_scoped_object(Unit, int(raw))
        if self.unit.kind == UnitKind.VILLAGE:
            raise Http404
        return self.unit

    def get_form(self, data=None):
        initial = services.campaign_defaults(issuing_unit=self.unit)
        initial["doc_type"] = DocumentType.objects.filter(code=DEFAULT_DOC_TYPE).first()
        return CampaignCreateForm(data, initial=initial)

    def perform(self, form):
        data = dict(form.cleaned_data)
        token = data.pop("token")
        try:
            campaign = services.campaign_create(issuing_unit=self.unit, user=self.request.user, token=token, **data)
        except services.CampaignAlreadyCreated as already:
            message = _("This form had already been sent: the draft was created once.")
            return message, reverse("campaign_contents", kwargs={"pk": already.campaign.pk})
        message = _("Created the draft “%(title)s”. Now write its contents.") % {"title": campaign.title}
        return message, reverse("campaign_contents", kwargs={"pk": campaign.pk})

    def get_context(self):
        title = _("New campaign of %(unit)s") % {"unit": self.unit.name}
        return {
            "title": title,
            "crumbs": breadcrumbs(self.request.user, self.unit),
            "action": f"{reverse('campaign_create')}?unit={self.unit.pk}",
            "cancel_url": reverse("unit_detail", kwargs={"pk": self.unit.pk}),
            "once": True,
        }


# ------------------------------------------------------------------ the editing of one draft


class CampaignEditMixin(ScopedViewMixin):
    """Looks up the campaign (404 outside scope), checks an editing role at its issuing unit (403) and that it is
    a draft (403 with a page saying it was issued), then ``load()``s the objects named in the query string."""

    action = "campaign.edit"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.campaign = self.get_scoped_object(
            Campaign.objects.select_related("issuing_unit", "doc_type"), kwargs["pk"]
        )
        self.check_action(self.campaign.issuing_unit)
        if self.campaign.status != CampaignStatus.DRAFT:
            return self.locked()
        if getattr(self, request.method.lower(), None) is None:
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.load()
        return super().dispatch(request, *args, **kwargs)

    def load(self) -> None:
        """Look up the objects the URL names (``from_query``)."""

    def from_query(self, queryset: QuerySet, name: str):
        """The object whose id is in the query string (``?section=12``), within the campaign: 404 if it is not."""
        raw = self.request.GET.get(name, "")
        if not raw.isdigit():
            raise BadRequest(name)
        return get_object_or_404(queryset, pk=int(raw))

    @property
    def sections(self) -> QuerySet:
        return Section.objects.filter(campaign=self.campaign)

    @property
    def indicators(self) -> QuerySet:
        return Indicator.objects.filter(section__campaign=self.campaign).select_related("section")

    @property
    def figures(self) -> QuerySet:
        return Figure.objects.filter(indicator__section__campaign=self.campaign).select_related("indicator")

    def contents_url(self, anchor: str = "") -> str:
        url = reverse("campaign_contents", kwargs={"pk": self.campaign.pk})
        return f"{url}#{anchor}" if anchor else url

    def locked(self):
        message = _(services.ERR_NOT_DRAFT)
        if is_htmx(self.request):
            return self.alert(message, status=403)
        context = {"campaign": self.campaign, "message": message, "crumbs": self.crumbs()}
        return render(self.request, "campaigns/edit/locked.html", context, status=403)

    def alert(self, message: str, status: int = 400):
        """For htmx: a message shown above the contents, whatever element the request targeted."""
        response = render(self.request, "campaigns/edit/_alert.html", {"messages_list": [message]}, status=status)
        response["HX-Retarget"] = "#editor-alert"
        response["HX-Reswap"] = "innerHTML"
        return response

    def crumbs(self):
        return breadcrumbs(self.request.user, self.campaign.issuing_unit)

    def tree_context(self) -> dict:
        document = campaign_document(campaign=self.campaign)
        _decorate(document.sections)
        return {"campaign": self.campaign, "doc": document}

    def tree_response(self) -> HttpResponse:
        """The whole contents tree, replacing the one on the page (after an add, a move or a delete)."""
        response = render(self.request, "campaigns/edit/_tree.html", self.tree_context())
        response["HX-Retarget"] = "#contents-tree"
        response["HX-Reswap"] = "outerHTML"
        return response


APPENDIX_PREFIX = "appendix"


class CampaignEditView(CampaignEditMixin, View):
    """The header: every field of the campaign but status, number and date, with participants and recipients."""

    def get_form(self, data=None):
        return CampaignHeaderForm(data, campaign=self.campaign, user=self.request.user)

    def get_appendices(self, data=None):
        return AppendixFormSet(
            data, queryset=self.campaign.appendices.order_by("position", "pk"), prefix=APPENDIX_PREFIX
        )

    def get(self, request, pk):
        return self.render_form(self.get_form(), self.get_appendices())

    def post(self, request, pk):
        form = self.get_form(request.POST)
        # A post without the appendices' forms (a script, an older page) leaves the appendices as they are.
        posted = f"{APPENDIX_PREFIX}-TOTAL_FORMS" in request.POST
        appendices = self.get_appendices(request.POST if posted else None)
        status = 400
        if form.is_valid() and (not posted or appendices.is_valid()):
            data = dict(form.cleaned_data)
            version = data.pop("version")
            parts = {name: data.pop(name) for name in PART_FIELDS}
            if posted:
                parts["appendices"] = appendices.appendices()
            try:
                services.campaign_update(
                    campaign=self.campaign, user=request.user, expected_version=version, parts=parts, **data
                )
            except VersionConflict as conflict:
                form.add_error(None, conflict.messages)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved the header of “%(title)s”.") % {"title": data["title"]})
                return redirect("campaign_detail", pk=self.campaign.pk)
        return self.render_form(form, appendices, status=status)

    def render_form(self, form, appendices=None, status=200):
        context = {
            "form": form,
            "appendices": appendices,
            "campaign": self.campaign,
            "title": _("Edit the header of “%(title)s”") % {"title": self.campaign.title},
            "crumbs": self.crumbs(),
            "action": reverse("campaign_edit", kwargs={"pk": self.campaign.pk}),
            "cancel_url": reverse("campaign_detail", kwargs={"pk": self.campaign.pk}),
            "once": False,
        }
        return render(self.request, "campaigns/edit/campaign_form.html", context, status=status)


class CampaignContentsView(CampaignEditMixin, View):
    """The contents as a nested list like the document, each part editable in place."""

    def get(self, request, pk):
        context = {
            **self.tree_context(),
            "crumbs": self.crumbs(),
            "title": _("Contents of “%(title)s”") % {"title": self.campaign.title},
        }
        return render(request, "campaigns/edit/contents.html", context)


# ------------------------------------------------------------------ in-place forms


class ContentsFormView(CampaignEditMixin, View):
    """A small form on the contents page. With htmx, GET returns the form fragment and a valid POST returns
    ``success_fragment()``; without, GET is a page and a valid POST redirects to the contents. Invalid input (or a
    service's ValidationError) returns the form with its messages, status 400; nothing is saved."""

    form_class = None
    replaces = False  # True: the form stands in place of the element it edits (Cancel brings the element back)

    def get_form(self, data=None):
        raise NotImplementedError

    def perform(self, form) -> None:
        raise NotImplementedError

    def dom_id(self) -> str:
        raise NotImplementedError

    def form_title(self) -> str:
        raise NotImplementedError

    def anchor(self) -> str:
        return self.dom_id()

    def success_fragment(self) -> HttpResponse:
        return self.tree_response()

    def get(self, request, pk):
        return self.render_form(self.get_form())

    def post(self, request, pk):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                self.perform(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if is_htmx(request):
                    return self.success_fragment()
                messages.success(request, _("Saved."))
                return redirect(self.contents_url(self.anchor()))
        return self.render_form(form, status=400)

    def render_form(self, form, status=200):
        htmx = is_htmx(self.request)
        context = {
            "form": form,
            "campaign": self.campaign,
            "htmx": htmx,
            "title": self.form_title(),
            "dom_id": self.dom_id(),
            "replaces": self.replaces,
            "action": self.request.get_full_path(),
            "contents_url": self.contents_url(),
            "cancel_url": self.contents_url(self.anchor()),
            "crumbs": self.crumbs(),
        }
        template = "campaigns/edit/_form.html" if htmx else "campaigns/edit/form_page.html"
        return render(self.request, template, context, status=status)


def _label(obj) -> str:
    return str(obj) or _("(empty section)")


class SectionAddView(ContentsFormView):
    """``?parent=<id>``: last under that section; ``?after=<id>``: right after it; neither: last at the top."""

    def load(self):
        self.parent = self.from_query(self.sections, "parent") if "parent" in self.request.GET else None
        self.after = self.from_query(self.sections, "after") if "after" in self.request.GET else None

    def get_form(self, data=None):
        model = self.parent or self.after
        initial = {"role": model.role, "field": model.field} if model is not None else {}
        return SectionForm(data, initial=initial)

    def perform(self, form):
        self.section = services.section_add(
            campaign=self.campaign, parent=self.parent, after=self.after, user=self.request.user, **form.cleaned_data
        )

    def dom_id(self):
        if self.parent is not None:
            return f"section-{self.parent.pk}-new"
        if self.after is not None:
            return f"section-{self.after.pk}-new-after"
        return "section-new"

    def anchor(self):
        section = getattr(self, "section", None)
        return f"section-{section.pk}" if section is not None else ""

    def form_title(self):
        if self.parent is not None:
            return _("New sub-section of %(section)s") % {"section": _label(self.parent)}
        if self.after is not None:
            return _("New section after %(section)s") % {"section": _label(self.after)}
        return _("New section at the end")


class SectionEditView(ContentsFormView):
    replaces = True

    def load(self):
        self.section = self.from_query(self.sections, "section")

    def get_form(self, data=None):
        return SectionForm(data, instance=self.section)

    def perform(self, form):
        self.section = services.section_update(section=self.section, user=self.request.user, **form.cleaned_data)

    def dom_id(self):
        return f"section-{self.section.pk}-head"

    def anchor(self):
        return f"section-{self.section.pk}"

    def form_title(self):
        return _("Edit %(section)s") % {"section": _label(self.section)}

    def success_fragment(self):
        section = self.section
        siblings = Section.objects.filter(campaign=self.campaign, parent_id=section.parent_id).count()
        section.is_first, section.is_last = section.position == 0, section.position == siblings - 1
        return render(self.request, "campaigns/edit/_section_head.html", {"campaign": self.campaign, "s": section})


class IndicatorAddView(ContentsFormView):
    def load(self):
        self.section = self.from_query(self.sections, "section")

    def get_form(self, data=None):
        return IndicatorForm(data, initial={"field": self.section.field})

    def perform(self, form):
        self.indicator = services.indicator_save(section=self.section, user=self.request.user, **form.cleaned_data)

    def dom_id(self):
        return f"section-{self.section.pk}-new-indicator"

    def anchor(self):
        indicator = getattr(self, "indicator", None)
        return f"indicator-{indicator.pk}" if indicator is not None else f"section-{self.section.pk}"

    def form_title(self):
        return _("New indicator in %(section)s") % {"section": _label(self.section)}


class IndicatorEditView(ContentsFormView):
    replaces = True

    def load(self):
        self.indicator = self.from_query(self.indicators, "indicator")

    def get_form(self, data=None):
        return IndicatorForm(data, instance=self.indicator)

    def perform(self, form):
        self.indicator = services.indicator_save(
            section=self.indicator.section, indicator=self.indicator, user=self.request.user, **form.cleaned_data
        )

    def dom_id(self):
        return f"indicator-{self.indicator.pk}-head"

    def anchor(self):
        return f"indicator-{self.indicator.pk}"

    def form_title(self):
        return _("Edit the indicator")

    def success_fragment(self):
        indicator = self.indicator
        count = Indicator.objects.filter(section_id=indicator.section_id).count()
        indicator.is_first, indicator.is_last = indicator.position == 0, indicator.position == count - 1
        context = {"campaign": self.campaign, "ind": indicator}
        return render(self.request, "campaigns/edit/_indicator_head.html", context)


class FigureAddView(ContentsFormView):
    def load(self):
        self.indicator = self.from_query(self.indicators, "indicator")

    def get_form(self, data=None):
        return FigureEditForm(data)

    def perform(self, form):
        services.figure_save(indicator=self.indicator, user=self.request.user, **form.values())

    def dom_id(self):
        return f"indicator-{self.indicator.pk}-new-figure"

    def anchor(self):
        return f"indicator-{self.indicator.pk}"

    def form_title(self):
        return _("New figure of “%(indicator)s”") % {"indicator": self.indicator}


class FigureEditView(ContentsFormView):
    replaces = True

    def load(self):
        self.figure = self.from_query(self.figures, "figure")

    def get_form(self, data=None):
        return FigureEditForm(data, instance=self.figure)

    def perform(self, form):
        self.figure = services.figure_save(
            indicator=self.figure.indicator, figure=self.figure, user=self.request.user, **form.values()
        )

    def dom_id(self):
        return f"figure-{self.figure.pk}"

    def form_title(self):
        return _("Edit the figure “%(figure)s”") % {"figure": self.figure.name}

    def success_fragment(self):
        context = {"campaign": self.campaign, "f": _describe_figure(self.figure)}
        return render(self.request, "campaigns/edit/_figure.html", context)


# ------------------------------------------------------------------ delete and move


class ContentsActionView(CampaignEditMixin, View):
    """A POST that changes the tree (delete, move): with htmx it returns the whole tree, without it redirects to
    the contents. A service's refusal is shown as a message."""

    done_message = ""

    def act(self) -> None:
        raise NotImplementedError

    def anchor(self) -> str:
        return ""

    def post(self, request, pk):
        try:
            self.act()
        except ValidationError as error:
            if is_htmx(request):
                return self.alert(" ".join(error.messages))
            messages.error(request, " ".join(error.messages))
        else:
            if is_htmx(request):
                return self.tree_response()
            messages.success(request, self.done_message)
        return redirect(self.contents_url(self.anchor()))


class ContentsDeleteView(ContentsActionView):
    """GET asks for confirmation (a fragment in place, or a page), POST deletes."""

    def confirm_text(self) -> str:
        raise NotImplementedError

    def slot(self) -> str:
        raise NotImplementedError

    def get(self, request, pk):
        htmx = is_htmx(request)
        context = {
            "campaign": self.campaign,
            "htmx": htmx,
            "text": self.confirm_text(),
            "action": request.get_full_path(),
            "cancel_url": self.contents_url(self.anchor()),
            "title": _("Delete"),
            "crumbs": self.crumbs(),
        }
        template = "campaigns/edit/_confirm_delete.html" if htmx else "campaigns/edit/confirm_page.html"
        return render(request, template, context)

    @property
    def done_message(self):
        return _("Deleted.")


class SectionDeleteView(ContentsDeleteView):
    def load(self):
        self.section = self.from_query(self.sections, "section")

    def confirm_text(self):
        subsections, indicators = services.section_descendant_counts(section=self.section)
        if not subsections and not indicators:
            return _("Delete %(section)s? It has no sub-sections or indicators.") % {"section": _label(self.section)}
        return _(
            "Delete %(section)s? Its %(subsections)s sub-sections and %(indicators)s indicators, with their figures "
            "and targets, are deleted with it."
        ) % {"section": _label(self.section), "subsections": subsections, "indicators": indicators}

    def act(self):
        services.section_delete(section=self.section, user=self.request.user)


class IndicatorDeleteView(ContentsDeleteView):
    def load(self):
        self.indicator = self.from_query(self.indicators, "indicator")

    def anchor(self):
        return f"section-{self.indicator.section_id}"

    def confirm_text(self):
        return _("Delete the indicator “%(indicator)s” with its %(figures)s figures and their targets?") % {
            "indicator": self.indicator,
            "figures": self.indicator.figures.count(),
        }

    def act(self):
        services.indicator_delete(indicator=self.indicator, user=self.request.user)


class FigureDeleteView(ContentsDeleteView):
    def load(self):
        self.figure = self.from_query(self.figures, "figure")

    def anchor(self):
        return f"indicator-{self.figure.indicator_id}"

    def confirm_text(self):
        return _("Delete the figure “%(figure)s” and the targets set for it?") % {"figure": self.figure.name}

    def act(self):
        services.figure_delete(figure=self.figure, user=self.request.user)


class ContentsMoveView(ContentsActionView):
    def direction(self) -> str:
        direction = self.request.POST.get("direction", "")
        if direction not in ("up", "down"):
            raise BadRequest("direction")
        return direction

    @property
    def done_message(self):
        return _("Moved.")


class SectionMoveView(ContentsMoveView):
    def load(self):
        self.section = self.from_query(self.sections, "section")

    def anchor(self):
        return f"section-{self.section.pk}"

    def act(self):
        services.section_move(section=self.section, direction=self.direction(), user=self.request.user)


class IndicatorMoveView(ContentsMoveView):
    def load(self):
        self.indicator = self.from_query(self.indicators, "indicator")

    def anchor(self):
        return f"indicator-{self.indicator.pk}"

    def act(self):
        services.indicator_move(indicator=self.indicator, direction=self.direction(), user=self.request.user)
