"""What every field module uses: the set of claimed spans, and the menu-line test."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from pipeline.cues import Spans, menu_line


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(1, 60)), max_size=40),
       st.lists(st.tuples(st.integers(0, 360), st.integers(1, 60)), min_size=1, max_size=20))
def test_spans_answer_as_a_scan_of_every_span_would(added, asked):
    spans, plain = Spans(), []
    for start, length in added:
        spans.add(start, start + length)
        plain.append((start, start + length))
    for start, length in asked:
        end = start + length
        assert spans.overlaps(start, end) == any(start < e and s < end for s, e in plain)
        assert spans.covers(start) == any(s <= start < e for s, e in plain)
        assert ((start, end) in spans) == ((start, end) in plain)
    assert len(spans) == len(plain)


def test_a_menu_line_is_one_with_bars_but_not_a_masthead_dateline():
    menu = "Beranda | Berita | Aula Kantor Bupati | Kontak"
    assert menu_line(menu, 0, len(menu), menu.index("Aula"))
    prose = "KABARKITA || KOLAKA – Musrenbang digelar di Aula Kantor Camat, Senin (6/3/2023)."
    assert not menu_line(prose, 0, len(prose), prose.index("Aula"))


def test_the_plain_copy_of_the_cues_is_what_the_spans_hold(nlp):
    from minutes_texts import ROADSHOW

    from pipeline.components import CUES_KEY
    from pipeline.cues import cues_by_label

    doc = nlp(ROADSHOW)
    plain = cues_by_label(doc)
    del doc.user_data[CUES_KEY]  # a Doc annotated elsewhere, or by an older component: read the spans
    assert plain == cues_by_label(doc) and sum(map(len, plain.values())) == len(doc.spans["minutes"]) > 5


def test_the_pipeline_reads_the_cues_the_full_component_puts_on_a_doc():
    """Pipeline.record asks the component for the plain cues only (no spaCy spans): the same cues,
    in the same order, as running the whole pipeline, on every sample and held-out text."""
    from pathlib import Path

    from pipeline.api import Pipeline
    from pipeline.components import CUES_KEY

    pipe = Pipeline()
    root = Path(__file__).resolve().parent
    texts = [p.read_text(encoding="utf-8") for p in [*sorted((root.parent / "samples").glob("*.txt")),
                                                      *sorted(root.glob("holdout*/docs/*.txt"))]]
    assert len(texts) > 50
    for text in texts:
        plain = pipe.cue_finder.cues(pipe.nlp.make_doc(text)).user_data[CUES_KEY]
        assert plain == pipe.nlp(text).user_data[CUES_KEY]
