"""The signature check shared with the Apps Script: what passes, and why everything else fails."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from pathlib import Path

import pytest

from mentormatch.intake.signing import SignatureError, has_signature, sign, verify_signature

SECRET = "a-long-random-secret"
BODY = b'{"form_type":"professional_availability","response_id":"r1","responses":{"Full Name":"Jane Doe"}}'
SENT = 1_796_137_205
FIXTURES = Path(__file__).parent / "fixtures" / "appscript"


def _verify(
    headers: dict[str, str], *, body: bytes = BODY, now: float = SENT + 2, max_age: int = 300
) -> None:
    verify_signature(headers=headers, body=body, secret=SECRET, now=now, max_age=max_age)


def _code(headers: dict[str, str], **kwargs: object) -> str:
    with pytest.raises(SignatureError) as caught:
        _verify(headers, **kwargs)  # type: ignore[arg-type]
    return caught.value.code


def test_it_accepts_a_body_signed_with_the_secret() -> None:
    _verify(sign(BODY, SECRET, SENT))


def test_its_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    expected = hmac.new(SECRET.encode(), f"{SENT}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert sign(BODY, SECRET, SENT) == {
        "X-Mentormatch-Timestamp": str(SENT),
        "X-Mentormatch-Signature": f"sha256={expected}",
    }


def test_it_reads_headers_in_any_case() -> None:
    headers = {key.lower(): value for key, value in sign(BODY, SECRET, SENT).items()}
    _verify(headers)


def test_it_accepts_an_aware_datetime_as_now() -> None:
    now = dt.datetime.fromtimestamp(SENT + 10, tz=dt.UTC)
    verify_signature(headers=sign(BODY, SECRET, SENT), body=BODY, secret=SECRET, now=now)


def test_it_refuses_a_body_changed_after_signing() -> None:
    assert _code(sign(BODY, SECRET, SENT), body=BODY.replace(b"Jane", b"Joan")) == "bad_signature"


def test_it_refuses_a_signature_made_with_another_secret() -> None:
    assert _code(sign(BODY, "another-secret", SENT)) == "bad_signature"


def test_it_refuses_a_timestamp_moved_after_signing() -> None:
    headers = sign(BODY, SECRET, SENT)
    headers["X-Mentormatch-Timestamp"] = str(SENT + 1)
    assert _code(headers) == "bad_signature"


def test_it_refuses_a_timestamp_older_than_the_window() -> None:
    assert _code(sign(BODY, SECRET, SENT), now=SENT + 301) == "expired_signature"


def test_it_accepts_a_timestamp_at_the_edge_of_the_window() -> None:
    _verify(sign(BODY, SECRET, SENT), now=SENT + 300)


def test_it_refuses_a_timestamp_far_in_the_future() -> None:
    assert _code(sign(BODY, SECRET, SENT), now=SENT - 301) == "expired_signature"


def test_it_refuses_a_delivery_without_a_timestamp() -> None:
    headers = sign(BODY, SECRET, SENT)
    del headers["X-Mentormatch-Timestamp"]
    assert _code(headers) == "missing_signature"


def test_it_refuses_a_delivery_without_a_signature() -> None:
    assert _code({"X-Mentormatch-Timestamp": str(SENT)}) == "missing_signature"


@pytest.mark.parametrize("timestamp", ["soon", "1796137205.5", "-1796137205", "١٧٩٦١٣٧٢٠٥", "9" * 40])
def test_it_refuses_a_timestamp_that_is_not_unix_seconds(timestamp: str) -> None:
    headers = sign(BODY, SECRET, SENT) | {"X-Mentormatch-Timestamp": timestamp}
    assert _code(headers) == "malformed_signature"


@pytest.mark.parametrize("signature", ["deadbeef", "sha1=" + "0" * 64, "sha256=" + "z" * 64, "sha256="])
def test_it_refuses_a_signature_that_is_not_sha256_hex(signature: str) -> None:
    headers = sign(BODY, SECRET, SENT) | {"X-Mentormatch-Signature": signature}
    assert _code(headers) == "malformed_signature"


def test_it_accepts_upper_case_hex() -> None:
    headers = sign(BODY, SECRET, SENT)
    headers["X-Mentormatch-Signature"] = "sha256=" + headers["X-Mentormatch-Signature"][7:].upper()
    _verify(headers)


def test_it_refuses_everything_when_no_secret_is_configured() -> None:
    with pytest.raises(SignatureError) as caught:
        verify_signature(headers=sign(BODY, "", SENT), body=BODY, secret="", now=SENT)
    assert caught.value.code == "not_configured"


def test_its_messages_never_contain_the_expected_signature() -> None:
    good = sign(BODY, SECRET, SENT)["X-Mentormatch-Signature"]
    with pytest.raises(SignatureError) as caught:
        _verify(sign(BODY, "wrong", SENT))
    assert good[7:] not in str(caught.value)


def test_it_tells_a_signed_request_from_a_shared_secret_one() -> None:
    assert has_signature({"x-mentormatch-signature": "sha256=00"})
    assert not has_signature({"X-Form-Secret": SECRET})


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_it_accepts_every_delivery_the_apps_script_recorded(path: Path) -> None:
    fixture = json.loads(path.read_text())
    headers = fixture["headers"]
    verify_signature(
        headers=headers,
        body=fixture["body"].encode("utf-8"),
        secret=fixture["secret"],
        now=int(headers["X-Mentormatch-Timestamp"]) + 1,
    )


def test_the_apps_script_fixtures_exist() -> None:
    assert {p.stem for p in FIXTURES.glob("*.json")} >= {"professional_availability", "review_request"}
