"""Errors as JSON a client can act on: which parameter or field was wrong, and why."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(APIException):
    """The request is well formed but would overwrite a change the client has not seen.

    Keyword arguments go into the body beside `detail`, as they are (a version stays a number).
    """

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The resource changed since you read it."
    default_code = "conflict"

    def __init__(self, detail=None, **data):
        super().__init__(detail)
        self.data = data


def exception_handler(exc, context):
    """DRF's handler, plus Django's own ValidationError (raised by models and services).

    Models and services speak Django (`full_clean()`, `article_transition()`); without this a
    rule they enforce would reach the client as a 500 instead of the 400 it is.
    """
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if isinstance(exc, Conflict) and response is not None:
        response.data.update(exc.data)
    return response
