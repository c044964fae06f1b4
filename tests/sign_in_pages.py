"""Signing in through a real login form, as people (and attackers) do: for the login-throttling tests."""

PASSWORD = "correct horse battery staple"  # every factory user's
ATTACKER = "203.0.113.9"
ELSEWHERE = "198.51.100.20"


class SignInPage:
    """A login form at `path`; `fields` are posted with every attempt (e.g. `next`)."""

    def __init__(self, path, **fields):
        self.path = path
        self.fields = fields

    def sign_in(self, client, username, password=PASSWORD, address=ATTACKER):
        data = {"username": username, "password": password, **self.fields}
        return client.post(self.path, data, REMOTE_ADDR=address)

    def guess_wrong(self, client, username, times=5, address=ATTACKER):
        """The status codes of `times` wrong passwords: the form again (200), then the lockout (429)."""
        return [self.sign_in(client, username, f"guess {n}", address=address).status_code for n in range(times)]
