import Crypto
import Glibc

extension JSONTape {
    /// SHA-256 of the document's canonical form: compact, object members sorted by the
    /// bytes of their keys, strings with only `"`, `\` and control characters escaped,
    /// numbers in their shortest form.
    ///
    /// Logs store this digest for every message, so its bytes must never change; tests pin
    /// the digests of known documents. The canonical text is never built whole: it streams
    /// through a 4 KB buffer into the hash.
    var canonicalDigest: [UInt8] {
        withUnsafeTemporaryAllocation(byteCount: DigestingWriter.bufferSize, alignment: 8) { buffer in
            var writer = DigestingWriter(buffer: buffer)
            var memberStack: [Int] = []
            writeCanonical(Self.root, into: &writer, memberStack: &memberStack)
            return writer.finish()
        }
    }

    private func writeCanonical(_ index: Int, into writer: inout DigestingWriter, memberStack: inout [Int]) {
        let token = tokens[index]
        switch token.kind {
        case .null: writer.write("null")
        case .true: writer.write("true")
        case .false: writer.write("false")
        case .number: writeCanonicalNumber(index, into: &writer)
        case .string: writeCanonicalString(index, into: &writer)
        case .array:
            writer.append(UInt8(ascii: "["))
            var element = index + 1
            for offset in 0..<Int(token.count) {
                if offset > 0 { writer.append(UInt8(ascii: ",")) }
                writeCanonical(element, into: &writer, memberStack: &memberStack)
                element = next(after: element)
            }
            writer.append(UInt8(ascii: "]"))
        case .object:
            let base = memberStack.count
            var key = index + 1
            for _ in 0..<token.count {
                memberStack.append(key)
                key = next(after: key + 1)
            }
            sortKeys(&memberStack, from: base)
            writer.append(UInt8(ascii: "{"))
            for position in base..<memberStack.count {
                if position > base { writer.append(UInt8(ascii: ",")) }
                writeCanonicalString(memberStack[position], into: &writer)
                writer.append(UInt8(ascii: ":"))
                writeCanonical(memberStack[position] + 1, into: &writer, memberStack: &memberStack)
            }
            memberStack.removeSubrange(base...)
            writer.append(UInt8(ascii: "}"))
        }
    }

    /// An integer literal of up to 18 digits is already in its shortest form (JSON has no
    /// leading zeros), except `-0`; any other literal is written as ``JSONNumber/text``.
    private func writeCanonicalNumber(_ index: Int, into writer: inout DigestingWriter) {
        let token = tokens[index]
        let literal = UnsafeRawBufferPointer(rebasing: input[Int(token.start)..<Int(token.end)])
        if let integer = JSONNumber.shortInteger(literal), integer != 0 || literal.count == 1 {
            writer.write(literal)
        } else {
            writer.write(number(at: index).text)
        }
    }

    /// A string without escapes in the input has nothing to escape (the parser refuses raw
    /// quotes and control characters), so its bytes are copied as they are.
    private func writeCanonicalString(_ index: Int, into writer: inout DigestingWriter) {
        withStringBytes(at: index) { bytes in
            if tokens[index].isUnescaped {
                JSONText.appendQuoted(bytes, to: &writer)
            } else {
                writer.append(UInt8(ascii: "\""))
                writer.write(bytes)
                writer.append(UInt8(ascii: "\""))
            }
        }
    }

    /// Sorts the key indices from `base` on (keys are unique, so the order is total): by
    /// insertion for the small objects messages are made of, by the standard sort beyond.
    private func sortKeys(_ keys: inout [Int], from base: Int) {
        guard keys.count - base > 1 else { return }
        guard keys.count - base <= 16 else { return keys[base...].sort(by: keyPrecedes) }
        for position in (base + 1)..<keys.count {
            let key = keys[position]
            var slot = position
            while slot > base, keyPrecedes(key, keys[slot - 1]) {
                keys[slot] = keys[slot - 1]
                slot -= 1
            }
            keys[slot] = key
        }
    }

    private func keyPrecedes(_ first: Int, _ second: Int) -> Bool {
        withStringBytes(at: first) { one in
            withStringBytes(at: second) { other in
                let common = min(one.count, other.count)
                let order = common == 0 ? 0 : memcmp(one.baseAddress!, other.baseAddress!, common)
                return order != 0 ? order < 0 : one.count < other.count
            }
        }
    }
}
