"""Forms of the nomination and council pages. They only read input; the rules live in nominations.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import AwardKind, AwardType
from campaigns.models import Campaign
from nominations.models import DossierKind, MemberRole, NominationStatus
from people.models import Collective, Person
from units.dates import PlausibleDate
from uploads.files import ERR_NO_FILE


def _years():
    this = timezone.localdate().year
    return [(year, str(year)) for year in range(this, this - 6, -1)]


class NominationForm(forms.Form):
    year = forms.TypedChoiceField(label=_("year of the achievement"), coerce=int, choices=_years)
    award_type = forms.ModelChoiceField(label=_("award"), queryset=AwardType.objects.all())
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.none(), required=False)
    collective = forms.ModelChoiceField(
        label=_("collective, household or village"), queryset=Collective.objects.none(), required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("campaign"), queryset=Campaign.objects.none(), required=False, help_text=_("For a campaign award.")
    )
    award_kind = forms.ChoiceField(
        label=_("kind of award"), choices=AwardKind.choices, initial=AwardKind.REGULAR, required=False
    )

    def __init__(self, *args, unit, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the unit's own people and collectives are offered; the service checks it again.
        self.fields["person"].queryset = Person.objects.filter(unit__path__startswith=unit.path, active=True)
        self.fields["collective"].queryset = Collective.objects.filter(unit__path__startswith=unit.path, active=True)
        self.fields["campaign"].queryset = Campaign.objects.restrict(user).order_by("-year", "pk")

    def clean(self):
        data = super().clean()
        if data.get("campaign") is not None and data.get("award_kind") in ("", AwardKind.REGULAR):
            data["award_kind"] = AwardKind.CAMPAIGN
        return data


class AchievementsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    achievements = forms.CharField(
        label=_("achievement report"), required=False, widget=forms.Textarea(attrs={"rows": 18})
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class NominationFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("year"), coerce=int, choices=[("", "—")], required=False, empty_value=None)
    award_type = forms.ModelChoiceField(label=_("award"), queryset=AwardType.objects.all(), required=False)
    status = forms.ChoiceField(label=_("status"), choices=[("", "—"), *NominationStatus.choices], required=False)
    eligible = forms.ChoiceField(
        label=_("eligible"),
        choices=[("", "—"), ("yes", _("Eligible")), ("no", _("Not eligible")), ("unknown", _("Not checked"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "—"), *_years()]


class DossierUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=DossierKind.choices)
    file = forms.FileField(label=_("file"), error_messages={"required": _(ERR_NO_FILE)})


class SessionForm(forms.Form):
    year = forms.TypedChoiceField(label=_("year of the achievements"), coerce=int, choices=_years)
    title = forms.CharField(label=_("name of the session"), max_length=300)
    held_on = forms.DateField(
        label=_("held on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[PlausibleDate(_("held on"))],
    )
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    opened_at = forms.TimeField(
        label=_("opened at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    closed_at = forms.TimeField(
        label=_("closed at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    notes = forms.CharField(
        label=_("other business and conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class SessionEditForm(SessionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberForm(forms.Form):
    name = forms.CharField(label=_("full name"), max_length=150)
    position = forms.CharField(label=_("position"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("role in the council"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    present = forms.BooleanField(label=_("present"), required=False, initial=True)
    counts_votes = forms.BooleanField(label=_("in the count committee"), required=False)


class BallotForm(forms.Form):
    votes_for = forms.IntegerField(label=_("votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("votes against"), min_value=0, required=False)
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)  # of the nomination
