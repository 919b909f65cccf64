from django.urls import path

from core.caching import public_page
from events import views

app_name = "events"

urlpatterns = [
    path("people/", public_page(views.person_list), name="person_list"),
    path("people/<slug:slug>/", public_page(views.person_detail), name="person_detail"),
    path("events/", public_page(views.event_list), name="event_list"),
    path("events.ics", public_page(views.calendar), name="calendar"),
    path("events/<slug:slug>/", public_page(views.event_detail), name="event_detail"),
    path("events/<slug:slug>.ics", public_page(views.event_calendar), name="event_calendar"),
    path("agreements/", public_page(views.agreement_list), name="agreement_list"),
    path("agreements/<slug:slug>/", public_page(views.agreement_detail), name="agreement_detail"),
    path("places/<slug:slug>/", public_page(views.place_detail), name="place_detail"),
    path("countries/<slug:slug>/", public_page(views.country_detail), name="country_detail"),
    path(
        "organizations/<slug:slug>/",
        public_page(views.organization_detail),
        name="organization_detail",
    ),
]
