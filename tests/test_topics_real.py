"""Language detection, stop words and topics on real tweets of two languages (shared fixtures).

German: #FristIstFrust of the IchbinHanna collection (14,408 tweets, twarc2 pages); English: the #eaw18
Hydrator CSV (1,697 tweets) and TweetEval's sentiment test tweets. Language tests: seconds; the two topic fits are marked slow (~30 s idle, minutes on a loaded machine).
"""

from __future__ import annotations

import polars as pl
import pytest

from kit.selection import Selection
from kit.text import detect_languages, main_languages, stop_words

pytestmark = pytest.mark.xdist_group("topics")


@pytest.fixture(scope="module")
def german(shared_fixtures):
    from kit.ingest import read_tweets

    return read_tweets(shared_fixtures / "IchbinHanna" / "FristIstFrust.jsonl.xz")


@pytest.fixture(scope="module")
def eaw18(shared_fixtures):
    from kit.ingest import read_tweets

    return read_tweets(shared_fixtures / "hydrator-TweetParser" / "Fri-Mar-23.tweets.csv")


@pytest.fixture(scope="module")
def tweeteval_texts(shared_fixtures) -> list[str]:
    lines = (shared_fixtures / "tweeteval" / "sentiment" / "test_text.txt").read_text(encoding="utf-8").splitlines()
    return [line.rstrip(" ").replace("\\n", "\n") for line in lines]


# --- language ---------------------------------------------------------------------------------
def test_detected_language_matches_the_collections(german, tweeteval_texts):
    langs = detect_languages(german["text"].to_list())
    de_share = langs.count("de") / len(langs)
    assert de_share > 0.85
    platform = german["lang"].to_list()
    both = [(p, d) for p, d in zip(platform, langs) if p in ("de", "en") and d != "und"]
    assert sum(p == d for p, d in both) / len(both) > 0.95  # agrees with Twitter's own label
    en = detect_languages(tweeteval_texts[:2000])
    assert en.count("en") / len(en) > 0.9
    assert main_languages(langs) == ("de",)
    assert detect_languages(["Die Befristung in der Wissenschaft muss ein Ende haben", "@x https://t.co/abc"]) == [
        "de",
        "und",
    ]


def test_selection_by_detected_language(german):
    english = Selection(langs=("en",), lang_source="detected").apply(german)
    assert 0 < english.height < 0.15 * german.height
    assert "lang_detected" not in english.columns
    assert set(detect_languages(english["text"].to_list())) == {"en"}
    either = Selection(langs=("en",), lang_source="either").apply(german)
    platform = Selection(langs=("en",)).apply(german)
    assert either.height >= max(english.height, platform.height)
    assert set(platform["tweet_id"]) <= set(either["tweet_id"])
    lazy = Selection(langs=("de",), lang_source="detected").apply(german.lazy()).collect()
    assert lazy.height > 0.85 * german.height
    with pytest.raises(ValueError, match="lang_source must be one of"):
        Selection(langs=("de",), lang_source="guessed")


def test_stop_words_per_language():
    de = stop_words(["de"])
    assert {"die", "der", "und", "nicht", "ich"} <= de
    assert "innen" in de and "innen" not in stop_words(["en"])  # "Lehrer*innen" splits into two tokens
    en = stop_words(["en"])
    assert {"the", "and", "thanks", "really", "rt"} <= en
    assert not {"men", "women", "work", "world"} & en  # stopwords-iso's English list would drop these
    assert "que" in stop_words(["en", "es"]) and "que" not in en


# --- topics -------------------------------------------------------------------------------------
def _check_topics(result, lang: str, max_topics: int) -> pl.DataFrame:
    table = result.topics.filter(pl.col("topic") != -1)
    assert 4 <= table.height <= max_topics
    assert table["share"].max() < 0.5  # no topic swallows the collection
    stops = stop_words([lang])
    for label, words in zip(table["label"], table["words"]):
        label_words = [w for part in label.split(", ") for w in part.split()]
        assert not set(label_words) <= stops, label  # never "die, der, und"
        assert words[0] not in stops, (label, words[:3])
    assert "lang" in table.columns and table["lang"].null_count() == 0
    assert lang in result.model.languages
    return table


@pytest.mark.slow
def test_german_topics_are_labelled_by_content_words(german, topic_cache):
    from kit.topics import TopicParams, fit_topics

    result = fit_topics(german, TopicParams(), progress=False)
    table = _check_topics(result, "de", 40)
    langs = table["lang"].to_list()
    assert langs.count("de") > len(langs) / 2
    words = {w for ws in table["words"] for w in ws}
    assert words & {"wissenschaft", "hochschulen", "wisszeitvg", "mittelbau", "daueraufgaben", "stellen"}
    assert "innen" not in words  # the gender ending of "Wissenschaftler*innen" is no topic word
    # the granularity was chosen by coherence among two resolutions; the kept one scored highest
    leiden = result.model.bertopic.hdbscan_model
    scores = leiden.candidate_scores_
    assert len(scores) == 2 and scores[round(leiden.resolution_, 4)] == max(scores.values())
    assert 5 <= table.height <= 40 and table["share"].max() < 0.3


@pytest.mark.slow
def test_english_topics_are_labelled_by_content_words(eaw18, topic_cache):
    from kit.topics import TopicParams, fit_topics

    result = fit_topics(eaw18, TopicParams(), progress=False)
    table = _check_topics(result, "en", 40)
    assert set(table["lang"]) == {"en"}
    labels = " | ".join(table["label"])
    assert "really, thanks, thank" not in labels
    words = {w for ws in table["words"] for w in ws}
    assert words & {"archiving", "web archives", "archive", "archives", "digital"}
    # "isn’t" typed with a typographic apostrophe is the stop word "isn't", not a topic word "isn"
    assert eaw18["text"].str.contains("isn\u2019t").any()
    assert not words & {"isn", "aren", "doesn", "didn", "wasn", "couldn"}, words & {"isn", "aren", "doesn"}
