"""``python -m negotiation``: see :mod:`negotiation.cli`."""

from negotiation.cli import main

raise SystemExit(main())
