/* spectral-norm (the Computer Language Benchmarks Game): the spectral norm
 * of the infinite matrix A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1),
 * truncated to N x N (N is the first argument, 100 by default), by ten
 * steps of the power method on A^T A; prints it with nine decimals. The C
 * twin of spectral-norm.seen, printing as it does (print_fixed9). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static double a(long i, long j) { return 1.0 / (double)((i + j) * (i + j + 1) / 2 + i + 1); }

/* out = A v */
static void multiply_av(long n, const double *v, double *out) {
    for (long i = 0; i < n; i++) {
        double sum = 0.0;
        for (long j = 0; j < n; j++) {
            sum += a(i, j) * v[j];
        }
        out[i] = sum;
    }
}

/* out = A^T v */
static void multiply_atv(long n, const double *v, double *out) {
    for (long i = 0; i < n; i++) {
        double sum = 0.0;
        for (long j = 0; j < n; j++) {
            sum += a(j, i) * v[j];
        }
        out[i] = sum;
    }
}

/* out = A^T A v (tmp holds A v) */
static void multiply_atav(long n, const double *v, double *out, double *tmp) {
    multiply_av(n, v, tmp);
    multiply_atv(n, tmp, out);
}

/* Nine decimals, rounded half up from x * 1e9: what spectral-norm.seen
 * prints. */
static void print_fixed9(double x) {
    int negative = x < 0.0;
    double a = negative ? -x : x;
    long scaled = (long)(a * 1000000000.0 + 0.5);
    printf("%s%ld.%09ld\n", negative ? "-" : "", scaled / 1000000000, scaled % 1000000000);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100;
    double *u = malloc(n * sizeof(double));
    double *v = malloc(n * sizeof(double));
    double *tmp = malloc(n * sizeof(double));
    for (long i = 0; i < n; i++) {
        u[i] = 1.0;
        v[i] = 0.0;
        tmp[i] = 0.0;
    }
    for (int step = 0; step < 10; step++) {
        multiply_atav(n, u, v, tmp);
        multiply_atav(n, v, u, tmp);
    }
    double vbv = 0.0, vv = 0.0;
    for (long i = 0; i < n; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    print_fixed9(sqrt(vbv / vv));
    free(u);
    free(v);
    free(tmp);
    return 0;
}
