import pytest

from mentormatch.bot.client import BackendError, BackendUnavailable, MentorMatchAPI, _decode
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
