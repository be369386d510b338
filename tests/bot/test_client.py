import asyncio

import pytest

from mentormatch.bot.client import (
    BackendError,
    BackendUnavailable,
    MentorMatchAPI,
    _decode,
    professional_fields,
)
from tests.bot.conftest import free_closed_port


def test_a_json_object_answer_is_returned_as_it_is() -> None:
    assert _decode("review-stats", 200, '{"pending": 3}') == {"pending": 3}


def test_the_error_shape_becomes_a_backend_error_with_code_message_and_details() -> None:
    body = '{"error": {"code": "conflict", "message": "Taken.", "alternatives": ["x"]}}'
    with pytest.raises(BackendError) as caught:
        _decode("schedule-session", 409, body)
    assert (caught.value.status, caught.value.code, caught.value.message) == (409, "conflict", "Taken.")
    assert caught.value.details == {"alternatives": ["x"]}


def test_a_server_error_page_means_the_backend_is_unavailable() -> None:
    with pytest.raises(BackendUnavailable):
        _decode("pending-reviews", 502, "<html>Bad gateway</html>")


def test_a_json_list_is_not_an_api_answer() -> None:
    with pytest.raises(BackendUnavailable):
        _decode("pending-reviews", 200, "[1, 2]")


@pytest.mark.asyncio
async def test_a_closed_port_raises_backend_unavailable() -> None:
    api = MentorMatchAPI(base_url=f"http://127.0.0.1:{free_closed_port()}/api", secret="s", timeout_seconds=5)
    try:
        with pytest.raises(BackendUnavailable):
            await api.review_stats()
    finally:
        await api.close()


def test_the_endpoint_is_the_bot_route_under_the_api_url() -> None:
    api = MentorMatchAPI(base_url="http://127.0.0.1:8000/api/", secret="s")
    assert api.endpoint == "http://127.0.0.1:8000/api/bot/"


@pytest.mark.asyncio
async def test_cohort_actions_wait_longer_than_the_usual_timeout() -> None:
    """A run of the whole cohort may take the solver's full time limit: it must not count as unreachable."""
    body = b'{"run": {"id": 1, "requests": 0, "placed": 0}, "proposals": [], "unplaced": []}'

    async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        await asyncio.sleep(1.0)  # twice the client's usual timeout
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(slow, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    api = MentorMatchAPI(base_url=f"http://127.0.0.1:{port}/api", secret="s", timeout_seconds=0.5)
    try:
        with pytest.raises(BackendUnavailable, match="Timeout"):
            await api.pending_reviews()
        result = await api.auto_match(actor_discord_id="200000000000000001")
        assert (result.run.id, result.proposals) == (1, ())
    finally:
        await api.close()
        server.close()
        await server.wait_closed()


def test_a_professional_typed_as_hash_and_a_number_is_sent_as_their_id() -> None:
    assert professional_fields("#12") == {"professional_id": 12}
    assert professional_fields(" # 12 ") == {"professional_id": 12}


def test_a_professional_typed_as_a_name_is_sent_as_the_name() -> None:
    assert professional_fields("Dana Whitfield") == {"professional_name": "Dana Whitfield"}
    assert professional_fields("Dana #2") == {"professional_name": "Dana #2"}
