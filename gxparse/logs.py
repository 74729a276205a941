"""Logging for the command line and batch workers: gxparse's own, and the libraries' quiet.

pdfminer logs a warning for every font without a bounding box ("Could not get
FontBBox...": 430 lines for 60 reports), and PyMuPDF and pdfplumber have their
own chatter; none of it is news to a user of gxparse. Those loggers are set to
ERROR unless ``-vv`` asks for everything.
"""

from __future__ import annotations

import logging

LIBRARIES = ("pdfminer", "pdfplumber", "fitz", "pymupdf", "docx", "PIL", "camelot")


def quiet_libraries(level: int = logging.ERROR) -> None:
    """Set the third-party loggers gxparse drives to ``level``."""
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(level)


def configure(verbosity: int = 0) -> None:
    """CLI logging: ``-q`` (-1) errors only, default warnings, ``-v`` info, ``-vv`` debug
    (and the libraries' own messages)."""
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(
        max(-1, min(verbosity, 2)), logging.DEBUG
    )
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("gxparse").setLevel(level)
    quiet_libraries(logging.DEBUG if verbosity >= 2 else logging.ERROR)
