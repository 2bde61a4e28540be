"""What the rules read about one document: the document itself and the views of its data that
several rules need, each worked out once, on first use.

The checker builds one `Context` per document and hands it to every rule; a rule reads the
views it needs and finds what it reports itself. A view is computed the first time a rule
asks for it, so a document that no rule asks about costs nothing: the walk of the data, the
webhooks and their headers, the URL fields, the suppression comments. `catalogue` is the
rule names and codes the checker was given (`invalid-suppression` says which are unknown).

Nothing here knows what is wrong in a manifest: only where its parts are.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from lpmanifest.findings.catalogue import Catalogue
from lpmanifest.findings.model import JsonPath, Span
from lpmanifest.manifest import SECRET_KEYS, WEBHOOKS
from lpmanifest.source.document import Document
from lpmanifest.source.formats import Format
from lpmanifest.source.locations import Location

if TYPE_CHECKING:
    from lpmanifest.check.suppress import Directive

# A value found by the walk: the path of the object or array that holds it, its key or
# index there, and the value. The path of the value itself is built only where needed.
Held = tuple[JsonPath, str | int, Any]
Headers = list[tuple[JsonPath, list[tuple[JsonPath, dict[str, Any]]]]]
UrlKind = Literal["endpoint", "redirect_uri", "entry_uri", "logo_uri"]


class UrlField(NamedTuple):
    """A field that holds a URL, and the string it holds."""

    kind: UrlKind
    path: JsonPath
    value: str


# A UrlField from a tuple of its three parts, without the named tuple's Python `__new__`.
_url_field = partial(tuple.__new__, UrlField)

NO_RULES = Catalogue(())


class _Walk(NamedTuple):
    """What one walk of the data collects, in the order of the data (parents first)."""

    strings: list[Held]  # every string outside credentials
    floats: list[Held]  # every number held as a float
    secrets: list[JsonPath]  # the path of every key that holds a credential


class Context:
    """One document as the rules see it: the document, and views of its data."""

    __slots__ = (
        "_directives",
        "_grant_types",
        "_headers",
        "_urls",
        "_walk",
        "_webhooks",
        "catalogue",
        "doc",
    )

    def __init__(self, doc: Document, catalogue: Catalogue = NO_RULES) -> None:
        self.doc = doc
        self.catalogue = catalogue
        self._walk: _Walk | None = None
        self._webhooks: list[tuple[JsonPath, dict[str, Any]]] | None = None
        self._headers: Headers | None = None
        self._urls: list[UrlField] | None = None
        self._directives: list[Directive] | None = None
        self._grant_types: tuple[list[tuple[int, str]] | None] | None = None

    # -- the document ------------------------------------------------------------------
    # What a rule reads of the document itself, as a rule given the document (the `check(doc)`
    # of rules written before contexts, which a Checker still runs) reads it.
    @property
    def file(self) -> str:
        return self.doc.file

    @property
    def format(self) -> Format:
        return self.doc.format

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def data(self) -> Any:
        return self.doc.data

    @property
    def locations(self) -> Mapping[JsonPath, Location]:
        return self.doc.locations

    def locate(self, path: JsonPath) -> Location | None:
        return self.doc.locate(path)

    def value_span(self, path: JsonPath) -> Span:
        return self.doc.value_span(path)

    def key_span(self, path: JsonPath) -> Span:
        return self.doc.key_span(path)

    def span_of(self, start: int, end: int) -> Span:
        return self.doc.span_of(start, end)

    # -- the walk ---------------------------------------------------------------------
    @property
    def strings(self) -> list[Held]:
        """Every string of the data outside credentials, with where it is held."""
        return self._walked().strings

    @property
    def floats(self) -> list[Held]:
        """Every number of the data that is held as a float, with where it is held."""
        return self._walked().floats

    @property
    def secrets(self) -> list[JsonPath]:
        """The path of every key that holds a credential (`client_secret`), at any depth."""
        return self._walked().secrets

    def _walked(self) -> _Walk:
        if self._walk is None:
            self._walk = _Walk([], [], [])
            if isinstance(self.doc.data, (dict, list)):
                _visit(self.doc.data, (), self._walk, True)
        return self._walk

    # -- the parts of a manifest ------------------------------------------------------
    @property
    def webhooks(self) -> list[tuple[JsonPath, dict[str, Any]]]:
        """Each webhook object (the retry policy is not one), with its path."""
        if self._webhooks is None:
            self._webhooks = []
            capabilities = self.doc.data.get("capabilities")
            hooks = capabilities.get("webhooks") if isinstance(capabilities, dict) else None
            if isinstance(hooks, dict):
                for event, hook in hooks.items():
                    if event != "retry" and isinstance(hook, dict):
                        self._webhooks.append(((*WEBHOOKS, event), hook))
        return self._webhooks

    @property
    def headers(self) -> Headers:
        """Each webhook that lists headers: its path, with its header objects and theirs."""
        if self._headers is None:
            self._headers = []
            for path, hook in self.webhooks:
                listed = hook.get("headers")
                if isinstance(listed, list):
                    found = [
                        ((*path, "headers", index), header)
                        for index, header in enumerate(listed)
                        if isinstance(header, dict)
                    ]
                    self._headers.append((path, found))
        return self._headers

    @property
    def grant_types(self) -> list[tuple[int, str]] | None:
        """The grant types that are strings, with their indexes; None without an array."""
        if self._grant_types is None:
            grants = self.doc.data.get("grant_types")
            self._grant_types = (
                [(index, grant) for index, grant in enumerate(grants) if isinstance(grant, str)]
                if isinstance(grants, list)
                else None,
            )
        return self._grant_types[0]

    @property
    def urls(self) -> list[UrlField]:
        """Every field that holds a URL string: the webhooks' endpoints, then the redirect
        URIs, the entry URI and the logo URI."""
        if self._urls is None:
            # (Built as plain tuples of the named tuple's type: every document asks.)
            urls: list[UrlField] = []
            for path, hook in self.webhooks:
                endpoint = hook.get("endpoint")
                if isinstance(endpoint, str):
                    urls.append(_url_field(("endpoint", (*path, "endpoint"), endpoint)))
            data = self.doc.data
            redirects = data.get("redirect_uris")
            if isinstance(redirects, list):
                for index, uri in enumerate(redirects):
                    if isinstance(uri, str):
                        urls.append(_url_field(("redirect_uri", ("redirect_uris", index), uri)))
            entry, logo = data.get("entry_uri"), data.get("logo_uri")
            if isinstance(entry, str):
                urls.append(_url_field(("entry_uri", ("entry_uri",), entry)))
            if isinstance(logo, str):
                urls.append(_url_field(("logo_uri", ("logo_uri",), logo)))
            self._urls = urls
        return self._urls

    # -- the source -------------------------------------------------------------------
    @property
    def directives(self) -> list[Directive]:
        """The `# lpmanifest:` comments of a YAML document (the checker's suppressions and
        `invalid-suppression` read the same ones)."""
        if self._directives is None:
            from lpmanifest.check.suppress import directives

            self._directives = list(directives(self.doc))
        return self._directives


def _visit(container: Any, path: JsonPath, found: _Walk, shown: bool) -> None:
    """Collect what the walk finds in `container` (at `path`), parents before children;
    strings only where `shown` (outside credentials)."""
    # (Every value of every manifest comes through here: the common kinds are asked first.)
    items = container.items() if isinstance(container, dict) else enumerate(container)
    for key, value in items:
        if isinstance(value, str):
            if key in SECRET_KEYS:
                found.secrets.append((*path, key))
            elif shown:
                found.strings.append((path, key, value))
        elif isinstance(value, (dict, list)):
            if key in SECRET_KEYS:
                found.secrets.append((*path, key))
                _visit(value, (*path, key), found, False)
            else:
                _visit(value, (*path, key), found, shown)
        else:
            if key in SECRET_KEYS:
                found.secrets.append((*path, key))
            if isinstance(value, float):
                found.floats.append((path, key, value))
