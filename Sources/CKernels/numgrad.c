// The incremental numerical gradient of a two-layer net (see numgrad.h).
//
// Notation, per sample r: scores s (c values), their maximum m, P_o = exp(s_o − m), S = Σ P_o,
// label t, probability y = P_t / S, loss term −log(y + 1e-7). Nudging hidden unit j's
// activation by Δ moves every score by Δ·w_o (w = W2[j, :]), so
//     u = Σ_o P_o (e^{Δ w_o} − 1)   and   y' = P_t (1 + e_t) / (S + u),  e_t = e^{Δ w_t} − 1.
// For the central difference only log(y'₊ + δ) − log(y'₋ + δ) = log1p(q) is needed, with
//     q = P_t·B / ((S + u₊)(P_t (1 + e_t₋) + δ (S + u₋))),
//     B = S (e_t₊ − e_t₋) + (u₋ − u₊) + e_t₊ u₋ − e_t₋ u₊,
// all small quantities computed without cancellation. When |Δ w_o| < 1e-4 (the usual case:
// Δ is about h·x/4) e^{Δ w} − 1 and log1p are short series, and u collapses to a polynomial
// in Δ whose coefficients are the moments Σ_o P_o w_o^m / m!, computed once per hidden unit:
// no exp or log is left in the inner loop. Otherwise the two losses are computed directly.
#include "numgrad.h"
#include "cpu.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GUARD 1e-7          // the book's cross_entropy_error adds this inside the log
#define SERIES_LIMIT 1e-4   // |Δ·w| below this: the series below are exact to double precision

struct nn_numgrad {
    int64_t n, d, k, c;
    int sigmoid;
    double h;
    double *xt;        // (d + 1) × n: inputs by feature; row d is all ones (the bias)
    double *em, *ep;   // (d + 1) × n: e^{−h x}, e^{h x}
    double *gm, *gp;   // (d + 1) × n: 1 − e^{−h x}, 1 − e^{h x}
    double *xmax;      // d + 1: max_r |x[r, i]|
    double *a, *z;     // k × n: pre-activations and activations, by hidden unit
    double *s, *p;     // n × c: scores, exp(score − row max)
    double *psum;      // n: Σ_o p
    double *w2;        // k × c
    int64_t *t;        // n
};

static inline double activate(const nn_numgrad *g, double a) {
    return g->sigmoid ? 1.0 / (1.0 + exp(-a)) : (a > 0 ? a : 0.0);
}

nn_numgrad *nn_numgrad_create(int64_t n, int64_t d, int64_t k, int64_t c, const double *x, const int64_t *labels,
                              const double *W1, const double *b1, const double *W2, const double *b2,
                              int sigmoid, double h) {
    nn_numgrad *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->n = n; g->d = d; g->k = k; g->c = c; g->sigmoid = sigmoid; g->h = h;
    const size_t cols = (size_t)(d + 1) * (size_t)n;
    g->xt = malloc(cols * sizeof(double));
    g->em = malloc(cols * sizeof(double));
    g->ep = malloc(cols * sizeof(double));
    g->gm = malloc(cols * sizeof(double));
    g->gp = malloc(cols * sizeof(double));
    g->xmax = calloc((size_t)d + 1, sizeof(double));
    g->a = malloc((size_t)(k * n) * sizeof(double));
    g->z = malloc((size_t)(k * n) * sizeof(double));
    g->s = malloc((size_t)(n * c) * sizeof(double));
    g->p = malloc((size_t)(n * c) * sizeof(double));
    g->psum = malloc((size_t)n * sizeof(double));
    g->w2 = malloc((size_t)(k * c) * sizeof(double));
    g->t = malloc((size_t)n * sizeof(int64_t));
    if (!g->xt || !g->em || !g->ep || !g->gm || !g->gp || !g->xmax || !g->a || !g->z || !g->s || !g->p ||
        !g->psum || !g->w2 || !g->t) {
        nn_numgrad_free(g);
        return NULL;
    }
    memcpy(g->w2, W2, (size_t)(k * c) * sizeof(double));
    memcpy(g->t, labels, (size_t)n * sizeof(int64_t));
    for (int64_t i = 0; i <= d; i++) {
        for (int64_t r = 0; r < n; r++) {
            const double v = i < d ? x[r * d + i] : 1.0;
            g->xt[i * n + r] = v;
            g->em[i * n + r] = exp(-h * v);
            g->ep[i * n + r] = exp(h * v);
            g->gm[i * n + r] = -expm1(-h * v);
            g->gp[i * n + r] = -expm1(h * v);
            if (fabs(v) > g->xmax[i] || isnan(v)) g->xmax[i] = isnan(v) ? INFINITY : fabs(v);
        }
    }
    for (int64_t r = 0; r < n; r++) {
        const double *xr = x + r * d;
        for (int64_t j = 0; j < k; j++) {
            double acc = 0;
            for (int64_t i = 0; i < d; i++) acc += xr[i] * W1[i * k + j];
            const double a = acc + b1[j];
            g->a[j * n + r] = a;
            g->z[j * n + r] = activate(g, a);
        }
        double *sr = g->s + r * c, *pr = g->p + r * c;
        double m = -INFINITY;
        for (int64_t o = 0; o < c; o++) {
            double acc = 0;
            for (int64_t j = 0; j < k; j++) acc += g->z[j * n + r] * W2[j * c + o];
            sr[o] = acc + b2[o];
            if (sr[o] > m || isnan(sr[o])) m = sr[o];
        }
        double sum = 0;
        for (int64_t o = 0; o < c; o++) { pr[o] = exp(sr[o] - m); sum += pr[o]; }
        g->psum[r] = sum;
    }
    return g;
}

void nn_numgrad_free(nn_numgrad *g) {
    if (!g) return;
    free(g->xt); free(g->em); free(g->ep); free(g->gm); free(g->gp); free(g->xmax);
    free(g->a); free(g->z); free(g->s); free(g->p); free(g->psum); free(g->w2); free(g->t);
    free(g);
}

/// The batch's loss with hidden unit j's pre-activations moved by `shift` · x[:, i], computed
/// the direct way (as the book's forward pass would).
static double shifted_loss(const nn_numgrad *g, int64_t j, int64_t i, double shift) {
    const int64_t n = g->n, c = g->c;
    const double *w = g->w2 + j * c;
    double total = 0;
    for (int64_t r = 0; r < n; r++) {
        const double a = g->a[j * n + r];
        const double delta = activate(g, a + shift * g->xt[i * n + r]) - g->z[j * n + r];
        const double *sr = g->s + r * c;
        double m = -INFINITY;
        for (int64_t o = 0; o < c; o++) {
            const double v = sr[o] + delta * w[o];
            if (v > m || isnan(v)) m = v;
        }
        double sum = 0;
        for (int64_t o = 0; o < c; o++) sum += exp(sr[o] + delta * w[o] - m);
        total += log(exp(sr[g->t[r]] + delta * w[g->t[r]] - m) / sum + GUARD);
    }
    return -total / (double)n;
}

/// Per-hidden-unit values the inner loop reads, each n long.
typedef struct {
    double *ea, *cz;               // sigmoid: e^{−a}, e^{−a}·z   (ReLU: a in ea)
    double *m1, *m2, *m3, *m4, *m5; // Σ_o P_o w_o^m / m!
    double *wt, *pt, *sum;         // w_t, P_t, S
    double *out;                   // log1p(q) per sample
} unit_rows;

// The inner loop over samples, for one input i of hidden unit j; written so the compiler can
// vectorise it (no branches, no calls). Instantiated for AVX2+FMA and for the baseline.
#define INNER_BODY                                                                                 \
    for (int64_t r = 0; r < n; r++) {                                                              \
        double dp, dm;                                                                             \
        if (sigmoid) {                                                                             \
            const double e1 = u->ea[r] * em[r], e2 = u->ea[r] * ep[r];                             \
            const double inv = 1.0 / ((1.0 + e1) * (1.0 + e2));                                    \
            dp = u->cz[r] * gm[r] * (1.0 + e2) * inv;                                              \
            dm = u->cz[r] * gp[r] * (1.0 + e1) * inv;                                              \
        } else {                                                                                   \
            const double av = u->ea[r], sh = h * xt[r], base = av > 0 ? av : 0.0;                  \
            const double up_ = av + sh, dn_ = av - sh;                                             \
            dp = (up_ > 0 ? up_ : 0.0) - base;                                                     \
            dm = (dn_ > 0 ? dn_ : 0.0) - base;                                                     \
        }                                                                                          \
        const double upl = dp * (u->m1[r] + dp * (u->m2[r] + dp * (u->m3[r] + dp * (u->m4[r] + dp * u->m5[r])))); \
        const double umn = dm * (u->m1[r] + dm * (u->m2[r] + dm * (u->m3[r] + dm * (u->m4[r] + dm * u->m5[r])))); \
        const double xp = dp * u->wt[r], xm = dm * u->wt[r];                                       \
        const double etp = xp * (1.0 + xp * (0.5 + xp * (1.0 / 6 + xp * (1.0 / 24 + xp * (1.0 / 120))))); \
        const double etm = xm * (1.0 + xm * (0.5 + xm * (1.0 / 6 + xm * (1.0 / 24 + xm * (1.0 / 120))))); \
        const double S = u->sum[r], pt = u->pt[r];                                                 \
        const double B = S * (etp - etm) + (umn - upl) + etp * umn - etm * upl;                    \
        const double q = pt * B / ((S + upl) * (pt * (1.0 + etm) + GUARD * (S + umn)));            \
        u->out[r] = q * (1.0 + q * (-0.5 + q * (1.0 / 3 + q * (-0.25 + q * 0.2))));                \
    }

#ifdef NN_HAVE_DISPATCH
__attribute__((target("avx2,fma")))
static void inner_avx2(const unit_rows *restrict u, int64_t n, int sigmoid, double h, const double *restrict xt,
                       const double *restrict em, const double *restrict ep, const double *restrict gm,
                       const double *restrict gp) { INNER_BODY }
#endif
static void inner_base(const unit_rows *restrict u, int64_t n, int sigmoid, double h, const double *restrict xt,
                       const double *restrict em, const double *restrict ep, const double *restrict gm,
                       const double *restrict gp) { INNER_BODY }


/// Σ of n values in four interleaved partial sums (the order does not matter here: the
/// terms are differences, already exact to the last bits that count).
static double sum_values(const double *v, int64_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int64_t r = 0;
    for (; r + 4 <= n; r += 4) { s0 += v[r]; s1 += v[r + 1]; s2 += v[r + 2]; s3 += v[r + 3]; }
    for (; r < n; r++) s0 += v[r];
    return (s0 + s1) + (s2 + s3);
}

void nn_numgrad_hidden_unit(const nn_numgrad *g, int64_t j, double *gW1, double *gb1) {
    const int64_t n = g->n, d = g->d, k = g->k, c = g->c;
    const double h = g->h;
    const double *w = g->w2 + j * c;
    double wmax = 0;
    for (int64_t o = 0; o < c; o++) wmax = fabs(w[o]) > wmax || isnan(w[o]) ? (isnan(w[o]) ? INFINITY : fabs(w[o])) : wmax;
    double *buffer = malloc((size_t)n * 11 * sizeof(double));
    // Without memory the direct computation still works (slowly).
    int series_usable = buffer != NULL;
    unit_rows u;
    if (buffer) {
        double *b = buffer;
        u.ea = b; b += n; u.cz = b; b += n; u.m1 = b; b += n; u.m2 = b; b += n; u.m3 = b; b += n;
        u.m4 = b; b += n; u.m5 = b; b += n; u.wt = b; b += n; u.pt = b; b += n; u.sum = b; b += n; u.out = b;
        for (int64_t r = 0; r < n; r++) {
            const double a = g->a[j * n + r];
            if (g->sigmoid) {
                // e^{−a} must stay finite for the closed form of σ(a ± δ) − σ(a).
                if (!(fabs(a) < 700)) series_usable = 0;
                u.ea[r] = exp(-a);
                u.cz[r] = u.ea[r] * g->z[j * n + r];
            } else {
                u.ea[r] = a;
                u.cz[r] = 0;
            }
            const double *pr = g->p + r * c;
            double m1 = 0, m2 = 0, m3 = 0, m4 = 0, m5 = 0;
            for (int64_t o = 0; o < c; o++) {
                const double pw = pr[o] * w[o], pw2 = pw * w[o], pw3 = pw2 * w[o], pw4 = pw3 * w[o];
                m1 += pw; m2 += pw2; m3 += pw3; m4 += pw4; m5 += pw4 * w[o];
            }
            u.m1[r] = m1; u.m2[r] = m2 / 2; u.m3[r] = m3 / 6; u.m4[r] = m4 / 24; u.m5[r] = m5 / 120;
            u.wt[r] = w[g->t[r]];
            u.pt[r] = pr[g->t[r]];
            u.sum[r] = g->psum[r];
        }
    }
    // |σ(a + δ) − σ(a)| ≤ |δ| / 4; a ReLU passes at most |δ|.
    const double slope = g->sigmoid ? 0.25 : 1.0;
    const int avx2 = nn_has_avx2_fma();
    for (int64_t i = 0; i <= d; i++) {
        double grad;
        const double bound = slope * h * g->xmax[i] * wmax * 1.0001;
        if (series_usable && bound < SERIES_LIMIT) {
            const size_t o = (size_t)(i * n);
#ifdef NN_HAVE_DISPATCH
            if (avx2) inner_avx2(&u, n, g->sigmoid, h, g->xt + o, g->em + o, g->ep + o, g->gm + o, g->gp + o);
            else
#endif
                inner_base(&u, n, g->sigmoid, h, g->xt + o, g->em + o, g->ep + o, g->gm + o, g->gp + o);
            grad = -sum_values(u.out, n) / (double)n / (2 * h);
        } else {
            grad = (shifted_loss(g, j, i, h) - shifted_loss(g, j, i, -h)) / (2 * h);
        }
        if (i < d) gW1[i * k + j] = grad; else *gb1 = grad;
    }
    (void)avx2;
    free(buffer);
}

void nn_numgrad_output_layer(const nn_numgrad *g, double *gW2, double *gb2) {
    const int64_t n = g->n, k = g->k, c = g->c;
    const double h = g->h;
    for (int64_t o = 0; o < c; o++) {
        for (int64_t j = 0; j <= k; j++) {
            // W2[j, o] ± h moves score o by ± h·z[:, j]; b2[o] ± h by ± h.
            double total = 0;
            for (int64_t r = 0; r < n; r++) {
                const double v = j < k ? g->z[j * n + r] : 1.0;
                const double ep = expm1(h * v), em = expm1(-h * v);
                const double po = g->p[r * c + o], S = g->psum[r];
                const double upl = po * ep, umn = po * em;
                const int hit = g->t[r] == o;
                const double etp = hit ? ep : 0.0, etm = hit ? em : 0.0, pt = g->p[r * c + g->t[r]];
                const double B = S * (etp - etm) + (umn - upl) + etp * umn - etm * upl;
                total += log1p(pt * B / ((S + upl) * (pt * (1.0 + etm) + GUARD * (S + umn))));
            }
            const double grad = -total / (double)n / (2 * h);
            if (j < k) gW2[j * c + o] = grad; else gb2[o] = grad;
        }
    }
}
