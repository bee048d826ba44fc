"""Start a render, watch its progress, download the PDF. The subject's scope decides who may do each."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from campaigns.models import Campaign
from documents import services
from documents.models import DocumentJob, JobStatus
from units.scope import ScopedViewMixin
from uploads.http import stored_open


class JobMixin(ScopedViewMixin):
    def get_job(self, job_id) -> DocumentJob:
        job = DocumentJob.objects.filter(pk=job_id).select_related("result").first()
        if job is None or job.kind not in services.RENDERERS:
            raise Http404
        model = services.renderer_model(job.kind)
        self.subject = get_object_or_404(model.objects.restrict(self.request.user), pk=job.object_id)
        return job


class CampaignPdfView(ScopedViewMixin, View):
    """POST: render the campaign as its official document (Nghị định 30) in the background. An issued campaign
    gives the copy printed from its frozen version, signed; a draft is printed from its current text."""

    def post(self, request, pk):
        campaign = self.get_scoped_object(Campaign, pk)
        job = services.document_job_print(subject=campaign, kind="campaign", user=request.user)
        return redirect("document_job", job_id=job.pk)


class JobView(JobMixin, View):
    def get(self, request, job_id):
        job = self.get_job(job_id)
        subject = self.subject
        template = "documents/_job_status.html" if request.headers.get("HX-Request") else "documents/job.html"
        context = {"job": job, "subject": subject, "subject_url": services.RENDERERS[job.kind].url(subject)}
        return render(request, template, context)


class JobRetryView(JobMixin, View):
    def post(self, request, job_id):
        services.document_job_retry(job=self.get_job(job_id))
        return redirect("document_job", job_id=job_id)


class JobDownloadView(JobMixin, View):
    def get(self, request, job_id):
        job = self.get_job(job_id)
        if job.status != JobStatus.DONE or job.result is None:
            raise Http404
        filename = services.RENDERERS[job.kind].filename(self.subject)
        return FileResponse(
            stored_open(job.result.file), as_attachment=True, filename=filename, content_type="application/pdf"
        )
