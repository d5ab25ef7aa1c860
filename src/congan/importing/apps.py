from django.apps import AppConfig


class ImportingConfig(AppConfig):
    """The import framework as an app only for its catalogue: the framework's own messages (a file
    refused as a whole, a row it cannot read) in the user's language on the web."""

    name = "congan.importing"
    verbose_name = "import framework"
