"""The error tree: every error the API raises is a ReaderError, subclasses the matching
builtin, says what was wrong, and shows as ``reader.NAME``; every name the API returns
or raises is exported from ``reader``."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import traceback
import types
import typing
from pathlib import Path

import pydantic
import pytest

import reader

PACKAGE = Path(reader.__file__).resolve().parent


def _shown(exc: BaseException) -> str:
    """The last line of the traceback a user would see."""
    return traceback.format_exception_only(type(exc), exc)[-1].strip()


def test_an_unknown_citation_level_is_a_reader_error(lib: reader.Library) -> None:
    with pytest.raises(reader.UnknownLevel) as caught:
        lib.refs("karakus", level="chapter")  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert caught.value.levels == ("paragraph", "heading", "note", "sentence", "unit")
    assert _shown(caught.value) == (
        "reader.UnknownLevel: unknown citation level 'chapter'; "
        "levels are: paragraph, heading, note, sentence, unit"
    )


def test_a_language_a_parallel_lacks_is_a_reader_error(lib: reader.Library) -> None:
    pair = lib.parallel("wikipedia:p1", "en", "ru")
    with pytest.raises(reader.UnknownLanguage) as caught:
        pair["de"]
    assert isinstance(caught.value, KeyError) and caught.value.lang == "de"
    assert _shown(caught.value) == (
        "reader.UnknownLanguage: the parallel of 'wikipedia:p1' has no 'de' version; "
        "languages are: en, ru"
    )
    with pytest.raises(reader.UnknownLanguage, match="has no 'tr' version"):
        pair["tr"]  # the text has it, this parallel does not


@pytest.mark.parametrize("style", ["mla", "", 3])
def test_an_unknown_citation_style_is_a_reader_error(lib: reader.Library, style: object) -> None:
    passage = lib.passage("karakus:p12")
    with pytest.raises(reader.UnknownCitationStyle) as caught:
        passage.cite(style)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError) and caught.value.style == style
    assert _shown(caught.value) == (
        f"reader.UnknownCitationStyle: unknown citation style {style!r}; "
        "styles are: chicago, apa, bibtex, csl-json"
    )


def test_a_passage_rebuilt_from_json_says_why_it_cannot_cite(lib: reader.Library) -> None:
    passage = lib.passage("karakus:p12", lang="tr")
    rebuilt = reader.Passage.model_validate_json(passage.to_json())
    assert rebuilt.citation == passage.citation  # what JSON carries survives
    with pytest.raises(reader.NotCitable) as caught:
        rebuilt.cite("apa")
    assert isinstance(caught.value, ValueError) and caught.value.ref == "karakus:p12"
    assert _shown(caught.value) == (
        "reader.NotCitable: passage 'karakus:p12' has no citation data (a passage rebuilt "
        "from JSON keeps only its Chicago citation, in .citation); cite it with "
        "lib.passage('karakus:p12').cite(style)"
    )


@pytest.mark.parametrize("size", [0, -1, "10", None])
def test_a_bad_cache_size_is_a_reader_error(size: object) -> None:
    with pytest.raises(reader.BadCacheSize) as caught:
        reader.load(cache_size=size)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert _shown(caught.value) == (
        f"reader.BadCacheSize: cache_size must be a positive number of passages, not {size!r}"
    )


def test_the_search_errors_show_as_reader_names(lib: reader.Library) -> None:
    with pytest.raises(reader.UnknownSearchLanguage) as caught:
        lib.search("Chicherin", lang="de")
    assert isinstance(caught.value, ValueError)
    assert _shown(caught.value).startswith("reader.UnknownSearchLanguage: cannot search in 'de'")
    with pytest.raises(reader.QueryTooLong) as too_long:
        lib.search("a " * 40)
    assert _shown(too_long.value).startswith("reader.QueryTooLong: the query is too long")
    assert issubclass(reader.SearchIndexMissing, reader.ReaderError)
    assert issubclass(reader.SearchIndexMissing, LookupError)


# ------------------------------------------------------------- what is exported

#: Every error class of the tree with the builtin it also is.
BUILTINS = {
    "UnknownText": KeyError,
    "UnknownPassage": KeyError,
    "UnknownLanguage": KeyError,
    "BadReference": ValueError,
    "UnknownLevel": ValueError,
    "UnknownCitationStyle": ValueError,
    "NotCitable": ValueError,
    "BadCacheSize": ValueError,
    "UnknownSearchLanguage": ValueError,
    "QueryTooLong": ValueError,
    "SearchIndexMissing": LookupError,
    "RenderError": RuntimeError,
    "OutputError": OSError,
}


def test_every_exported_error_is_a_reader_error_and_its_builtin() -> None:
    errors = {
        name
        for name in reader.__all__
        if isinstance(getattr(reader, name), type)
        and issubclass(getattr(reader, name), BaseException)
    }
    assert errors == {*BUILTINS, "ReaderError", "CorpusError"}
    for name, builtin in BUILTINS.items():
        cls = getattr(reader, name)
        assert issubclass(cls, reader.ReaderError) and issubclass(cls, builtin), name


def test_every_exported_name_shows_as_reader() -> None:
    for name in reader.__all__:
        value = getattr(reader, name)
        if isinstance(value, type):
            assert (value.__module__, value.__qualname__) == ("reader", name)
            assert repr(value) == f"<class 'reader.{name}'>"


#: The classes of the API whose methods, properties and fields are walked. The
#: model's own nodes (reader.model: Header, Provenance …) are the documented
#: model every stage shares; an AlignedText and a Corpus are handles onto it.
WALKED = [
    "Library",
    "Passage",
    "PassageNote",
    "PassageSentence",
    "Parallel",
    "TextInfo",
    "LanguageInfo",
    "CacheInfo",
    "SearchHit",
    "AlignedVersion",
]


def _named_types(hint: object) -> set[type]:
    """The classes a type hint names (through unions, tuples, lists, dicts, Literal)."""
    if isinstance(hint, type) and not typing.get_args(hint):
        return {hint}
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return set()
    found: set[type] = set()
    if isinstance(origin, type) and origin is not types.UnionType:
        found.add(origin)
    for arg in typing.get_args(hint):
        found |= _named_types(arg)
    return found


def _hints_of(cls: type) -> list[object]:
    hints: list[object] = []
    if issubclass(cls, pydantic.BaseModel):
        hints += [field.annotation for field in cls.model_fields.values()]
    elif dataclasses.is_dataclass(cls) or issubclass(cls, tuple):
        hints += list(typing.get_type_hints(cls).values())
    namespace = vars(reader)
    for name, member in inspect.getmembers(cls):
        if name.startswith("_") and name != "__getitem__":
            continue
        function = member.fget if isinstance(member, property) else member
        if inspect.isfunction(function) and function.__module__.startswith("reader"):
            if function.__module__ not in ("reader.library", "reader.search.hits"):
                continue  # inherited from elsewhere in the package
            hints.append(typing.get_type_hints(function, localns=namespace).get("return"))
    return hints


def test_every_type_the_api_returns_is_exported() -> None:
    import reader.model

    seen: set[type] = set()
    for name in WALKED:
        for hint in _hints_of(getattr(reader, name)):
            seen |= _named_types(hint)
    seen |= _named_types(typing.get_type_hints(reader.load)["return"])
    for cls in seen:
        if cls.__module__ == "builtins" or cls.__module__.startswith("collections"):
            continue
        if cls.__module__ == "reader.model":
            continue
        assert getattr(reader, cls.__name__, None) is cls, f"{cls!r} is returned but not exported"
    assert {reader.Passage, reader.SearchHit, reader.AlignedText, reader.CacheInfo} <= seen


def test_every_error_the_api_raises_is_exported() -> None:
    raised: set[str] = set()
    for module in ("library.py", "refs.py", "cite.py", "search/hits.py", "search/service.py"):
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                if isinstance(func, ast.Name):
                    raised.add(func.id)
    raised.discard("_not_a_string")  # a helper that returns a BadReference
    assert {"UnknownLevel", "NotCitable", "UnknownCitationStyle", "BadCacheSize"} <= raised
    for name in raised:
        cls = getattr(reader, name, None)
        assert isinstance(cls, type) and issubclass(cls, reader.ReaderError), name
