"""The OpenAPI schema's error responses, added to every operation by one rule instead of a
decorator on each view: a client generated from the schema then knows every status it can get.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.authentication import TokenAuthentication

from newsroom.api_support.caching import ConditionalGetMixin

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
    "description": "The story changed since the client read it; nothing was saved.",
    "properties": {
        "detail": {"type": "string"},
        "current_version": {"type": "integer", "description": "The version now stored."},
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
        if any(issubclass(cls, TokenAuthentication) for cls in self.view.authentication_classes):
            errors.append(("401", "No valid `Authorization: Token …` header.", error))
            errors.append(("403", "The account may not do this.", error))
        if is_item:
            errors.append(("404", "No such item (or not published).", error))
        if self.method in {"PUT", "PATCH"}:
            errors.append(
                (
                    "409",
                    "Edit conflict: `version` is not the current one.",
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
    `required_in_partial_updates`; this marks them required in its Patched… component."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.startswith("Patched"):
            continue
        serializer = generator.registry[(name, ResolvedComponent.SCHEMA)].object
        required = getattr(serializer, "required_in_partial_updates", ())
        if required:
            component["required"] = sorted({*component.get("required", ()), *required})
    return result
