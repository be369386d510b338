import pytest
from django.test import Client


@pytest.mark.django_db
def test_health_reports_ok_and_the_database_in_use(client: Client) -> None:
    response = client.get("/api/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_schema_is_served_without_login(client: Client) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi" in response.content
