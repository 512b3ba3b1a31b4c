"""How it felt: affect scores of tweets (sentiment, emotions, testimony, calls to action) and their analyses.

- :mod:`kit.affect.lexicon`  the lexicons (NRC EmoLex from the ``nrclex`` wheel, a domain supplement,
  emoji, empowerment) and the testimony / call-to-action rules
- :mod:`kit.affect.language` which texts the English lexicons can read
- :mod:`kit.affect.score`    :func:`score_affect` (distinct texts, cached) and :func:`affect_table`
- :mod:`kit.affect.tables`   affect over time, per group, hashtag vs counter-hashtag, topic rankings
- :mod:`kit.affect.validate` human coding read back, agreement, labelled-set evaluation, an embedding classifier

Examples
--------
>>> from kit.affect import score_affect
>>> score_affect(["I felt empowered"], cache=False)["empowerment"].to_list()
[1.0]
"""

from __future__ import annotations

from kit.affect.lexicon import AFFECTS, EMOTIONS
from kit.affect.score import COLUMNS, affect_table, score_affect

__all__ = ["AFFECTS", "COLUMNS", "EMOTIONS", "affect_table", "score_affect"]
