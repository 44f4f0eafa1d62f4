"""Page script: see components/timeline.py."""

from components import timeline

timeline.render()
