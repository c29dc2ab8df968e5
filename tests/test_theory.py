"""initviz.theory: its Gaussian means against adaptive quadrature, at small and at large variances."""

import math

import numpy as np
import pytest
from scipy import integrate

from initviz import theory

VARIANCES = (1e-4, 0.25, 1.0, 4.0, 16.0, 64.0, 400.0)  # std 0.01 .. 20


def quad_mean(f, variance: float) -> float:
    """E[f(z)], z ~ N(0, variance), by scipy's adaptive quadrature in z, with break points at the activation's scale."""
    std = math.sqrt(variance)

    def integrand(z: float) -> float:
        return f(np.asarray(z)) * math.exp(-z * z / (2 * variance)) / math.sqrt(2 * math.pi * variance)

    near = min(3.0, 3 * std)
    value, _ = integrate.quad(
        integrand, -12 * std, 12 * std, points=[-near, 0.0, near], limit=500, epsabs=0, epsrel=1e-12
    )
    return value


MOMENTS = {
    "tanh(z)^2": lambda z: np.tanh(z) ** 2,
    "tanh'(z)^2": lambda z: theory.dphi("tanh", z) ** 2,
    "sigmoid(z)^2": lambda z: theory.phi("sigmoid", z) ** 2,
    "sigmoid'(z)^2": lambda z: theory.dphi("sigmoid", z) ** 2,
    "relu(z)^2": lambda z: theory.phi("relu", z) ** 2,
    "relu'(z)^2": lambda z: theory.dphi("relu", z) ** 2,
}


@pytest.mark.parametrize("name", MOMENTS)
@pytest.mark.parametrize("variance", VARIANCES)
def test_gaussian_mean_agrees_with_adaptive_quadrature_at_every_variance(name, variance):
    f = MOMENTS[name]
    assert theory.gaussian_mean(f, variance) == pytest.approx(quad_mean(f, variance), rel=1e-7)


def test_the_vectorized_means_agree_with_the_scalar_one():
    f = MOMENTS["tanh'(z)^2"]
    many = theory._gaussian_means(f, np.array(VARIANCES))
    assert many == pytest.approx([theory.gaussian_mean(f, v) for v in VARIANCES], rel=1e-12)


def test_a_mean_at_variance_zero_is_the_function_at_zero():
    assert theory.gaussian_mean(lambda z: np.cos(z), 0.0) == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("scale, expected", [(4.0, 2.3768), (8.0, 4.4846)])
def test_chi_of_tanh_at_its_fixed_point_stays_right_for_large_gains(scale, expected):
    # sech^4 is narrow beside a Gaussian of std 3.5 or 7.6: fixed Gauss-Hermite nodes gave 2.26 and 1.44 here
    q = float(theory.fixed_point(scale))
    assert float(theory.chi(q, scale)) == pytest.approx(scale**2 * quad_mean(MOMENTS["tanh'(z)^2"], q), rel=1e-7)
    assert float(theory.chi(q, scale)) == pytest.approx(expected, abs=1e-4)
