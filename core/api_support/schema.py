"""The OpenAPI schema's error responses, added to every operation by one rule instead of a
decorator on each view: a client generated from the schema then knows every status it can get.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

from core.api_support.caching import ConditionalGetMixin
from core.api_support.pagination import PageNumberPagination

ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong, in a sentence.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Each offending query parameter or field, with what is wrong with it; "
    "`detail` or `non_field_errors` when the problem is not one parameter's.",
    "additionalProperties": {
        "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
    "example": {"section": ["There is no section with the slug “wrld”."]},
}
CONFLICT_SCHEMA = {
    "type": "object",
    "description": "The story changed since the client read it, or its status does not allow "
    "the move asked for; nothing was saved.",
    "properties": {
        "detail": {"type": "string"},
        "current_version": {"type": "integer", "description": "The version now stored."},
        "current_status": {
            "type": "string",
            "description": "With a move the workflow does not have: the story's status now.",
        },
    },
    "required": ["detail", "current_version"],
}


class NewsroomAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status, description, schema in self._error_responses():
            if schema is None:
                responses.setdefault(status, {"description": description})
            else:
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": self._component(*schema)}},
                    },
                )
        return responses

    def _error_responses(self):
        """(status, description, (component name, schema) or None) for this operation."""
        error = ("Error", ERROR_SCHEMA)
        invalid = ("ValidationError", VALIDATION_ERROR_SCHEMA)
        is_item = not self._is_list_view() and self.method != "POST"
        errors = [("400", "Bad input: an unknown or malformed parameter or field.", invalid)]
        if self.method == "GET" and isinstance(self.view, ConditionalGetMixin):
            errors.append(("304", "Not modified: the copy the client holds is current.", None))
        if self.view.authentication_classes:  # the public API's views have none
            errors.append(("401", "No valid `Authorization: Bearer …` header.", error))
            errors.append(("403", "The account may not do this.", error))
        if is_item:
            errors.append(("404", "No such item (or not published).", error))
        elif self._is_list_view() and issubclass(
            getattr(self.view, "pagination_class", None) or object, PageNumberPagination
        ):
            errors.append(("404", "No such page: past the last one.", error))
        if self.method in {"PUT", "PATCH"}:
            errors.append(
                (
                    "409",
                    "Edit conflict: `version` is not the current one, or the story's status "
                    "does not allow the move.",
                    ("Conflict", CONFLICT_SCHEMA),
                )
            )
        errors.append(("429", "Too many requests: wait the `Retry-After` seconds.", error))
        return errors

    def _component(self, name, schema):
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return component.ref


def require_in_partial_updates(result, generator, request, public):
    """A postprocessing hook: drf-spectacular marks no field of a PATCH body as required, but
    some are even then (the desk's `version`). A serializer names them in
    `required_in_partial_updates`; this marks them required in its Patched… component, and the
    body itself required in the operations that take it (a PATCH with no body is refused)."""
    needs_a_body = set()
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.startswith("Patched"):
            continue
        serializer = generator.registry[(name, ResolvedComponent.SCHEMA)].object
        required = getattr(serializer, "required_in_partial_updates", ())
        if required:
            component["required"] = sorted({*component.get("required", ()), *required})
            needs_a_body.add(f"#/components/schemas/{name}")
    for operation in _operations(result):
        body = operation.get("requestBody", {})
        refs = {media.get("schema", {}).get("$ref") for media in body.get("content", {}).values()}
        if refs & needs_a_body:
            body["required"] = True
    return result


def _operations(result):
    for path in result.get("paths", {}).values():
        yield from (operation for operation in path.values() if isinstance(operation, dict))


# Text with no NUL character (Django's forms and DRF refuse it; PostgreSQL cannot store it).
NO_NUL_TEXT = r"^[^\u0000]*$"
# ... and something besides white space: what `str.strip()` removes, which is JSON Schema's
# `\s` plus the separators U+001C–U+001F and U+0085.
NOT_BLANK_TEXT = r"^[^\u0000]*[^\s\u0000\u001c-\u001f\u0085][^\u0000]*$"


def require_a_value_in_query_parameters(result, generator, request, public):
    """A postprocessing hook: every query parameter needs a value that is not blank.

    The API refuses `?section=`, `?q=%20` and `?ordering=` ("Give a value, or leave the
    parameter out": core/api_support/filters.py), and a NUL character in text; the schema
    says so, so a client generated from it, or a fuzzer, knows that an empty value is not a way
    of saying "no filter".
    """
    for operation in _operations(result):
        for parameter in operation.get("parameters", ()):
            schema = parameter.get("schema", {})
            if parameter.get("in") != "query":
                continue
            if schema.get("type") == "array":
                schema.setdefault("minItems", 1)  # `?ordering=` is an empty list
            elif schema.get("type") == "string" and not {"enum", "format"} & schema.keys():
                schema.setdefault("minLength", 1)
                schema.setdefault("pattern", NOT_BLANK_TEXT)
    return result


def refuse_nul_in_request_text(result, generator, request, public):
    """A postprocessing hook: no text field of a request body may hold a NUL character, as
    DRF's CharField (and PostgreSQL) refuse it; the schema says so."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request"):
            continue
        for field in component.get("properties", {}).values():
            if field.get("type") == "string" and not {"enum", "format"} & field.keys():
                field.setdefault("pattern", NO_NUL_TEXT)
    return result
