"""Page script: see components/sources.py."""

from components import sources

sources.render()
