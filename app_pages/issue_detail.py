"""Page script: see components/issue_detail.py."""

from components import issue_detail

issue_detail.render()
