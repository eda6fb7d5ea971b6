"""One house style for every figure in the book.

The palette is Okabe and Ito's eight colours, chosen to stay distinct for
readers with the common forms of colour-vision deficiency.  Figures have an
opaque white background and dark text, so they read the same on the book's
light and dark themes, and they are saved as compact PNG.

>>> from servicelab import plotting
>>> plotting.PALETTE["blue"]
'#0072B2'
>>> len(plotting.CYCLE)
7
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

__all__ = ["CYCLE", "PALETTE", "use_house_style"]

#: Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: Default order of line colours: strong contrasts first, yellow (weak on white) left out.
CYCLE = [PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]

_STYLE = {
    "figure.figsize": (7.0, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#111111",
    "text.color": "#111111",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "axes.prop_cycle": cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10.5,
    "legend.frameon": False,
    "font.size": 10.5,
    "lines.linewidth": 2.0,
    "svg.hashsalt": "servicelab",
}


def use_house_style() -> None:
    """Apply the book's figure style to matplotlib for this session."""
    mpl.rcParams.update(_STYLE)
