"""A list asked for without any filter skips django-filter (core/api_support/filters.py):
for that to change nothing, every FilterSet must accept no data and leave the list as it is."""

import pytest

from core.api_support.filters import StrictFilterBackend
from live.api.views import LiveEntryViewSet
from newsroom.api import router

pytestmark = pytest.mark.django_db

VIEWSETS = [viewset for _, viewset, _ in router.registry] + [LiveEntryViewSet]
FILTERED = [
    viewset
    for viewset in VIEWSETS
    if StrictFilterBackend in viewset.filter_backends and viewset.filterset_class
]


def test_every_filtered_list_is_covered():
    assert len(FILTERED) >= 10  # stories, the desk's, sections, the world's six, live entries


@pytest.mark.parametrize("viewset", FILTERED, ids=lambda viewset: viewset.__name__)
def test_a_filterset_given_nothing_changes_nothing(viewset):
    filterset_class = viewset.filterset_class
    everything = filterset_class._meta.model._default_manager.all()
    filterset = filterset_class(data={}, queryset=everything)
    assert filterset.is_valid(), filterset.errors
    assert str(filterset.qs.query) == str(everything.query)
