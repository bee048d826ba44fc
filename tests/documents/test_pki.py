"""Certificates and PAdES signatures (documents.pki): a demo CA issues a commune's certificate, a WeasyPrint PDF is
signed with it and verified offline, and every kind of bad input is refused with a clear message, never a crash."""

import io
import os
import socket
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12 as p12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from documents import pki
from documents.pki import InvalidCredential, InvalidDocument
from documents.rendering import html_to_pdf

COMMUNE = "ỦY BAN NHÂN DÂN XÃ CAO LÂU"
DISTRICT = "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"


@pytest.fixture(scope="module")
def ca():
    cert_pem, key_pem = pki.ca_create(common_name="CA Thi đua Lạng Sơn", organisation="Sở Nội vụ tỉnh Lạng Sơn")
    return cert_pem, key_pem


@pytest.fixture(scope="module")
def other_ca():
    return pki.ca_create(common_name="CA khác")


@pytest.fixture(scope="module")
def credential(ca):
    cert_pem, key_pem = ca
    return pki.certificate_issue(
        ca_cert_pem=cert_pem,
        ca_key_pem=key_pem,
        common_name=COMMUNE,
        organisation=DISTRICT,
        locality="Cao Lâu",
        province="Lạng Sơn",
        email="ubnd@caolau.langson.gov.vn",
    )


@pytest.fixture(scope="module")
def pdf():
    return html_to_pdf("<p>Xin chào</p>")


@pytest.fixture
def no_network(monkeypatch):
    """Signing and verifying never open a connection (no timestamp server, no OCSP, no CRL)."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="module")
def signed(pdf, credential):
    data, password = credential
    return pki.pdf_sign(pdf=pdf, pkcs12=data, password=password, reason="Ban hành văn bản", location="Cao Lâu")


def _issue(ca, **kwargs):
    cert_pem, key_pem = ca
    values = {"common_name": COMMUNE, "organisation": DISTRICT, "locality": "Cao Lâu", "province": "Lạng Sơn"}
    return pki.certificate_issue(ca_cert_pem=cert_pem, ca_key_pem=key_pem, **(values | kwargs))


def _handmade_pkcs12(ca, *, key_usage: x509.KeyUsage | None, with_key: bool = True) -> bytes:
    """A PKCS#12 that certificate_issue would never make: for the refusals."""
    ca_cert = x509.load_pem_x509_certificate(ca[0])
    ca_key = serialization.load_pem_private_key(ca[1], password=None)
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, COMMUNE)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
    )
    if key_usage is not None:
        builder = builder.add_extension(key_usage, critical=True)
    cert = builder.sign(ca_key, hashes.SHA256())
    return p12.serialize_key_and_certificates(
        b"x", key if with_key else None, cert, None, serialization.BestAvailableEncryption(b"pw")
    )


def _usage(**flags) -> x509.KeyUsage:
    names = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    )
    return x509.KeyUsage(**{name: flags.get(name, False) for name in names})


def _content_stream_offset(pdf: bytes) -> int:
    """Where the first page's content stream data starts in the file."""
    reader = PdfFileReader(io.BytesIO(pdf))
    contents = reader.root["/Pages"]["/Kids"][0].get_object().raw_get("/Contents")
    header = f"\n{contents.idnum} {contents.generation} obj".encode()
    start = pdf.index(b"stream", pdf.index(header))
    return start + len(b"stream\n")


# ------------------------------------------------------------------ CA and certificates


def test_ca_has_the_extensions_of_a_ca(ca):
    cert = x509.load_pem_x509_certificate(ca[0])
    assert cert.subject == cert.issuer
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign and not usage.digital_signature
    assert cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    key = serialization.load_pem_private_key(ca[1], password=None)  # unencrypted, documented: the caller seals it
    assert key.public_key() == cert.public_key()


def test_issued_certificate_inspects(ca, credential):
    data, password = credential
    info = pki.pkcs12_inspect(data, password)
    assert info.common_name == COMMUNE and info.organisation == DISTRICT
    assert info.issuer_common_name == "CA Thi đua Lạng Sơn"
    assert info.not_before.tzinfo is not None and info.not_after.tzinfo is not None
    assert info.not_before < datetime.now(UTC) < info.not_after
    assert timedelta(days=1094) < info.not_after - info.not_before < timedelta(days=1096)
    cert = x509.load_pem_x509_certificate(info.certificate_pem)
    assert info.fingerprint == cert.fingerprint(hashes.SHA256()).hex() and len(info.fingerprint) == 64
    assert int(info.serial, 16) == cert.serial_number
    assert len(password) >= 24


def test_issued_certificate_has_signing_extensions_and_the_chain(ca, credential):
    data, password = credential
    bundle = p12.load_pkcs12(data, password.encode())
    cert = bundle.cert.certificate
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    purposes = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert pki.EKU_DOCUMENT_SIGNING in purposes
    ca_cert = x509.load_pem_x509_certificate(ca[0])
    aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
    assert aki == ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    assert [c.certificate for c in bundle.additional_certs] == [ca_cert]
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.RFC822Name) == ["ubnd@caolau.langson.gov.vn"]
    assert cert.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "VN"
    assert cert.subject.get_attributes_for_oid(NameOID.STATE_OR_PROVINCE_NAME)[0].value == "Lạng Sơn"


def test_vietnamese_names_are_utf8_strings(credential):
    data, password = credential
    der = p12.load_pkcs12(data, password.encode()).cert.certificate.public_bytes(serialization.Encoding.DER)
    encodings = {}
    for rdn in asn1_x509.Certificate.load(der).subject.chosen:
        for attribute in rdn:
            value = attribute["value"]
            encodings[attribute["type"].native] = value.name  # the chosen alternative of DirectoryString
            if attribute["type"].native == "common_name":
                assert value.chosen.contents.decode("utf-8") == COMMUNE
    assert encodings["common_name"] == encodings["organization_name"] == "utf8_string"
    assert encodings["locality_name"] == encodings["state_or_province_name"] == "utf8_string"
    assert encodings["country_name"] == "printable_string"


@pytest.mark.filterwarnings("ignore:Attribute's length must be")  # pytest resets the filter documents.pki sets
def test_long_vietnamese_name_counts_characters_not_bytes(ca):
    name = "ỦY BAN NHÂN DÂN THỊ TRẤN NÔNG TRƯỜNG MỘC CHÂU, TỈNH SƠN LA"  # 57 characters, 76 bytes in UTF-8
    assert len(name) <= 64 < len(name.encode())
    data, password = _issue(ca, common_name=name)
    assert pki.pkcs12_inspect(data, password).common_name == name
    with pytest.raises(ValueError, match="64 characters"):
        _issue(ca, common_name="Ủ" * 65)


def test_certificate_never_outlives_its_ca(ca):
    cert_pem, key_pem = pki.ca_create(common_name="CA ngắn hạn", days=30)
    data, password = _issue((cert_pem, key_pem), days=3650)
    info = pki.pkcs12_inspect(data, password)
    assert info.not_after == x509.load_pem_x509_certificate(cert_pem).not_valid_after_utc


# ------------------------------------------------------------------ refusals


def test_wrong_password(credential):
    data, _password = credential
    for wrong in ("sai-mat-khau", ""):
        with pytest.raises(InvalidCredential) as error:
            pki.pkcs12_inspect(data, wrong)
        assert error.value.msgid == pki.ERR_WRONG_PASSWORD
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(
    "data", [b"", b"not a certificate", os.urandom(2048), b"%PDF-1.7\n", b"-----BEGIN CERTIFICATE-----\n"]
)
def test_not_a_pkcs12_file(data):
    with pytest.raises(InvalidCredential) as error:
        pki.pkcs12_inspect(data, "x")
    assert error.value.msgid == pki.ERR_NOT_PKCS12


def test_a_certificate_is_not_a_pkcs12_file(ca):
    der = x509.load_pem_x509_certificate(ca[0]).public_bytes(serialization.Encoding.DER)
    for data in (ca[0], der):
        with pytest.raises(InvalidCredential) as error:
            pki.pkcs12_inspect(data, "x")
        assert error.value.msgid == pki.ERR_NOT_PKCS12


def test_expired_certificate(ca):
    data, password = _issue(ca, valid_from=datetime.now(UTC) - timedelta(days=400), days=365)
    with pytest.raises(InvalidCredential) as error:
        pki.pkcs12_inspect(data, password)
    assert error.value.msgid == pki.ERR_EXPIRED


def test_certificate_not_valid_yet(ca):
    data, password = _issue(ca, valid_from=datetime.now(UTC) + timedelta(days=10))
    with pytest.raises(InvalidCredential) as error:
        pki.pkcs12_inspect(data, password)
    assert error.value.msgid == pki.ERR_NOT_YET_VALID
    assert pki.pkcs12_inspect(data, password, at=datetime.now(UTC) + timedelta(days=11)).common_name == COMMUNE


def test_pkcs12_without_private_key(ca):
    data = _handmade_pkcs12(ca, key_usage=_usage(digital_signature=True), with_key=False)
    with pytest.raises(InvalidCredential) as error:
        pki.pkcs12_inspect(data, "pw")
    assert error.value.msgid == pki.ERR_NO_PRIVATE_KEY


@pytest.mark.parametrize("key_usage", [_usage(key_encipherment=True), _usage(content_commitment=True), None])
def test_key_without_digital_signature_usage(ca, key_usage):
    data = _handmade_pkcs12(ca, key_usage=key_usage)
    with pytest.raises(InvalidCredential) as error:
        pki.pkcs12_inspect(data, "pw")
    assert error.value.msgid == pki.ERR_NO_DIGITAL_SIGNATURE


def test_refusal_message_is_translated_at_raise_time(credential, settings):
    from django.utils import translation

    with translation.override("en"), pytest.raises(InvalidCredential) as error:
        pki.pkcs12_inspect(credential[0], "sai")
    assert str(error.value) == pki.ERR_WRONG_PASSWORD


# ------------------------------------------------------------------ secrets at rest


def test_secret_round_trip(settings):
    settings.SIGNING_SECRET_KEYS = None
    token = pki.secret_seal("mật khẩu: Ab-12")
    assert "Ab-12" not in token and token.isascii()
    assert pki.secret_open(token) == "mật khẩu: Ab-12"
    assert pki.secret_seal("x") != pki.secret_seal("x")  # random IV


def test_tampered_token(settings):
    settings.SIGNING_SECRET_KEYS = ["khoá-một"]
    token = pki.secret_seal("bí mật")
    tampered = token[:20] + ("A" if token[20] != "A" else "B") + token[21:]
    for bad in (tampered, token[:-4], "", "not a token", "ký tự lạ"):
        with pytest.raises(InvalidCredential) as error:
            pki.secret_open(bad)
        assert error.value.msgid == pki.ERR_SECRET_UNREADABLE


def test_token_from_another_secret_key(settings):
    settings.SIGNING_SECRET_KEYS = []
    settings.SECRET_KEY = "secret-key-a"
    token = pki.secret_seal("bí mật")
    settings.SECRET_KEY = "secret-key-b"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(InvalidCredential) as error:
        pki.secret_open(token)
    assert error.value.msgid == pki.ERR_SECRET_UNREADABLE
    settings.SECRET_KEY_FALLBACKS = ["secret-key-a"]  # Django's own rotation keeps it readable
    assert pki.secret_open(token) == "bí mật"


def test_signing_secret_keys_take_precedence_over_secret_key(settings):
    settings.SIGNING_SECRET_KEYS = None
    under_secret_key = pki.secret_seal("bí mật")
    settings.SIGNING_SECRET_KEYS = ["khoá-riêng"]
    with pytest.raises(InvalidCredential):
        pki.secret_open(under_secret_key)
    assert pki.secret_open(pki.secret_seal("bí mật")) == "bí mật"


def test_key_rotation(settings):
    settings.SIGNING_SECRET_KEYS = ["khoá-cũ"]
    old = pki.secret_seal("bí mật")
    settings.SIGNING_SECRET_KEYS = ["khoá-mới", "khoá-cũ"]
    assert pki.secret_open(old) == "bí mật"  # old tokens still open
    new = pki.secret_seal("bí mật")
    resealed = pki.secret_reseal(old)
    settings.SIGNING_SECRET_KEYS = ["khoá-mới"]  # the old key retired
    assert pki.secret_open(new) == pki.secret_open(resealed) == "bí mật"
    with pytest.raises(InvalidCredential):
        pki.secret_open(old)


def test_sealed_pkcs12_password_and_ca_key_work(settings, ca, pdf):
    settings.SIGNING_SECRET_KEYS = ["khoá"]
    sealed_key = pki.secret_seal(ca[1].decode())
    data, password = pki.certificate_issue(
        ca_cert_pem=ca[0],
        ca_key_pem=pki.secret_open(sealed_key).encode(),
        common_name="ỦY BAN NHÂN DÂN XÃ THẠCH ĐẠN",
        organisation=DISTRICT,
        locality="Thạch Đạn",
        province="Lạng Sơn",
    )
    sealed_password = pki.secret_seal(password)
    info = pki.pkcs12_inspect(data, pki.secret_open(sealed_password))
    assert info.common_name == "ỦY BAN NHÂN DÂN XÃ THẠCH ĐẠN"


# ------------------------------------------------------------------ signing and verifying


def test_signed_pdf_verifies(ca, signed, no_network):
    data, when = signed
    assert data.startswith(b"%PDF")
    result = pki.pdf_verify(pdf=data, trust_roots_pem=[ca[0]])
    assert result.signed and result.intact and result.valid and result.trusted and result.covers_whole_file
    assert result.ok and result.problem == "" and result.signature_count == 1
    assert result.signer_common_name == COMMUNE and result.signer_organisation == DISTRICT
    assert result.signing_time == when and when.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - when) < timedelta(minutes=2)


def test_sign_and_verify_touch_no_network(ca, credential, pdf, no_network):
    data, password = credential
    signed_pdf, _when = pki.pdf_sign(pdf=pdf, pkcs12=data, password=password, reason="r", location="l", name="Chủ tịch")
    assert pki.pdf_verify(pdf=signed_pdf, trust_roots_pem=[ca[0]]).ok


def test_signature_fingerprint_is_the_certificate_one(ca, credential, signed):
    result = pki.pdf_verify(pdf=signed[0], trust_roots_pem=[ca[0]])
    assert result.fingerprint == pki.pkcs12_inspect(*credential).fingerprint


def test_signed_pdf_validates_with_pyhanko_against_the_demo_ca(ca, signed):
    reader = PdfFileReader(io.BytesIO(signed[0]))
    (embedded,) = reader.embedded_signatures
    assert embedded.sig_object["/SubFilter"] == SigSeedSubFilter.PADES.value
    assert embedded.sig_object["/Reason"] == "Ban hành văn bản" and embedded.sig_object["/Location"] == "Cao Lâu"
    ca_der = x509.load_pem_x509_certificate(ca[0]).public_bytes(serialization.Encoding.DER)
    assert ca_der in [cert.dump() for cert in embedded.other_embedded_certs]  # the chain is embedded
    root = asn1_x509.Certificate.load(ca_der)
    context = ValidationContext(trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail")
    status = pki.off_loop(validate_pdf_signature, embedded, context)  # defaults: nonRepudiation required
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"
    assert status.signing_cert.subject.native["common_name"] == COMMUNE


def test_same_pdf_against_another_ca_is_not_trusted(signed, other_ca):
    result = pki.pdf_verify(pdf=signed[0], trust_roots_pem=[other_ca[0]])
    assert result.signed and result.intact and result.valid and not result.trusted
    assert result.problem == pki.PROBLEM_UNTRUSTED
    assert result.signer_common_name == COMMUNE  # still says who signed
    assert not pki.pdf_verify(pdf=signed[0], trust_roots_pem=[]).trusted  # no roots: never the system's


def test_one_byte_changed_in_the_signed_content(ca, signed):
    data = bytearray(signed[0])
    offset = _content_stream_offset(bytes(data)) + 10
    data[offset] ^= 0x01
    result = pki.pdf_verify(pdf=bytes(data), trust_roots_pem=[ca[0]])
    assert result.signed and not result.intact and not result.valid and not result.trusted
    assert result.problem == pki.PROBLEM_NOT_INTACT


def test_appended_incremental_update_is_seen(ca, signed):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed[0]))
    writer.root["/ThiDuaNote"] = generic.TextStringObject("sửa sau khi ký")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    result = pki.pdf_verify(pdf=out.getvalue(), trust_roots_pem=[ca[0]])
    assert result.signed and result.intact and result.valid and result.trusted
    assert not result.covers_whole_file and not result.ok
    assert result.problem == pki.PROBLEM_MODIFIED_AFTER


def test_bytes_appended_after_signing_are_seen(ca, signed):
    result = pki.pdf_verify(pdf=signed[0] + b"\n% appended\n", trust_roots_pem=[ca[0]])
    assert result.intact and not result.covers_whole_file


@pytest.mark.parametrize("data", [b"", os.urandom(4096), b"%PDF-1.7\n%%EOF", None])
def test_garbage_is_not_signed_and_never_raises(ca, data):
    result = pki.pdf_verify(pdf=data, trust_roots_pem=[ca[0]])
    assert not result.signed and not result.intact and not result.trusted
    assert result.problem == pki.PROBLEM_NOT_PDF


def test_truncated_signed_pdf_never_raises(ca, signed):
    for cut in (len(signed[0]) // 2, len(signed[0]) - 40, 200):
        result = pki.pdf_verify(pdf=signed[0][:cut], trust_roots_pem=[ca[0]])
        assert not result.intact and not result.ok and result.problem


def test_unsigned_pdf(ca, pdf):
    result = pki.pdf_verify(pdf=pdf, trust_roots_pem=[ca[0]])
    assert not result.signed and not result.intact and result.problem == pki.PROBLEM_NO_SIGNATURE


def test_bad_trust_roots_are_ignored(ca, signed):
    result = pki.pdf_verify(pdf=signed[0], trust_roots_pem=[b"not a certificate"])
    assert not result.trusted and result.problem == pki.PROBLEM_UNTRUSTED
    ca_der = x509.load_pem_x509_certificate(ca[0]).public_bytes(serialization.Encoding.DER)
    assert pki.pdf_verify(pdf=signed[0], trust_roots_pem=[b"rubbish", ca_der]).trusted  # DER is read too


def _flip_hex_digit(data: bytes, offset: int) -> bytes:
    flipped = bytearray(data)
    flipped[offset] = ord("1") if flipped[offset] != ord("1") else ord("2")
    return bytes(flipped)


def test_damaged_signature_structure(ca, signed):
    data = _flip_hex_digit(signed[0], signed[0].index(b"/Contents <") + len(b"/Contents <") + 3)
    result = pki.pdf_verify(pdf=data, trust_roots_pem=[ca[0]])
    assert result.signed and not result.intact and not result.trusted
    assert result.problem == pki.PROBLEM_UNREADABLE_SIGNATURE


def test_forged_signature_value(ca, signed):
    """The signed bytes are untouched (intact) but the ECDSA value no longer matches them (not valid)."""
    (embedded,) = PdfFileReader(io.BytesIO(signed[0])).embedded_signatures
    value = embedded.signer_info["signature"].native.hex().encode()
    offset = signed[0].lower().index(value) + len(value) - 6
    result = pki.pdf_verify(pdf=_flip_hex_digit(signed[0], offset), trust_roots_pem=[ca[0]])
    assert result.signed and result.intact and not result.valid and not result.trusted
    assert result.problem == pki.PROBLEM_INVALID


def test_two_signatures(ca, credential, signed):
    data, password = _issue(ca, common_name=DISTRICT, organisation="ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN")
    twice, _when = pki.pdf_sign(
        pdf=signed[0], pkcs12=data, password=password, reason="Phê duyệt", location="Cao Lộc", field_name="Signature2"
    )
    result = pki.pdf_verify(pdf=twice, trust_roots_pem=[ca[0]])
    assert result.ok and result.signature_count == 2 and result.signer_common_name == DISTRICT
    with pytest.raises(InvalidDocument):  # the field is already signed
        pki.pdf_sign(pdf=signed[0], pkcs12=data, password=password, reason="r", location="l")


def test_change_between_two_signatures_is_seen(ca, signed):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed[0]))
    writer.root["/ThiDuaNote"] = generic.TextStringObject("sửa giữa hai chữ ký")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    data, password = _issue(ca, common_name=DISTRICT)
    twice, _when = pki.pdf_sign(
        pdf=out.getvalue(), pkcs12=data, password=password, reason="r", location="l", field_name="Signature2"
    )
    result = pki.pdf_verify(pdf=twice, trust_roots_pem=[ca[0]])
    assert result.intact and result.valid and result.trusted and result.signature_count == 2
    assert not result.covers_whole_file and result.problem == pki.PROBLEM_MODIFIED_AFTER


def test_expired_signer_certificate_is_not_trusted(ca, pdf):
    """pdf_sign refuses an expired certificate; a PDF signed elsewhere with one verifies as expired."""
    data, password = _issue(ca, valid_from=datetime.now(UTC) - timedelta(days=40), days=30)
    with pytest.raises(InvalidCredential) as error:
        pki.pdf_sign(pdf=pdf, pkcs12=data, password=password, reason="r", location="l")
    assert error.value.msgid == pki.ERR_EXPIRED
    signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password.encode())
    meta = signers.PdfSignatureMetadata(field_name="Signature1", subfilter=SigSeedSubFilter.PADES)
    out = pki.off_loop(signers.sign_pdf, IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer)
    result = pki.pdf_verify(pdf=out.getvalue(), trust_roots_pem=[ca[0]])
    assert result.intact and result.valid and not result.trusted
    assert result.problem == pki.PROBLEM_CERTIFICATE_EXPIRED


def test_sign_refuses_bad_credentials_and_bad_pdfs(credential, pdf):
    data, password = credential
    with pytest.raises(InvalidCredential) as error:
        pki.pdf_sign(pdf=pdf, pkcs12=data, password="sai", reason="r", location="l")
    assert error.value.msgid == pki.ERR_WRONG_PASSWORD
    for bad in (b"", b"not a pdf", pdf[: len(pdf) // 2]):
        with pytest.raises(InvalidDocument) as error:
            pki.pdf_sign(pdf=bad, pkcs12=data, password=password, reason="r", location="l")
        assert error.value.msgid == pki.ERR_PDF_UNSIGNABLE
