"""Forms of the document pages. Rules live in documents.issuing and documents.signing; these only read input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.issuing import signers_for
from units.models import HeaderParent


class IssueForm(forms.Form):
    signer = forms.ModelChoiceField(
        label=_("Signed by"),
        queryset=None,
        required=False,
        empty_label=_("(no signature image: signed on paper)"),
        help_text=_("The leader whose signature image is printed; the name printed is the one in the header."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers_for(unit=unit)
        self.fields["signer"].label_from_instance = lambda user: f"{user.get_full_name()} ({user.position})".replace(
            " ()", ""
        )


class RegisterOpenForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    last_number = forms.IntegerField(
        label=_("Last number already given this year"),
        min_value=0,
        max_value=999_999,
        required=False,
        help_text=_("Leave empty to continue after the highest number in the system."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class HeaderParentForm(forms.Form):
    header_parent = forms.ChoiceField(label=_("Line above the issuing body"), choices=HeaderParent.choices)


class SealForm(forms.Form):
    seal = forms.FileField(label=_("Seal image (transparent PNG)"))
    seal_diameter_mm = forms.IntegerField(label=_("Diameter of the seal (mm)"), initial=35)


class CertificateForm(forms.Form):
    certificate = forms.FileField(label=_("Certificate file (PKCS#12: .p12, .pfx)"))
    password = forms.CharField(label=_("Password of the file"), widget=forms.PasswordInput, strip=False)


class SignatureForm(forms.Form):
    image = forms.FileField(label=_("Signature image (blue, transparent PNG)"))


class VerifyCodeForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=20)


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label=_("The PDF you received"))
