#ifndef NNTUTOR_NUMGRAD_H
#define NNTUTOR_NUMGRAD_H
#include <stdint.h>

/// The central-difference gradient of a two-layer net's loss (affine → ReLU or sigmoid →
/// affine → softmax → cross-entropy with the book's 1e-7 guard, averaged over the batch),
/// computed incrementally: nudging W1[i, j] by ±h changes only hidden unit j, so each
/// perturbed loss is the base loss plus a small change that is computed directly. The
/// result equals (loss(W + h) − loss(W − h)) / 2h to about 1e-12, the same numbers the naive
/// loop gives (which is itself only that accurate).
typedef struct nn_numgrad nn_numgrad;

/// Runs the forward pass once and keeps what the perturbations need. x is n × d, W1 d × k,
/// b1 k, W2 k × c, b2 c (row-major float64); labels are class indices in 0 ..< c.
/// Returns NULL if memory runs out.
nn_numgrad *nn_numgrad_create(int64_t n, int64_t d, int64_t k, int64_t c, const double *x, const int64_t *labels,
                              const double *W1, const double *b1, const double *W2, const double *b2,
                              int sigmoid, double h);

/// Gradients for hidden unit j: W1[:, j] into gW1[i * k + j] for every input i, and b1[j].
void nn_numgrad_hidden_unit(const nn_numgrad *g, int64_t j, double *gW1, double *gb1);

/// Gradients for the output layer: gW2 (k × c) and gb2 (c).
void nn_numgrad_output_layer(const nn_numgrad *g, double *gW2, double *gb2);

void nn_numgrad_free(nn_numgrad *g);

#endif
