"""Realistic bugs in the NTK kernels, network and training code (Jacot, Gabriel, Hongler 2018) that the claims should catch."""
from theorylab.mutate import Mutation

_S = "theorylab.solvers.ntk"
_P = "theorylab.problems.ntk"

MUTATIONS = [
    Mutation("recursion_sigma_index", _S,
             "                T[l + 1, i, j] = T[l, i, j] * c_sigma * edd + S[l + 1, i, j]",
             "                T[l + 1, i, j] = T[l, i, j] * c_sigma * edd + S[l, i, j]",
             "off-by-one in the Theta recursion: Theta^(l+1) = Theta^(l) Sigmadot^(l+1) + Sigma^(l) "
             "(previous layer's Sigma)"),
    Mutation("relu_sigmadot_factor2", _S,
             "        edd = (math.pi - th) / (2.0 * math.pi)",
             "        edd = (math.pi - th) / math.pi",
             "wrong normalisation of the ReLU arc-cosine kernel derivative: (pi - theta)/pi (He/Arora factor 2 "
             "on Sigmadot only)"),
    Mutation("empirical_ntk_scale_not_squared", _S,
             "        s2 = scales[l] * scales[l]",
             "        s2 = scales[l]",
             "wrong kernel normalisation in the empirical NTK: 1/sqrt(n_l) used where 1/n_l belongs"),
    Mutation("backward_missing_scale", _S,
             "                Dl[i, j] = s * G[i, j] * Dpl[i, j]",
             "                Dl[i, j] = G[i, j] * Dpl[i, j]",
             "backprop forgets the NTK layer scale 1/sqrt(n_l) in delta_l"),
    Mutation("loss_grad_missing_1_over_N", _S,
             "            r[i] = (f[i] - Y[i]) / N",
             "            r[i] = f[i] - Y[i]",
             "missing 1/N in the gradient of the mean squared loss (GD on the sum while the loss is the mean)"),
    Mutation("erf_derivative_constant", _S,
             "        return _TWO_OVER_SQRT_PI * math.exp(-z * z)",
             "        return math.exp(-z * z)",
             "erf'(z) = 2/sqrt(pi) exp(-z^2) written without its constant (backprop uses a wrong derivative)"),
    Mutation("mlp_depth_off_by_one", _P,
             "    return ntk.ntk_init([n0] + [width] * (L - 1) + [1]",
             "    return ntk.ntk_init([n0] + [width] * L + [1]",
             "off-by-one in the network depth: L hidden layers (L + 1 affine layers) for an 'L-layer' MLP"),
]
