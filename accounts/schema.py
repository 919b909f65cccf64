"""The API schema's description of the desk's tokens (drf-spectacular finds it by class)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class AccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.AccessTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token made in the desk (Sign-in and security › API tokens); "
            "`Authorization: Token …` is accepted too.",
        }
