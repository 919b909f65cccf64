"""One way to split a list into pages, for every list on the site."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property

PER_PAGE = 20


class CappedPaginator(Paginator):
    """Pages over the first `max_count` rows of a list, counting no further.

    Counting every story of a section (125,000 at a million stories) costs 0.3 s on
    PostgreSQL; counting up to 1,001 costs milliseconds, and no reader pages through fifty
    pages of a list. `is_capped` says the list goes on: the archive by month reaches the rest.
    """

    max_count = 1000  # a subclass may count further (the archive's)

    @cached_property
    def counted(self):
        """Rows in the list, up to one past max_count."""
        if isinstance(self.object_list, QuerySet):
            # In the list's own order: the newest rows come first from the same index the
            # page is read from (unordered, PostgreSQL may scan far more to find any 1,001).
            return self.object_list.values("pk")[: self.max_count + 1].count()
        return len(self.object_list)

    @cached_property
    def count(self):
        return min(self.counted, self.max_count)

    @property
    def is_capped(self):
        return self.counted > self.max_count


def paginate(request, queryset, per_page=PER_PAGE, count=None):
    """The page of `queryset` that `?page=` asks for.

    A page that does not exist ("?page=abc", "?page=0", past the end) is a 404, as in
    Django's generic list views: a crawler then stops, and no address shows the same list
    twice. An empty list still has its first page. `count`: how many rows the list has, when
    it is known without counting them (a table kept in step: articles/story_index.py).
    """
    paginator = CappedPaginator(queryset, per_page, allow_empty_first_page=True)
    if count is not None:
        paginator.counted = min(count, paginator.max_count + 1)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(f"No such page: {error}") from error
