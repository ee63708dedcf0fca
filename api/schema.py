"""The OpenAPI description: every operation documents the problem-details answers it can give
(RFC 9457, `application/problem+json`), so a client generator, and Schemathesis, know them."""

import re

from drf_spectacular import openapi

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Not Found"},
        "status": {"type": "integer", "example": 404},
        "detail": {"type": "string", "example": "No such challenge."},
        "code": {"type": "string", "example": "not_found"},
        "instance": {"type": "string", "example": "/api/v1/challenges/999/"},
        "errors": {
            "type": "object",
            "description": "Validation errors: field name → messages.",
            "additionalProperties": True,
        },
    },
    "additionalProperties": True,
}

ERRORS = {
    "400": "Malformed JSON, a wrong type, an unknown field, a bad cursor or parameter.",
    "401": "No credentials where they are needed, or a revoked or expired token.",
    "403": "Not allowed: the site's permission rule, or a token without the write scope.",
    "404": "No such thing, or not one the caller may see.",
    "405": "This address does not take that method.",
    "406": "The client does not accept JSON.",
    "409": "An edit conflict: the other version and a diff are in the body.",
    "412": "If-Match names no version of this resource.",
    "413": "The body is too large.",
    "415": "The body is not JSON.",
    "428": "An edit without If-Match or base_revision.",
    "429": "Too many requests (Retry-After says how many seconds to wait).",
}
READ_ERRORS = ("400", "401", "403", "404", "405", "406", "429")
WRITE_ERRORS = ERRORS.keys()


class AutoSchema(openapi.AutoSchema):
    def get_operation_id(self):
        """`challenge_detail_patch`: the view's name and the method, unique by construction (the
        default, from the path, gives a list and its detail the same id)."""
        name = re.sub(r"(?<!^)(?=[A-Z])", "_", type(self.view).__name__).lower()
        return f"{name.removesuffix('_view')}_{self.method.lower()}"


def add_problem_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = READ_ERRORS if method in {"get", "head"} else WRITE_ERRORS
            for code in codes:
                operation["responses"].setdefault(
                    code,
                    {
                        "description": ERRORS[code],
                        "content": {"application/problem+json": {"schema": ref}},
                    },
                )
    return result
