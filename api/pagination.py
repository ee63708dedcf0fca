"""Cursor pagination for the long lists: stable under inserts, constant cost per page, and a
cursor that is opaque to clients. A tampered cursor is a 400, never a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError


class CursorPagination(pagination.CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-created_at"
    invalid_cursor_message = "That cursor is not one this list gave out."

    def paginate_queryset(self, queryset, request, view=None):
        self.ordering = getattr(view, "ordering", self.ordering)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise ValidationError({"cursor": [self.invalid_cursor_message]}) from None
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            raise ValidationError({"cursor": [self.invalid_cursor_message]}) from None

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)


class PageNumberPagination(pagination.PageNumberPagination):
    """For search, whose ranked results are not a queryset (and are capped at 1,000)."""

    page_size = 20

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 10_000:
            raise ValidationError({"page": ["A page number from 1."]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise ValidationError({"page": ["There is no such page of results."]}) from None
