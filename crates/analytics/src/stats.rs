//! Count-model tail probabilities, computed in log space so that p-values far below the
//! smallest `f64` still give finite surprises.
//!
//! - [`ln_poisson_sf`]: ln P(X ≥ k) for X ~ Poisson(λ), via the regularized lower incomplete
//!   gamma function P(k, λ) (series below k + 1, Lentz continued fraction for the complement
//!   above it).
//! - [`ln_negbin_sf`]: ln P(X ≥ k) for a negative binomial with mean μ and size r (variance
//!   μ + μ²/r), via the regularized incomplete beta function I_x(k, r), x = μ/(r + μ).
//! - [`ln_gamma`]: Stirling's series with the argument shifted above 10 (relative error
//!   ~1e-15).
//!
//! The unit tests compare against reference values computed with mpmath at 50 digits and
//! against direct summation of the probability mass functions.

const EPS: f64 = 1e-16;
const TINY: f64 = 1e-300;
const MAX_ITER: usize = 1_000_000;

/// ln Γ(x) for x > 0.
pub fn ln_gamma(x: f64) -> f64 {
    debug_assert!(x > 0.0, "ln_gamma of {x}");
    // Γ(x) = Γ(x + n) / (x (x+1) … (x+n−1)); the product stays below 10^7, one rounding.
    let mut prod = 1.0;
    let mut y = x;
    while y < 10.0 {
        prod *= y;
        y += 1.0;
    }
    let shift = prod.ln();
    let y2 = y * y;
    let series = (1.0 / 12.0
        + (-1.0 / 360.0 + (1.0 / 1260.0 + (-1.0 / 1680.0 + 1.0 / (1188.0 * y2)) / y2) / y2) / y2)
        / y;
    (y - 0.5) * y.ln() - y + 0.5 * (2.0 * std::f64::consts::PI).ln() + series - shift
}

/// ln(1 − e^a) for a ≤ 0, without cancellation.
fn ln_one_minus_exp(a: f64) -> f64 {
    if a > -std::f64::consts::LN_2 {
        (-a.exp_m1()).ln()
    } else {
        (-a.exp()).ln_1p()
    }
}

/// (ln P(a, x), ln Q(a, x)): the regularized lower and upper incomplete gamma functions, for
/// a > 0 and x ≥ 0.
pub fn ln_gamma_pq(a: f64, x: f64) -> (f64, f64) {
    if x <= 0.0 {
        return (f64::NEG_INFINITY, 0.0);
    }
    let ln_front = -x + a * x.ln() - ln_gamma(a);
    if x < a + 1.0 {
        // Series: P = front · Σ x^n / (a (a+1) … (a+n)).
        let mut ap = a;
        let mut term = 1.0 / a;
        let mut sum = term;
        for _ in 0..MAX_ITER {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term < sum * EPS {
                break;
            }
        }
        let ln_p = ln_front + sum.ln();
        (ln_p, ln_one_minus_exp(ln_p.min(0.0)))
    } else {
        // Continued fraction for Q (modified Lentz).
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..MAX_ITER {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < EPS {
                break;
            }
        }
        let ln_q = ln_front + h.ln();
        (ln_one_minus_exp(ln_q.min(0.0)), ln_q)
    }
}

/// ln P(X ≥ k) for X ~ Poisson(λ). `k = 0` gives 0 (certain); λ = 0 and k > 0 gives −∞.
pub fn ln_poisson_sf(k: u64, lambda: f64) -> f64 {
    if k == 0 {
        return 0.0;
    }
    if lambda <= 0.0 {
        return f64::NEG_INFINITY;
    }
    // P(X ≥ k) = P(X ≤ k−1)ᶜ = P(k, λ), the regularized lower incomplete gamma function.
    ln_gamma_pq(k as f64, lambda).0
}

/// Continued fraction of the incomplete beta function (modified Lentz).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let fix = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / fix(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..MAX_ITER {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / fix(1.0 + aa * d);
        c = fix(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / fix(1.0 + aa * d);
        c = fix(1.0 + aa / c);
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// ln I_x(a, b), the regularized incomplete beta function, given x, 1 − x and their logs
/// (passed separately so callers can compute them without cancellation).
fn ln_beta_reg(a: f64, b: f64, x: f64, one_minus_x: f64, ln_x: f64, ln_1mx: f64) -> f64 {
    if x <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if one_minus_x <= 0.0 {
        return 0.0;
    }
    let ln_front = a * ln_x + b * ln_1mx - (ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b));
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front + beta_cf(a, b, x).ln() - a.ln()
    } else {
        let ln_comp = ln_front + beta_cf(b, a, one_minus_x).ln() - b.ln();
        ln_one_minus_exp(ln_comp.min(0.0))
    }
}

/// ln P(X ≥ k) for a negative binomial X with mean `mu` and size (dispersion) `r`: variance
/// μ + μ²/r, Poisson as r → ∞ (sizes above 1e8 are computed as Poisson).
pub fn ln_negbin_sf(k: u64, mu: f64, r: f64) -> f64 {
    if k == 0 {
        return 0.0;
    }
    if mu <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if !r.is_finite() || r > 1e8 {
        return ln_poisson_sf(k, mu);
    }
    // P(X ≥ k) = 1 − F(k−1) = 1 − I_p(r, k) = I_{1−p}(k, r), p = r/(r+μ).
    let x = mu / (r + mu);
    let one_minus_x = r / (r + mu);
    let ln_x = mu.ln() - (r + mu).ln();
    let ln_1mx = -(mu / r).ln_1p();
    ln_beta_reg(k as f64, r, x, one_minus_x, ln_x, ln_1mx)
}

/// −log10 of a probability given as its natural log: the *surprise* (3 = one in a thousand).
pub fn surprise(ln_p: f64) -> f64 {
    let s = -ln_p / std::f64::consts::LN_10;
    if s <= 0.0 {
        0.0
    } else {
        s
    }
}

#[cfg(test)]
// Reference values are written as mpmath printed them.
#[allow(clippy::excessive_precision, clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, rel: f64) {
        assert!(
            (got - want).abs() <= rel * want.abs().max(1e-300),
            "got {got:e}, want {want:e}"
        );
    }

    /// ln of the sum of exp(terms).
    fn log_sum_exp(terms: &[f64]) -> f64 {
        let m = terms.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        m + terms.iter().map(|t| (t - m).exp()).sum::<f64>().ln()
    }

    /// Sums the upper tail from the log of its first term and the log ratio of successive
    /// terms, until the terms are 1e-40 of the largest (past the mode).
    fn tail_direct(first: f64, ln_ratio: impl Fn(f64) -> f64, k: u64) -> f64 {
        let mut terms = vec![first];
        let (mut t, mut j, mut top) = (first, k as f64, first);
        while terms.len() < 10_000_000 {
            t += ln_ratio(j);
            j += 1.0;
            top = top.max(t);
            terms.push(t);
            if t < top - 92.0 && ln_ratio(j) < 0.0 {
                break;
            }
        }
        log_sum_exp(&terms)
    }

    /// Direct summation of the Poisson upper tail, in log space.
    fn poisson_sf_direct(k: u64, lambda: f64) -> f64 {
        let first = -lambda + k as f64 * lambda.ln() - ln_gamma(k as f64 + 1.0);
        tail_direct(first, |j| lambda.ln() - (j + 1.0).ln(), k)
    }

    /// Direct summation of the negative-binomial upper tail, in log space.
    fn negbin_sf_direct(k: u64, mu: f64, r: f64) -> f64 {
        let ln_p = (r / (r + mu)).ln();
        let ln_q = (mu / (r + mu)).ln();
        let j = k as f64;
        let first = ln_gamma(j + r) - ln_gamma(j + 1.0) - ln_gamma(r) + r * ln_p + j * ln_q;
        tail_direct(first, |j| ((j + r) / (j + 1.0)).ln() + ln_q, k)
    }

    #[test]
    fn ln_gamma_known_values() {
        assert!(ln_gamma(1.0).abs() < 1e-13);
        assert!(ln_gamma(2.0).abs() < 1e-13);
        // Small arguments: absolute error (the shift subtracts two numbers near 13).
        assert!((ln_gamma(0.5) - 0.5 * std::f64::consts::PI.ln()).abs() < 1e-14);
        close(ln_gamma(10.0), 362_880.0_f64.ln(), 1e-14);
        // mpmath.loggamma
        close(ln_gamma(1e6), 12_815_504.569_147_612, 1e-15);
        close(ln_gamma(3.7), 1.428_072_326_665_388_1, 1e-14);
        close(ln_gamma(1e-5), 11.512_919_692_895_826, 1e-14);
    }

    #[test]
    fn poisson_tail_reference_values() {
        // mpmath.gammainc(k, 0, lam, regularized=True), 50 digits.
        let cases: &[(u64, f64, f64)] = &[
            (10, 3.0, 1.102_488_130_115_479_7e-3),
            (1, 3.0, 0.950_212_931_632_136_06),
            (3, 3.0, 0.576_809_918_873_156_48),
            (5, 0.1, 7.667_801_686_189_311e-8),
            (56, 14.0, 2.359_453_142_173_58e-17),
            (1100, 1000.0, 9.626_304_058_665_571_6e-4),
            (950, 1000.0, 0.945_793_326_110_981_39),
            (100, 5.0, 5.991_878_303_535_650_2e-91),
        ];
        for &(k, lam, want) in cases {
            close(ln_poisson_sf(k, lam).exp(), want, 1e-11);
        }
        // Far below f64: P(X ≥ 1000 | λ = 1) ≈ 10^-2568.
        let s = surprise(ln_poisson_sf(1000, 1.0));
        close(s, 2568.038_504_63, 1e-10);
        assert_eq!(ln_poisson_sf(0, 2.0), 0.0);
        assert_eq!(ln_poisson_sf(1, 0.0), f64::NEG_INFINITY);
    }

    #[test]
    fn poisson_tail_matches_direct_summation() {
        for &lam in &[0.01, 0.5, 2.0, 7.3, 40.0, 300.0, 5000.0] {
            for &k in &[1u64, 2, 5, 10, 30, 100, 400, 5200, 6000] {
                let a = ln_poisson_sf(k, lam);
                if (k as f64) < lam {
                    // Lower tail region: compare the probability itself.
                    close(a.exp(), poisson_sf_direct(k, lam).exp(), 1e-9);
                } else {
                    close(a, poisson_sf_direct(k, lam), 1e-9);
                }
            }
        }
    }

    #[test]
    fn negbin_tail_reference_values() {
        // mpmath.betainc(k, r, 0, mu/(r+mu), regularized=True), 50 digits.
        let cases: &[(u64, f64, f64, f64)] = &[
            (10, 3.0, 1.0, 5.631_351_470_947_265_6e-2),
            (10, 3.0, 100.0, 1.360_058_991_872_464_1e-3),
            (30, 14.0, 2.5, 7.248_023_670_751_309_5e-2),
            (56, 14.0, 0.8, 2.915_257_121_957_128_8e-2),
            (1, 0.5, 0.3, 0.254_908_892_328_776_97),
            (200, 5.0, 3.0, 4.352_963_733_382_937_3e-38),
        ];
        for &(k, mu, r, want) in cases {
            close(ln_negbin_sf(k, mu, r).exp(), want, 1e-10);
        }
    }

    #[test]
    fn negbin_tail_matches_direct_summation_and_poisson_limit() {
        for &mu in &[0.3, 2.0, 14.0, 120.0] {
            for &r in &[0.5, 1.0, 4.0, 50.0] {
                for &k in &[1u64, 3, 10, 40, 200] {
                    let a = ln_negbin_sf(k, mu, r);
                    let b = negbin_sf_direct(k, mu, r);
                    if (k as f64) < mu {
                        close(a.exp(), b.exp(), 1e-9);
                    } else {
                        close(a, b, 1e-9);
                    }
                }
            }
        }
        // Large r: Poisson.
        close(ln_negbin_sf(30, 14.0, 1e7), ln_poisson_sf(30, 14.0), 1e-5);
        // Overdispersion makes a high count less surprising.
        assert!(ln_negbin_sf(56, 14.0, 2.0) > ln_poisson_sf(56, 14.0));
    }
}
