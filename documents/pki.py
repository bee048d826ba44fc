"""Certificates and PAdES signatures for issued documents: pure functions on bytes, no models, no network.

- ``ca_create`` makes a self-signed CA (the province's, or the demo one) and ``certificate_issue`` issues a unit its
  signing certificate as a password-protected PKCS#12 file holding the key, the certificate and the CA chain.
- ``pkcs12_inspect`` reads such a file (also one bought from a commercial CA) and refuses what cannot sign.
- ``secret_seal``/``secret_open`` keep the PKCS#12 password (and the CA key) encrypted at rest.
- ``pdf_sign`` signs a WeasyPrint PDF (PAdES baseline B, an invisible approval signature) and ``pdf_verify`` says
  whether a PDF is signed, untouched since and signed by someone the given roots vouch for; it never raises.

Keys are EC P-256 and digests SHA-256. Everything is offline: no timestamp server, no OCSP or CRL fetching (a
baseline-B signature is then only as good as the certificate is valid *now*; see ``pdf_verify``).

pyHanko's synchronous wrappers run their own event loop (``asyncio.run``); when the calling thread already runs one
(an async view, a test session driving Playwright's sync API), ``off_loop`` runs them in a thread of their own.

Fingerprints are lowercase hexadecimal SHA-256 of the DER certificate, without separators; serial numbers are
lowercase hexadecimal; datetimes are aware, in UTC."""

import base64
import io
import logging
import secrets
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12 as p12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils.translation import gettext, gettext_noop

logger = logging.getLogger(__name__)

__all__ = (
    "CertificateInfo",
    "InvalidCredential",
    "InvalidDocument",
    "VerificationResult",
    "ca_create",
    "certificate_issue",
    "pdf_sign",
    "pdf_verify",
    "pkcs12_inspect",
    "secret_open",
    "secret_reseal",
    "secret_seal",
)

# Raised as InvalidCredential(gettext(ERR_...)); the untranslated msgid is kept on the exception as `.msgid`.
ERR_NOT_PKCS12 = gettext_noop("The file is not a PKCS#12 certificate file (.p12 or .pfx).")
ERR_WRONG_PASSWORD = gettext_noop("The password of the certificate file is wrong.")
ERR_NO_PRIVATE_KEY = gettext_noop("The certificate file holds no private key.")
ERR_NO_CERTIFICATE = gettext_noop("The certificate file holds no certificate.")
ERR_KEY_MISMATCH = gettext_noop("The private key in the certificate file does not belong to its certificate.")
ERR_EXPIRED = gettext_noop("The certificate has expired.")
ERR_NOT_YET_VALID = gettext_noop("The certificate is not valid yet.")
ERR_NO_DIGITAL_SIGNATURE = gettext_noop("The certificate's key may not be used for digital signatures.")
ERR_SECRET_UNREADABLE = gettext_noop(
    "The stored secret cannot be decrypted: it was damaged or sealed with a key this server no longer has."
)
# Raised as InvalidDocument by pdf_sign.
ERR_PDF_UNSIGNABLE = gettext_noop("The PDF document could not be signed.")
# VerificationResult.problem holds one of these msgids untranslated (translate it where it is shown).
PROBLEM_NOT_PDF = gettext_noop("The file is not a readable PDF document.")
PROBLEM_NO_SIGNATURE = gettext_noop("The document has no digital signature.")
PROBLEM_UNREADABLE_SIGNATURE = gettext_noop("The digital signature in the document cannot be read.")
PROBLEM_NOT_INTACT = gettext_noop("The document was altered after it was signed: the signature no longer matches.")
PROBLEM_INVALID = gettext_noop("The digital signature is not valid.")
PROBLEM_UNTRUSTED = gettext_noop("The signer's certificate was not issued by a trusted certification authority.")
PROBLEM_CERTIFICATE_EXPIRED = gettext_noop("The signer's certificate has expired.")
PROBLEM_CERTIFICATE_REJECTED = gettext_noop("The signer's certificate could not be verified.")
PROBLEM_MODIFIED_AFTER = gettext_noop("Content was added to the document after it was signed.")
PROBLEM_UNVERIFIABLE = gettext_noop("The document could not be verified.")

SECRET_LABEL = b"thidua.pki.secret"
# Extended key usages a document-signing certificate carries: id-kp-documentSigning (RFC 9336), emailProtection
# and Microsoft Document Signing, the purposes Adobe Acrobat, Foxit and Windows accept for PDF signatures.
# pyHanko's default validation accepts any extended key usage; it requires nonRepudiation in KeyUsage.
EKU_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
EKU_MS_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")
COMMON_NAME_MAX_LENGTH = 64  # characters (RFC 5280 ub-common-name); longer names raise ValueError
CLOCK_SKEW = timedelta(minutes=5)  # certificates start a little in the past, for clocks slightly behind ours
# cryptography warns about every common name over 64 UTF-8 *bytes*, also when it merely reads one from a certificate;
# RFC 5280 counts characters, so a Vietnamese name of 30 characters sets it off. Silence exactly that warning.
warnings.filterwarnings("ignore", message=r"Attribute's length must be >= 1 and <= 64", category=UserWarning)


class InvalidCredential(ValueError):
    """A certificate file, password or sealed secret that cannot be used. ``str(error)`` is the translated message,
    ``error.msgid`` the English msgid (one of the ERR_ constants), stable whatever the active language."""

    def __init__(self, message: str, *, msgid: str = ""):
        super().__init__(message)
        self.msgid = msgid or message


class InvalidDocument(ValueError):
    """A PDF that pyHanko cannot sign (unreadable, or the signature field is taken). Same shape as InvalidCredential."""

    def __init__(self, message: str, *, msgid: str = ""):
        super().__init__(message)
        self.msgid = msgid or message


def _refuse(msgid: str, error: type[ValueError] = InvalidCredential) -> ValueError:
    return error(gettext(msgid), msgid=msgid)


@dataclass(frozen=True)
class CertificateInfo:
    common_name: str
    organisation: str
    serial: str  # lowercase hex
    not_before: datetime  # aware, UTC
    not_after: datetime  # aware, UTC
    fingerprint: str  # SHA-256 of the DER certificate, lowercase hex
    issuer_common_name: str
    certificate_pem: bytes  # the unit's certificate alone, public: store it next to the sealed PKCS#12


@dataclass(frozen=True)
class VerificationResult:
    signed: bool = False  # the file holds at least one signature
    intact: bool = False  # the bytes every signature covers are unchanged
    valid: bool = False  # every signature is cryptographically valid
    trusted: bool = False  # every signer chains to one of the given roots, with a usable, unexpired certificate
    covers_whole_file: bool = False  # nothing appended after the last signature, only signatures after earlier ones
    signer_common_name: str = ""  # of the last signature
    signer_organisation: str = ""
    signing_time: datetime | None = None  # as the signer claims it (/M), aware, UTC; no timestamp authority
    fingerprint: str = ""  # of the signer's certificate
    problem: str = ""  # the first failure, an untranslated PROBLEM_ msgid; "" when all is well
    signature_count: int = 0

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.valid and self.trusted and self.covers_whole_file


# ------------------------------------------------------------------ certificates


def _common_name(value: str) -> x509.NameAttribute:
    """RFC 5280 bounds a common name at 64 *characters*; cryptography counts UTF-8 bytes, and a Vietnamese name of
    45 characters ("ỦY BAN NHÂN DÂN THỊ TRẤN NÔNG TRƯỜNG MỘC CHÂU") is already 60 bytes. Count characters."""
    if not 1 <= len(value) <= COMMON_NAME_MAX_LENGTH:
        raise ValueError(f"a certificate's common name has 1 to {COMMON_NAME_MAX_LENGTH} characters: {value!r}")
    return x509.NameAttribute(NameOID.COMMON_NAME, value, _validate=False)


def _name(*, common_name: str, organisation: str, locality: str = "", province: str = "") -> x509.Name:
    """Country VN (PrintableString, as X.520 requires); every other attribute a UTF8String, so Vietnamese text
    survives as typed."""
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if province:
        attributes.append(x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, province))
    if locality:
        attributes.append(x509.NameAttribute(NameOID.LOCALITY_NAME, locality))
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attributes.append(_common_name(common_name))
    return x509.Name(attributes)


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    value = values[0].value if values else ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def ca_create(
    *, common_name: str, organisation: str = "Hệ thống Thi đua – Khen thưởng", days: int = 3650
) -> tuple[bytes, bytes]:
    """A self-signed CA that issues unit certificates directly (path length 0).

    Returns (certificate PEM, private key PEM). The key PEM is an **unencrypted** PKCS#8: seal it before storing it,
    ``secret_seal(key_pem.decode())``, and give ``secret_open(token).encode()`` back to ``certificate_issue``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name=common_name, organisation=organisation)
    now = datetime.now(UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - CLOCK_SKEW)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return certificate.public_bytes(serialization.Encoding.PEM), key_pem


def certificate_issue(
    *,
    ca_cert_pem: bytes,
    ca_key_pem: bytes,
    common_name: str,
    organisation: str,
    locality: str,
    province: str,
    email: str | None = None,
    days: int = 1095,
    valid_from: datetime | None = None,
) -> tuple[bytes, str]:
    """A unit's signing certificate, as (PKCS#12 bytes, its random password).

    The PKCS#12 holds the new EC P-256 key, the certificate (C=VN, ST=province, L=locality, O=organisation,
    CN=common_name; the e-mail, if any, as an rfc822Name in SubjectAltName) and the CA certificate; it is encrypted
    with AES-256-CBC (PBES2, PBKDF2-SHA256) and MACed with SHA-256. The validity runs from ``valid_from`` (default:
    now, less five minutes of clock skew) for ``days`` days, and never past the CA's own expiry. ``valid_from`` in
    the past with few ``days`` makes an expired certificate (tests, demo data)."""
    ca_certificate = x509.load_pem_x509_certificate(ca_cert_pem)
    ca_key = serialization.load_pem_private_key(ca_key_pem, password=None)
    key = ec.generate_private_key(ec.SECP256R1())
    start = valid_from if valid_from is not None else datetime.now(UTC) - CLOCK_SKEW
    end = min(start + timedelta(days=days), ca_certificate.not_valid_after_utc)
    try:
        ca_ski = ca_certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        aki = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski)
    except x509.ExtensionNotFound:
        aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key())
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name=common_name, organisation=organisation, locality=locality, province=province))
        .issuer_name(ca_certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [EKU_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION, EKU_MS_DOCUMENT_SIGNING]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(aki, critical=False)
    )
    if email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
    certificate = builder.sign(ca_key, hashes.SHA256())
    password = secrets.token_urlsafe(24)
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(100_000)
        .key_cert_algorithm(p12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(password.encode())
    )
    data = p12.serialize_key_and_certificates(
        common_name.encode("utf-8"), key, certificate, [ca_certificate], encryption
    )
    return data, password


def _looks_like_pkcs12(data: bytes) -> bool:
    """Is this a DER PFX (RFC 7292) at all? Lets a wrong password be told apart from a file of another kind, which
    OpenSSL reports with one and the same error."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native in ("data", "signed_data")
    except Exception:  # asn1crypto raises ValueError, TypeError or KeyError on foreign input
        return False


def _load_pkcs12(data: bytes, password: str) -> p12.PKCS12KeyAndCertificates:
    if not isinstance(data, bytes | bytearray) or not _looks_like_pkcs12(bytes(data)):
        raise _refuse(ERR_NOT_PKCS12)
    try:
        return p12.load_pkcs12(bytes(data), password.encode("utf-8") if password else None)
    except ValueError:
        raise _refuse(ERR_WRONG_PASSWORD) from None
    except Exception:  # an unsupported algorithm or a damaged file past its outer structure
        logger.info("PKCS#12 file refused by cryptography", exc_info=True)
        raise _refuse(ERR_NOT_PKCS12) from None


def _public_der(key) -> bytes:
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _usable(data: bytes, password: str, at: datetime | None = None) -> p12.PKCS12KeyAndCertificates:
    bundle = _load_pkcs12(data, password)
    if bundle.key is None:  # then OpenSSL cannot tell which certificate is the holder's: they are all "additional"
        raise _refuse(ERR_NO_PRIVATE_KEY)
    if bundle.cert is None:
        raise _refuse(ERR_NO_CERTIFICATE)
    certificate = bundle.cert.certificate
    if _public_der(bundle.key.public_key()) != _public_der(certificate.public_key()):
        raise _refuse(ERR_KEY_MISMATCH)
    moment = at or datetime.now(UTC)
    if moment > certificate.not_valid_after_utc:
        raise _refuse(ERR_EXPIRED)
    if moment < certificate.not_valid_before_utc:
        raise _refuse(ERR_NOT_YET_VALID)
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is None or not usage.digital_signature:
        raise _refuse(ERR_NO_DIGITAL_SIGNATURE)
    return bundle


def pkcs12_inspect(data: bytes, password: str, *, at: datetime | None = None) -> CertificateInfo:
    """What the PKCS#12 file holds, if it can sign today (or ``at``): a private key matching an unexpired certificate
    whose KeyUsage allows digitalSignature (a KeyUsage extension is required). Raises InvalidCredential otherwise."""
    certificate = _usable(data, password, at).cert.certificate
    return CertificateInfo(
        common_name=_attribute(certificate.subject, NameOID.COMMON_NAME),
        organisation=_attribute(certificate.subject, NameOID.ORGANIZATION_NAME),
        serial=format(certificate.serial_number, "x"),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        fingerprint=_fingerprint(certificate),
        issuer_common_name=_attribute(certificate.issuer, NameOID.COMMON_NAME),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
    )


# ------------------------------------------------------------------ secrets at rest


def _fernet_key(secret: str | bytes) -> bytes:
    material = secret.encode("utf-8") if isinstance(secret, str) else secret
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=SECRET_LABEL, info=SECRET_LABEL).derive(material)
    return base64.urlsafe_b64encode(derived)


def _secret_keys() -> list[str | bytes]:
    """settings.SIGNING_SECRET_KEYS when set and not empty (the first encrypts, all decrypt); otherwise SECRET_KEY
    then SECRET_KEY_FALLBACKS, so a Django key rotation done the Django way keeps old secrets readable."""
    keys = list(getattr(settings, "SIGNING_SECRET_KEYS", None) or ())
    if not keys:
        keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())]
    return keys


def _multifernet() -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(key)) for key in _secret_keys()])


def secret_seal(text: str) -> str:
    """A Fernet token (AES-128-CBC + HMAC-SHA256, ASCII) of the text, under the first key."""
    return _multifernet().encrypt(text.encode("utf-8")).decode("ascii")


def secret_open(token: str) -> str:
    """The text sealed in the token by any of the configured keys; InvalidCredential otherwise."""
    try:
        raw = token.encode("ascii") if isinstance(token, str) else bytes(token)
        return _multifernet().decrypt(raw).decode("utf-8")
    except (InvalidToken, UnicodeError, TypeError, ValueError):
        raise _refuse(ERR_SECRET_UNREADABLE) from None


def secret_reseal(token: str) -> str:
    """The same secret sealed under the first key (after adding a key in front of SIGNING_SECRET_KEYS)."""
    try:
        return _multifernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError, TypeError, ValueError):
        raise _refuse(ERR_SECRET_UNREADABLE) from None


# ------------------------------------------------------------------ signing


def _signer(bundle: p12.PKCS12KeyAndCertificates):
    """pyHanko's SimpleSigner from a PKCS#12 already opened (what SimpleSigner.load_pkcs12_data does, without
    running the password's key derivation a second time): the signer's key and certificate, the chain to embed."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))

    key_der = bundle.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return signers.SimpleSigner(
        signing_cert=asn1(bundle.cert.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([asn1(extra.certificate) for extra in bundle.additional_certs]),
    )


def off_loop(function, *args, **kwargs):
    """``function(*args, **kwargs)``, in a short-lived thread when this thread already runs an event loop (where
    ``asyncio.run`` refuses to start)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def pdf_sign(
    *,
    pdf: bytes,
    pkcs12: bytes,
    password: str,
    reason: str,
    location: str,
    name: str | None = None,
    field_name: str = "Signature1",
) -> tuple[bytes, datetime]:
    """The PDF with an invisible approval signature appended as an incremental update (PAdES baseline B,
    ETSI.CAdES.detached, SHA-256, the CA chain embedded), and the signing time written into it (/M; aware, UTC,
    whole seconds). Raises InvalidCredential for an unusable PKCS#12 file, InvalidDocument for an unusable PDF."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers

    signer = _signer(_usable(pkcs12, password))  # the clear refusals first: password, key, validity, usage
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=name,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        pdf_signer = signers.PdfSigner(metadata, signer, new_field_spec=fields.SigFieldSpec(sig_field_name=field_name))
        output = off_loop(pdf_signer.sign_pdf, writer)
        signed = output.getvalue()
        signature = PdfFileReader(io.BytesIO(signed)).embedded_regular_signatures[-1]
        signing_time = signature.self_reported_timestamp.astimezone(UTC)
    except Exception:
        logger.warning("pyHanko could not sign a PDF", exc_info=True)
        raise _refuse(ERR_PDF_UNSIGNABLE, InvalidDocument) from None
    return signed, signing_time


# ------------------------------------------------------------------ verifying


def _trust_roots(trust_roots_pem: list[bytes]) -> list:
    """asn1crypto certificates from PEM (one or several per item) or DER; what cannot be read is left out."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    roots = []
    for data in trust_roots_pem:
        try:
            ders = [der for _kind, _headers, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            for der in ders:
                certificate = asn1_x509.Certificate.load(der, strict=True)
                certificate.native  # noqa: B018 - parse it all now, not inside the validator
                roots.append(certificate)
        except Exception:
            logger.warning("a trust root could not be read and is ignored", exc_info=True)
    return roots


def _signer_details(embedded) -> dict:
    """Name, organisation and fingerprint of the signer's certificate, as far as they can be read."""
    try:
        certificate = x509.load_der_x509_certificate(embedded.signer_cert.dump())
        return {
            "signer_common_name": _attribute(certificate.subject, NameOID.COMMON_NAME),
            "signer_organisation": _attribute(certificate.subject, NameOID.ORGANIZATION_NAME),
            "fingerprint": _fingerprint(certificate),
        }
    except Exception:
        return {}


def _trust_problem(status) -> str:
    from pyhanko.sign.ades.report import AdESIndeterminate

    indication = status.trust_problem_indic
    if indication == AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
        return PROBLEM_UNTRUSTED
    if indication == AdESIndeterminate.OUT_OF_BOUNDS_NO_POE:
        return PROBLEM_CERTIFICATE_EXPIRED
    return PROBLEM_CERTIFICATE_REJECTED


def pdf_verify(*, pdf: bytes, trust_roots_pem: list[bytes]) -> VerificationResult:
    """Checks every signature of the PDF, now, offline, against exactly the given roots (never the system's).

    The booleans hold for *all* signatures; names, fingerprint and signing time are those of the last one.
    ``covers_whole_file``: nothing at all was appended after the last signature, and nothing but further signatures
    (or form filling) after the earlier ones (pyHanko's coverage level and difference analysis). A signer must have
    KeyUsage digitalSignature or nonRepudiation. Without a trusted timestamp (baseline B) a signature stops being
    trusted once the signer's certificate expires. Never raises: anything unexpected becomes a result with a
    ``problem``."""
    try:
        return off_loop(_verify, pdf, trust_roots_pem)
    except Exception:  # the last net: pdf_verify is fed files from anywhere
        logger.warning("PDF verification failed unexpectedly", exc_info=True)
        return VerificationResult(problem=PROBLEM_UNVERIFIABLE)


def _verify(pdf: bytes, trust_roots_pem: list[bytes]) -> VerificationResult:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(bytes(pdf)), strict=False)
        reader.root  # noqa: B018 - a file without a readable catalogue is no PDF
    except Exception:
        return VerificationResult(problem=PROBLEM_NOT_PDF)
    try:
        signatures = list(reader.embedded_regular_signatures)
    except Exception:  # a signature dictionary whose /Contents is not a CMS object pyHanko can parse
        logger.info("signatures could not be read", exc_info=True)
        return VerificationResult(signed=True, problem=PROBLEM_UNREADABLE_SIGNATURE)
    if not signatures:
        return VerificationResult(problem=PROBLEM_NO_SIGNATURE)

    roots = _trust_roots(trust_roots_pem)
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    intact = valid = trusted = True
    covers_whole_file = False
    covers_whole_file_so_far = True
    problems: list[str] = []
    details: dict = {}
    signing_time = None
    for index, embedded in enumerate(signatures):
        last = index == len(signatures) - 1
        if last:
            details = _signer_details(embedded)
        try:
            context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
            status = validate_pdf_signature(embedded, context, key_usage_settings=usage)
        except Exception:
            logger.info("signature %s could not be validated", index, exc_info=True)
            intact = valid = trusted = False
            problems.append(PROBLEM_UNREADABLE_SIGNATURE)
            continue
        if not status.intact:
            intact = False
            problems.append(PROBLEM_NOT_INTACT)
        elif not status.valid:
            valid = False
            problems.append(PROBLEM_INVALID)
        if not status.trusted:
            trusted = False
            if status.intact and status.valid:
                problems.append(_trust_problem(status))
        if last:
            covers_whole_file = covers_whole_file_so_far and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
            if status.signer_reported_dt is not None:
                signing_time = status.signer_reported_dt.astimezone(UTC)
        elif status.modification_level is None or status.modification_level > ModificationLevel.FORM_FILLING:
            covers_whole_file_so_far = False  # what came after an earlier signature is more than later signatures
    if not covers_whole_file:
        problems.append(PROBLEM_MODIFIED_AFTER)
    if not intact:
        valid = trusted = False  # a signature over bytes that changed vouches for nothing
    return VerificationResult(
        signed=True,
        intact=intact,
        valid=valid,
        trusted=trusted,
        covers_whole_file=covers_whole_file,
        signing_time=signing_time,
        problem=problems[0] if problems else "",
        signature_count=len(signatures),
        **details,
    )
