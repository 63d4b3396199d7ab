from django.contrib.auth.tokens import PasswordResetTokenGenerator


class AccountActivationTokenGenerator(PasswordResetTokenGenerator):
    """Sign-up confirmation links. Keyed on is_active, so a link stops working once it has been used.

    Links expire after PASSWORD_RESET_TIMEOUT (Django's default: 3 days).
    """

    key_salt = "catalog.tokens.AccountActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.is_active}{timestamp}"


account_activation_token = AccountActivationTokenGenerator()
