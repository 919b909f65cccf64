"""One way to split a list into pages, for every list on the site."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

PER_PAGE = 20


def paginate(request, queryset, per_page=PER_PAGE):
    """The page of `queryset` that `?page=` asks for.

    A page that does not exist ("?page=abc", "?page=0", past the end) is a 404, as in
    Django's generic list views: a crawler then stops, and no address shows the same list
    twice. An empty list still has its first page.
    """
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(f"No such page: {error}") from error
