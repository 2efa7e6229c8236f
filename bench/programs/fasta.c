/* fasta (the Computer Language Benchmarks Game): writes three DNA
 * sequences in FASTA format, 60 bases to a line: the ALU sequence repeated
 * to 2 x N bases, then 3 x N bases drawn from the IUB ambiguity codes and
 * 5 x N from the Homo sapiens base frequencies with the benchmark's linear
 * congruential generator (seed 42, shared by both). N is the first
 * argument, 1000 by default. The C twin of fasta.seen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE 60
#define IM 139968
#define IA 3877
#define IC 29573

static long seed = 42;

/* The next pseudo-random number in [0, max). */
static double random_number(double max) {
    seed = (seed * IA + IC) % IM;
    return max * (double)seed / (double)IM;
}

/* Writes the line of col bases in line, and a line break. */
static void write_line(char *line, long col) {
    line[col] = '\n';
    fwrite(line, 1, (size_t)col + 1, stdout);
}

/* n bases of bases, repeated from its start as often as needed. */
static void repeat_fasta(const char *header, const char *bases, long n) {
    char line[LINE + 1];
    long len = (long)strlen(bases);
    long pos = 0, col = 0;
    puts(header);
    for (long i = 0; i < n; i++) {
        line[col++] = bases[pos++];
        if (pos == len) {
            pos = 0;
        }
        if (col == LINE) {
            write_line(line, col);
            col = 0;
        }
    }
    if (col > 0) {
        write_line(line, col);
    }
}

/* n bases drawn at random with the given probabilities. */
static void random_fasta(const char *header, const char *bases, const double *probabilities, long n) {
    char line[LINE + 1];
    long count = (long)strlen(bases);
    long last = count - 1;
    double cumulative[32];
    double acc = 0.0;
    for (long i = 0; i < count; i++) {
        acc += probabilities[i];
        cumulative[i] = acc;
    }
    long col = 0;
    puts(header);
    for (long i = 0; i < n; i++) {
        double r = random_number(1.0);
        long k = 0;
        while (k < last && r >= cumulative[k]) {
            k++;
        }
        line[col++] = bases[k];
        if (col == LINE) {
            write_line(line, col);
            col = 0;
        }
    }
    if (col > 0) {
        write_line(line, col);
    }
}

static const char alu[] =
    "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGA"
    "TCACCTGAGGTCAGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACT"
    "AAAAATACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAG"
    "GCTGAGGCAGGAGAATCGCTTGAACCCGGGAGGCGGAGGTTGCAGTGAGCCGAGATCGCG"
    "CCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

static const double iub_p[] = {0.27, 0.12, 0.12, 0.27, 0.02, 0.02, 0.02, 0.02,
                               0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02};
static const double homo_p[] = {0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008};

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000;
    repeat_fasta(">ONE Homo sapiens alu", alu, 2 * n);
    random_fasta(">TWO IUB ambiguity codes", "acgtBDHKMNRSVWY", iub_p, 3 * n);
    random_fasta(">THREE Homo sapiens frequency", "acgt", homo_p, 5 * n);
    return 0;
}
