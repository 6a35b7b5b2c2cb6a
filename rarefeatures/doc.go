// Package rarefeatures is the experiment of the notebook "rare features":
// why Adagrad was invented (Duchi, Hazan and Singer, 2011).
//
// In text and in many other data, features follow word-like frequencies:
// a few appear everywhere, most appear rarely, and the rare ones are often
// the telling ones. Plain stochastic gradient descent gives every feature
// the same learning rate, which the frequent features hold down; a feature
// seen a handful of times then barely moves. Adagrad divides each feature's
// step by the root of its own sum of squared gradients, so a rare feature
// keeps a large step while the frequent ones calm down.
//
// Generate draws a synthetic classification problem of that kind: examples
// are bags of tokens drawn with Zipf frequencies, and only rare features
// carry signal. Train fits logistic regression one example at a time with a
// sparse update rule, plain SGD or adagrad's StepSparse; Compare picks each
// one's best learning rate from a sweep and records what the figures show,
// which LossFigure and StepFigure draw.
package rarefeatures
