"""Negotiation positions: the YAML format, its loader and validator, and the analysis.

Pure Python: this package never imports streamlit.
"""

__version__ = "0.1.0"
