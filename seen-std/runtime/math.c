/*
 * math.c — std.math over libm: thin wrappers with stable names, the
 * ties-to-even round and Kotlin's roundToInt/roundToLong.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>

#include "internal.h"

#define WRAP1(NAME, FN)                                                                           \
    double seen_math_##NAME(double x) { return FN(x); }                                          \
    float seen_math_##NAME##_f32(float x) { return FN##f(x); }
#define WRAP2(NAME, FN)                                                                           \
    double seen_math_##NAME(double x, double y) { return FN(x, y); }                             \
    float seen_math_##NAME##_f32(float x, float y) { return FN##f(x, y); }

WRAP1(cbrt, cbrt)
WRAP2(pow, pow)
WRAP1(exp, exp)
WRAP1(ln, log)
WRAP1(log10, log10)
WRAP1(log2, log2)
WRAP1(sin, sin)
WRAP1(cos, cos)
WRAP1(tan, tan)
WRAP1(asin, asin)
WRAP1(acos, acos)
WRAP1(atan, atan)
WRAP2(atan2, atan2)
WRAP1(sinh, sinh)
WRAP1(cosh, cosh)
WRAP1(tanh, tanh)
WRAP2(hypot, hypot)
WRAP2(fmod, fmod)

/* rint rounds ties to even in the default rounding mode, which Seen code
 * never changes. */
double seen_math_round(double x) { return rint(x); }

float seen_math_round_f32(float x) { return rintf(x); }

int64_t seen_math_round_to_i64(double x, const char *path, uint32_t line, uint32_t col) {
    if (isnan(x)) {
        seen_panicf(path, line, col, "Cannot round NaN value.");
    }
    /* floor(x + 0.5) would be wrong for 0.49999999999999994 (the sum rounds
     * up); x - floor(x) is exact. */
    double f = floor(x);
    double r = (x - f >= 0.5) ? f + 1.0 : f;
    if (r >= 9223372036854775808.0) {
        return INT64_MAX;
    }
    if (r < -9223372036854775808.0) {
        return INT64_MIN;
    }
    return (int64_t)r;
}
