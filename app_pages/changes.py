"""Page script: see components/changes.py."""

from components import changes

changes.render()
