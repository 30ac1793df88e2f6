/**
 * Ahead-of-time bundles (DESIGN.md, "Bundles (AOT)"): an object file for any LLVM target, the C header
 * that describes its memory regions, the constant-weight image, and optionally a shared library linked
 * with the lld that ships in the LLVM presets.
 */
package dev.glint.bundle;
