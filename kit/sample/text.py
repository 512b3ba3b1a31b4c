"""Text of the synthetic tweets: account names and the words of each tweet written by its author.

Retweets have no text of their own (they copy their original's); everything else is composed
here from the planted theme's templates (:mod:`kit.sample.vocab`), plus openers/tails shared by all
themes, hashtags, mentions, links and emoji.

Examples
--------
>>> import random
>>> t = Composer(["alice", "bob"], random.Random(1))
>>> own = t.compose(theme="safety", lang="en", community="supporters", mentions=(1, 0), reply_to=None)
>>> "yesallwomen" in own.hashtags or "notallmen" in own.hashtags
True
"""

from __future__ import annotations

import random
import re
import string
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from kit.sample import vocab

_B62 = string.ascii_letters + string.digits
# The generator's own plain grammar for the text it writes itself (space-separated, ASCII ``#``/``@``, whole
# matches whose spans render.py links): not the reading rules of kit.text (HASHTAG/MENTION match the
# character before a tag, a fullwidth sign, and refuse all-digit tags), on purpose — changing them would
# change every generated corpus.
HASHTAG_RE = re.compile(r"#(\w+)")
MENTION_RE = re.compile(r"@(\w{1,15})")
TCO_RE = re.compile(r"https?://t\.co/\w+")


@dataclass(frozen=True, slots=True)
class OwnText:
    """A tweet's own text (unescaped) and what it planted."""

    text: str
    hashtags: tuple[str, ...]  # lower-cased, without '#', in order, unique
    mentions: tuple[int, ...]  # account indices, in order of appearance
    urls: tuple[tuple[str, str], ...]  # (t.co link as in the text, expanded URL)
    testimony: bool = False  # an English first-person testimony template was used (vocab.TESTIMONY_TEMPLATES)
    emotion: str | None = None  # the planted feeling phrase's emotion (see add_feeling)
    negated: bool = False  # the phrase was negated ("not scared anymore")


def _compile(template: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((literal, field) for literal, field, _, _ in string.Formatter().parse(template))


class _Templates:
    """Pre-parsed templates and their slot vocabularies."""

    def __init__(self) -> None:
        self.english = {theme: [_compile(t) for t in spec["_"]] for theme, spec in vocab.THEME_TEXT.items()}
        self.foreign = {
            lang: {theme: [_compile(t) for t in spec[theme]] for theme in vocab.FOREIGN_THEMES}
            for lang, spec in vocab.FOREIGN.items()
        }


_TEMPLATES: _Templates | None = None


def _templates() -> _Templates:
    global _TEMPLATES
    if _TEMPLATES is None:
        _TEMPLATES = _Templates()
    return _TEMPLATES


def _weighted(rnd: random.Random, options: Sequence[tuple[str, float]]) -> str:
    u = rnd.random() * sum(w for _, w in options)
    for value, weight in options:
        u -= weight
        if u <= 0:
            return value
    return options[-1][0]


def account_names(user_comm: np.ndarray, user_hub: np.ndarray, seed: int) -> tuple[list[str], list[str]]:
    """Unique handles (≤ 15 characters, case-insensitively unique) and display names of every account.

    >>> handles, names = account_names(np.array([0, 3, 3]), np.array([False, True, False]), 1)
    >>> len(set(h.lower() for h in handles)) == 3
    True
    """
    rnd = random.Random(seed * 7919 + 17)
    taken: set[str] = set()
    handles: list[str] = []
    names: list[str] = []
    hub_seen: dict[str, int] = {}
    for comm_code, hub in zip(user_comm.tolist(), user_hub.tolist()):
        comm = vocab.COMMUNITIES[comm_code]
        first, last = rnd.choice(vocab.FIRST_NAMES), rnd.choice(vocab.LAST_NAMES)
        if hub:
            pool = vocab.HUB_HANDLES[comm]
            k = hub_seen.get(comm, 0)
            hub_seen[comm] = k + 1
            base = pool[k % len(pool)] + ("" if k < len(pool) else str(k // len(pool) + 1))
            name = (
                re.sub(r"(?<=[a-z])(?=[A-Z])", " ", base.rstrip("_"))
                if comm in ("media", "policy")
                else f"{first} {last}"
            )
        else:
            style = rnd.random()
            ascii_first = first.encode("ascii", "ignore").decode() or "Jo"
            ascii_last = last.encode("ascii", "ignore").decode() or "Lee"
            if style < 0.35:
                base = f"{ascii_first}{ascii_last}"
            elif style < 0.6:
                base = f"{ascii_first.lower()}_{ascii_last.lower()}"
            elif style < 0.85:
                base = f"{rnd.choice(vocab.HANDLE_WORDS)}{ascii_first.lower()}{rnd.randrange(10, 99)}"
            else:
                base = f"{rnd.choice(vocab.HANDLE_WORDS)}{rnd.choice(vocab.HANDLE_WORDS).capitalize()}"
            name = f"{first} {last}" if rnd.random() < 0.8 else f"{first} {rnd.choice(vocab.EMOJI[:13])}"
        handle = base[:15]
        while handle.lower() in taken:
            suffix = str(rnd.randrange(1, 9999))
            handle = base[: 15 - len(suffix)] + suffix
        taken.add(handle.lower())
        handles.append(handle)
        names.append(name)
    return handles, names


class Composer:
    """Writes the own text of tweets, drawing from one ``random.Random`` in call order."""

    def __init__(self, handles: Sequence[str], rnd: random.Random) -> None:
        self.handles = handles
        self.rnd = rnd
        self.t = _templates()
        self.testimony = False

    # -- pieces ---------------------------------------------------------------------------------------
    def _fill(
        self, parts: tuple[tuple[str, str | None], ...], slots: dict[str, list[str]], used: dict[str, str]
    ) -> str:
        rnd = self.rnd
        out: list[str] = []
        for literal, field in parts:
            out.append(literal)
            if field is None:
                continue
            if field == "tag":
                out.append("#YesAllWomen")
                continue
            options = slots.get(field) or vocab.COMMON_SLOTS[field]
            choice = rnd.choice(options)
            if used.get(field) == choice and len(options) > 1:  # "{x} and {x}" with two different words
                choice = rnd.choice(options)
            used[field] = choice
            out.append(choice)
        return "".join(out)

    def _sentences(self, theme: str, lang: str) -> list[str]:
        rnd = self.rnd
        if lang != "en":
            spec = vocab.FOREIGN[lang]
            return [self._fill(rnd.choice(self.t.foreign[lang][theme]), spec, {})]  # type: ignore[arg-type]
        spec = vocab.THEME_TEXT[theme]
        templates = self.t.english[theme]
        first = rnd.randrange(len(templates))
        out = [self._fill(templates[first], spec, {})]
        used = [first]
        if rnd.random() < 0.25 and theme != "noise":
            second = (first + 1 + rnd.randrange(len(templates) - 1)) % len(templates)
            out.append(self._fill(templates[second], spec, {}))
            used.append(second)
        self.testimony = bool(vocab.TESTIMONY_TEMPLATES.get(theme, frozenset()).intersection(used))
        return out

    def _hashtags(self, theme: str, community: str, lang: str) -> list[str]:
        rnd = self.rnd
        p_yaw, p_nam, p_yam = vocab.MAIN_TAG_P[community]
        if theme == "notallmen":
            p_nam = max(p_nam, 0.85)
        if theme == "mens_support" and community != "counter":
            p_nam = max(p_nam, 0.12)  # "#NotAllMen, but enough men"
        tags: list[str] = []
        yaw = rnd.random() < p_yaw
        nam = rnd.random() < p_nam
        if not (yaw or nam):
            yaw, nam = (p_yaw >= p_nam), (p_yaw < p_nam)
        if yaw:
            tags.append(_weighted(rnd, vocab.YESALLWOMEN_VARIANTS))
        if nam:
            tags.append(_weighted(rnd, vocab.NOTALLMEN_VARIANTS))
        if rnd.random() < p_yam:
            tags.append("YesAllMen")
        if lang == "en" or theme == "mourning":
            for tag, p in vocab.CO_TAGS[theme]:
                if rnd.random() < p:
                    tags.append(tag)
        if nam and not yaw and tags[0].lower() == "notallmen" and rnd.random() < 0.5:
            tags.reverse()
        return tags

    def _link(self, community: str, theme: str) -> tuple[str, str] | None:
        rnd = self.rnd
        p = {"media": 0.7, "policy": 0.3}.get(community, 0.05)
        if theme == "media_coverage":
            p = max(p, 0.6)
        if theme == "noise":
            p = 0.3
        if rnd.random() >= p:
            return None
        tco = "http://t.co/" + "".join(rnd.choice(_B62) for _ in range(10))
        if theme == "noise":
            expanded = "http://www.youtube.com/watch?v=" + "".join(rnd.choice(_B62) for _ in range(11))
        else:
            expanded = rnd.choice(vocab.NEWS_URLS)
        return tco, expanded

    # -- a tweet --------------------------------------------------------------------------------------
    def compose(
        self, *, theme: str, lang: str, community: str, mentions: tuple[int, int], reply_to: int | None
    ) -> OwnText:
        """The own text of one tweet.

        Parameters
        ----------
        theme, lang, community
            Planted theme, language code and the author's community.
        mentions
            Two candidate accounts the tweet may mention.
        reply_to
            For a reply, the account replied to (its handle opens the text).
        """
        rnd = self.rnd
        self.testimony = False
        sentences = self._sentences(theme, lang)
        tags = self._hashtags(theme, community, lang)
        opener = rnd.choice(vocab.OPENERS) if lang == "en" and theme != "noise" else ""
        tail = rnd.choice(vocab.TAILS) if lang == "en" and theme != "noise" else ""
        p_emoji = {"counter": 0.1, "media": 0.02, "policy": 0.08}.get(community, 0.3)
        emoji = (
            "".join(rnd.choice(vocab.EMOJI) for _ in range(1 + (rnd.random() < 0.3))) if rnd.random() < p_emoji else ""
        )
        link = self._link(community, theme)

        mentioned: list[int] = []
        lead = ""
        if reply_to is not None:
            mentioned.append(reply_to)
            lead = f"@{self.handles[reply_to]} "
            if rnd.random() < 0.15 and mentions[0] != reply_to:
                mentioned.append(mentions[0])
                lead += f"@{self.handles[mentions[0]]} "
        trail = ""
        u = rnd.random()
        if reply_to is None and u < 0.14:
            cand = [m for m in dict.fromkeys(mentions)]
            if community == "media" or u < 0.05:
                trail = f"via @{self.handles[cand[0]]}"
                mentioned.append(cand[0])
            elif u < 0.09:
                lead = f"@{self.handles[cand[0]]} "
                mentioned.append(cand[0])
            else:
                trail = "cc " + " ".join(f"@{self.handles[m]}" for m in cand)
                mentioned.extend(cand)

        tag_first = bool(tags) and sentences[0].startswith("Because ") and rnd.random() < 0.4
        for attempt in range(2):
            body = list(sentences)
            inline = {m.lower() for s in body for m in HASHTAG_RE.findall(s)}
            # a tag written inside a sentence is not repeated at the end
            closing = [t for t in tags if t.lower() not in inline] or ([] if inline else tags)
            first = tag_first and closing == tags
            if first:
                body[0] = f"#{tags[0]} because {body[0][len('Because ') :]}"
            elif opener.endswith(",") and not body[0].startswith(("I ", "I'")):
                body[0] = body[0][:1].lower() + body[0][1:]
            ending = tail if body[-1][-1:] in ".!?'\"" else ""  # no "Enough." after a headline
            pieces = [
                lead.strip(),
                opener,
                *body,
                ending,
                emoji,
                " ".join(f"#{t}" for t in closing[int(first) :]),
                trail,
                link[0] if link else "",
            ]
            text = " ".join(p for p in pieces if p)
            if len(text) <= 140 or attempt == 1 or rnd.random() < 0.3:
                break
            opener, tail, emoji, sentences = "", "", "", sentences[:1]  # most people edit down to 140
        hashtags = tuple(dict.fromkeys(sys.intern(m.lower()) for m in HASHTAG_RE.findall(text)))
        return OwnText(
            text=text,
            hashtags=hashtags,
            mentions=tuple(dict.fromkeys(mentioned)),
            urls=((link,) if link else ()),
            testimony=self.testimony,
        )


_LEAD = re.compile(r"^(?:@\w+ )*")


def add_feeling(own: OwnText, theme: str, hours: float, rnd: random.Random) -> OwnText:
    """Maybe add a planted feeling phrase to an English tweet's text (after any leading @mentions).

    Draws only from ``rnd`` (a stream of its own), so the rest of the corpus is unchanged. The result
    records the planted ``emotion`` (``None``, ``"fear"``, ``"sadness"``, ``"anger"``, ``"empowerment"``
    or ``"defensive"``) and whether it was written ``negated`` ("not scared anymore", planted as
    empowerment).

    >>> own = OwnText("@amy Because I was followed. #YesAllWomen", ("yesallwomen",), (0,), ())
    >>> new = add_feeling(own, "harassment", 1.0, random.Random(3))
    >>> new.text.startswith("@amy ") and new.emotion in (None, "fear", "sadness")
    True
    """
    if theme in ("noise", "media_coverage"):
        return own
    if theme == "notallmen":
        if rnd.random() >= vocab.DEFENSIVE_P:
            return own
        kind = "defensive"
    else:
        if rnd.random() >= vocab.AFFECT_P:
            return own
        start, end = vocab.AFFECT_TURN_HOURS
        late = min(1.0, max(0.0, (hours - start) / (end - start)))
        kind = _weighted(rnd, vocab.LATE_MIX) if rnd.random() < late else ("fear" if rnd.random() < 0.5 else "sadness")
    phrase = rnd.choice(vocab.AFFECT_PHRASES[kind])
    lead = _LEAD.match(own.text).group(0)  # type: ignore[union-attr]
    text = f"{lead}{phrase} {own.text[len(lead) :]}"
    negated = kind == "negated"
    return replace(own, text=text, emotion="empowerment" if negated else kind, negated=negated)
