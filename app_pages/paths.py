"""Page script: see components/paths_page.py."""

from components import paths_page

paths_page.render()
