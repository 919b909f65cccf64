"""django-otp-webauthn's views, with the events the audit trail records and the desk's rule
that adding a passkey needs the second factor already there (the library checks it too)."""

from django_otp_webauthn import views

from accounts import factors


class CompleteCredentialRegistrationView(views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            device = factors.KINDS["passkey"].objects.filter(user=self.request.user).latest("pk")
            factors.added(self.request, device)
        return response
