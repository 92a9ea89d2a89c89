import CIM
import Ingest

/// libFuzzer's entry point: every input goes through the parser, the canonical digest and
/// the write path's preparation (decode, validate, normalize, build the event) exactly as
/// the ingest routes run it. Refusing an input is fine; crashing, hanging or breaking one of
/// these properties is a finding:
/// - a document that parses prints (compact) to text that parses to the same value with
///   the same canonical digest;
/// - a message that is accepted carries the digest of its document and its own id into the
///   event;
/// - a webhook an adapter reads (8x8 Voice, CCAI Platform calls) becomes JSON, and when
///   that passes the CIM decoder, the message has the adapter's id.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: count)
    let parser = JSONParser()
    if let value = try? parser.parse(bytes) {
        let printed = Array(value.compactText.utf8)
        guard let again = try? parser.parse(printed) else { fatalError("printed text does not parse: \(value.compactText)") }
        guard again == value else { fatalError("printed text parses to another value: \(value.compactText)") }
        guard try! parser.canonicalDigest(of: bytes) == (try! parser.canonicalDigest(of: printed)) else {
            fatalError("printing changed the canonical digest: \(value.compactText)")
        }
    }
    if let prepared = try? preparer.prepare(Array(bytes), origin: .cimMessage, receivedAt: receivedAt) {
        guard prepared.event.contentDigest == (try! parser.canonicalDigest(of: bytes)) else { fatalError("the message digest is not its document's") }
        guard prepared.event.messageID == prepared.message.id.rawValue else { fatalError("the event lost the message id") }
    }
    _ = try? preparer.prepare(Array(bytes), origin: .thirdPartyActivity, receivedAt: receivedAt)
    if let webhook = try? VoiceWebhookDecoder().decode(bytes) {
        let adapter = VoiceWebhookAdapter()
        switch webhook {
        case .callEvent(let event): checkAdapted(adapter.message(for: event))
        case .sessionSummary(let summary): checkAdapted(adapter.message(for: summary, keypadInputs: []))
        }
    }
    for call in (try? CCAICallDecoder().decode(bytes)) ?? [] {
        checkAdapted(CCAICallAdapter().message(for: call))
    }
    return 0
}

/// An adapted message is JSON (nested a few levels deeper than the webhook it keeps), and
/// when it passes the CIM decoder it carries the adapter's id.
private func checkAdapted(_ message: AdaptedMessage) {
    guard (try? JSONParser(maximumDepth: 80).parse(message.bytes)) != nil else {
        fatalError("an adapted message is not JSON: \(String(decoding: message.bytes, as: UTF8.self))")
    }
    if let prepared = try? preparer.prepare(message.bytes, origin: .cimMessage, receivedAt: receivedAt), prepared.event.messageID != message.id {
        fatalError("an adapted message lost its id: \(message.id)")
    }
}

private let preparer = MessagePreparer()
private let receivedAt = Timestamp(millisecondsSince1970: 1_793_491_200_000)

/// libFuzzer's driver, from its runtime.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The entry point SwiftPM links an executable target to: hands over to libFuzzer.
@_cdecl("CIMFuzz_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzz(data, size) }
}
