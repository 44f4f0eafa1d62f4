"""Page script: see components/gaps.py."""

from components import gaps

gaps.render()
