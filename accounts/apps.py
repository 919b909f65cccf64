from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self):
        from accounts import receivers, schema  # noqa: F401 (the schema's extension registers)

        receivers.connect()
        # Editors reset others' second factors, end their sessions, revoke their tokens.
        from articles import roles

        roles.grant_to_editors("accounts", "manage_security")
