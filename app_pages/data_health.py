"""Page script: see components/data_health.py."""

from components import data_health

data_health.render()
