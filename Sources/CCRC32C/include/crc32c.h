#ifndef CX_CRC32C_H
#define CX_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Continues the CRC-32C (Castagnoli) `crc` (start with 0) over `length` bytes at `data`:
/// the SSE 4.2 `crc32` instruction where the processor has it, slice-by-8 tables otherwise.
uint32_t cx_crc32c_update(uint32_t crc, const void *data, size_t length);

/// The same with the tables only, the path of processors without the instruction; exposed so
/// that the tests check it on machines that take the other.
uint32_t cx_crc32c_update_tables(uint32_t crc, const void *data, size_t length);

#endif
