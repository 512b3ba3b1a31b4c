"""The report's affect section: how the selected tweets felt (lexicon scores), in one call for the notebook.

It wraps :func:`kit.affect.tables.affect_section` for a report: the scores of the selected tweets (cached by
text, so variants share them), affect over time, the topics' testimony shares (with the corpus topic model)
and the hashtag vs counter-hashtag comparison of the report's comparison section. Anything that cannot be
shown becomes a :class:`~kit.notebook.display.Note` saying why.
"""

from __future__ import annotations

from typing import Any

from kit.notebook.display import Note, is_empty
from kit.reports.notebook import Comparison
from kit.reports.topics import CorpusTopics


def affect_section(tweets: Any, pair: Any = None, topic_model: Any = None, *, enabled: bool = True,
                   every: str = "day", tz: str = "UTC") -> Any:
    """The affect tables of a report (a dict of frames, see :func:`kit.affect.tables.affect_section`), or a Note.

    ``pair`` is the report's :class:`~kit.reports.notebook.Comparison` (its two sides are compared with effect
    sizes and confidence intervals); ``topic_model`` the report's :class:`~kit.reports.topics.CorpusTopics`.

    >>> affect_section(None, enabled=False)
    The affect section is turned off (parameter affect = False).
    """
    if not enabled:
        return Note("The affect section is turned off (parameter affect = False).")
    if tweets is None or is_empty(tweets):
        return Note("No tweets in this selection: nothing to show here.")
    import polars as pl

    from kit.affect.score import affect_table
    from kit.affect.tables import affect_section as build
    from kit.affect.tables import compare_affect

    topics = topic_model if isinstance(topic_model, CorpusTopics) else None
    section = build(tweets, every=every, tz=tz, assignments=topics.assignments if topics else None,
                    topics=topics.topics if topics else None)
    if isinstance(pair, Comparison) and pair.side_a.height and pair.side_b.height:
        both = pl.concat([pair.side_a, pair.side_b]).unique("tweet_id", keep="first")
        try:
            section["compare"] = compare_affect(both, affect_table(both), pair.label_a, pair.label_b)
        except ValueError:  # one side has no scored tweet
            pass
    return section


def affect_part(section: Any, name: str) -> Any:
    """One table of :func:`affect_section` by name, or a Note saying why it is missing.

    >>> affect_part({}, "compare")
    Not shown: the comparison needs two hashtags with scored tweets (see the comparison section).
    """
    if isinstance(section, Note):
        return section
    if name in section:
        return section[name]
    why = {"compare": "the comparison needs two hashtags with scored tweets (see the comparison section)",
           "topics": "the topic model is off or found no topics for these tweets"}
    return Note(f"Not shown: {why.get(name, f'no {name} table')}.")


def affect_coverage(section: Any) -> Any:
    """A one-line note of how many tweets were scored (the lexicons read English only).

    >>> import polars as pl
    >>> affect_coverage({"unscored": pl.DataFrame({"tweets": [10], "unscored": [2]})})
    8 of 10 tweets were scored (80 %); 2 were not (not English, or no words the lexicons know): they count in no share or mean below.
    """
    if isinstance(section, Note):
        return section
    tweets, unscored = int(section["unscored"]["tweets"][0]), int(section["unscored"]["unscored"][0])
    scored = tweets - unscored
    share = f"{scored / tweets:.0%}".replace("%", " %") if tweets else "–"
    return Note(f"{scored:,} of {tweets:,} tweets were scored ({share}); {unscored:,} were not (not English, or no "
                "words the lexicons know): they count in no share or mean below.", kind="info")
