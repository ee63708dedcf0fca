"""The OpenAPI schema and the docs page."""

import re
from http import HTTPStatus

from django.utils.csp import CSP


def _schema(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == HTTPStatus.OK
    return response.json()


def test_the_schema_is_openapi_3_with_every_operation_exemplified(client, db):
    schema = _schema(client)

    assert schema["openapi"].startswith("3.")
    operations = [
        (path, method, op) for path, item in schema["paths"].items() for method, op in item.items()
    ]
    assert len(operations) >= 40
    for path, method, op in operations:
        assert path.startswith("/api/v1/"), path
        content = [
            media
            for response in op["responses"].values()
            for media in response.get("content", {}).values()
            if response is op["responses"].get(next(iter(op["responses"])))
        ]
        has_example = any("examples" in media for media in content)
        assert has_example, f"{method.upper()} {path} has no example"
        problem = op["responses"]["404"]["content"]["application/problem+json"]["schema"]
        assert problem == {"$ref": "#/components/schemas/Problem"}
        if method in {"post", "patch", "put"} and "requestBody" in op:
            body = op["requestBody"]["content"]["application/json"]
            assert "examples" in body, f"{method.upper()} {path} has no request example"


def test_the_schema_names_both_ways_to_authenticate(client, db):
    schemes = _schema(client)["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["scheme"] == "bearer"
    assert schemes["cookieAuth"]["in"] == "cookie"


def test_the_docs_page_has_no_inline_code_and_no_cdn(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/' in attrs and not body.strip() for attrs, body in scripts)
    assert "<style" not in html and " style=" not in html
    assert "http" not in html.replace('lang="en"', "")  # nothing from another host
    init = client.get("/api/docs/?script=")
    assert init.status_code == HTTPStatus.OK
    assert "SwaggerUIBundle" in init.content.decode()
    assert '"validatorUrl": null' in init.content.decode()  # no badge from validator.swagger.io


def test_the_docs_page_widens_the_policy_only_for_data_images(client, db, settings):
    settings.SECURE_CSP = {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.NONCE],
        "img-src": [CSP.SELF],
    }
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
    ]

    policy = client.get("/api/docs/")["Content-Security-Policy"]

    assert "img-src 'self' data:" in policy
    assert "script-src 'self'" in policy  # (Django adds the nonce only where a page uses it)
    assert "unsafe-inline" not in policy
    assert "data:" not in client.get("/api/v1/")["Content-Security-Policy"]


def test_the_api_root_links_everything(client, db):
    data = client.get("/api/v1/").json()
    assert data["docs"] == "http://testserver/api/docs/"
    assert data["challenge"] == "http://testserver/api/v1/challenges/"
