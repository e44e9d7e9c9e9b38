from django.utils.translation import gettext_lazy as _


class ActionRefused(Exception):
    """A service refused an action; `message` is shown to the user as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class EditConflict(ActionRefused):
    """Someone else saved first: the second save is refused, the first one kept."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Someone else changed this case while you were editing it. Your "
                "changes were not saved: reload the page to see the latest version, "
                "then make your changes again."
            )
        )
