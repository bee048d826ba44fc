"""The public verification page (no login): a printed or forwarded copy leads here by its QR code or short code.
It shows the document's header facts and checks an uploaded PDF against the stored one and its signature."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_protect

from documents import verification
from documents.forms import VerifyCodeForm, VerifyUploadForm
from documents.issuing import normalise_code


class VerifyStartView(View):
    def get(self, request):
        form = VerifyCodeForm(request.GET or None)
        if form.is_valid():
            return redirect("verify_code", code=normalise_code(form.cleaned_data["code"]))
        return render(request, "documents/verify_start.html", {"form": form})


@method_decorator(csrf_protect, name="dispatch")
class VerifyView(View):
    def render_page(self, issued, form, check=None, status=200):
        if issued is None:
            return render(
                self.request, "documents/verify_start.html", {"form": VerifyCodeForm(), "unknown": True}, status=404
            )
        context = {"issued": issued, "form": form, "check": check}
        return render(self.request, "documents/verify.html", context, status=status)

    def get(self, request, code):
        return self.render_page(verification.issued_by_code(code), VerifyUploadForm())

    def post(self, request, code):
        issued = verification.issued_by_code(code)
        form = VerifyUploadForm(request.POST, request.FILES)
        if issued is None or not form.is_valid():
            return self.render_page(issued, form, status=400)
        try:
            pdf = verification.upload_read(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
            return self.render_page(issued, form, status=400)
        return self.render_page(issued, VerifyUploadForm(), verification.issued_check(issued=issued, pdf=pdf))
