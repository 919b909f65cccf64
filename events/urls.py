from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("events/", views.event_list, name="event_list"),
    path("events.ics", views.calendar, name="calendar"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events/<slug:slug>.ics", views.event_calendar, name="event_calendar"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement_detail"),
    path("places/<slug:slug>/", views.place_detail, name="place_detail"),
    path("countries/<slug:slug>/", views.country_detail, name="country_detail"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization_detail"),
]
