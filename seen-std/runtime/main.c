/*
 * main.c — the program entry of compiled executables, alone in its object
 * file: a host that links the runtime and has its own main (the compiler
 * with its JIT, the Rust tests) never pulls it in, and calls seen_run
 * itself.
 */
#include "seen.h"

int main(int argc, char **argv) { return seen_run(argc, argv, seen_main); }
