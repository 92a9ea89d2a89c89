import Crypto
import Glibc

extension JSONTape {
    /// SHA-256 of the document's canonical form: compact, object members sorted by the
    /// bytes of their keys, strings with only `"`, `\` and control characters escaped,
    /// numbers in their shortest form.
    ///
    /// Logs store this digest for every message, so its bytes must never change; tests pin
    /// the digests of known documents.
    var canonicalDigest: [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(input.count + 64)
        var memberStack: [Int] = []
        writeCanonical(Self.root, into: &text, memberStack: &memberStack)
        return Array(SHA256.hash(data: text))
    }

    private func writeCanonical(_ index: Int, into text: inout [UInt8], memberStack: inout [Int]) {
        let token = tokens[index]
        switch token.kind {
        case .null: text.append(contentsOf: "null".utf8)
        case .true: text.append(contentsOf: "true".utf8)
        case .false: text.append(contentsOf: "false".utf8)
        case .number: text.append(contentsOf: number(at: index).text.utf8)
        case .string: writeCanonicalString(index, into: &text)
        case .array:
            text.append(UInt8(ascii: "["))
            var element = index + 1
            for offset in 0..<Int(token.count) {
                if offset > 0 { text.append(UInt8(ascii: ",")) }
                writeCanonical(element, into: &text, memberStack: &memberStack)
                element = next(after: element)
            }
            text.append(UInt8(ascii: "]"))
        case .object:
            let base = memberStack.count
            var key = index + 1
            for _ in 0..<token.count {
                memberStack.append(key)
                key = next(after: key + 1)
            }
            sortKeys(&memberStack, from: base)
            text.append(UInt8(ascii: "{"))
            for position in base..<memberStack.count {
                if position > base { text.append(UInt8(ascii: ",")) }
                writeCanonicalString(memberStack[position], into: &text)
                text.append(UInt8(ascii: ":"))
                writeCanonical(memberStack[position] + 1, into: &text, memberStack: &memberStack)
            }
            memberStack.removeSubrange(base...)
            text.append(UInt8(ascii: "}"))
        }
    }

    /// A string without escapes in the input has nothing to escape (the parser refuses raw
    /// quotes and control characters), so its bytes are copied as they are.
    private func writeCanonicalString(_ index: Int, into text: inout [UInt8]) {
        withStringBytes(at: index) { bytes in
            if tokens[index].isUnescaped {
                JSONText.appendQuoted(bytes, to: &text)
            } else {
                text.append(UInt8(ascii: "\""))
                text.append(contentsOf: bytes)
                text.append(UInt8(ascii: "\""))
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
