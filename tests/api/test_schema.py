"""The OpenAPI schema describes every endpoint, filter and error; the docs work offline."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

COLLECTIONS = [
    "articles",
    "sections",
    "people",
    "events",
    "agreements",
    "places",
    "countries",
    "organizations",
]


@pytest.fixture
def schema(api_client):
    response = api_client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn: an endpoint the generator cannot describe fully is a failure here.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))


def test_schema_lists_every_endpoint(schema):
    expected = {f"/api/{name}/" for name in COLLECTIONS} | {
        f"/api/{name}/{{slug}}/" for name in COLLECTIONS
    }
    expected |= {"/api/articles/{slug}/ninjs/", "/api/desk/articles/", "/api/desk/articles/{id}/"}
    expected |= {"/api/articles/{article_slug}/entries/"}  # a live story's (live/api/)
    assert set(schema["paths"]) == expected
    assert schema["openapi"].startswith("3.")


def parameter_names(operation):
    return {parameter["name"] for parameter in operation.get("parameters", [])}


def test_schema_describes_every_filter(schema):
    paths = schema["paths"]
    assert {
        "section",
        "person",
        "event",
        "agreement",
        "agency",
        "published_after",
        "published_before",
        "q",
        "ordering",
        "cursor",
        "page_size",
    } <= parameter_names(paths["/api/articles/"]["get"])
    assert {"date_after", "date_before", "person", "place", "kind", "status", "organization"} <= (
        parameter_names(paths["/api/events/"]["get"])
    )
    assert {"kind", "party", "party_status"} <= parameter_names(paths["/api/agreements/"]["get"])
    assert {"country", "organization", "q", "page", "page_size"} <= parameter_names(
        paths["/api/people/"]["get"]
    )
    page_size = next(
        p for p in paths["/api/people/"]["get"]["parameters"] if p["name"] == "page_size"
    )
    assert (page_size["schema"]["minimum"], page_size["schema"]["maximum"]) == (1, 100)


def test_schema_describes_the_errors(schema):
    paths = schema["paths"]
    for collection in COLLECTIONS:
        assert {"200", "400", "429"} <= set(paths[f"/api/{collection}/"]["get"]["responses"])
        assert {"200", "400", "404", "429"} <= set(
            paths[f"/api/{collection}/{{slug}}/"]["get"]["responses"]
        )
    assert {"201", "400", "401", "403"} <= set(paths["/api/desk/articles/"]["post"]["responses"])
    assert {"200", "400", "401", "403", "404", "409"} <= set(
        paths["/api/desk/articles/{id}/"]["patch"]["responses"]
    )
    ninjs = paths["/api/articles/{slug}/ninjs/"]["get"]
    assert ninjs["responses"]["200"]["content"]["application/json"]["schema"]["required"] == [
        "uri",
        "type",
        "standard",
    ]


def test_edits_must_send_the_version_even_as_a_patch(schema):
    components = schema["components"]["schemas"]
    for method in ["put", "patch"]:
        body = schema["paths"]["/api/desk/articles/{id}/"][method]["requestBody"]
        assert body["required"] is True, method  # a PATCH with no body at all is refused too
        name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        assert "version" in components[name]["required"], method
    assert "version" not in components["DeskArticleCreateRequest"]["required"]  # no version yet


def test_page_numbered_lists_document_the_404_past_the_last_page(schema):
    for collection in COLLECTIONS:
        responses = schema["paths"][f"/api/{collection}/"]["get"]["responses"]
        # Stories page with a cursor: there is no page past the last to ask for.
        assert ("404" in responses) is (collection != "articles"), collection


def test_a_new_story_offers_only_the_statuses_a_draft_can_reach(schema):
    components = schema["components"]["schemas"]

    def statuses(component):
        [enum] = components[component]["properties"]["status"]["allOf"]
        return sorted(components[enum["$ref"].rsplit("/", 1)[-1]]["enum"])

    every_status = ["draft", "in_review", "published", "withdrawn"]
    assert statuses("DeskArticleCreateRequest") == ["draft", "in_review", "published"]
    assert statuses("PatchedDeskArticleEditRequest") == every_status
    assert statuses("DeskArticle") == every_status  # what the desk reads


def text_query_parameters(schema):
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", ()):
                kind = parameter["schema"]
                is_text = kind.get("type") == "string" and not {"enum", "format"} & kind.keys()
                if parameter["in"] == "query" and is_text:
                    yield path, parameter


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("world", True),
        (" a ", True),
        ("", False),
        ("   ", False),
        ("\t\n", False),
        ("\x1e", False),
        ("\x85", False),
        ("\u3000", False),
        ("a\x00b", False),
    ],
)
def test_the_schema_allows_exactly_the_query_values_the_api_accepts(
    schema, api_client, value, accepted
):
    # The schema's pattern and the API's own rule (check_query_params) must agree, or a client
    # generated from the schema sends values the API refuses (schemathesis checks it in CI).
    parameters = list(text_query_parameters(schema))
    assert len(parameters) > 20
    for path, parameter in parameters:
        assert parameter["schema"]["minLength"] == 1
        allowed = re.search(parameter["schema"]["pattern"], value) is not None
        assert allowed is accepted, (path, parameter["name"], value)
    response = api_client.get("/api/articles/", {"q": value})
    assert (response.status_code == 200) is accepted, response.content


def test_the_desk_is_marked_as_needing_a_token(schema):
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert {"tokenAuth": []} in schema["paths"]["/api/desk/articles/"]["post"]["security"]
    assert schema["paths"]["/api/articles/"]["get"]["security"] == [{}]


def test_docs_load_only_this_sites_own_files(api_client):
    response = api_client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert not [source for source in sources if source.startswith(("http:", "https:", "//"))]
    for source in sources:
        assert api_client.get(source).status_code == 200, source
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def test_api_root_lists_the_collections_and_the_docs(api_client):
    root = api_client.get("/api/").json()
    for collection in COLLECTIONS:
        assert root[collection] == f"http://testserver/api/{collection}/"
    assert root["schema"] == "http://testserver/api/schema/"
    assert root["docs"] == "http://testserver/api/docs/"
