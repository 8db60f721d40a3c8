"""Every DTS query, however odd, gets an answer or a 400/404 (``Api.*_query``), never a crash.

The server only reads query strings and hands them to these methods, so what
holds here holds for ``reader serve``; tests/server/ asks the same over HTTP.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.align import load_aligned
from reader.corpus import Corpus
from reader.render.api.dts import MEDIA_TYPES, Api, QueryError, QueryUrls
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def api() -> Api:
    corpus = Corpus.open(ROOT)
    texts = {t: load_aligned(corpus, t) for t in ("wikipedia", "chicherin")}
    return Api(texts, urls=QueryUrls("http://127.0.0.1:1/api/dts"), media_types=MEDIA_TYPES).load()


REFS = ["p1", "p2", "p12", "p12.s1", "p12.s4", "p3.s2", "n1", "h1", "p999", "", ".", "p1-p3"]
values = st.one_of(st.none(), st.sampled_from(REFS), st.text(max_size=12))
resources = st.one_of(
    st.none(), st.sampled_from(["wikipedia.eng1", "chicherin.rus1", "x.eng1", ""]), st.text()
)
downs = st.one_of(st.none(), st.sampled_from(["-1", "0", "1", "2", "9", "-2", "x", " 1"]))


def answered(call: Any) -> Any:
    try:
        return call()
    except QueryError as exc:
        assert exc.status in (400, 404) and exc.message
        return None


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(resource=resources, ref=values, start=values, end=values, down=downs, tree=values)
def test_navigation_answers_or_refuses(
    api: Api, resource: Any, ref: Any, start: Any, end: Any, down: Any, tree: Any
) -> None:
    data = answered(lambda: api.navigation_query(resource, ref, start, end, down, tree))
    if data is not None:
        assert data["@type"] == "Navigation" and data["resource"]["@id"] == resource
        assert ("member" in data) == (down is not None)
        if ref is not None:
            assert data["ref"]["identifier"] == ref


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    resource=resources,
    ref=values,
    start=values,
    end=values,
    tree=values,
    media=st.one_of(st.none(), st.sampled_from([*MEDIA_TYPES, "text/html", ""])),
)
def test_documents_answer_or_refuse(
    api: Api, resource: Any, ref: Any, start: Any, end: Any, tree: Any, media: Any
) -> None:
    found = answered(lambda: api.document_query(resource, ref, start, end, tree, media))
    if found is not None:
        body, media_type = found
        assert media_type in MEDIA_TYPES and body


def test_the_rules_of_the_specification_table(api: Api) -> None:
    def status(**query: Any) -> int:
        try:
            api.navigation_query(**query)
        except QueryError as exc:
            return exc.status
        return 200

    r = "wikipedia.eng1"
    assert status(resource=None, down=1) == 400
    assert status(resource=r) == 400
    assert status(resource=r, ref="p12") == 200
    assert status(resource=r, start="p1", end="p3") == 200
    assert status(resource=r, down=0) == 400
    assert status(resource=r, ref="p12", down=0) == 200
    assert status(resource=r, start="p1", end="p3", down=0) == 400
    assert status(resource=r, down=1) == 200
    assert status(resource=r, ref="p12", down=-1) == 200
    assert status(resource=r, start="p1", end="p3", down=-1) == 200
    assert status(resource=r, ref="p12", start="p1", end="p3") == 400
    assert status(resource=r, start="p1") == 400
    assert status(resource=r, ref="p0") == 404
    assert status(resource=r, ref="p12", tree="x") == 404
    assert status(resource="nothing", down=1) == 404


def test_a_resource_without_citation_trees_answers_an_empty_member(api: Api) -> None:
    version = api.version("wikipedia.eng1")
    saved = version.trees, version.indexes
    try:
        version.trees, version.indexes = [], {}
        data = api.navigation(version, None, "p12", 1)
        assert data["member"] == [] and "ref" not in data
    finally:
        version.trees, version.indexes = saved
