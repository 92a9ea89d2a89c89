import CCRC32C

/// CRC-32C (Castagnoli), as used by iSCSI, ext4 and LevelDB: the processor's `crc32`
/// instruction where it has one (SSE 4.2), slice-by-8 tables otherwise (`Sources/CCRC32C`).
enum CRC32C {
    /// Continues `crc` (start with 0) over `bytes`.
    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        cx_crc32c_update(crc, bytes.baseAddress, bytes.count)
    }
}
