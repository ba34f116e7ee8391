"""Pseudospectrum figures of the Koopman claims (drawn by the claims' ``figure_*`` functions).

One picture per system: contour lines of the ResDMD pseudospectrum tau_N(z) at a few levels
eps (the boundaries of Gamma_N^eps = {z : tau_N(z) < eps}), the certified spectral points
(ResDMD eigenvalues or local minimisers with certificate <= eps), the EDMD eigenvalues for
contrast, and the true (approximate point) spectrum. Same style as :mod:`theorylab.plotting`:
Agg backend, no software tag or timestamp in the PNG, so a file changes only when its data do.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .plotting import STYLE, plt

__all__ = ["pseudospectrum_figure", "tau_on_grid"]


def tau_on_grid(Psi_X, Psi_Y, w, re, im, *, conj_symmetric: bool = False, rcond: float = 1e-10):
    """tau_N on the tensor grid re x im (array of shape (len(im), len(re))). With
    ``conj_symmetric`` (real system, dictionary closed under conjugation: tau(conj z) = tau(z))
    only Im z >= 0 is computed and mirrored; ``im`` must then be symmetric about 0."""
    from .solvers import koopman as kp
    re = np.asarray(re, float)
    im = np.asarray(im, float)
    if conj_symmetric:
        if not np.allclose(im, -im[::-1]):
            raise ValueError(f"im must be symmetric about 0 when conj_symmetric, got {im[[0, -1]]!r}")
        keep = im >= -1e-12
    else:
        keep = np.ones(im.shape, bool)
    z = (re[None, :] + 1j * im[keep][:, None]).ravel()
    tau = kp.pseudospectrum(Psi_X, Psi_Y, w, z=z, rcond=rcond).x.reshape(int(keep.sum()), re.size)
    if not conj_symmetric:
        return tau
    out = np.empty((im.size, re.size))
    out[keep] = tau
    lower = np.flatnonzero(~keep)
    for i in lower:                       # mirror: row of -im[i]
        out[i] = tau[np.argmin(np.abs(im[keep] + im[i]))]
    return out


def pseudospectrum_figure(path, re, im, tau, *, levels=(0.3, 0.1, 0.03), certified=None, certified_label="",
                          edmd=None, truth: str = "unit circle", truth_points=None, title: str = "",
                          note: str = "") -> None:
    """Draw log10 tau_N contours at ``levels`` (eps values), the ``certified`` points, the ``edmd``
    eigenvalues and the true spectrum (``truth`` = "unit circle" and/or ``truth_points``) at ``path``."""
    re = np.asarray(re, float)
    im = np.asarray(im, float)
    tau = np.asarray(tau, float)
    levels = np.sort(np.asarray(levels, float))
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8.6, 5.4))
        cmap = plt.get_cmap("viridis")
        colors = [cmap(v) for v in np.linspace(0.0, 0.85, levels.size)]
        cs = ax.contour(re, im, np.log10(np.maximum(tau, 1e-300)), levels=np.log10(levels), colors=colors,
                        linewidths=1.2)
        ax.clabel(cs, fmt={np.log10(v): f"{v:g}" for v in levels}, fontsize=7)
        for v, c in zip(levels, colors):
            ax.plot([], [], color=c, lw=1.2, label=fr"$\tau_N(z) = {v:g}$")
        if truth == "unit circle":
            t = np.linspace(0, 2 * np.pi, 721)
            ax.plot(np.cos(t), np.sin(t), "k--", lw=1.0, label=r"true $\mathrm{Sp}_{ap}(K)$: unit circle")
        if truth_points is not None and len(truth_points):
            tp = np.asarray(truth_points)
            ax.plot(tp.real, tp.imag, "k+", ms=8, mew=1.2, label="true eigenvalues")
        if edmd is not None and len(edmd):
            e = np.asarray(edmd)
            ax.plot(e.real, e.imag, "x", color="0.45", ms=4, mew=0.8, label=f"EDMD eigenvalues ({e.size})")
        if certified is not None and len(certified):
            c = np.asarray(certified)
            ax.plot(c.real, c.imag, "o", color="crimson", ms=4.5, mfc="crimson", mec="k", mew=0.4,
                    label=certified_label or f"certified ({c.size})")
        ax.set_xlim(re[0], re[-1])
        ax.set_ylim(im[0], im[-1])
        ax.set_aspect("equal")
        ax.set_xlabel(r"Re $z$")
        ax.set_ylabel(r"Im $z$")
        ax.set_title(title, fontsize=9)
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, framealpha=0.9)
        if note:
            ax.text(1.02, 0.0, note, transform=ax.transAxes, fontsize=7, va="bottom", ha="left", wrap=True)
        fig.tight_layout()
        fig.savefig(Path(path), format="png", metadata={"Software": None})
        plt.close(fig)
