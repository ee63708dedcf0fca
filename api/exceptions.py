"""The API's own error kinds (api/problems.py turns every error into a problem document)."""

from rest_framework import exceptions


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = (
        "Say which version you edited: send the ETag you read as `If-Match`, or the "
        "`base_revision` field."
    )
    default_code = "precondition_required"


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "edit_conflict"

    def __init__(self, detail, extra: dict):
        super().__init__(detail)
        self.extra = extra
