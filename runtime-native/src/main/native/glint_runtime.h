/*
 * Glint's native runtime: the few C functions Java needs to run compiled networks.
 * Kept header-only (static inline) so that JavaCPP compiles it into the JNI library in one step.
 */
#ifndef GLINT_RUNTIME_H
#define GLINT_RUNTIME_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <dlfcn.h>

/* The bundle entry ABI: int NAME(uint8_t *constantWeight, uint8_t *mutableWeight, uint8_t *activations). */
typedef int (*glint_entry_fn)(uint8_t *, uint8_t *, uint8_t *);

/* Calls an entry point by address. Java checks every buffer's size and liveness before calling. */
static inline int glint_call_entry(intptr_t fn, void *constant_weights, void *mutable_weights, void *activations) {
    return ((glint_entry_fn) fn)((uint8_t *) constant_weights, (uint8_t *) mutable_weights, (uint8_t *) activations);
}

/* Zeroed memory aligned to `alignment` bytes (a power of two, >= sizeof(void*)); NULL on failure. */
static inline void *glint_aligned_alloc(int64_t size, int64_t alignment) {
    void *p = NULL;
    if (size <= 0) {
        size = 1;
    }
    if (posix_memalign(&p, (size_t) alignment, (size_t) size) != 0) {
        return NULL;
    }
    memset(p, 0, (size_t) size);
    return p;
}

static inline void glint_aligned_free(void *p) {
    free(p);
}

/* Loads a shared library (a host bundle); NULL on failure, see glint_dl_error(). */
static inline void *glint_dl_open(const char *path) {
    return dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

static inline intptr_t glint_dl_symbol(void *handle, const char *name) {
    return (intptr_t) dlsym(handle, name);
}

static inline const char *glint_dl_error(void) {
    const char *e = dlerror();
    return e == NULL ? "" : e;
}

static inline int glint_dl_close(void *handle) {
    return dlclose(handle);
}

#endif
