/* binary-trees (the Computer Language Benchmarks Game): allocate many
 * perfect binary trees bottom-up, walk them to count their nodes and free
 * them; one long-lived tree stays for the whole run. N (the maximum depth)
 * is the first argument, 10 by default. The C twin of binary-trees.seen:
 * one malloc per node and a recursive free, as reference counting does in
 * the Seen version (the fastest C entries of the Benchmarks Game use a
 * memory pool instead). */
#include <stdio.h>
#include <stdlib.h>

#define MIN_DEPTH 4

struct node {
    struct node *left, *right;
};

static struct node *new_node(struct node *left, struct node *right) {
    struct node *n = malloc(sizeof *n);
    if (n == NULL) {
        abort();
    }
    n->left = left;
    n->right = right;
    return n;
}

static struct node *bottom_up(long depth) {
    if (depth == 0) {
        return new_node(NULL, NULL);
    }
    struct node *left = bottom_up(depth - 1);
    struct node *right = bottom_up(depth - 1);
    return new_node(left, right);
}

/* The number of nodes in the tree. */
static long check(const struct node *n) {
    if (n->left == NULL || n->right == NULL) {
        return 1;
    }
    return 1 + check(n->left) + check(n->right);
}

static void free_tree(struct node *n) {
    if (n->left != NULL) {
        free_tree(n->left);
    }
    if (n->right != NULL) {
        free_tree(n->right);
    }
    free(n);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 10;
    long max_depth = MIN_DEPTH + 2 > n ? MIN_DEPTH + 2 : n;
    long stretch_depth = max_depth + 1;
    struct node *stretch = bottom_up(stretch_depth);
    printf("stretch tree of depth %ld\t check: %ld\n", stretch_depth, check(stretch));
    free_tree(stretch);

    struct node *long_lived = bottom_up(max_depth);
    for (long depth = MIN_DEPTH; depth <= max_depth; depth += 2) {
        long iterations = 1L << (max_depth - depth + MIN_DEPTH);
        long sum = 0;
        for (long i = 0; i < iterations; i++) {
            struct node *t = bottom_up(depth);
            sum += check(t);
            free_tree(t);
        }
        printf("%ld\t trees of depth %ld\t check: %ld\n", iterations, depth, sum);
    }
    printf("long lived tree of depth %ld\t check: %ld\n", max_depth, check(long_lived));
    free_tree(long_lived);
    return 0;
}
