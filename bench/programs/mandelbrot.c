/* mandelbrot (the Computer Language Benchmarks Game): the Mandelbrot set on
 * [-1.5, 0.5] x [-1, 1] as an N x N bitmap (N is the first argument, 200
 * by default), 50 iterations per point, eight points to a byte as in a PBM
 * (P4) image. The benchmark writes the image's bytes; this twin of
 * mandelbrot.seen (which cannot write raw bytes yet) prints the image's
 * size, the number of points in the set and a hash of the image's bytes
 * instead. */
#include <stdio.h>
#include <stdlib.h>

#define ITERATIONS 50

int main(int argc, char **argv) {
    long w = argc > 1 ? atol(argv[1]) : 200;
    long h = w;
    long hash = 0, inside = 0, bytes = 0;
    for (long y = 0; y < h; y++) {
        double ci = 2.0 * (double)y / (double)h - 1.0;
        long bits = 0, bit = 0;
        for (long x = 0; x < w; x++) {
            double cr = 2.0 * (double)x / (double)w - 1.5;
            double zr = 0.0, zi = 0.0, tr = 0.0, ti = 0.0;
            for (long i = 0; i < ITERATIONS && tr + ti <= 4.0; i++) {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
            }
            bits <<= 1;
            if (tr + ti <= 4.0) {
                bits |= 1;
                inside++;
            }
            bit++;
            if (bit == 8 || x == w - 1) {
                /* the last byte of a row is padded with zero bits */
                bits <<= 8 - bit;
                hash = (hash * 31 + bits) % 1000000007;
                bytes++;
                bits = 0;
                bit = 0;
            }
        }
    }
    printf("P4 %ld %ld: %ld bytes, %ld points in the set, hash %ld\n", w, h, bytes, inside, hash);
    return 0;
}
