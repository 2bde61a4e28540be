"""lpmanifest: validate, lint, write and convert LivePerson Application Install Manifests."""

__version__ = "0.1.0"
