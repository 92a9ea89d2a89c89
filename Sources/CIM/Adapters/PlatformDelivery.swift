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

    /// The events of a delivery of one event: what `adapt` makes of the event `read` finds,
    /// or the acknowledgement of one the store does not keep.
    ///
    /// - Throws: ``CIMError`` as ``read(_:parser:_:)`` does.
    static func oneEvent<Event>(
        in bytes: [UInt8], parser: JSONParser, read: (PlatformDelivery) -> Result<Event, IgnoredEvent>?, adapt: (Event) -> PlatformEvent
    ) throws(CIMError) -> [PlatformEvent] {
        let found = try Self.read(bytes, parser: parser) { delivery in
            let event = read(delivery)
            // A reader that finds no event names the field that kept it from one; this stands
            // in should one ever not, so that a delivery never passes as empty.
            if event == nil, delivery.collector.isEmpty { delivery.collector.add("", "holds no event this route can read") }
            return event
        }
        switch found {
        case .success(let event)?: return [adapt(event)]
        case .failure(let ignored)?: return [.ignored(eventID: ignored.eventID, type: ignored.type, reason: ignored.reason)]
        case nil: return []
        }
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
