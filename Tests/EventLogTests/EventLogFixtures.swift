import EventLog
import StoreTesting

/// An event whose content is `content`, with a digest that follows the content.
func makeEvent(id: String, content: String = "{}", type: String = "CUSTOMER_MESSAGE", customer: String? = "c-1") -> NewEvent {
    var digest = [UInt8](repeating: 0, count: 32)
    for (index, byte) in content.utf8.enumerated() { digest[index % 32] &+= byte &* UInt8(truncatingIfNeeded: index + 1) }
    digest[31] = UInt8(truncatingIfNeeded: content.utf8.count)
    return NewEvent(
        messageID: id,
        type: type,
        occurredAt: 1_700_000_000_000,
        recordedAt: 1_700_000_000_500,
        routingKeys: RoutingKeys(customerID: customer, conversationID: "conv-1"),
        contentDigest: digest,
        payload: Array(content.utf8)
    )
}

/// Opens a log in a fresh temporary directory, runs `body`, closes and removes it.
func withTemporaryLog<Result>(
    configuration: EventLog.Configuration = .init(),
    _ body: (EventLog, String) async throws -> Result
) async throws -> Result {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let log = try EventLog(directory: directory.path + "/log", configuration: configuration)
    do {
        let result = try await body(log, directory.path + "/log")
        await log.close()
        return result
    } catch {
        await log.close()
        throw error
    }
}
