/* fannkuch-redux (the Computer Language Benchmarks Game): for every
 * permutation of 1..N (N is the first argument, 7 by default), taken in the
 * benchmark's order, count the flips of the prefix that the first element
 * names until 1 comes first; prints the checksum (flips summed with
 * alternating signs) and the most flips. The C twin of
 * fannkuch-redux.seen. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 7;
    long *perm = calloc(n, sizeof(long));
    long *current = calloc(n, sizeof(long));
    long *count = calloc(n, sizeof(long));
    for (long i = 0; i < n; i++) {
        current[i] = i;
    }
    long checksum = 0, max_flips = 0, perm_index = 0, r = n;
    for (;;) {
        while (r != 1) {
            count[r - 1] = r;
            r--;
        }

        /* count the flips of this permutation */
        for (long i = 0; i < n; i++) {
            perm[i] = current[i];
        }
        long flips = 0;
        long first = perm[0];
        while (first != 0) {
            long lo = 0, hi = first;
            while (lo < hi) {
                long t = perm[lo];
                perm[lo] = perm[hi];
                perm[hi] = t;
                lo++;
                hi--;
            }
            flips++;
            first = perm[0];
        }
        if (flips > max_flips) {
            max_flips = flips;
        }
        if (perm_index % 2 == 0) {
            checksum += flips;
        } else {
            checksum -= flips;
        }

        /* the next permutation: rotate the first r + 1 elements left until
         * a counter has not run out */
        for (;;) {
            if (r == n) {
                printf("%ld\nPfannkuchen(%ld) = %ld\n", checksum, n, max_flips);
                free(perm);
                free(current);
                free(count);
                return 0;
            }
            long head = current[0];
            for (long i = 0; i < r; i++) {
                current[i] = current[i + 1];
            }
            current[r] = head;
            count[r]--;
            if (count[r] > 0) {
                break;
            }
            r++;
        }
        perm_index++;
    }
}
