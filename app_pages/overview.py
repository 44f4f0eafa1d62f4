"""Page script: see components/overview.py."""

from components import overview

overview.render()
