import Crypto

/// The JSON of one platform delivery, read once into a tape for an adapter: every violation
/// the adapter finds is collected, so that a refusal names each invalid field.
struct PlatformDelivery {
    let tape: JSONTape
    let collector = ViolationCollector()

    /// Parses `bytes` and runs `read` over them; refuses the delivery if `read` recorded any
    /// violation.
    ///
    /// - Throws: ``CIMError`` `malformed` for JSON that does not parse, `invalidWebhook`
    ///   naming every violation.
    static func read<Result>(
        _ bytes: [UInt8], parser: JSONParser, _ read: (PlatformDelivery) -> Result
    ) throws(CIMError) -> Result {
        let outcome: Swift.Result<Result, CIMError>
        do {
            outcome = try parser.withTape(of: bytes) { tape in
                let delivery = PlatformDelivery(tape: tape)
                let result = read(delivery)
                guard delivery.collector.isEmpty else {
                    return .failure(CIMError(code: .invalidWebhook, violations: delivery.collector.violations))
                }
                return .success(result)
            }
        } catch {
            throw CIMError.malformed(error)
        }
        return try outcome.get()
    }

    /// A reader of the object at `index`, its fields named under `path`.
    func object(at index: Int, path: String) -> FieldReader {
        FieldReader(tape: tape, objectIndex: index, path: path, collector: collector)
    }

    /// The root's kind.
    var rootKind: JSONToken.Kind { tape[JSONTape.root].kind }

    /// A short digest of a value's compact text: a message id for an event that carries no
    /// id of its own, the same for the same content.
    static func digest(of value: JSONValue) -> String {
        Array(SHA256.hash(data: Array(value.compactText.utf8))).hexPrefix(bytes: 8)
    }
}
