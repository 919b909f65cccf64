"""The desk's sign-in and security screens, under /admin/security/ (newsroom/urls.py).
accounts/middleware.py names the ones open to an account still waiting for its factor."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.security, name="security"),
    path("second-step/", views.second_step, name="second_step"),
    path("factors/new/", views.enrol, name="enrol"),
    path("factors/new/app/", views.new_app, name="new_app"),
    path("factors/new/done/", views.added, name="added"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("factors/<slug:kind>/<int:pk>/remove/", views.remove_factor, name="remove_factor"),
    path("tokens/new/", views.new_token, name="new_token"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("sessions/<int:pk>/end/", views.end_session, name="end_session"),
    path("sessions/end-others/", views.end_other_sessions, name="end_other_sessions"),
    path("people/", views.people, name="people"),
    path("people/<int:user_id>/", views.person, name="person"),
    path("people/<int:user_id>/reset/", views.reset_factors, name="reset_factors"),
]
