"""The sentence segmenter (reader.ingest.segment): pysbd with the corpus's protections."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.segment import paired_spans, sentence_spans, split_sentences

# Each case: a text and the sentences it must give (docs/encoding.md, "Sentences").
CASES = [
    pytest.param(
        "The proposal of G.V. Chicherin was accepted. The treaty followed.",
        ["The proposal of G.V. Chicherin was accepted.", "The treaty followed."],
        id="initials",
    ),
    pytest.param(
        "headed by m. V. Frunze (see note 48), Kemal assured m. V. Frunze of it. Then he left.",
        [
            "headed by m. V. Frunze (see note 48), Kemal assured m. V. Frunze of it.",
            "Then he left.",
        ],
        id="lower-case-initial",
    ),
    pytest.param(
        "Ergün Aybars, Türkiye Cumhuriyeti Tarihi, İzmir 2000, p. 57. The next point.",
        ["Ergün Aybars, Türkiye Cumhuriyeti Tarihi, İzmir 2000, p. 57.", "The next point."],
        id="page",
    ),
    pytest.param(
        "Academic Journal of History and Idea, Vol. 10, Issue 1, 2022. Then more.",
        ["Academic Journal of History and Idea, Vol. 10, Issue 1, 2022.", "Then more."],
        id="volume",
    ),
    pytest.param(
        "Diplomatic dictionary. T. III. M., 1986, p. 312 – 313.",
        ["Diplomatic dictionary. T. III. M., 1986, p. 312 – 313."],
        id="tome-and-moscow",
    ),
    pytest.param(
        "S. Kuznetsova The establishment of the relations. M., 1961, p. 47.",
        ["S. Kuznetsova The establishment of the relations. M., 1961, p. 47."],
        id="place-year",
    ),
    pytest.param(
        "On 16.03.1921 the solemn treaty was signed. It held.",
        ["On 16.03.1921 the solemn treaty was signed.", "It held."],
        id="date",
    ),
    pytest.param(
        "200.6 kg of gold and 10.7 million lira. In three years 47.971.988 TL of 59 Million TL was not sent.",
        [
            "200.6 kg of gold and 10.7 million lira.",
            "In three years 47.971.988 TL of 59 Million TL was not sent.",
        ],
        id="numbers",
    ),
    pytest.param(
        "It was in accordance with your opinion, Mr. Ambassador, that we refused. Suggestions.",
        [
            "It was in accordance with your opinion, Mr. Ambassador, that we refused.",
            "Suggestions.",
        ],
        id="title",
    ),
    pytest.param(
        "Your personal letter dated 17 September no. 870 complements it. We answer now.",
        ["Your personal letter dated 17 September no. 870 complements it.", "We answer now."],
        id="number-abbreviation",
    ),
    pytest.param(
        'the statement: "What the tsarist thought? yesterday, the politics are the same". However, no.',
        [
            'the statement: "What the tsarist thought? yesterday, the politics are the same".',
            "However, no.",
        ],
        id="question-inside-quotation",
    ),
    pytest.param(
        "He said: “The Turks are fighting. Therefore we send you there” (Xeyfech 1968: 85). Next.",
        [
            "He said: “The Turks are fighting. Therefore we send you there” (Xeyfech 1968: 85).",
            "Next.",
        ],
        id="two-sentence-quotation",
    ),
    pytest.param(
        "Why were they loyal to ancient enemies? the answer is not only there.",
        ["Why were they loyal to ancient enemies?", "the answer is not only there."],
        id="question-outside-quotation",
    ),
    pytest.param(
        "the goals are: a) a barrier to protect India, b) the oil of Mosul, c) a state. Done.",
        ["the goals are: a) a barrier to protect India, b) the oil of Mosul, c) a state.", "Done."],
        id="lettered-list",
    ),
    pytest.param(
        "It is under threat. ... The Russian people are concerned.",
        ["It is under threat.", "... The Russian people are concerned."],
        id="omission-opens",
    ),
    pytest.param(
        "We are on the eve of big events. [...]",
        ["We are on the eve of big events. [...]"],
        id="omission-closes",
    ),
    pytest.param(
        "So CONDEMN, or DISCUSS ??? If we discuss it, fine.",
        ["So CONDEMN, or DISCUSS ???", "If we discuss it, fine."],
        id="repeated-question-marks",
    ),
    pytest.param(
        "December 7 1920. The Plenum considered the proposal.",
        ["December 7 1920. The Plenum considered the proposal."],
        id="dateline-sentence",
    ),
    pytest.param(
        "PhD. Islam Xoshgedem, Baku State University, Azerbaijan.",
        ["PhD. Islam Xoshgedem, Baku State University, Azerbaijan."],
        id="phd",
    ),
    pytest.param(
        "E. Aybars, Ibid., s. 57.",
        ["E. Aybars, Ibid., s. 57."],
        id="ibid",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_a_note_call_after_a_full_stop_closes_the_sentence() -> None:
    text = "They gravitated toward each other after World War I. According to Onur Işçi:"
    assert len(sentence_spans(text)) == 1  # "War I." alone is ambiguous
    offset = text.index(" According")
    spans = sentence_spans(text, breaks=[offset])
    assert [text[a:b] for a, b in spans] == [
        "They gravitated toward each other after World War I.",
        "According to Onur Işçi:",
    ]


def test_a_call_without_final_punctuation_does_not_break() -> None:
    text = "200.6 kg of gold ingots and 10.7 million Turkish lira."
    assert len(sentence_spans(text, breaks=[text.index(" million")])) == 1


def test_markup_is_never_cut() -> None:
    text = "See the book Ibid. Here it is. And then."
    italic = (text.index("Ibid"), text.index(" it is"))  # <hi>Ibid. Here</hi>
    assert [text[a:b] for a, b in sentence_spans(text, keep_together=[italic])] == [
        "See the book Ibid. Here it is.",
        "And then.",
    ]


def test_turkish_uses_the_english_rules() -> None:
    assert split_sentences("Bu çalışmada durum incelendi. Sonuç açıktır.", "tr") == [
        "Bu çalışmada durum incelendi.",
        "Sonuç açıktır.",
    ]


def test_paired_spans_ignore_unclosed_and_stray_marks() -> None:
    assert paired_spans('borders" (Mozjuxin 2016). “at this moment') == [(9, 23)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "word",
                "G.V.",
                "p.",
                "57",
                "Vol.",
                "10.7",
                "end.",
                "Why?",
                '"quoted',
                'text"',
                "(see",
                "note)",
                "...",
                "[...]",
                "Mr.",
                "M.,",
                "1961.",
                "—",
                "¹",
                "İstanbul",
            ]
        ),
        min_size=1,
        max_size=40,
    )
)
def test_spans_cover_the_text_in_order(words: list[str]) -> None:
    text = " ".join(words)
    spans = sentence_spans(text)
    assert spans, text
    assert all(a < b for a, b in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
    # Nothing but whitespace lies outside the sentences.
    outside = text[: spans[0][0]] + "".join(
        text[spans[i][1] : spans[i + 1][0]] for i in range(len(spans) - 1)
    )
    outside += text[spans[-1][1] :]
    assert not outside.strip()
