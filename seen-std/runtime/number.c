/*
 * number.c — numbers to text: integers in decimal, and Double/Float
 * toString in Kotlin's form with shortest round-trip digits.
 *
 * Doubles: the shortest digit string that reads back to the same double,
 * the closest one to the exact value when several are as short (ties to
 * even), computed with Ryu (Ulf Adams, "Ryu: fast float-to-string
 * conversion", PLDI 2018; the tables are in ryu_tables.h). This is what
 * Python's repr gives, which conformance/twins/ktfmt.py uses.
 *
 * Floats: exactly ktfmt.py's kt_float: for p = 1, 2, ... the exact value
 * correctly rounded (ties to even) to p significant digits; the first that
 * reads back to the same Float, read as a double and then rounded to float,
 * is taken. The exact decimal digits come from a small big-number
 * expansion, the reading back from a correctly rounded conversion.
 *
 * Both then follow Java's rule: when one digit would do, the closest
 * decimal of two significant digits is printed (4.9E-324). For normal
 * values the shortest one-digit decimal is always the closest two-digit
 * one (their relative distance is below 2^-24, the two-digit grid's step
 * above 10^-2), so only subnormals need the exact two-digit rounding.
 *
 * Layout (Kotlin): plain when 1e-3 <= |x| < 1e7, with at least one digit
 * after the point; otherwise d.dddE<exp>.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ryu_tables.h"

/* ---- integers ---- */

static const char DIGIT_PAIRS[201] = "00010203040506070809"
                                     "10111213141516171819"
                                     "20212223242526272829"
                                     "30313233343536373839"
                                     "40414243444546474849"
                                     "50515253545556575859"
                                     "60616263646566676869"
                                     "70717273747576777879"
                                     "80818283848586878889"
                                     "90919293949596979899";

/* Writes the decimal digits of v to buf; returns their count (1..20). */
static size_t u64_digits(char *buf, uint64_t v) {
    char tmp[24];
    size_t n = sizeof tmp;
    while (v >= 100) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        n -= 2;
        memcpy(tmp + n, DIGIT_PAIRS + 2 * r, 2);
    }
    if (v >= 10) {
        n -= 2;
        memcpy(tmp + n, DIGIT_PAIRS + 2 * v, 2);
    } else {
        tmp[--n] = (char)('0' + v);
    }
    size_t len = sizeof tmp - n;
    memcpy(buf, tmp + n, len);
    return len;
}

size_t seen_fmt_u64(char *buf, uint64_t v) { return u64_digits(buf, v); }

size_t seen_fmt_i64(char *buf, int64_t v) {
    if (v < 0) {
        buf[0] = '-';
        return 1 + u64_digits(buf + 1, (uint64_t)0 - (uint64_t)v);
    }
    return u64_digits(buf, (uint64_t)v);
}

/* ---- the Kotlin layout ---- */

/* digits[0..nd) without leading or trailing zeros; value = 0.DIGITS x
 * 10^point. `plain` selects the plain form. Returns bytes written. */
static size_t layout(char *buf, bool neg, const char *digits, int nd, int point, bool plain) {
    size_t o = 0;
    if (neg) {
        buf[o++] = '-';
    }
    if (plain) {
        if (point <= 0) {
            buf[o++] = '0';
            buf[o++] = '.';
            for (int k = 0; k < -point; k++) {
                buf[o++] = '0';
            }
            memcpy(buf + o, digits, (size_t)nd);
            o += (size_t)nd;
        } else if (point >= nd) {
            memcpy(buf + o, digits, (size_t)nd);
            o += (size_t)nd;
            for (int k = 0; k < point - nd; k++) {
                buf[o++] = '0';
            }
            buf[o++] = '.';
            buf[o++] = '0';
        } else {
            memcpy(buf + o, digits, (size_t)point);
            o += (size_t)point;
            buf[o++] = '.';
            memcpy(buf + o, digits + point, (size_t)(nd - point));
            o += (size_t)(nd - point);
        }
        return o;
    }
    buf[o++] = digits[0];
    buf[o++] = '.';
    if (nd > 1) {
        memcpy(buf + o, digits + 1, (size_t)(nd - 1));
        o += (size_t)(nd - 1);
    } else {
        buf[o++] = '0';
    }
    buf[o++] = 'E';
    o += seen_fmt_i64(buf + o, (int64_t)point - 1);
    return o;
}

static size_t special(char *buf, double x) {
    if (isnan(x)) {
        memcpy(buf, "NaN", 3);
        return 3;
    }
    if (isinf(x)) {
        if (x < 0) {
            memcpy(buf, "-Infinity", 9);
            return 9;
        }
        memcpy(buf, "Infinity", 8);
        return 8;
    }
    if (signbit(x)) {
        memcpy(buf, "-0.0", 4);
        return 4;
    }
    memcpy(buf, "0.0", 3);
    return 3;
}

/* The closest two-significant-digit decimal of ax > 0, ties to even (glibc
 * rounds the exact binary value): digits without trailing zero and point. */
static int closest_two(double ax, char *digits, int *point) {
    char tmp[40];
    int k = snprintf(tmp, sizeof tmp, "%.1e", ax); /* d.de[+-]XX */
    if (k < 6) {
        digits[0] = '0';
        *point = 1;
        return 1;
    }
    digits[0] = tmp[0];
    digits[1] = tmp[2];
    *point = atoi(tmp + 4) + 1;
    return digits[1] == '0' ? 1 : 2;
}

/* ---- Ryu for doubles ---- */

#define DOUBLE_MANTISSA_BITS 52
#define DOUBLE_EXPONENT_BITS 11
#define DOUBLE_BIAS 1023

static inline uint32_t pow5bits(int32_t e) { return (uint32_t)(((e * 1217359) >> 19) + 1); }
static inline uint32_t log10_pow2(int32_t e) { return (uint32_t)((e * 78913) >> 18); }
static inline uint32_t log10_pow5(int32_t e) { return (uint32_t)((e * 732923) >> 20); }

static inline uint32_t pow5_factor(uint64_t v) {
    uint32_t count = 0;
    for (;;) {
        uint64_t q = v / 5;
        uint32_t r = (uint32_t)(v - 5 * q);
        if (r != 0) {
            break;
        }
        v = q;
        ++count;
    }
    return count;
}

static inline bool multiple_of_pow5(uint64_t v, uint32_t p) { return pow5_factor(v) >= p; }

static inline bool multiple_of_pow2(uint64_t v, uint32_t p) {
    return (v & ((1ULL << p) - 1)) == 0;
}

/* (m * mul) >> j, where mul is 128 bits {low, high} and 64 <= j < 192. */
static inline uint64_t mul_shift64(uint64_t m, const uint64_t *mul, int32_t j) {
#if defined(__SIZEOF_INT128__)
    __extension__ typedef unsigned __int128 u128;
    u128 b0 = (u128)m * mul[0];
    u128 b2 = (u128)m * mul[1];
    return (uint64_t)(((b0 >> 64) + b2) >> (j - 64));
#else
    /* portable 64x64 -> 128 multiplication */
    uint64_t hi0, lo0, hi2, lo2;
    {
        uint64_t a = m, b = mul[0];
        uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32, b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
        uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
        uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
        lo0 = (mid << 32) | (p00 & 0xFFFFFFFFu);
        hi0 = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    }
    {
        uint64_t a = m, b = mul[1];
        uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32, b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
        uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
        uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
        lo2 = (mid << 32) | (p00 & 0xFFFFFFFFu);
        hi2 = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    }
    (void)lo0;
    uint64_t sum_lo = hi0 + lo2;
    uint64_t sum_hi = hi2 + (sum_lo < hi0 ? 1 : 0);
    int32_t s = j - 64;
    if (s == 0) {
        return sum_lo;
    }
    if (s < 64) {
        return (sum_hi << (64 - s)) | (sum_lo >> s);
    }
    return sum_hi >> (s - 64);
#endif
}

/* Shortest digits of a positive finite double: *out x 10^*exp10. */
static void ryu_d2d(uint64_t ieee_mantissa, uint32_t ieee_exponent, uint64_t *out,
                    int32_t *exp10) {
    int32_t e2;
    uint64_t m2;
    if (ieee_exponent == 0) {
        e2 = 1 - DOUBLE_BIAS - DOUBLE_MANTISSA_BITS - 2;
        m2 = ieee_mantissa;
    } else {
        e2 = (int32_t)ieee_exponent - DOUBLE_BIAS - DOUBLE_MANTISSA_BITS - 2;
        m2 = (1ULL << DOUBLE_MANTISSA_BITS) | ieee_mantissa;
    }
    const bool even = (m2 & 1) == 0;
    const bool accept_bounds = even;

    const uint64_t mv = 4 * m2;
    const uint32_t mm_shift = ieee_mantissa != 0 || ieee_exponent <= 1;

    uint64_t vr, vp, vm;
    int32_t e10;
    bool vm_trailing_zeros = false;
    bool vr_trailing_zeros = false;
    if (e2 >= 0) {
        const uint32_t q = log10_pow2(e2) - (e2 > 3);
        e10 = (int32_t)q;
        const int32_t k = SEEN_POW5_INV_BITCOUNT + (int32_t)pow5bits((int32_t)q) - 1;
        const int32_t i = -e2 + (int32_t)q + k;
        vr = mul_shift64(4 * m2, SEEN_POW5_INV_SPLIT[q], i);
        vp = mul_shift64(4 * m2 + 2, SEEN_POW5_INV_SPLIT[q], i);
        vm = mul_shift64(4 * m2 - 1 - mm_shift, SEEN_POW5_INV_SPLIT[q], i);
        if (q <= 21) {
            const uint32_t mv_mod5 = (uint32_t)(mv % 5);
            if (mv_mod5 == 0) {
                vr_trailing_zeros = multiple_of_pow5(mv, q);
            } else if (accept_bounds) {
                vm_trailing_zeros = multiple_of_pow5(mv - 1 - mm_shift, q);
            } else {
                vp -= multiple_of_pow5(mv + 2, q);
            }
        }
    } else {
        const uint32_t q = log10_pow5(-e2) - (-e2 > 1);
        e10 = (int32_t)q + e2;
        const int32_t i = -e2 - (int32_t)q;
        const int32_t k = (int32_t)pow5bits(i) - SEEN_POW5_BITCOUNT;
        const int32_t j = (int32_t)q - k;
        vr = mul_shift64(4 * m2, SEEN_POW5_SPLIT[i], j);
        vp = mul_shift64(4 * m2 + 2, SEEN_POW5_SPLIT[i], j);
        vm = mul_shift64(4 * m2 - 1 - mm_shift, SEEN_POW5_SPLIT[i], j);
        if (q <= 1) {
            vr_trailing_zeros = true;
            if (accept_bounds) {
                vm_trailing_zeros = mm_shift == 1;
            } else {
                --vp;
            }
        } else if (q < 63) {
            vr_trailing_zeros = multiple_of_pow2(mv, q);
        }
    }

    int32_t removed = 0;
    uint8_t last_removed = 0;
    uint64_t output;
    if (vm_trailing_zeros || vr_trailing_zeros) {
        for (;;) {
            const uint64_t vp10 = vp / 10;
            const uint64_t vm10 = vm / 10;
            if (vp10 <= vm10) {
                break;
            }
            const uint32_t vm_mod10 = (uint32_t)(vm - 10 * vm10);
            const uint64_t vr10 = vr / 10;
            const uint32_t vr_mod10 = (uint32_t)(vr - 10 * vr10);
            vm_trailing_zeros &= vm_mod10 == 0;
            vr_trailing_zeros &= last_removed == 0;
            last_removed = (uint8_t)vr_mod10;
            vr = vr10;
            vp = vp10;
            vm = vm10;
            ++removed;
        }
        if (vm_trailing_zeros) {
            for (;;) {
                const uint64_t vm10 = vm / 10;
                const uint32_t vm_mod10 = (uint32_t)(vm - 10 * vm10);
                if (vm_mod10 != 0) {
                    break;
                }
                const uint64_t vp10 = vp / 10;
                const uint64_t vr10 = vr / 10;
                const uint32_t vr_mod10 = (uint32_t)(vr - 10 * vr10);
                vr_trailing_zeros &= last_removed == 0;
                last_removed = (uint8_t)vr_mod10;
                vr = vr10;
                vp = vp10;
                vm = vm10;
                ++removed;
            }
        }
        if (vr_trailing_zeros && last_removed == 5 && vr % 2 == 0) {
            last_removed = 4; /* exactly .5: round to even */
        }
        output = vr + ((vr == vm && (!accept_bounds || !vm_trailing_zeros)) || last_removed >= 5);
    } else {
        bool round_up = false;
        const uint64_t vp100 = vp / 100;
        const uint64_t vm100 = vm / 100;
        if (vp100 > vm100) {
            const uint64_t vr100 = vr / 100;
            const uint32_t vr_mod100 = (uint32_t)(vr - 100 * vr100);
            round_up = vr_mod100 >= 50;
            vr = vr100;
            vp = vp100;
            vm = vm100;
            removed += 2;
        }
        for (;;) {
            const uint64_t vp10 = vp / 10;
            const uint64_t vm10 = vm / 10;
            if (vp10 <= vm10) {
                break;
            }
            const uint64_t vr10 = vr / 10;
            const uint32_t vr_mod10 = (uint32_t)(vr - 10 * vr10);
            round_up = vr_mod10 >= 5;
            vr = vr10;
            vp = vp10;
            vm = vm10;
            ++removed;
        }
        output = vr + (vr == vm || round_up);
    }
    *out = output;
    *exp10 = e10 + removed;
}

size_t seen_fmt_f64(char *buf, double x) {
    if (x == 0 || !isfinite(x)) {
        return special(buf, x);
    }
    uint64_t bits;
    memcpy(&bits, &x, 8);
    const bool neg = (bits >> 63) != 0;
    const uint64_t mant = bits & ((1ULL << DOUBLE_MANTISSA_BITS) - 1);
    const uint32_t expo = (uint32_t)((bits >> DOUBLE_MANTISSA_BITS) & 0x7FF);
    const double ax = fabs(x);

    char digits[24];
    int nd;
    int point;
    uint64_t out;
    int32_t e10;
    ryu_d2d(mant, expo, &out, &e10);
    nd = (int)u64_digits(digits, out);
    point = (int)e10 + nd; /* out x 10^e10 = 0.DIGITS x 10^(e10 + digit count) */
    while (nd > 1 && digits[nd - 1] == '0') {
        nd--;
    }
    if (nd == 1 && expo == 0) {
        nd = closest_two(ax, digits, &point);
    }
    return layout(buf, neg, digits, nd, point, ax >= 1e-3 && ax < 1e7);
}

/* ---- floats ---- */

/* The exact decimal expansion of a positive finite float: all significant
 * digits (at most 112) and the point (value = 0.DIGITS x 10^point). */
static int float_exact_digits(float f, char *digits, int *point) {
    uint32_t bits;
    memcpy(&bits, &f, 4);
    uint32_t mant = bits & 0x7FFFFF;
    int expo = (int)((bits >> 23) & 0xFF);
    int e2;
    if (expo == 0) {
        e2 = -149;
    } else {
        mant |= 0x800000;
        e2 = expo - 150;
    }
    /* value = mant * 2^e2. As an integer N times 10^-s: for e2 >= 0,
     * N = mant << e2 and s = 0; else N = mant * 5^-e2 and s = -e2. */
    uint32_t limbs[14]; /* little-endian base 2^32; up to 371 bits */
    int nl = 1;
    limbs[0] = mant;
    int s = 0;
    if (e2 >= 0) {
        for (int k = 0; k < e2; k++) {
            uint32_t carry = 0;
            for (int l = 0; l < nl; l++) {
                uint32_t v = limbs[l];
                limbs[l] = (v << 1) | carry;
                carry = v >> 31;
            }
            if (carry != 0) {
                limbs[nl++] = carry;
            }
        }
    } else {
        s = -e2;
        for (int k = 0; k < s; k++) {
            uint64_t carry = 0;
            for (int l = 0; l < nl; l++) {
                uint64_t v = (uint64_t)limbs[l] * 5 + carry;
                limbs[l] = (uint32_t)v;
                carry = v >> 32;
            }
            if (carry != 0) {
                limbs[nl++] = (uint32_t)carry;
            }
        }
    }
    /* N to decimal, 9 digits at a time, least significant first */
    char rev[128];
    int nr = 0;
    while (nl > 0) {
        uint64_t rem = 0;
        for (int l = nl - 1; l >= 0; l--) {
            uint64_t cur = (rem << 32) | limbs[l];
            limbs[l] = (uint32_t)(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        while (nl > 0 && limbs[nl - 1] == 0) {
            nl--;
        }
        for (int k = 0; k < 9; k++) {
            rev[nr++] = (char)('0' + rem % 10);
            rem /= 10;
            if (nl == 0 && rem == 0) {
                break;
            }
        }
    }
    while (nr > 1 && rev[nr - 1] == '0') {
        nr--;
    }
    int nd = 0;
    for (int k = nr - 1; k >= 0; k--) {
        digits[nd++] = rev[k];
    }
    *point = nd - s;
    while (nd > 1 && digits[nd - 1] == '0') {
        nd--;
    }
    return nd;
}

static const double POW10_EXACT[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The double nearest to 0.DIGITS x 10^point (nd <= 10 digits), correctly
 * rounded: Clinger's fast path when exact, strtod otherwise. */
static double digits_to_double(const char *digits, int nd, int point) {
    uint64_t n = 0;
    for (int k = 0; k < nd; k++) {
        n = n * 10 + (uint64_t)(digits[k] - '0');
    }
    int e = point - nd; /* value = n x 10^e, n < 2^53 */
    if (e >= 0 && e <= 22) {
        return (double)n * POW10_EXACT[e];
    }
    if (e < 0 && e >= -22) {
        return (double)n / POW10_EXACT[-e];
    }
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%llue%d", (unsigned long long)n, e);
    return strtod(tmp, NULL);
}

size_t seen_fmt_f32(char *buf, float f) {
    double x = (double)f;
    if (x == 0 || !isfinite(x)) {
        return special(buf, x);
    }
    const bool neg = signbit(x) != 0;
    const float af = fabsf(f);
    const double ax = (double)af;
    char exact[128];
    int epoint;
    int end = float_exact_digits(af, exact, &epoint);

    char digits[16];
    int nd = 0;
    int point = epoint;
    for (int p = 1; p <= 9; p++) {
        /* round exact[0..end) to p digits, ties to even */
        memcpy(digits, exact, (size_t)(p < end ? p : end));
        nd = p < end ? p : end;
        point = epoint;
        if (p < end) {
            int next = exact[p] - '0';
            bool up;
            if (next != 5) {
                up = next > 5;
            } else {
                bool rest = false;
                for (int k = p + 1; k < end; k++) {
                    if (exact[k] != '0') {
                        rest = true;
                        break;
                    }
                }
                up = rest || ((digits[p - 1] - '0') & 1) != 0;
            }
            if (up) {
                int k = p - 1;
                while (k >= 0 && digits[k] == '9') {
                    digits[k] = '0';
                    k--;
                }
                if (k >= 0) {
                    digits[k]++;
                } else {
                    digits[0] = '1';
                    memset(digits + 1, '0', (size_t)(p - 1));
                    point++;
                }
            }
        }
        while (nd > 1 && digits[nd - 1] == '0') {
            nd--;
        }
        double back = digits_to_double(digits, nd, point);
        /* at or above the midpoint between FLT_MAX and 2^128 the conversion
         * gives infinity (and C leaves it undefined): not a round trip */
        if (back < 0x1.ffffffp127 && (float)back == af) {
            break;
        }
    }
    if (nd == 1) {
        uint32_t bits;
        memcpy(&bits, &af, 4);
        if ((bits >> 23) == 0) {
            nd = closest_two(ax, digits, &point);
        }
    }
    return layout(buf, neg, digits, nd, point, ax >= 1e-3 && ax < 1e7);
}
