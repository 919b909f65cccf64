from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement_detail"),
    path("places/<slug:slug>/", views.place_detail, name="place_detail"),
    path("countries/<slug:slug>/", views.country_detail, name="country_detail"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization_detail"),
]
