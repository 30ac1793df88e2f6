/*
 * Runs a Glint bundle once: the program a device engineer copies into firmware or an application.
 *
 *   main WEIGHTS.bin|- INPUT OUTPUT
 *
 * WEIGHTS.bin is the bundle's NAME.weights.bin ("-" for a bundle compiled with --embed-weights: the
 * entry then uses the weights inside the object). INPUT holds the bundle's inputs, one after the other in
 * the header's order, as raw little-endian bytes of their element type (float32 unless compiled with
 * --io int8); a simple .npy file (version 1 or 2, little-endian, C order) is accepted too, its header is
 * skipped. OUTPUT receives the outputs' raw bytes, one after the other in the header's order.
 *
 * Build (NAME is the bundle's name; the header and object come from `glint compile ... --name NAME`):
 *
 *   cc -O2 -DBUNDLE=NAME '-DBUNDLE_HEADER="NAME.h"' -I DIR main.c DIR/NAME.o -lm -o run_NAME
 *
 * Only the dynamic API of the header is used, so the same file serves every bundle.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BUNDLE
#error "define BUNDLE as the bundle's name, e.g. -DBUNDLE=mnist"
#endif
#ifndef BUNDLE_HEADER
#error "define BUNDLE_HEADER as the bundle's header, e.g. '-DBUNDLE_HEADER=\"mnist.h\"'"
#endif
#include BUNDLE_HEADER

/* NAME_config, NAME_config_data and the entry NAME, spelled through the BUNDLE macro. */
#define GLUE2(a, b) a##b
#define GLUE(a, b) GLUE2(a, b)
#define BUNDLE_CONFIG_TYPE GLUE(BUNDLE, _config)
#define BUNDLE_CONFIG GLUE(BUNDLE, _config_data)
#define BUNDLE_ENTRY BUNDLE

/* Reads a whole file; returns NULL (and says why) on failure. */
static uint8_t *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *data = malloc(n > 0 ? (size_t) n : 1);
    if (data == NULL || fread(data, 1, (size_t) n, f) != (size_t) n) {
        fprintf(stderr, "%s: cannot read\n", path);
        fclose(f);
        free(data);
        return NULL;
    }
    fclose(f);
    *size = (size_t) n;
    return data;
}

/* Where the array data of an .npy file starts (its format: magic, version, header length, header). */
static size_t npy_data_offset(const uint8_t *data, size_t size) {
    if (size < 10 || memcmp(data, "\x93NUMPY", 6) != 0) {
        return 0; /* raw bytes */
    }
    if (data[6] == 1) {
        return 10 + (size_t) (data[8] | data[9] << 8);
    }
    if (size >= 12) {
        return 12 + (size_t) (data[8] | data[9] << 8 | data[10] << 16 | (uint32_t) data[11] << 24);
    }
    return size;
}

/* A zeroed region of at least `size` bytes aligned as the bundle requires (never NULL on success). */
static uint8_t *alloc_region(uint64_t size, uint64_t alignment) {
    void *p = NULL;
    size_t bytes = size > 0 ? (size_t) size : (size_t) alignment;
    if (posix_memalign(&p, (size_t) alignment, bytes) != 0) {
        return NULL;
    }
    memset(p, 0, bytes);
    return p;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s WEIGHTS.bin|- INPUT OUTPUT\n", argv[0]);
        return 2;
    }
    const BUNDLE_CONFIG_TYPE *config = &BUNDLE_CONFIG;

    uint8_t *constant_weight = NULL; /* NULL selects the embedded weights */
    if (strcmp(argv[1], "-") != 0) {
        size_t size;
        uint8_t *file = read_file(argv[1], &size);
        if (file == NULL) {
            return 2;
        }
        if (size != config->constant_weight_size) {
            fprintf(stderr, "%s: %zu bytes, the bundle expects %llu\n", argv[1], size,
                    (unsigned long long) config->constant_weight_size);
            return 2;
        }
        constant_weight = alloc_region(size, config->alignment);
        if (constant_weight == NULL) {
            fprintf(stderr, "out of memory\n");
            return 2;
        }
        memcpy(constant_weight, file, size);
        free(file);
    } else if (!config->embedded_weights) {
        fprintf(stderr, "this bundle has no embedded weights: give its .weights.bin\n");
        return 2;
    }

    uint8_t *mutable_weight = alloc_region(config->mutable_weight_size, config->alignment);
    uint8_t *activations = alloc_region(config->activations_size, config->alignment);
    if (mutable_weight == NULL || activations == NULL) {
        fprintf(stderr, "out of memory\n");
        return 2;
    }

    /* The inputs, in the symbol table's order, from the input file. */
    size_t input_size;
    uint8_t *input = read_file(argv[2], &input_size);
    if (input == NULL) {
        return 2;
    }
    size_t position = npy_data_offset(input, input_size);
    for (uint64_t i = 0; i < config->num_symbols; i++) {
        const struct GLUE(BUNDLE, _symbol) *s = &config->symbols[i];
        if (!s->is_input) {
            continue;
        }
        if (input_size - position < s->size) {
            fprintf(stderr, "%s: too short for input '%s' (%llu bytes)\n", argv[2], s->name,
                    (unsigned long long) s->size);
            return 2;
        }
        memcpy(mutable_weight + s->offset, input + position, (size_t) s->size);
        position += (size_t) s->size;
    }
    if (position != input_size) {
        fprintf(stderr, "%s: %zu bytes left over after the inputs\n", argv[2], input_size - position);
        return 2;
    }
    free(input);

    int status = BUNDLE_ENTRY(constant_weight, mutable_weight, activations);
    if (status != 0) {
        fprintf(stderr, "the network returned %d\n", status);
        return 1;
    }

    /* The outputs, in the symbol table's order, to the output file. */
    FILE *out = fopen(argv[3], "wb");
    if (out == NULL) {
        perror(argv[3]);
        return 2;
    }
    for (uint64_t i = 0; i < config->num_symbols; i++) {
        const struct GLUE(BUNDLE, _symbol) *s = &config->symbols[i];
        if (!s->is_input && fwrite(mutable_weight + s->offset, 1, (size_t) s->size, out) != s->size) {
            perror(argv[3]);
            return 2;
        }
    }
    if (fclose(out) != 0) {
        perror(argv[3]);
        return 2;
    }
    free(constant_weight);
    free(mutable_weight);
    free(activations);
    return 0;
}
