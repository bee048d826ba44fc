"""A render job and the PDF it produces. The PDF is stored with its SHA-256; rendering an unchanged document again
returns the stored file (keyed by the hash of the HTML it was rendered from)."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import ScopedQuerySet, Timestamped


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class RenderedDocument(models.Model):
    """One PDF, identified by the SHA-256 of the HTML it was rendered from."""

    source_sha256 = models.CharField(max_length=64, unique=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, db_index=True)
    file = models.FileField(upload_to="documents/%Y/%m/")
    pages = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")

    def __str__(self):
        return self.sha256


class DocumentJob(Timestamped):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=32)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    result = models.ForeignKey(RenderedDocument, null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.status})"


class Register(models.Model):
    """The register of outgoing documents (sổ đăng ký văn bản đi) of one issuing unit for one year. Numbers are
    taken from it under a row lock, in the transaction that issues the document: unique and without gaps
    (Nghị định 30, Điều 15: numbered in one sequence per body and year, from 01 on 1 January)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="registers")
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("register of outgoing documents")
        verbose_name_plural = _("registers of outgoing documents")
        ordering = ("unit__path", "-year")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="register_once_per_unit_year")]

    def __str__(self):
        return f"{self.unit} {self.year}"


class SignatureImage(models.Model):
    """A leader's handwritten signature, blue on a transparent background (Nghị định 30, Phụ lục I, II.7.d)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signature_image")
    image = models.ImageField(_("signature image"), upload_to="signatures/")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("signature image")
        verbose_name_plural = _("signature images")

    def __str__(self):
        return str(self.user)


class UnitSigning(models.Model):
    """What a unit signs with: its seal image (red, transparent, real size) and its certificate for digital
    signatures. The PKCS#12 file is kept as uploaded; its password only as a Fernet token (documents.pki)."""

    unit = models.OneToOneField("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="signing")
    seal = models.ImageField(_("seal image"), upload_to="seals/", blank=True)
    seal_diameter_mm = models.PositiveSmallIntegerField(_("seal diameter (mm)"), default=35)
    pkcs12 = models.BinaryField(_("certificate (PKCS#12)"), null=True, blank=True, editable=False)
    password_token = models.TextField(blank=True, editable=False)
    certificate_subject = models.CharField(_("certificate holder"), max_length=300, blank=True)
    certificate_issuer = models.CharField(_("certificate issuer"), max_length=300, blank=True)
    certificate_serial = models.CharField(max_length=80, blank=True)
    certificate_fingerprint = models.CharField(max_length=64, blank=True)
    certificate_not_after = models.DateTimeField(_("certificate valid until"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit's seal and certificate")
        verbose_name_plural = _("units' seals and certificates")

    def __str__(self):
        return str(self.unit)

    @property
    def has_certificate(self) -> bool:
        return bool(self.pkcs12 and self.password_token)


class TrustAnchor(models.Model):
    """A certificate authority whose certificates the verification page trusts (the national CA, or the demo CA
    that `make run` creates)."""

    name = models.CharField(_("name"), max_length=200)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    fingerprint = models.CharField(max_length=64, unique=True)
    demo = models.BooleanField(_("demo"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trusted certificate authority")
        verbose_name_plural = _("trusted certificate authorities")

    def __str__(self):
        return self.name


class IssuedDocumentQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str | None = None):
        if action is not None:
            return super().restrict(user, action)
        return self.restrict_and_above(user)

    def of(self, subject):
        """The issued versions of a subject (a campaign, a report, a decision…), with their stored PDFs."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        ).select_related("document")


class IssuedDocument(models.Model):
    """One issue of a document: its number from the register, its date, and its content frozen as the HTML it is
    printed from. Later edits of the subject never change it. Its short code links the printed copy to the
    public verification page."""

    code = models.CharField(_("verification code"), max_length=9, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey("units.Unit", verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+")
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="documents")
    number = models.PositiveIntegerField(_("number"))
    reference = models.CharField(_("number and symbol"), max_length=60)
    doc_type = models.CharField(_("type"), max_length=100)
    title = models.CharField(_("title"), max_length=1000)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    issued_on = models.DateField(_("date"))
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("clerk")
    )
    version = models.PositiveIntegerField(_("version"))
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_name = models.CharField(_("signer"), max_length=100)
    signer_title = models.CharField(_("signer's title"), max_length=200)
    snapshot = models.JSONField(default=dict)
    html = models.TextField()
    document = models.ForeignKey(RenderedDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signing time"), null=True, blank=True)
    certificate_subject = models.CharField(_("signed with the certificate of"), max_length=300, blank=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ("-issued_on", "-number")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["register", "number"], name="issued_number_once_per_register"),
        ]

    def __str__(self):
        return f"{self.doc_type} {self.reference}"

    def save(self, *args, **kwargs):
        """No document is recorded dated outside its issuer's validity, whoever writes it (issuing checks it first,
        with the same message)."""
        if self._state.adding and self.issued_on is not None:
            from units.validity import in_force_check

            in_force_check(self.unit, self.issued_on)
        super().save(*args, **kwargs)
