"""``python -m kit``: the same command as the ``kit`` (or ``hashtag-kit``) console script."""

from kit.cli import main

raise SystemExit(main())
