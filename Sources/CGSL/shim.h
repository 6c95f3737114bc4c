#ifndef DOORSTROOM_CGSL_SHIM_H
#define DOORSTROOM_CGSL_SHIM_H

#include <stdint.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_version.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_integration.h>

/*
 * xoshiro256** (Blackman & Vigna, 2018) as a GSL generator type, so that every
 * gsl_ran_* and gsl_cdf_* function works on it unchanged.
 *
 * Why not mt19937: GSL seeds it from 32 bits only, so a million derived
 * streams would collide. Here `set` expands a full 64-bit seed with
 * SplitMix64 into the 256-bit state; distinct seeds give distinct states
 * (the first state word is a bijection of the seed).
 *
 * `get` returns the upper 32 bits (max = 2^32 - 1, as most GSL generators),
 * `get_double` uses the upper 53 bits for a uniform on [0, 1).
 */

typedef struct {
    uint64_t s[4];
} cgsl_xoshiro256ss_state;

static inline uint64_t cgsl_rotl64(const uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

/// SplitMix64: advances `*x` and returns the next output.
static inline uint64_t cgsl_splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// The SplitMix64 finaliser: a bijection on 64-bit words.
static inline uint64_t cgsl_mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t cgsl_xoshiro256ss_next(cgsl_xoshiro256ss_state *st) {
    uint64_t *s = st->s;
    const uint64_t result = cgsl_rotl64(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = cgsl_rotl64(s[3], 45);
    return result;
}

static inline void cgsl_xoshiro256ss_set(void *vstate, unsigned long int seed) {
    cgsl_xoshiro256ss_state *st = (cgsl_xoshiro256ss_state *)vstate;
    uint64_t x = (uint64_t)seed;
    uint64_t a = cgsl_splitmix64(&x), b = cgsl_splitmix64(&x), c = cgsl_splitmix64(&x), d = cgsl_splitmix64(&x);
    /* Kept in general registers and stored one word at a time: vectorised
       (SSE2 has no 64-bit multiply), the four mixes took longer, and the
       first draw then read a word of a 16-byte store. */
    __asm__("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d));
    st->s[0] = a;
    st->s[1] = b;
    st->s[2] = c;
    st->s[3] = d;
}

static inline unsigned long int cgsl_xoshiro256ss_get(void *vstate) {
    return (unsigned long int)(cgsl_xoshiro256ss_next((cgsl_xoshiro256ss_state *)vstate) >> 32);
}

static inline double cgsl_xoshiro256ss_get_double(void *vstate) {
    return (double)(cgsl_xoshiro256ss_next((cgsl_xoshiro256ss_state *)vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type cgsl_xoshiro256ss_type = {
    "xoshiro256**",
    0xffffffffUL,
    0,
    sizeof(cgsl_xoshiro256ss_state),
    &cgsl_xoshiro256ss_set,
    &cgsl_xoshiro256ss_get,
    &cgsl_xoshiro256ss_get_double
};

/// The generator type, through a function so Swift 6 sees no mutable C global.
static inline const gsl_rng_type *cgsl_rng_xoshiro256ss(void) {
    return &cgsl_xoshiro256ss_type;
}

/// The next raw 64-bit output of a generator of type cgsl_rng_xoshiro256ss().
static inline uint64_t cgsl_rng_next_u64(gsl_rng *r) {
    return cgsl_xoshiro256ss_next((cgsl_xoshiro256ss_state *)r->state);
}

/// A uniform double in [0, 1) without the indirect call, for hot loops.
static inline double cgsl_rng_next_double(gsl_rng *r) {
    return (double)(cgsl_xoshiro256ss_next((cgsl_xoshiro256ss_state *)r->state) >> 11) * 0x1.0p-53;
}

/// Reseeds in place (no allocation): the state GSL's gsl_rng_set would give.
static inline void cgsl_rng_reseed(gsl_rng *r, uint64_t seed) {
    cgsl_xoshiro256ss_set(r->state, (unsigned long int)seed);
}

/// printf's "%.*g" of one double into `buffer` (Swift cannot call a variadic
/// C function; a va_list built in Swift casts every argument dynamically).
/// Returns the length, as snprintf does.
static inline int cgsl_format_g(char *buffer, size_t size, int digits, double x) {
    return snprintf(buffer, size, "%.*g", digits, x);
}

/// printf's "%.*f" of one double into `buffer`, for the same reason.
static inline int cgsl_format_f(char *buffer, size_t size, int decimals, double x) {
    return snprintf(buffer, size, "%.*f", decimals, x);
}

/// GSL's own generator types, for comparison in benchmarks.
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *cgsl_rng_taus2(void) { return gsl_rng_taus2; }

/// The Nelder–Mead simplex minimiser type (version 2).
static inline const gsl_multimin_fminimizer_type *cgsl_multimin_nmsimplex2(void) {
    return gsl_multimin_fminimizer_nmsimplex2;
}

/// GSL's version string, through a function (Swift 6 rejects the C global).
static inline const char *cgsl_version(void) {
    return gsl_version;
}

#endif
