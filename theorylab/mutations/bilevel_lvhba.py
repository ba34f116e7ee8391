"""Realistic bugs in LV-HBA (Yao, Yu, Zeng, Zhang, ICLR 2024) and its test problems that the claims should catch."""
from theorylab.mutate import Mutation

_S = "theorylab.solvers.bilevel_lvhba"
_P = "theorylab.problems.bilevel_lvhba"

MUTATIONS = [
    Mutation("outer_y_value_grad_sign", _S,
             "                s -= (w[n + j] - th_new[j]) / gamma1",
             "                s += (w[n + j] - th_new[j]) / gamma1",
             "sign flip in the outer step: grad_y v_gamma = (y - theta)/gamma1 is added instead of subtracted"),
    Mutation("outer_projection_missing", _S,
             "        _project_C(w_new, proj_kind, P, wc, pix, piy, tmp)\n",
             "",
             "missing projection of the outer iterate (x, y) onto the constraint set C"),
    Mutation("inner_prox_missing_gamma1", _S,
             "            s = gt[n + j] + (th[j] - w[n + j]) / gamma1",
             "            s = gt[n + j] + (th[j] - w[n + j])",
             "missing 1/gamma1 in the proximal term of the inner theta step"),
    Mutation("z_step_sign", _S,
             "            dz = -(lam_new[i] - z[i]) / gamma2 if use_v else 0.0",
             "            dz = (lam_new[i] - z[i]) / gamma2 if use_v else 0.0",
             "sign flip in the z step: z moves along +grad_z of psi_k instead of -grad_z"),
    Mutation("outer_uses_stale_theta", _S,
             "        for j in range(m):\n            wt[n + j] = th_new[j]\n        _matvec_add(Qf, wt, qf, gt)",
             "        for j in range(m):\n            wt[n + j] = th[j]\n        _matvec_add(Qf, wt, qf, gt)",
             "the outer value-function gradient is evaluated at theta^k instead of theta^{k+1} (stale inner state)"),
    Mutation("saddle_gamma2_multiplies", _S,
             "        H = Gy @ Minv_Gy + np.eye(G.shape[0]) / gamma2",
             "        H = Gy @ Minv_Gy + np.eye(G.shape[0]) * gamma2",
             "gamma2 convention mixed up in the exact inner saddle (the authors' SVM scripts pass 1/gamma): "
             "the multiplier's proximal weight is gamma2 instead of 1/gamma2"),
    Mutation("affine_projector_no_pinv", _P,
             "    P = np.eye(A.shape[1]) - pinv @ A",
             "    P = np.eye(A.shape[1]) - A.T @ A",
             "projector onto ker A written as I - A'A (valid only for orthonormal rows) instead of I - A^+ A"),
]
