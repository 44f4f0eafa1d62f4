"""Page script: see components/briefing.py."""

from components import briefing

briefing.render()
